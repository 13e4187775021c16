"""sklearn-teanet: few-shot classification of vibrational spectra with TeaNet.

TeaNet (task-enhanced augmentation network) learns to repair randomly masked
spectra and trains its classifier on the originals and the repairs together.
Everything here is a scikit-learn estimator, transformer or splitter.
"""

from .baselines import CorrelationClassifier, MaskedTrainingClassifier, make_method
from .data import (
    LorentzSpectraGenerator,
    SpectrumNormalizer,
    SpectrumResampler,
    fetch_rruff_ir,
    load_rruff,
    load_rruff_ir_paper,
    paper_grid,
    read_spectra,
)
from .evaluation import LeaveOneSamplePerClassOut
from .generative import CWGANClassifier, DAGANClassifier, LTSAClassifier
from .identification import SpectrumIdentifier, load_model, save_model
from .masking import SpectrumMasker
from .preprocessing import BaselineCorrector, SavitzkyGolay, WavenumberRanges
from .training import PAPER_SETTINGS, CNNClassifier, SeedEnsembleClassifier, TeaNetClassifier

__version__ = "0.3.0"  # 0.3: safe model files (skops), weights saved as arrays; the package's new shape

__all__ = [
    "TeaNetClassifier",
    "CNNClassifier",
    "SeedEnsembleClassifier",
    "CorrelationClassifier",
    "MaskedTrainingClassifier",
    "CWGANClassifier",
    "DAGANClassifier",
    "LTSAClassifier",
    "SpectrumMasker",
    "SpectrumIdentifier",
    "save_model",
    "load_model",
    "LorentzSpectraGenerator",
    "SpectrumResampler",
    "SpectrumNormalizer",
    "BaselineCorrector",
    "SavitzkyGolay",
    "WavenumberRanges",
    "load_rruff",
    "load_rruff_ir_paper",
    "read_spectra",
    "fetch_rruff_ir",
    "LeaveOneSamplePerClassOut",
    "make_method",
    "paper_grid",
    "PAPER_SETTINGS",
    "__version__",
]
