"""Evaluation: the paper's protocol and the runners that compare methods with it."""

from .compare import compare_methods, summarize
from .leave_one_sample_per_class_out import LeaveOneSamplePerClassOut
from .runner import fit_key, read_fits, run_benchmark, write_reports
from .top_k import top_k_accuracies, top_k_scorer

__all__ = [
    "LeaveOneSamplePerClassOut",
    "compare_methods",
    "fit_key",
    "read_fits",
    "summarize",
    "run_benchmark",
    "write_reports",
    "top_k_accuracies",
    "top_k_scorer",
]
