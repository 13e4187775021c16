"""Classification module: the double-pyramid LeNet (paper Fig. 5)."""

from .double_pyramid_lenet import PRESETS, ClassificationModule

__all__ = ["ClassificationModule", "PRESETS"]
