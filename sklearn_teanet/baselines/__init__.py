"""Comparison methods of Table 3 and the registry that names them."""

from .correlation import CorrelationClassifier
from .masked_training import MaskedTrainingClassifier
from .registry import METHODS, SHALLOW_METHODS, make_method

__all__ = ["CorrelationClassifier", "MaskedTrainingClassifier", "METHODS", "SHALLOW_METHODS", "make_method"]
