"""Grad-CAM through a pipeline: the response on the grid the classifier sees."""

from __future__ import annotations

import numpy as np
from sklearn.pipeline import Pipeline

from ..preprocessing import grid_of

__all__ = ["explain", "explained_wavenumbers"]


def explain(estimator, X, target=None, **params) -> np.ndarray:
    """Grad-CAM responses of a fitted neural classifier, or of a ``Pipeline`` ending in one.

    The pipeline's steps before the classifier transform ``X`` first, so the
    responses lie on the classifier's input grid (for a
    :class:`~sklearn_teanet.SpectrumResampler` step, its ``grid_``; see
    :func:`explained_wavenumbers`).

    Parameters
    ----------
    estimator : fitted TeaNetClassifier, CNNClassifier or Pipeline ending in one
    X : array-like
        Spectra, as the estimator takes them.
    target : label, labels or None, default=None
        Class to explain; None explains the predicted class.
    **params
        ``layer``, ``method``: see the classifier's ``explain``.

    Returns
    -------
    responses : ndarray of shape (n_spectra, n_points)
    """
    if isinstance(estimator, Pipeline):
        X = estimator[:-1].transform(X)
        estimator = estimator[-1]
    if not hasattr(estimator, "explain"):
        raise TypeError(
            f"{type(estimator).__name__} has no explain(): Grad-CAM needs a neural classifier "
            "(TeaNetClassifier or CNNClassifier)."
        )
    return estimator.explain(X, target=target, **params)


def explained_wavenumbers(estimator) -> np.ndarray | None:
    """The wavenumbers of the classifier's input: the last resampler's grid in a pipeline, else None
    (:func:`~sklearn_teanet.preprocessing.grid_of`)."""
    return grid_of(estimator)
