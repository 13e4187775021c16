"""The best correlation of each spectrum with each class of the library, and which library spectrum gave it.

Every p-value and prediction set needs a spectrum's best HQI with *every* class,
so this reduction runs over the whole spectra x library matrix: at 100,000
library spectra it cost more than the matrix product itself until the library
was kept class by class (see :func:`class_order`).
"""

from __future__ import annotations

import numpy as np

from .matching import similarity

__all__ = ["best_per_class", "class_order", "class_search"]


def class_order(library_classes: np.ndarray) -> np.ndarray:
    """The order an identifier keeps its library in: class by class, classes with equally many spectra together
    (a stable sort), so that :func:`best_per_class` reads each class as a contiguous run of columns."""
    classes = np.asarray(library_classes)
    counts = np.unique(classes, return_inverse=True, return_counts=True)
    return np.lexsort((classes, counts[2][counts[1]]))


def _class_runs(library_classes: np.ndarray, most: int = 256) -> list | None:
    """``(start, stop, count)`` of the runs of classes with ``count`` spectra each, laid out as :func:`class_order`
    lays them; None for another layout (a library saved before 0.3), or more than ``most`` runs."""
    classes = np.asarray(library_classes)
    starts = np.flatnonzero(np.r_[True, classes[1:] != classes[:-1]])
    if starts.size != np.unique(classes).size:  # a class in two places: not class by class
        return None
    lengths = np.diff(np.r_[starts, classes.size])
    edges = np.flatnonzero(np.r_[True, lengths[1:] != lengths[:-1]])
    if edges.size > most:
        return None
    bounds = np.r_[starts[edges], classes.size]
    return [(int(a), int(b), int(lengths[e])) for a, b, e in zip(bounds[:-1], bounds[1:], edges)]


def best_per_class(r: np.ndarray, library_classes: np.ndarray, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """The best correlation with each class, and which library spectrum gave it (-1 for a class left out).

    In the library's own order (:func:`class_order`) the classes with ``c``
    spectra each are one block of library spectra, viewed as (classes, c, spectra):
    their maxima are ``c`` elementwise comparisons over the block, with no copy
    of the matrix. Any other order takes two reductions over a class-sorted copy.
    Of equal correlations the first column wins.
    """
    runs = _class_runs(library_classes)
    if runs is None:
        return _best_per_class_any_order(r, library_classes, n_classes)
    n = r.shape[0]
    # Library spectra as rows: a class's spectra are then whole rows apart, and each comparison below runs over
    # contiguous memory when the search computed ``r`` so (``similarity`` does); any layout gives the same answer.
    rows = r.T
    best = np.full((n_classes, n), -np.inf, dtype=r.dtype)
    which = np.full(best.shape, -1)
    for start, stop, count in runs:
        block = rows[start:stop].reshape(-1, count, n)
        if count <= 16:  # a few elementwise passes beat an argmax along a short axis
            top, arg = block[:, 0].copy(), np.zeros((block.shape[0], n), dtype=np.intp)
            for j in range(1, count):
                np.putmask(arg, block[:, j] > top, j)
                np.maximum(top, block[:, j], out=top)
        else:
            arg = block.argmax(axis=1)
            top = np.take_along_axis(block, arg[:, None], axis=1)[:, 0]
        present = np.asarray(library_classes)[start:stop:count]
        best[present], which[present] = top, start + np.arange(0, stop - start, count)[:, None] + arg
    return best.T, which.T


def _best_per_class_any_order(r, library_classes, n_classes) -> tuple[np.ndarray, np.ndarray]:
    """:func:`best_per_class` for a library in any order: a class-sorted copy, a segment's maximum and the first
    column that reaches it from two reductions over it."""
    order = np.argsort(library_classes, kind="stable")
    grouped = r[:, order]
    present, starts = np.unique(library_classes[order], return_index=True)
    top = np.maximum.reduceat(grouped, starts, axis=1)
    position = np.where(grouped == np.repeat(top, np.diff(np.r_[starts, len(order)]), axis=1),
                        np.arange(len(order)), len(order))  # fmt: skip
    best = np.full((r.shape[0], n_classes), -np.inf, dtype=r.dtype)
    which = np.full(best.shape, -1)
    best[:, present] = top
    which[:, present] = order[np.minimum.reduceat(position, starts, axis=1)]
    return best, which


def class_search(identifier, features: np.ndarray, masks: np.ndarray | None, block: int = 256) -> tuple:
    """Each spectrum's best correlation with each class of a fitted identifier's library, the library spectrum
    that gave it and its shift (points), ``block`` spectra at a time: a batch's memory is that of a block against
    the library, whatever the batch."""
    n, n_classes = len(features), len(identifier.classes_)
    best = np.empty((n, n_classes), dtype=identifier.library_.dtype)
    which, moves = np.empty((n, n_classes), dtype=np.intp), np.empty((n, n_classes), dtype=np.int16)
    library_masks = getattr(identifier, "library_masks_", None)
    for start in range(0, n, block):
        rows = slice(start, start + block)
        r, shifts = similarity(features[rows], identifier.library_, identifier.shift_points_,
                               None if masks is None else masks[rows], library_masks)  # fmt: skip
        best[rows], which[rows] = best_per_class(r, identifier.library_classes_, n_classes)
        moves[rows] = np.take_along_axis(shifts, np.maximum(which[rows], 0), axis=1)
    return best, which, moves
