"""Baselines of the paper's Table 3: the shallow classifiers and correlation matching (no torch).

The registry of all methods by name is :mod:`sklearn_teanet.paper`'s.
"""

from ..utils._deprecation import moved_names
from .correlation import CorrelationClassifier, standardize_rows
from .masked_training import MaskedTrainingClassifier

__all__ = ["CorrelationClassifier", "MaskedTrainingClassifier", "standardize_rows"]

__getattr__ = moved_names(
    __name__,
    ["METHODS", "SHALLOW_METHODS", "SMALL_NETWORK_PARAMS", "make_method", "network_params"],
    "sklearn_teanet.paper",
)
