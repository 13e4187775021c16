"""How an unknown is compared with the library: the model's preprocessing, then the hit quality index (HQI).

HQI = 100 x the Pearson correlation of the two preprocessed spectra (0 for an
anti-correlated pair), the 0-100 scale of library-search software. The
unknown may be moved against the library by up to ``max_shift`` cm-1 (whole
points of the axis) before it is compared: instruments differ in their
wavenumber calibration by that much, and a band 8 cm-1 off halves a narrow
band's correlation.
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.pipeline import Pipeline

from ..baselines import standardize_rows
from ..preprocessing import axis_of
from .overlap import overlap_correlation

__all__ = [
    "split_pipeline",
    "preprocessed",
    "shift_points",
    "is_flat",
    "similarity",
    "copy_groups",
    "holdout_groups",
    "warn_about_library",
    "as_measured",
    "moved",
    "RUN_WINDOW",
]

#: With ``shift_search="run"``, how far (cm-1) each spectrum may still move around its run's common offset:
#: what a wavenumber calibration drifts across a range, not what separates two minerals' bands.
RUN_WINDOW = 2.0


def split_pipeline(estimator):
    """(preprocessing or None, final classifier) of a fitted estimator or pipeline."""
    if isinstance(estimator, Pipeline):
        return estimator[:-1], estimator[-1]
    return None, estimator


def preprocessed(model, X) -> tuple[np.ndarray, np.ndarray | None]:
    """Spectra after the model's preprocessing, as floats, and their wavenumbers if the pipeline kept an axis."""
    from sklearn.utils.validation import validate_data

    preprocessing, final = split_pipeline(model)
    if preprocessing is None:  # checked as the classifier's predict checks it: shape, NaN, feature names
        X = validate_data(final, X, reset=False, ensure_all_finite=True)
    features = X if preprocessing is None else preprocessing.transform(X)
    return np.asarray(features, dtype=float), axis_of(features)


def shift_points(wavenumbers: np.ndarray | None, max_shift: float) -> tuple[int, float]:
    """How many whole points ``max_shift`` cm-1 spans on an axis, and the axis's step (0 points without an axis)."""
    if wavenumbers is None or len(wavenumbers) < 2 or max_shift <= 0:
        return 0, 0.0
    step = float(np.median(np.abs(np.diff(wavenumbers))))
    return int(np.floor(max_shift / step + 1e-9)), step


def is_flat(rows: np.ndarray) -> np.ndarray:
    """Rows that are constant to rounding (all zeros, a failed measurement, a standardized constant).

    Judge spectra as measured too: a derivative of a constant is rounding noise
    that max-normalising blows up into a random-looking spectrum.
    """
    rows = np.asarray(rows)
    rows = rows if np.issubdtype(rows.dtype, np.floating) else rows.astype(float)  # a float32 library is not copied
    high, low = rows.max(axis=1).astype(float), rows.min(axis=1).astype(float)
    return high - low <= 1e-9 * np.maximum(high, -low)


def moved(features: np.ndarray, points: int) -> np.ndarray:
    """Each spectrum moved ``points`` up the axis (down if negative); the edge value fills the vacated points.

    Views side by side (:class:`~sklearn_teanet.DerivativeViews`) move as one row: at their join a few points of
    one view's end take the place of the next view's first points, as filled points do at the row's ends.
    """
    if points == 0:
        return features
    moved = np.roll(features, points, axis=1)
    if points > 0:
        moved[:, :points] = features[:, :1]
    else:
        moved[:, points:] = features[:, -1:]
    return moved


