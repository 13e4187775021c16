"""Training: the skorch nets and the scikit-learn estimators built on them."""

from ..utils._deprecation import moved_names
from .base import BaseNeuralClassifier
from .callbacks import TimeBudget
from .cnn import CNNClassifier
from .cnn_net import CNNNet
from .seed_ensemble import SeedEnsembleClassifier
from .teanet import TeaNetClassifier
from .teanet_net import TeaNetNet
from .validation_split import FewShotValidSplit, few_shot_validation_indices

__all__ = [
    "BaseNeuralClassifier",
    "CNNClassifier",
    "TeaNetClassifier",
    "SeedEnsembleClassifier",
    "CNNNet",
    "TeaNetNet",
    "TimeBudget",
    "FewShotValidSplit",
    "few_shot_validation_indices",
]

_to_paper = moved_names(__name__, ["PAPER_SETTINGS"], "sklearn_teanet.paper")
_renamed = moved_names(__name__, {"SpectrumNet": "CNNNet"}, "sklearn_teanet.training")  # CNNNet's name before 0.3


def __getattr__(name: str):
    return _renamed(name) if name == "SpectrumNet" else _to_paper(name)
