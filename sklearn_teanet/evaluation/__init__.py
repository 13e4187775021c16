"""Evaluation: the few-shot protocol's splitter and top-k scores (the paper's runners live in
:mod:`sklearn_teanet.paper`)."""

from ..utils._deprecation import moved_names
from .leave_one_sample_per_class_out import LeaveOneSamplePerClassOut
from .top_k import class_scores, top_k_accuracies, top_k_scorer

__all__ = ["LeaveOneSamplePerClassOut", "class_scores", "top_k_accuracies", "top_k_scorer"]

__getattr__ = moved_names(
    __name__,
    ["compare_methods", "fit_key", "read_fits", "summarize", "run_benchmark", "write_reports"],
    "sklearn_teanet.paper",
)
