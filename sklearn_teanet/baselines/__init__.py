"""Baselines of the paper's Table 3: the shallow classifiers, correlation matching, the registry of all methods."""

from .correlation import CorrelationClassifier, standardize_rows
from .masked_training import MaskedTrainingClassifier
from .registry import METHODS, SHALLOW_METHODS, SMALL_NETWORK_PARAMS, make_method, network_params

__all__ = [
    "CorrelationClassifier",
    "MaskedTrainingClassifier",
    "METHODS",
    "SHALLOW_METHODS",
    "SMALL_NETWORK_PARAMS",
    "make_method",
    "network_params",
    "standardize_rows",
]
