"""sklearn-teanet: few-shot classification of vibrational spectra with TeaNet.

TeaNet (task-enhanced augmentation network) learns to repair randomly masked
spectra and trains its classifier on the originals and the repairs together.
Everything here is a scikit-learn estimator, transformer, splitter or reader;
the paper's harness (its methods by name, its settings, its runners) is
:mod:`sklearn_teanet.paper`.

Names are imported when first used, so that ``import sklearn_teanet.baselines``
or ``sklearn_teanet.data`` does not pay for torch.
"""

import importlib

from ._version import __version__

#: Each public name and the subpackage that holds it.
_EXPORTS = {
    "TeaNetClassifier": "training",
    "CNNClassifier": "training",
    "SeedEnsembleClassifier": "training",
    "CalibratedFusionClassifier": "ensemble",
    "DoublePyramidLeNet": "classification",
    "UNetReconstructor": "reconstruction",
    "Jitter": "augmentation",
    "MixUp": "augmentation",
    "CutMix": "augmentation",
    "MaskedCopies": "augmentation",
    "CorrelationClassifier": "baselines",
    "MaskedTrainingClassifier": "baselines",
    "CWGANClassifier": "generative",
    "DAGANClassifier": "generative",
    "LTSAClassifier": "generative",
    "MaskedPretrainingClassifier": "generative",
    "SpectrumMasker": "masking",
    "SpectrumIdentifier": "identification",
    "save_model": "persistence",
    "load_model": "persistence",
    "LorentzSpectraGenerator": "data",
    "SpectrumResampler": "preprocessing",
    "SpectrumNormalizer": "preprocessing",
    "BaselineCorrector": "preprocessing",
    "SavitzkyGolay": "preprocessing",
    "DerivativeViews": "preprocessing",
    "WavenumberRanges": "preprocessing",
    "Despiker": "preprocessing",
    "load_rruff": "data",
    "read_spectra": "data",
    "read_dataset": "data",
    "fetch_rruff_ir": "data",
    "LeaveOneSamplePerClassOut": "evaluation",
}
#: Paper helpers that the top level exported up to 0.2; they live in sklearn_teanet.paper.
_MOVED = ("make_method", "paper_grid", "PAPER_SETTINGS", "load_rruff_ir_paper")

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value  # imported once
        return value
    if name in _MOVED:
        from .utils._deprecation import moved_names

        return moved_names(__name__, _MOVED, "sklearn_teanet.paper")(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)  # the moved names stay out: listing them would warn
