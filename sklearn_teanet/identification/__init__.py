"""Identification: hit lists, "no match", libraries made into models, batches of unknown files, model files."""

from .batch import IdentificationRun, check_report_path, identify_files
from .explain import explain, explained_wavenumbers
from .identifier import SpectrumIdentifier
from .library import library_model, train_identifier
from .mixtures import MIXTURE_EXPLAINED, MIXTURE_GAIN
from .model_file import load_model, save_model
from .report import provenance

__all__ = [
    "MIXTURE_EXPLAINED",
    "MIXTURE_GAIN",
    "provenance",
    "SpectrumIdentifier",
    "IdentificationRun",
    "check_report_path",
    "explain",
    "explained_wavenumbers",
    "identify_files",
    "library_model",
    "load_model",
    "save_model",
    "train_identifier",
]
