"""Masking: the schemes MS1-MS5 that hide segments of a spectrum (paper Sec. 3.3)."""

from .spectrum_masker import SpectrumMasker

__all__ = ["SpectrumMasker"]
