"""Identification's input and output: batches of unknown files in; hit lists, mixtures, figures and the QC
report out. Each renderer takes the hits and the spectra (``figure_data`` gathers them from the identifier once).
"""

from .batch import IdentificationRun, check_report_path, identify_files, model_axis
from .figures import AXIS_LABELS, figure_data, figure_png, plot_identification, write_figure
from .report import provenance, write_report

__all__ = [
    "AXIS_LABELS",
    "IdentificationRun",
    "check_report_path",
    "figure_data",
    "figure_png",
    "identify_files",
    "model_axis",
    "plot_identification",
    "provenance",
    "write_figure",
    "write_report",
]
