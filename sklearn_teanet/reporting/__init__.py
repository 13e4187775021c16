"""Identification's input and output: batches of unknown files in; hit lists, mixtures, figures and the QC
report out. The renderers (``write_figure``, ``write_report``) take hits, spectra and facts; what they need of
the identifier is gathered once, by ``figure_data``, ``provenance`` and ``library_summary``.
"""

from .batch import IdentificationRun, check_report_path, identify_files, model_axis
from .figures import AXIS_LABELS, figure_data, plot_identification, write_figure
from .report import library_summary, provenance, write_report

__all__ = [
    "AXIS_LABELS",
    "IdentificationRun",
    "check_report_path",
    "figure_data",
    "identify_files",
    "library_summary",
    "model_axis",
    "plot_identification",
    "provenance",
    "write_figure",
    "write_report",
]
