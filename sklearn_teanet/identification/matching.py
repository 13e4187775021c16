"""How an unknown is compared with the library: its preprocessing, the hit quality index, flat spectra."""

from __future__ import annotations

import numpy as np
from sklearn.pipeline import Pipeline

from ..baselines.correlation import standardize_rows

__all__ = ["split_pipeline", "is_flat", "standardized_library", "hit_quality", "copy_groups"]


def split_pipeline(estimator):
    """(preprocessing or None, final classifier) of a fitted estimator or pipeline."""
    if isinstance(estimator, Pipeline):
        return estimator[:-1], estimator[-1]
    return None, estimator


def is_flat(rows: np.ndarray) -> np.ndarray:
    """Spectra that are constant after preprocessing (all zeros, a failed measurement), from rows that are all zero.

    Such a spectrum correlates exactly 0 with every class (its HQI row) and
    standardizes to zeros (its library row). An unknown one is "no match": the
    classifier still ranks classes for it, and a small library cannot reject it
    by p-value.
    """
    return ~(rows != 0).any(axis=1)


def standardized_library(model, X, y) -> tuple[np.ndarray, np.ndarray]:
    """The library after the model's preprocessing, centred and scaled, and each spectrum's class index."""
    preprocessing, final = split_pipeline(model)
    features = X if preprocessing is None else preprocessing.transform(X)
    position = {c: i for i, c in enumerate(final.classes_.tolist())}
    return standardize_rows(np.asarray(features, dtype=float)), np.array([position[v] for v in np.asarray(y).tolist()])


def hit_quality(model, X, library: np.ndarray, library_classes: np.ndarray, n_classes: int) -> np.ndarray:
    """Best Pearson correlation of each spectrum with the library spectra of each class."""
    preprocessing, _ = split_pipeline(model)
    features = X if preprocessing is None else preprocessing.transform(X)
    r = standardize_rows(np.asarray(features, dtype=float)) @ library.T
    hqi = np.full((r.shape[0], n_classes), -np.inf)
    np.maximum.at(hqi.T, library_classes, r.T)
    return hqi


def copy_groups(library: np.ndarray, y) -> np.ndarray | None:
    """Groups of exact copies within each class of a (standardized) library; None when there are no copies.

    A spectrum that appears twice (a file copied into the library) makes one
    group with its copy, so that a calibration fold holds both out together.
    """
    y = np.asarray(y)
    keys = [f"{label}|{row.tobytes().hex()}" for label, row in zip(y.tolist(), np.round(library, 6))]
    _, first, codes = np.unique(keys, return_index=True, return_inverse=True)
    if first.size == len(keys):
        return None
    return first[codes]  # each spectrum's group is named by the index of its first copy
