"""A library becomes a model: read it, put it on one grid, fit a classifier and calibrate "no match"."""

from __future__ import annotations

import os
import warnings

import numpy as np
from sklearn.pipeline import Pipeline

from ..data import read_dataset
from ..preprocessing import SpectrumNormalizer, SpectrumResampler
from .identifier import SpectrumIdentifier

__all__ = ["library_model", "train_identifier"]


def library_model(classifier, wavenumbers) -> Pipeline:
    """The model the command trains: resample onto the library's grid, max-normalise, classify.

    It takes spectra as ``(wavenumbers, intensities)`` pairs, each on its own
    axis, so unknowns from any instrument go in as they were measured.

    Parameters
    ----------
    classifier : classifier
        The final step.
    wavenumbers : array-like of shape (n_points,)
        The library's grid.

    Returns
    -------
    model : Pipeline
    """
    return Pipeline(
        [
            ("resample", SpectrumResampler(grid=np.asarray(wavenumbers, dtype=float))),
            ("normalize", SpectrumNormalizer("max")),
            ("classify", classifier),
        ]
    )


def train_identifier(
    library: str | os.PathLike,
    classifier,
    *,
    classes=None,
    wavenumber_range=None,
    n_points: int = 1024,
    label: str = "label",
    top_k: int = 5,
    confidence: float = 0.95,
    random_state=None,
) -> tuple[SpectrumIdentifier, dict]:
    """Read a library and fit a :class:`~sklearn_teanet.SpectrumIdentifier` on it, what ``sklearn-teanet train`` does.

    Parameters
    ----------
    library : path-like
        A folder or zip of spectrum files, or a ``.csv`` / ``.npz`` table (see
        :func:`~sklearn_teanet.data.read_dataset`).
    classifier : classifier
        The model's final step, e.g. ``make_method("correlation")``.
    classes, wavenumber_range, n_points, label
        As in :func:`~sklearn_teanet.data.read_dataset`.
    top_k, confidence, random_state
        As in :class:`~sklearn_teanet.SpectrumIdentifier`.

    Returns
    -------
    identifier : SpectrumIdentifier
        Fitted on the library's spectra as ``(wavenumbers, intensities)`` pairs.
    facts : dict
        ``library`` (the path), ``grid``, ``n_spectra`` and ``n_classes``, to keep with the model.
    """
    data = read_dataset(library, label=label, classes=classes, wavenumber_range=wavenumber_range, n_points=n_points)
    grid = np.asarray(data.wavenumbers, dtype=float)
    if data.get("has_axis", True):
        model, X = library_model(classifier, grid), [(grid, row) for row in data.data]
    else:
        warnings.warn(
            f"{library}: the table's columns are not named by wavenumber, so the model compares spectra point by "
            f"point: unknowns must be tables of exactly {len(grid)} points in the same order, and spectrum "
            "files (which carry their own axis) cannot be identified. Name the columns by wavenumber.",
            UserWarning,
            stacklevel=2,
        )
        model, X = Pipeline([("normalize", SpectrumNormalizer("max")), ("classify", classifier)]), data.data
    identifier = SpectrumIdentifier(model, top_k=top_k, confidence=confidence, random_state=random_state)
    identifier.fit(X, np.asarray(data.target))
    facts = {"library": str(library), "grid": grid, "n_spectra": len(data.data), "n_classes": len(identifier.classes_)}
    return identifier, facts
