"""Classification module: the double-pyramid LeNet (paper Fig. 5), as settings the estimators take."""

from ..utils._deprecation import moved_names
from .double_pyramid_lenet import DoublePyramidLeNet

__all__ = ["DoublePyramidLeNet"]

# The torch module itself lives with the other torch modules.
__getattr__ = moved_names(__name__, ["ClassificationModule", "PRESETS"], "sklearn_teanet.nn")
