"""Discriminant regions: where a fitted model's responses concentrate, class by class."""

from __future__ import annotations

import numpy as np

from .grad_cam import grad_cam

__all__ = ["top_regions", "discriminant_regions"]


def top_regions(response, n_regions: int = 3, threshold: float = 0.5) -> np.ndarray:
    """The ``n_regions`` strongest runs of a response above ``threshold`` times its maximum.

    Parameters
    ----------
    response : array-like of shape (n_points,)
    n_regions : int, default=3
        At most this many regions, strongest (largest L1 mass) first.
    threshold : float, default=0.5
        Share of the maximum a point must reach to belong to a region.

    Returns
    -------
    regions : ndarray of int of shape (n_found, 2)
        Index intervals ``[start, stop)``.
    """
    response = np.asarray(response, dtype=float)
    if response.max() <= 0:
        return np.zeros((0, 2), dtype=int)
    above = np.concatenate([[False], response >= threshold * response.max(), [False]])
    edges = np.flatnonzero(np.diff(above.astype(np.int8)))
    runs = edges.reshape(-1, 2)
    mass = np.array([response[a:b].sum() for a, b in runs])
    return runs[np.argsort(-mass, kind="stable")[:n_regions]]


def discriminant_regions(
    estimator,
    X,
    y,
    n_regions: int = 3,
    threshold: float = 0.5,
    wavenumbers=None,
    layer: int = -1,
    method: str = "hirescam",
) -> dict:
    """Discriminant regions of every class, from the mean Grad-CAM response of its spectra.

    Parameters
    ----------
    estimator : fitted TeaNetClassifier or CNNClassifier
    X : array-like of shape (n_spectra, n_points)
        Spectra, for example the training set.
    y : array-like of shape (n_spectra,)
        Their classes; each spectrum's response is taken for its own class.
    n_regions : int, default=3
        Regions per class.
    threshold : float, default=0.5
        See :func:`top_regions`.
    wavenumbers : array-like of shape (n_points,), default=None
        With an axis, regions are returned in wavenumbers rather than indices.
    layer : int, default=-1
        Convolution block for Grad-CAM.
    method : {"hirescam", "gradcam"}, default="hirescam"
        See :func:`~sklearn_teanet.interpretation.grad_cam`.

    Returns
    -------
    regions : dict
        Class label -> ndarray of shape (n_found, 2): index intervals ``[start, stop)``,
        or wavenumber intervals ``[first, last]`` when ``wavenumbers`` is given.
    """
    y = np.asarray(y)
    responses = grad_cam(estimator, X, target=y, layer=layer, method=method)
    out = {}
    for label in np.unique(y):
        runs = top_regions(responses[y == label].mean(axis=0), n_regions, threshold)
        if wavenumbers is not None:
            axis = np.asarray(wavenumbers, dtype=float)
            runs = np.stack([axis[runs[:, 0]], axis[runs[:, 1] - 1]], axis=1) if len(runs) else runs.astype(float)
        out[label] = runs
    return out
