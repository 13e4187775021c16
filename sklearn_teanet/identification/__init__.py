"""Identification's core: the identifier and its hit lists, "no match", mixtures, libraries made into models.

Batches of unknown files, the report and the figures are :mod:`sklearn_teanet.reporting`; model files are
:mod:`sklearn_teanet.persistence`.
"""

from ..utils._deprecation import moved_names
from .hits import spreadsheet_safe
from .identifier import SpectrumIdentifier
from .library import library_model, train_identifier
from .matching import preprocessed
from .mixtures import MIXTURE_EXPLAINED, MIXTURE_GAIN, NEARLY_WHOLE_EXPLAINED, NEARLY_WHOLE_GAIN, best_pairs

__all__ = [
    "MIXTURE_EXPLAINED",
    "MIXTURE_GAIN",
    "NEARLY_WHOLE_EXPLAINED",
    "NEARLY_WHOLE_GAIN",
    "SpectrumIdentifier",
    "best_pairs",
    "library_model",
    "preprocessed",
    "spreadsheet_safe",
    "train_identifier",
]

#: Names that moved out in 0.3, and their new homes.
_MOVED = {
    "sklearn_teanet.reporting": ["IdentificationRun", "check_report_path", "identify_files", "provenance"],
    "sklearn_teanet.persistence": ["load_model", "save_model"],
    "sklearn_teanet.interpretation": ["explain", "explained_wavenumbers"],
}
_moved = {name: moved_names(__name__, names, home) for home, names in _MOVED.items() for name in names}


def __getattr__(name: str):
    if name in _moved:
        return _moved[name](name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
