"""Preprocessing of instrument spectra as scikit-learn transformers.

Resampling onto a grid and per-spectrum normalisation (SNV included) live in
:mod:`sklearn_teanet.data`; multiplicative scatter correction is chemotools'
``MultiplicativeScatterCorrection``, which works inside the same pipelines.
"""

from .baseline import BASELINE_METHODS, BaselineCorrector
from .range_cut import WavenumberRanges
from .savitzky_golay import SavitzkyGolay

__all__ = ["BASELINE_METHODS", "BaselineCorrector", "SavitzkyGolay", "WavenumberRanges"]