def similarity(
    features: np.ndarray,
    library: np.ndarray,
    max_points: int = 0,
    masks: np.ndarray | None = None,
    library_masks: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Pearson correlation of every spectrum with every library spectrum, at the best shift within ``max_points``.

    Parameters
    ----------
    features : ndarray of shape (n, n_points)
        Preprocessed spectra.
    library : ndarray of shape (n_library, n_points)
        Standardized library (see ``standardize_rows``).
    max_points : int, default=0
        Largest shift tried, in points, each way. A library of more than
        ``shortlist.EXHAUSTIVE_UP_TO`` spectra is shifted on each spectrum's
        shortlist (see :mod:`~sklearn_teanet.identification.shortlist`).
    masks, library_masks : ndarrays of bool or None, default=None
        The points each spectrum measured (see ``overlap.measured_mask``); a
        pair with a spectrum that measured less than the grid is compared over
        the points both measured. None: all of them.

    Returns
    -------
    r : ndarray of shape (n, n_library)
        The best correlation.
    moves : ndarray of int of shape (n, n_library)
        The shift (points the spectrum was moved up the axis) that gave it.
    """

    from .shortlist import EXHAUSTIVE_UP_TO, shortlisted_similarity

    def correlate(rows: np.ndarray, rows_masks: np.ndarray | None) -> np.ndarray:
        # Computed as (library x spectra) and viewed transposed: best_per_class reads it library row by row.
        r = (library @ standardize_rows(rows).astype(library.dtype, copy=False).T).T
        if rows_masks is None and library_masks is None:
            return r
        mx = np.ones(rows.shape, bool) if rows_masks is None else rows_masks
        my = np.ones(library.shape, bool) if library_masks is None else library_masks
        short, short_library = ~mx.all(axis=1), ~my.all(axis=1)
        if short.any():
            r[short] = overlap_correlation(rows[short], mx[short], library, my)
        if short_library.any():
            r[:, short_library] = overlap_correlation(rows, mx, library[short_library], my[short_library])
        return r

    if max_points and len(library) > EXHAUSTIVE_UP_TO:  # a shortlist per unknown is compared at every shift
        return shortlisted_similarity(features, library, max_points, masks, library_masks)
    r = correlate(features, masks)
    moves = np.zeros(r.shape, dtype=np.int16)  # a shift is a few points: 2 bytes, not 8, per pair
    for points in range(1, max_points + 1):
        for move in (points, -points):
            candidate = correlate(moved(features, move), None if masks is None else moved(masks, move))
            better = candidate > r
            r, moves = np.where(better, candidate, r), np.where(better, move, moves)
    return r, moves


def copy_groups(library: np.ndarray, y, min_r: float = 0.999) -> np.ndarray | None:
    """Groups of copies within each class of a (standardized) library; None when there are none.

    A spectrum that appears twice (a file copied into the library, re-exported
    with fewer digits, or saved as .txt and .jdx) makes one group with its
    copy, so that calibration holds both out together: copies are those of one
    class that correlate at ``min_r`` or more (HQI 99.9), linked in chains.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    y = np.asarray(y)
    rows, cols = [], []
    for label in np.unique(y):
        members = np.flatnonzero(y == label)
        if members.size > 1:
            i, j = np.nonzero(np.triu(library[members] @ library[members].T >= min_r, 1))
            rows.append(members[i])
            cols.append(members[j])
    if not rows or not sum(r.size for r in rows):
        return None
    n = len(y)
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    graph = coo_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    first = np.full(labels.max() + 1, n)
    np.minimum.at(first, labels, np.arange(n))
    return first[labels]  # each spectrum's group is named by the index of its first copy


def holdout_groups(copies: np.ndarray | None, specimens=None) -> np.ndarray | None:
    """What calibration holds out together: the spectra of one specimen, and copies, linked in chains.

    Spectra of one specimen (another laser, orientation or export of one
    sample) are more alike than a new specimen of the substance is to any of
    them: compared with each other they would calibrate "no match" for a
    closeness that new measurements never reach.

    Parameters
    ----------
    copies : ndarray of shape (n,) or None
        As :func:`copy_groups` returns them.
    specimens : array-like of shape (n,) or None, default=None
        The specimen of each spectrum (e.g. its RRUFF id); None: each spectrum its own.

    Returns
    -------
    groups : ndarray of int of shape (n,) or None
        Each spectrum's group, None when every spectrum is alone.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if specimens is None:
        return copies
    specimen = np.unique(np.asarray(specimens).astype(str), return_inverse=True)[1]
    n = specimen.size
    if copies is not None and len(copies) != n:
        raise ValueError(f"groups has {n} entries for {len(copies)} library spectra.")
    first = np.full(specimen.max() + 1, n)
    np.minimum.at(first, specimen, np.arange(n))
    links = [first[specimen]] + ([] if copies is None else [np.asarray(copies)])
    rows = np.concatenate([np.arange(n)] * len(links))
    graph = coo_matrix((np.ones(rows.size), (rows, np.concatenate(links))), shape=(n, n))
    labels = connected_components(graph, directed=False)[1]
    return labels if np.unique(labels).size < n else None


def warn_about_library(library: np.ndarray, names, y, groups, measured: np.ndarray | None = None) -> None:
    """Name the library's exact copies (calibrated together) and its flat spectra (which can match nothing);
    ``measured`` (the spectra as measured) also catches a constant that a derivative turned into rounding noise."""
    if groups is not None:
        # A spectrum calibrated against its own copy fits perfectly: every fresh measurement would look worse.
        warnings.warn(
            f"{len(y) - len(set(groups))} library spectra are copies of others of their class (HQI 99.9 or more, "
            "such as one spectrum saved twice or in two formats); the calibration holds each spectrum out together "
            "with its copies.",
            stacklevel=3,
        )
    flat = np.flatnonzero(is_flat(library) | (False if measured is None else is_flat(measured)))
    if flat.size:
        # A failed measurement in the library: it correlates 0 with everything, so no unknown can match it.
        examples = ", ".join(f"{names[i]} (class {y[i]})" for i in flat[:5])
        warnings.warn(
            f"{flat.size} library spectra are flat (constant) after preprocessing and can match no "
            f"unknown: {examples}{', ...' if flat.size > 5 else ''}. Remove or remeasure them.",
            stacklevel=3,
        )


def as_measured(model, X) -> np.ndarray:
    """Spectra as a chemist reads them: on the model's grid, each divided by its largest value.

    When the model's first step is a resampler this is the spectrum as
    measured, before any derivative; otherwise the model's preprocessing.
    """
    from ..preprocessing import SpectrumNormalizer, SpectrumResampler

    first = model[0] if hasattr(model, "steps") else None
    if isinstance(first, SpectrumResampler):
        return np.asarray(SpectrumNormalizer("max").fit_transform(first.transform(X)), dtype=float)
    return preprocessed(model, X)[0]
