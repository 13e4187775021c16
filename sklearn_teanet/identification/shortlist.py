"""The shift search of a large library on a shortlist: every library spectrum scored once, the best few at every
shift.

Trying every shift against every library spectrum costs one matrix product per
shift (21 of them for 10 points each way), which at 100,000 spectra is most of
the search. One product with the unknown blurred over the shift window instead
gives each library spectrum about the *mean* of its correlations over the
shifts: not above its best one (but for the points the shifts move in at the
ends: by 0.007 at most in the tests), so it is kept for the spectra left off the
shortlist, and high wherever the best one is high enough to matter. The
``SHORTLIST`` best by that score are then compared exactly at every shift, over
the points both spectra measured, as the exhaustive search compares them.
Libraries up to ``EXHAUSTIVE_UP_TO`` spectra are searched exhaustively.
``benchmarks/bench_library_scale.py`` measures the disagreement with the
exhaustive search.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import uniform_filter1d

from ..baselines import standardize_rows
from .matching import moved
from .overlap import correlation_from_sums

__all__ = ["EXHAUSTIVE_UP_TO", "SHORTLIST", "pair_correlation", "shortlisted_similarity"]

#: Library spectra per unknown compared exactly at every shift.
SHORTLIST = 256

#: Libraries of at most this many spectra are compared exactly at every shift.
EXHAUSTIVE_UP_TO = 4096

#: Unknowns whose shortlists are compared at a time: their library rows are gathered (rows x SHORTLIST x points).
_ROWS = 32


def pair_correlation(x, x_mask, library, library_mask) -> np.ndarray:
    """Correlation of each row of ``x`` (b, p) with each of its own library rows (b, k, p), over shared points."""
    if x_mask is None and library_mask is None:
        return np.einsum("bp,bkp->bk", standardize_rows(x).astype(library.dtype, copy=False), library)
    mx = np.ones(x.shape, bool) if x_mask is None else x_mask
    my = np.ones(library.shape, bool) if library_mask is None else library_mask
    fx, fy = mx.astype(np.float64), my.astype(np.float64)
    xm, ym = np.where(mx, x, 0.0), np.where(my, library, 0.0)
    sums = [np.einsum("bp,bkp->bk", a, b) for a, b in ((fx, fy), (xm, fy), (fx, ym), (xm * xm, fy), (fx, ym * ym))]
    return correlation_from_sums(*sums, np.einsum("bp,bkp->bk", xm, ym), mx.sum(axis=1, keepdims=True))


def shortlisted_similarity(
    features: np.ndarray,
    library: np.ndarray,
    max_points: int,
    masks: np.ndarray | None = None,
    library_masks: np.ndarray | None = None,
    k: int = SHORTLIST,
) -> tuple[np.ndarray, np.ndarray]:
    """As :func:`~sklearn_teanet.identification.matching.similarity`, with the shifts tried on each unknown's
    ``k`` best candidates only (the rest keep their blurred score, about a lower bound, and no shift)."""
    k = min(k, len(library))
    standardized = standardize_rows(features)
    # The mean over the window of the moved spectrum's correlations: one product instead of 2 * max_points + 1.
    window = uniform_filter1d(standardized, size=2 * max_points + 1, axis=1, mode="nearest")
    r = (library @ window.astype(library.dtype, copy=False).T).T  # library spectra as rows, as similarity's
    candidates = np.argpartition(-r, k - 1, axis=1)[:, :k]
    moves = np.zeros(r.shape, dtype=np.int16)
    for start in range(0, len(features), _ROWS):
        rows = slice(start, start + _ROWS)
        chosen = candidates[rows]
        gathered = library[chosen]
        gathered_masks = None if library_masks is None else library_masks[chosen]
        best = np.full(chosen.shape, -np.inf, dtype=r.dtype)
        best_move = np.zeros(chosen.shape, dtype=np.int16)
        for move in [0, *(m for p in range(1, max_points + 1) for m in (p, -p))]:
            row_masks = None if masks is None else moved(masks[rows], move)
            candidate = pair_correlation(moved(features[rows], move), row_masks, gathered, gathered_masks)
            better = candidate > best
            best, best_move = np.where(better, candidate, best), np.where(better, move, best_move)
        np.put_along_axis(r[rows], chosen, best.astype(r.dtype), axis=1)
        np.put_along_axis(moves[rows], chosen, best_move, axis=1)
    return r, moves
