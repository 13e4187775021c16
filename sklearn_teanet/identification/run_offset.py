"""One axis offset per instrument run: found from the run's matches, then taken off every spectrum's axis.

One instrument run shares one wavenumber calibration, so one offset serves all
its spectra. Searching each spectrum for its own shift over the whole
``max_shift`` instead lets a wrong substance win by moving its bands onto the
unknown's, which erases band position, the thing that tells many minerals
apart. The run's offset is found to a quarter of a grid step, and taken off the
measured axes before resampling, so an 8 cm-1 error on a 3.5 cm-1 grid costs
no more than an error of whole points.
"""

from __future__ import annotations

import numpy as np

from ..baselines import standardize_rows
from .matching import is_flat, preprocessed, similarity
from .overlap import has_own_axes, measured_mask
from .shortlist import pair_correlation

__all__ = ["corrected", "estimate_run_offset"]

#: Spectra of a large run that estimate its offset.
_SAMPLE = 500

#: Fractions of a grid step tried around the run's whole-point offset.
_FRACTIONS = (-0.5, -0.25, 0.0, 0.25, 0.5)


def corrected(X, offset: float) -> list:
    """The spectra with ``offset`` cm-1 taken off their axes (bands read ``offset`` too high are put back)."""
    out = []
    for item in X:
        w, v = (item[:, 0], item[:, 1]) if isinstance(item, np.ndarray) and item.ndim == 2 else item
        out.append((np.asarray(w, dtype=float) - offset, v))
    return out


def _best(identifier, features, masks, max_points, block: int = 128) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each spectrum's best correlation over the library, the shift (points) and the library spectrum that gave
    it, ``block`` spectra at a time (a block's matrices against a 100,000-spectrum library take tens of MB, the
    whole run's many GB)."""
    library_masks = getattr(identifier, "library_masks_", None)
    top, move, hit = np.empty(len(features)), np.zeros(len(features), dtype=int), np.zeros(len(features), dtype=int)
    for start in range(0, len(features), block):
        rows = slice(start, start + block)
        r, moves = similarity(features[rows], identifier.library_, max_points,
                              None if masks is None else masks[rows], library_masks)  # fmt: skip
        best = np.argmax(r, axis=1)
        top[rows], move[rows], hit[rows] = r[np.arange(len(best)), best], moves[np.arange(len(best)), best], best
    return top, move, hit


def _fit_to(identifier, X, hits: np.ndarray) -> float:
    """How well spectra fit the library spectra they matched (mean correlation, over the points both measured)."""
    features, _ = preprocessed(identifier.estimator_, X)
    masks = measured_mask(identifier.estimator_, X, identifier.max_shift)
    library_masks = getattr(identifier, "library_masks_", None)
    r = pair_correlation(features, masks, identifier.library_[hits][:, None],
                         None if library_masks is None else library_masks[hits][:, None])  # fmt: skip
    return float(r.mean())


def estimate_run_offset(identifier, X, features: np.ndarray, masks: np.ndarray | None) -> float:
    """The run's axis error (cm-1): how far its matched spectra's bands lie above the library's.

    The median whole-point shift of the spectra whose best hit (over the whole
    ``max_shift``) is a match, refined by quarter steps on those spectra where
    ``X`` carries its own axes. Spectra without a match (absent substances,
    blanks) say nothing of the axis; with none, the offset is 0.
    """
    step, limit = identifier.axis_step_, identifier.search_points_
    if limit == 0 or not step:
        return 0.0
    if len(features) > _SAMPLE:  # the median of 500 matches is the run's offset to within a fraction of a point
        rows = np.sort(np.random.RandomState(0).choice(len(features), _SAMPLE, replace=False))
        X = [X[i] for i in rows] if isinstance(X, (list, tuple)) else X  # only spectra with own axes are used
        features, masks = features[rows], None if masks is None else masks[rows]
    top, moves, hits = _best(identifier, features, masks, limit)
    sure = (100 * top >= identifier.hqi_cutoff_) & ~is_flat(standardize_rows(features))
    if not sure.any():
        return 0.0
    whole = float(np.rint(np.median(moves[sure])))
    offset = -whole * step
    if not has_own_axes(identifier.estimator_, X):
        return offset
    # Refined on the matches that agree with the run (a spectrum whose match needed another shift is an outlier or
    # a wrong match), each against the library spectrum it matched rather than the whole library again.
    agree = np.flatnonzero(sure & (np.abs(moves - whole) <= 1))
    fits = [_fit_to(identifier, corrected([X[i] for i in agree], offset + f * step), hits[agree]) for f in _FRACTIONS]
    bound = max(identifier.max_shift, limit * step)  # the search reaches max_shift, not only its whole points
    return float(np.clip(offset + _FRACTIONS[int(np.argmax(fits))] * step, -bound, bound))
