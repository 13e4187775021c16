"""The wavenumber range a set of spectrum files shares, covers together or mostly covers."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

__all__ = ["coverage", "typical_range", "union_range", "warn_if_a_few_narrow_the_range"]


def coverage(w: np.ndarray, low: float, high: float) -> float:
    """Share of the range ``low`` to ``high`` that an axis ``w`` (in any order) covers."""
    return max(0.0, min(float(np.max(w)), high) - max(float(np.min(w)), low)) / (high - low)


def typical_range(records: list[dict]) -> tuple[float, float]:
    """The range most spectra cover: the median of their first and of their last wavenumbers."""
    return (
        float(np.median([r["wavenumbers"][0] for r in records])),
        float(np.median([r["wavenumbers"][-1] for r in records])),
    )


def warn_if_a_few_narrow_the_range(records: list[dict], path, min_coverage: float) -> None:
    """Warn when a few spectra narrow the range all share (by more than 5 % of the range most of them cover), naming
    them and the range to pass."""
    lows = np.array([r["wavenumbers"][0] for r in records])
    highs = np.array([r["wavenumbers"][-1] for r in records])
    typical_low, typical_high = typical_range(records)
    shared, typical = highs.min() - lows.max(), typical_high - typical_low
    if shared >= 0.95 * typical:
        return
    # Two short files once cut a library's range from 1300 to 1041 cm-1, and its carbonate band with it.
    narrowing = [r["file"] for r in records if r["wavenumbers"][0] > typical_low + 0.025 * typical
                 or r["wavenumbers"][-1] < typical_high - 0.025 * typical]  # fmt: skip
    shown = ", ".join(Path(f.split(":")[-1]).name for f in narrowing[:3]) + (" ..." if len(narrowing) > 3 else "")
    left_out = [r["file"] for r in records if coverage(r["wavenumbers"], typical_low, typical_high) < min_coverage]
    then = (
        f"the {len(left_out)} spectra that cover less than min_coverage={min_coverage:g} of it, such as "
        f"{left_out[0]}, are then left out"
        if left_out
        else "spectra that cover part of it are filled outside their range"
    )
    warnings.warn(
        f"The {len(records)} spectra in {path} share only {lows.max():g} to {highs.min():g} cm-1, "
        f"{shared / typical:.0%} "
        f"of the {typical_low:g} to {typical_high:g} cm-1 that most of them cover, because of {len(narrowing)} "
        f"({shown}). To use that range, pass "
        f"wavenumber_range=({np.floor(typical_low):.0f}, {np.ceil(typical_high):.0f}) (--wavenumber-range on the "
        f"command line); {then}.",
        UserWarning,
        stacklevel=4,  # the caller of load_rruff or read_spectra
    )


def union_range(records: list[dict], min_coverage: float) -> tuple[float, float]:
    """The range the files cover together, once those covering less than ``min_coverage`` of it are left out.

    What a file does not cover is filled, and an identifier compares on the
    overlap. A few far-infrared files among mid-infrared ones would stretch the
    union to 50 cm-1 and then be left out themselves: the union is taken again
    over the files kept, until it holds.
    """
    kept = records
    while True:
        low = min(r["wavenumbers"].min() for r in kept)
        high = max(r["wavenumbers"].max() for r in kept)
        narrower = [r for r in kept if coverage(r["wavenumbers"], low, high) >= min_coverage]
        if len(narrower) in (0, len(kept)):
            return float(low), float(high)
        kept = narrower
