"""Data: synthetic Lorentz spectra, readers of instrument files and tables, RRUFF's spectra.

Reading, by what a path is (:func:`read_dataset` and :func:`read_unknowns` choose):

- one spectrum file, recognised by content: :func:`parse_spectrum` (RRUFF and
  two-column text: :func:`parse_xy`; JCAMP-DX: :func:`parse_jcamp`);
- a folder or zip of them: :func:`read_spectra`;
- a table of spectra as rows, CSV or NPZ: :func:`read_spectrum_table`;
- RRUFF's own: :func:`load_rruff`, :func:`~sklearn_teanet.paper.load_rruff_ir_paper`, :func:`fetch_rruff_ir`.

:class:`SpectrumResampler` and :class:`SpectrumNormalizer` live in
:mod:`sklearn_teanet.preprocessing` and are importable from here too.
"""

from ..preprocessing import SpectrumNormalizer, SpectrumResampler
from ..utils._deprecation import moved_names
from .datasets import UNKNOWN_SUFFIXES, file_groups, iter_unknowns, read_dataset, read_unknowns, source_kind
from .errors import SpectrumFormatError
from .fetch import fetch_rruff_ir, get_data_home, rruff_ir_folder
from .folders import class_name, read_spectra, read_spectrum_files
from .formats import parse_spectrum, parse_xy
from .jcamp import parse_jcamp
from .lorentz import PAPER_FWHM_RANGES, PAPER_THETAS, SIZE_MINIMUMS, LorentzSpectraGenerator, lorentz, paper_grid
from .ranges import coverage, union_range
from .rruff import MID_IR_RANGE, RRUFFFormatError, load_rruff, load_rruff_ir_paper, parse_rruff, read_rruff_files
from .specimens import specimen_groups
from .tables import read_spectrum_table

__all__ = [
    "LorentzSpectraGenerator",
    "lorentz",
    "paper_grid",
    "PAPER_THETAS",
    "PAPER_FWHM_RANGES",
    "SpectrumResampler",
    "SpectrumNormalizer",
    "read_dataset",
    "iter_unknowns",
    "read_unknowns",
    "UNKNOWN_SUFFIXES",
    "source_kind",
    "read_spectra",
    "read_spectrum_files",
    "read_spectrum_table",
    "parse_spectrum",
    "parse_xy",
    "parse_jcamp",
    "SpectrumFormatError",
    "load_rruff",
    "load_rruff_ir_paper",
    "read_rruff_files",
    "parse_rruff",
    "class_name",
    "RRUFFFormatError",
    "MID_IR_RANGE",
    "fetch_rruff_ir",
    "get_data_home",
    "rruff_ir_folder",
    "specimen_groups",
    "file_groups",
    "coverage",
    "union_range",
    "SIZE_MINIMUMS",
]

# load_spectra was a second name of read_spectrum_table.
__getattr__ = moved_names(__name__, {"load_spectra": "read_spectrum_table"}, "sklearn_teanet.data")
