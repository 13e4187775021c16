"""Training: the skorch nets and the scikit-learn estimators built on them."""

from ..utils._deprecation import moved_names
from .cnn import CNNClassifier
from .cnn_net import CNNNet, SpectrumNet
from .seed_ensemble import SeedEnsembleClassifier
from .teanet import TeaNetClassifier
from .teanet_net import TeaNetNet
from .validation_split import FewShotValidSplit, few_shot_validation_indices

__all__ = [
    "CNNClassifier",
    "TeaNetClassifier",
    "SeedEnsembleClassifier",
    "CNNNet",
    "SpectrumNet",
    "TeaNetNet",
    "FewShotValidSplit",
    "few_shot_validation_indices",
]

__getattr__ = moved_names(__name__, ["PAPER_SETTINGS"], "sklearn_teanet.paper")
