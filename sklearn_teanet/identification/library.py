"""A library becomes a model: read it, put it on one grid, preprocess it, fit a classifier, calibrate "no match"."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np
from sklearn.pipeline import Pipeline

from ..data import read_dataset
from ..preprocessing import (
    BaselineCorrector,
    DerivativeViews,
    Despiker,
    PartialCoverageWarning,
    SavitzkyGolay,
    SpectrumNormalizer,
    SpectrumResampler,
    WavenumberRanges,
)
from .identifier import SpectrumIdentifier
from .library_index import technique_of

__all__ = ["library_model", "train_identifier", "DEFAULT_PREPROCESSING"]

#: What train applies unless told otherwise. ``derivative="auto"``: the library search (correlation) compares the
#: first and second derivatives side by side (Savitzky-Golay over 11 and 15 points; DerivativeViews); any other
#: classifier takes the first derivative. On RRUFF_IR the first derivative raised the top-1 of new specimens of
#: library minerals from 78.5 to 84.4 % and made a sloped baseline harmless; the two views raise the AUROC of known
#: against absent substances by about 2 points (benchmarks/README.md, "Identification" and "Two derivatives side by
#: side"). Despiking is "auto": on for a Raman library, whose detectors record cosmic rays; off for infrared, where
#: it cost 0.8 points of top-1 on clean spectra (benchmarks/bench_despike.py).
DEFAULT_PREPROCESSING = {"despike": "auto", "baseline": None, "smooth": 0, "derivative": "auto", "ranges": None}


def library_model(
    classifier,
    wavenumbers,
    *,
    despike: bool = False,
    baseline: str | None = None,
    smooth: int = 0,
    derivative: int | tuple[int, ...] | str = "auto",
    ranges=None,
) -> Pipeline:
    """The model train builds: resample onto the library's grid, preprocess, max-normalise, classify.

    It takes spectra as ``(wavenumbers, intensities)`` pairs, each on its own
    axis, so unknowns from any instrument go in as they were measured; every
    step is saved with the model and applied to unknowns alike.

    Parameters
    ----------
    classifier : classifier
        The final step.
    wavenumbers : array-like of shape (n_points,)
        The library's grid.
    despike : bool, default=False
        Remove cosmic-ray spikes first (:class:`~sklearn_teanet.Despiker`; Raman).
    baseline : str or None, default=None
        A :class:`~sklearn_teanet.BaselineCorrector` method (e.g. "asls"), or None.
    smooth : int, default=0
        Savitzky-Golay window (odd, points) of the smoothing or derivatives; 0 takes 11 for a derivative
        (15 for a second derivative beside another) and smooths nothing otherwise.
    derivative : {0, 1, 2}, tuple of them, or "auto", default="auto"
        Compare derivatives: they ignore offsets and slopes, and sharpen bands.
        A tuple, such as ``(1, 2)``, compares those derivatives side by side
        (:class:`~sklearn_teanet.DerivativeViews`); "auto" is ``(1, 2)`` for the
        library search (:class:`~sklearn_teanet.CorrelationClassifier`) and 1 for
        any other classifier.
    ranges : sequence of (float, float) or None, default=None
        Keep only these wavenumber ranges (cm-1), after the rest, e.g. to drop
        an ATR crystal's or CO2's region.

    Returns
    -------
    model : Pipeline
    """
    steps = [("resample", SpectrumResampler(grid=np.asarray(wavenumbers, dtype=float)))]
    if despike:
        steps.append(("despike", Despiker()))
    if baseline:
        steps.append(("baseline", BaselineCorrector(baseline)))
    views = _views(derivative, classifier)
    if len(views) > 1:  # a second derivative is smoothed over 15 points unless told (DerivativeViews)
        windows = smooth or tuple(15 if d == 2 else 11 for d in views)
        steps.append(("views", DerivativeViews(views, window_length=windows)))
    elif views[0] or smooth:
        steps.append(("savgol", SavitzkyGolay(window_length=smooth or 11, polyorder=max(2, views[0]), deriv=views[0])))
    steps.append(("normalize", SpectrumNormalizer("max")))
    if ranges:
        steps.append(("ranges", WavenumberRanges([tuple(r) for r in ranges])))
    return Pipeline([*steps, ("classify", classifier)])


def _views(derivative, classifier) -> tuple[int, ...]:
    """The derivative orders a model compares: ``derivative`` resolved and checked."""
    from ..baselines import CorrelationClassifier

    if isinstance(derivative, str):
        if derivative != "auto":
            raise ValueError(f"derivative must be 0, 1, 2, a tuple of them or 'auto', got {derivative!r}.")
        search = isinstance(getattr(classifier, "estimator", classifier), CorrelationClassifier)  # alone or wrapped
        return (1, 2) if search else (1,)
    views = tuple(derivative) if isinstance(derivative, (tuple, list)) else (derivative,)
    if not views or any(d not in (0, 1, 2) or isinstance(d, bool) for d in views) or len(set(views)) < len(views):
        raise ValueError(f"derivative must be 0, 1, 2 or a tuple of distinct ones, got {derivative!r}.")
    if len(views) > 1 and hasattr(classifier, "explain"):
        # A network would read the views as one spectrum across their join, and its Grad-CAM would have no axis.
        raise ValueError(
            f"derivative={derivative!r} puts derivatives side by side for the library search; a network takes "
            "one derivative here, and its own two views with make_method('cnn_spectrum_d2')."
        )
    return views


def _compared(model) -> str:
    """What a fitted model compares, in words for train's output: the derivatives and their windows."""
    steps = dict(model.steps)
    ordinal = {0: "zeroth", 1: "first", 2: "second"}
    if "views" in steps:
        views = steps["views"]
        orders = " and ".join(ordinal[d] for d in views.derivatives)
        windows = " and ".join(str(f.window_length) for f in views.filters_)
        return f"{orders} derivatives side by side (Savitzky-Golay, {windows} points)"
    if "savgol" in steps:
        step = steps["savgol"]
        what = f"{ordinal[step.deriv]} derivatives" if step.deriv else "the smoothed spectra"
        return f"{what} (Savitzky-Golay, {step.window_length} points)"
    return "the spectra as measured"


