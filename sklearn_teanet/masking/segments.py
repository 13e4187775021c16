"""What a masker's settings and segments are made of: checked fractions, and masks painted from segment bounds."""

from __future__ import annotations

from numbers import Real
from typing import Any

__all__ = ["as_fraction", "as_range", "paint"]


def as_range(value: Any, name: str) -> tuple[float, float]:
    """Return ``value`` as a ``(low, high)`` pair inside (0, 1), or raise naming ``name``."""
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a (low, high) pair for this scheme, got {value!r}.") from None
    if not 0.0 < low <= high < 1.0:
        raise ValueError(f"{name} must satisfy 0 < low <= high < 1, got {value!r}.")
    return low, high


def as_fraction(value: Any, name: str) -> float:
    """Return ``value`` as a float inside (0, 1), or raise naming ``name``."""
    if not isinstance(value, Real) or isinstance(value, bool):
        raise ValueError(f"{name} must be a single float for this scheme, got {value!r}.")
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must lie in the open interval (0, 1), got {value!r}.")
    return float(value)


def paint(starts, stops, points):
    """Boolean masks from segment bounds; works alike on numpy arrays and torch tensors.

    The loop runs over segments (one for MS1-MS4, a handful for MS5), never over
    points, and keeps memory at one mask-sized array.
    """
    masks = (points >= starts[:, :1]) & (points < stops[:, :1])
    for j in range(1, starts.shape[1]):
        masks |= (points >= starts[:, j : j + 1]) & (points < stops[:, j : j + 1])
    return masks
