"""Interpretation: Grad-CAM responses (of a classifier or a pipeline ending in one), the S and A metrics,
discriminant regions (paper Sec. 5.7), and what TeaNet's repairs are."""

from .explain import explain, explained_wavenumbers
from .grad_cam import conv_layers, grad_cam
from .metrics import attention, region_mask, response_similarity
from .regions import discriminant_regions, top_regions
from .repairs import repair_statistics

__all__ = [
    "explain",
    "explained_wavenumbers",
    "grad_cam",
    "conv_layers",
    "attention",
    "response_similarity",
    "region_mask",
    "discriminant_regions",
    "top_regions",
    "repair_statistics",
]
