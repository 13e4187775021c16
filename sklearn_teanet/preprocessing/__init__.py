"""Preprocessing of instrument spectra as scikit-learn transformers, one per module.

Resampling onto a grid, per-spectrum normalisation (SNV included), cosmic-ray
removal, baseline correction, Savitzky-Golay smoothing and derivatives (one, or two side by side), and the choice of
wavenumber ranges. The wavenumber axis travels from the resampler through the
one-to-one transformers to :class:`WavenumberRanges` (see :class:`AxisArray`).
Multiplicative scatter correction is chemotools' ``MultiplicativeScatterCorrection``,
which works inside the same pipelines.
"""

from .axis import AxisArray, axis_of, grid_of
from .baseline import BASELINE_METHODS, BaselineCorrector
from .derivative_views import DerivativeViews
from .despiker import Despiker
from .normalizer import SpectrumNormalizer
from .resampler import PartialCoverageWarning, SpectrumResampler
from .savitzky_golay import SavitzkyGolay
from .wavenumber_ranges import WavenumberRanges

__all__ = [
    "axis_of",
    "AxisArray",
    "BASELINE_METHODS",
    "BaselineCorrector",
    "DerivativeViews",
    "Despiker",
    "grid_of",
    "PartialCoverageWarning",
    "SavitzkyGolay",
    "SpectrumNormalizer",
    "SpectrumResampler",
    "WavenumberRanges",
]
