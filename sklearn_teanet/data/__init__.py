"""Data: synthetic Lorentz spectra and readers of real spectra."""

from .lorentz import PAPER_FWHM_RANGES, PAPER_THETAS, LorentzSpectraGenerator, lorentz, paper_grid

__all__ = ["LorentzSpectraGenerator", "lorentz", "paper_grid", "PAPER_THETAS", "PAPER_FWHM_RANGES"]
