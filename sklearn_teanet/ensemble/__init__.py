"""Ensembles of the package's classifiers: calibrated fusion of a network with correlation."""

from .fusion import CalibratedFusionClassifier, default_members

__all__ = ["CalibratedFusionClassifier", "default_members"]
