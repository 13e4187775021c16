"""Compare on the overlap only: which points of the model's grid each spectrum measured, and the correlation over
the points that both spectra measured.

A spectrum that ends short of the grid is filled to its edges (with its edge
value) so that every step of the model can take it; compared there, the filled
points count as measurements: a flat stretch that correlates with nothing, and
so lowers the HQI of the right substance below that of a wrong one that happens
to be flat there too. Comparing over the shared points only lets ``train`` keep
the union of its files' ranges, so that shorter files no longer narrow every
comparison.
"""

from __future__ import annotations

import numpy as np

__all__ = ["MIN_OVERLAP", "correlation_from_sums", "has_own_axes", "measured_mask", "overlap_correlation"]

#: A pair is compared only if the points both measured hold at least this share of the unknown's measured points;
#: below it, the HQI is 0 (the two spectra cannot be told alike).
MIN_OVERLAP = 0.5


def has_own_axes(model, X) -> bool:
    """Whether ``X`` holds ``(wavenumbers, intensities)`` pairs that the model resamples: only then is it known
    where each spectrum ends, and can its axis be moved."""
    from ..preprocessing import SpectrumResampler

    first = model[0] if hasattr(model, "steps") else None
    pairs = isinstance(X, (list, tuple)) and len(X) and (isinstance(X[0], tuple) or np.ndim(X[0]) == 2)
    return isinstance(first, SpectrumResampler) and bool(pairs)


def measured_mask(model, X, slack: float = 0.0) -> np.ndarray | None:
    """Which of the model's features each spectrum measured; None when every spectrum measured all of them.

    Only a model that starts with a :class:`~sklearn_teanet.SpectrumResampler`
    and spectra given as ``(wavenumbers, intensities)`` pairs know where a
    spectrum ends. A Savitzky-Golay step takes half its window off each end
    (those points mix in filled values), in each of a
    :class:`~sklearn_teanet.DerivativeViews`' views; :class:`~sklearn_teanet.WavenumberRanges`
    keeps the points it keeps; any other step that changes the number of points
    makes the masks unknown (None: the whole grid is compared).

    A spectrum that stops short of the grid's end by at most ``slack`` cm-1
    (and 3 grid points) is taken to reach it: a file that ends a point early,
    or an axis moved by a run's offset, fills a sliver no comparison notices,
    and the masked comparison costs five times the plain one.
    """
    from scipy.ndimage import binary_erosion

    from ..preprocessing import DerivativeViews, SavitzkyGolay, WavenumberRanges

    if not has_own_axes(model, X):
        return None
    steps = [step for _, step in model.steps[:-1]]
    grid = steps[0].grid_
    ends = []
    for item in X:
        w = item[:, 0] if isinstance(item, np.ndarray) and item.ndim == 2 else np.asarray(item[0], dtype=float)
        ends.append((np.min(w), np.max(w)))
    low, high = np.array(ends).T
    reach = max(slack, 3 * abs(grid[1] - grid[0]))
    low, high = np.where(low - grid[0] <= reach, grid[0], low), np.where(grid[-1] - high <= reach, grid[-1], high)
    mask = (grid[None, :] >= low[:, None] - 1e-9) & (grid[None, :] <= high[:, None] + 1e-9)
    if mask.all():
        return None
    for step in steps[1:]:
        if isinstance(step, (SavitzkyGolay, DerivativeViews)):
            # border_value=1: the grid's own ends are measured, only a spectrum's ends inside it are eroded.
            windows = [f.window_length for f in getattr(step, "filters_", [step])]  # a window per view
            mask = np.hstack([binary_erosion(mask, structure=np.ones((1, w), bool), border_value=1) for w in windows])
        elif isinstance(step, WavenumberRanges):
            mask = mask[:, step.support_]
        elif getattr(step, "n_features_in_", mask.shape[1]) != mask.shape[1]:
            return None
    return None if mask.all() else mask


def overlap_correlation(x: np.ndarray, x_mask: np.ndarray, y: np.ndarray, y_mask: np.ndarray) -> np.ndarray:
    """Pearson correlation of every row of ``x`` with every row of ``y`` over the points both measured.

    Parameters
    ----------
    x : ndarray of shape (n, p)
        Spectra (any centring or scale: the correlation is recomputed over each pair's overlap).
    x_mask : ndarray of bool of shape (n, p)
        The points each measured.
    y, y_mask : ndarrays of shape (m, p)
        The same for the library.

    Returns
    -------
    r : ndarray of shape (n, m)
        0 where the overlap holds less than ``MIN_OVERLAP`` of the unknown's measured points.
    """
    mx, my = x_mask.astype(float), y_mask.astype(float)
    xm, ym = np.where(x_mask, x, 0.0), np.where(y_mask, y, 0.0)
    # Sums over each pair's shared points, five matrix products: count, sums, sums of squares, cross products.
    sums = (mx @ my.T, xm @ my.T, mx @ ym.T, (xm * xm) @ my.T, mx @ (ym * ym).T, xm @ ym.T)
    return correlation_from_sums(*sums, x_mask.sum(axis=1, keepdims=True))


def correlation_from_sums(n, sx, sy, sxx, syy, sxy, x_measured) -> np.ndarray:
    """Pearson correlation from the sums over each pair's shared points (``n`` of them); 0 where they hold less
    than ``MIN_OVERLAP`` of the unknown's ``x_measured`` points (an array that broadcasts against ``n``)."""
    safe = np.maximum(n, 1.0)
    covariance = sxy - sx * sy / safe
    spread = np.clip(sxx - sx**2 / safe, 0, None) * np.clip(syy - sy**2 / safe, 0, None)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(spread > 0, covariance / np.sqrt(spread), 0.0)
    enough = n >= np.maximum(MIN_OVERLAP * x_measured, 3)
    return np.where(enough, np.clip(r, -1.0, 1.0), 0.0)
