"""Data: synthetic Lorentz spectra, RRUFF readers and fetcher, resampling and normalisation."""

from .fetch import fetch_rruff_ir, get_data_home
from .formats import parse_jcamp, parse_spectrum, read_spectra
from .lorentz import PAPER_FWHM_RANGES, PAPER_THETAS, LorentzSpectraGenerator, lorentz, paper_grid
from .resampling import SpectrumNormalizer, SpectrumResampler
from .tables import load_spectra
from .rruff import (
    MID_IR_RANGE,
    RRUFFFormatError,
    class_name,
    load_rruff,
    load_rruff_ir_paper,
    parse_rruff,
    read_rruff_files,
)

__all__ = [
    "LorentzSpectraGenerator",
    "lorentz",
    "paper_grid",
    "PAPER_THETAS",
    "PAPER_FWHM_RANGES",
    "SpectrumResampler",
    "SpectrumNormalizer",
    "load_rruff",
    "load_rruff_ir_paper",
    "read_rruff_files",
    "parse_rruff",
    "class_name",
    "RRUFFFormatError",
    "MID_IR_RANGE",
    "fetch_rruff_ir",
    "load_spectra",
    "get_data_home",
    "read_spectra",
    "parse_spectrum",
    "parse_jcamp",
]
