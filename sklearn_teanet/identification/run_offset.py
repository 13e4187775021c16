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


#: Library spectra per matched spectrum among which the refinement looks for its best at each fraction of a step.
_CANDIDATES = 32


def _best(identifier, features, masks, max_points, block: int = 128) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each spectrum's best correlation over the library, the shift (points) that gave it and its ``_CANDIDATES``
    best library spectra (at any shift), ``block`` spectra at a time (a block's matrices against a 100,000-spectrum
    library take tens of MB, the whole run's many GB)."""
    library_masks = getattr(identifier, "library_masks_", None)
    top, move = np.empty(len(features)), np.zeros(len(features), dtype=int)
    k = min(_CANDIDATES, len(identifier.library_))
    candidates = np.zeros((len(features), k), dtype=int)
    for start in range(0, len(features), block):
        rows = slice(start, start + block)
        r, moves = similarity(features[rows], identifier.library_, max_points,
                              None if masks is None else masks[rows], library_masks)  # fmt: skip
        best = np.argmax(r, axis=1)
        top[rows], move[rows] = r[np.arange(len(best)), best], moves[np.arange(len(best)), best]
        candidates[rows] = np.argpartition(-r, k - 1, axis=1)[:, :k]
    return top, move, candidates


def _fit(identifier, X, candidates: np.ndarray) -> float:
    """How well spectra fit the library: the mean of each one's best correlation (over the points both measured)
    among its candidates."""
    features, _ = preprocessed(identifier.estimator_, X)
    masks = measured_mask(identifier.estimator_, X, identifier.max_shift)
    library_masks = getattr(identifier, "library_masks_", None)
    r = pair_correlation(features, masks, identifier.library_[candidates],
                         None if library_masks is None else library_masks[candidates])  # fmt: skip
    return float(r.max(axis=1).mean())


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
    top, moves, _ = _best(identifier, features, masks, limit)
    sure = (100 * top >= identifier.hqi_cutoff_) & ~is_flat(standardize_rows(features))
    if not sure.any():
        return 0.0
    offset = -float(np.rint(np.median(moves[sure]))) * step
    if not has_own_axes(identifier.estimator_, X):
        return offset
    matched = [X[i] for i in np.flatnonzero(sure)]
    # Each matched spectrum's best library spectra at the run's whole-point offset: where its best lies at any
    # fraction of a step from it, so the fractions are compared with those and not with the whole library again.
    at_offset = corrected(matched, offset)
    features, _ = preprocessed(identifier.estimator_, at_offset)
    candidates = _best(identifier, features, measured_mask(identifier.estimator_, at_offset, identifier.max_shift), 0)[
        2
    ]
    fits = [_fit(identifier, corrected(matched, offset + f * step), candidates) for f in _FRACTIONS]
    bound = max(identifier.max_shift, limit * step)  # the search reaches max_shift, not only its whole points
    return float(np.clip(offset + _FRACTIONS[int(np.argmax(fits))] * step, -bound, bound))