def _names(data, library) -> list[str]:
    """Each library spectrum's name, as hits report it: its file (inside the folder or zip), or its table row."""
    if "frame" in data:
        return [Path(str(f).split(":")[-1]).name for f in data.frame["file"]]
    return [f"{Path(library).name}[{i}]" for i in range(len(data.data))]


def _as_measured(data, grid: np.ndarray) -> list:
    """Each library spectrum on the grid, where it was measured: the model fills the rest, and knows it is filled."""
    frame = data.get("frame")
    if frame is None or "measured_from" not in frame:
        return [(grid, row) for row in data.data]
    spans = zip(frame["measured_from"].to_numpy(float), frame["measured_to"].to_numpy(float))
    inside = [(grid >= low - 1e-9) & (grid <= high + 1e-9) for low, high in spans]
    return [(grid[m], row[m]) if m.sum() >= 2 else (grid, row) for row, m in zip(data.data, inside)]


def train_identifier(
    library: str | os.PathLike,
    classifier,
    *,
    classes=None,
    wavenumber_range=None,
    n_points: int = 1024,
    label: str = "label",
    groups: str | None = None,
    preprocessing: dict | None = None,
    **params,
) -> tuple[SpectrumIdentifier, dict]:
    """Read a library and fit a :class:`~sklearn_teanet.SpectrumIdentifier` on it, what ``sklearn-teanet train`` does.

    Parameters
    ----------
    library : path-like
        A folder or zip of spectrum files, or a ``.csv`` / ``.npz`` table (see
        :func:`~sklearn_teanet.read_dataset`).
    classifier : classifier
        The model's final step, e.g. ``make_method("correlation")``.
    classes, wavenumber_range, n_points, label, groups
        As in :func:`~sklearn_teanet.read_dataset`, but files keep the union of
        their ranges unless told a ``wavenumber_range``; they are grouped by the
        RRUFF id in their names (each file without one is a specimen of its
        own), a table by its ``groups`` column; "no match" is calibrated on
        whole specimens held out.
    preprocessing : dict or None, default=None
        Keywords of :func:`library_model`; None is ``DEFAULT_PREPROCESSING``.
    **params
        Parameters of :class:`~sklearn_teanet.SpectrumIdentifier` (``top_k``,
        ``confidence``, ``max_shift``, ``shift_search``, ``technique``,
        ``min_hqi``, ``random_state``, ...).

    Returns
    -------
    identifier : SpectrumIdentifier
        Fitted on the library's spectra as ``(wavenumbers, intensities)`` pairs.
    facts : dict
        ``library`` (the path), ``grid``, ``n_spectra``, ``n_classes``, ``n_specimens``,
        ``n_partial`` (spectra that cover part of the grid),
        ``known_rejection`` and ``foreign_rejection`` (the identifier's
        estimates), to report and keep with the model, and ``compared`` (what
        the model compares, in words).
    """
    # Padded as unknowns will be: with edge values, not zeros (a zero step that no unknown has). Every file's range
    # is kept: spectra are compared on what both measured, so a short file narrows only its own comparisons.
    data = read_dataset(
        library,
        label=label,
        groups=groups,
        classes=classes,
        wavenumber_range="union" if wavenumber_range is None else wavenumber_range,
        n_points=n_points,
        outside="edge",
    )
    grid = np.asarray(data.wavenumbers, dtype=float)
    settings = {**DEFAULT_PREPROCESSING, **(preprocessing or {})}
    if isinstance(settings["despike"], str):  # "auto", "on", "off"
        technique = params.get("technique", "auto")
        raman = (technique if technique != "auto" else technique_of(_names(data, library))) == "raman"
        settings["despike"] = {"on": True, "off": False}.get(settings["despike"], raman)
    if data.get("has_axis", True):
        model, X = library_model(classifier, grid, **settings), _as_measured(data, grid)
    else:
        warnings.warn(
            f"{library}: the table's columns are not named by wavenumber, so the model compares spectra point by "
            f"point: unknowns must be tables of exactly {len(grid)} points in the same order, and spectrum "
            "files (which carry their own axis) cannot be identified. Name the columns by wavenumber.",
            UserWarning,
            stacklevel=2,
        )
        model, X = Pipeline([("normalize", SpectrumNormalizer("max")), ("classify", classifier)]), data.data
    identifier = SpectrumIdentifier(model, **params)
    with warnings.catch_warnings():
        # Files shorter than the union of ranges are compared where they were measured: said once, below, not
        # once per step of the model and with row numbers for names.
        warnings.simplefilter("ignore", PartialCoverageWarning)
        identifier.fit(X, np.asarray(data.target), names=_names(data, library), groups=data.get("groups"))
    masks = identifier.library_masks_
    facts = {
        "library": str(library),
        "grid": grid,
        "n_spectra": len(data.data),
        "n_classes": len(identifier.classes_),
        "n_specimens": identifier.n_specimens_,
        "despiked": bool(settings["despike"]) and data.get("has_axis", True),
        "compared": _compared(identifier.estimator_),
        "n_partial": 0 if masks is None else int((~masks.all(axis=1)).sum()),
        "known_rejection": identifier.known_rejection_,
        "foreign_rejection": identifier.foreign_rejection_,
    }
    return identifier, facts
