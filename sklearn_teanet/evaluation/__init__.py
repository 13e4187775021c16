"""Evaluation: the paper's protocol and the runner that compares methods with it."""

from .compare import compare_methods, summarize
from .leave_one_sample_per_class_out import LeaveOneSamplePerClassOut

__all__ = ["LeaveOneSamplePerClassOut", "compare_methods", "summarize"]
