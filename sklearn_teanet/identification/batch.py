"""The everyday job: identify a batch of unknown files against a fitted identifier, write the hit lists."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..data import read_unknowns
from ..data.folders import coverage
from ..utils._atomic import replace_each
from .explain import explained_wavenumbers

__all__ = ["IdentificationRun", "identify_files"]


@dataclass
class IdentificationRun:
    """What :func:`identify_files` found.

    Attributes
    ----------
    hits : DataFrame
        The hit lists of every spectrum read (see :meth:`~sklearn_teanet.SpectrumIdentifier.identify`), with
        ``coverage``: the share of the model's range the spectrum covers.
    failures : list of (str, str)
        Files (or spectra) that could not be identified, with the reason.
    notes : list of str
        What the user should know about spectra that were identified (partial coverage).
    """

    hits: pd.DataFrame
    failures: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def model_grid(identifier) -> np.ndarray:
    """The wavenumbers a fitted identifier compares spectra on: its resampler's grid, else 0, 1, 2, ..."""
    grid = explained_wavenumbers(identifier.estimator_)
    return np.arange(identifier.n_features_in_, dtype=float) if grid is None else grid


def identify_files(
    identifier, paths, out: str | os.PathLike | None = None, top_k: int | None = None, plots: bool = True, progress=None
) -> IdentificationRun:
    """Read unknown spectra from files or folders and identify each against a fitted identifier.

    Parameters
    ----------
    identifier : fitted SpectrumIdentifier
        A model whose pipeline takes ``(wavenumbers, intensities)`` pairs (as
        ``train_identifier`` builds it).
    paths : iterable of path-like
        Spectrum files, tables, or folders of them (see :func:`~sklearn_teanet.data.read_unknowns`).
    out : path-like or None, default=None
        Folder for ``hits.csv`` and, with ``plots``, a PNG per spectrum; None writes nothing.
    top_k : int or None, default=None
        Candidates per spectrum; None is the identifier's own.
    plots : bool, default=True
        Draw a figure per spectrum into ``out`` (needs matplotlib).
    progress : callable or None, default=None
        Wraps the iterable of spectra (e.g. ``tqdm``).

    Returns
    -------
    run : IdentificationRun
    """
    if out is not None:
        out = Path(out)
        if out.exists() and not out.is_dir():
            raise ValueError(f"--out {out} is a file; pass a folder for hits.csv and the figures.")
    grid = model_grid(identifier)
    spectra, failures = read_unknowns(paths)
    run = IdentificationRun(hits=pd.DataFrame(), failures=failures)
    # How the model's resampler fills an unmeasured part.
    resampler = identifier.estimator_[0] if hasattr(identifier.estimator_, "steps") else None
    fill = {"edge": "the nearest measured value", "zero": "zeros"}.get(getattr(resampler, "outside", ""), "")
    kept = []
    for name, w, v in spectra:
        covered = coverage(w, grid[0], grid[-1])
        if covered == 0:
            failures.append(
                (
                    name,
                    f"measured from {w.min():g} to {w.max():g} cm-1, outside the library's {grid[0]:g} to {grid[-1]:g}",
                )
            )
            continue
        if covered < 0.999 and fill:
            run.notes.append(f"{name} covers {covered:.0%} of the library's range; the rest is filled with {fill}.")
        kept.append((name, w, v, covered))
    if out is not None and kept:
        out.mkdir(parents=True, exist_ok=True)
    frames = []
    for name, w, v, covered in (progress or iter)(kept):
        with warnings.catch_warnings():  # the resampler's warning of a partial spectrum: a note above
            warnings.filterwarnings("ignore", message=".*do not cover the whole grid", category=UserWarning)
            hits = identifier.identify([(w, v)], top_k=top_k, names=[name]).assign(coverage=round(covered, 3))
        frames.append(hits)
        if plots and out is not None:
            try:
                from .figures import plot_identification

                stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
                plot_identification(identifier, name, (w, v), hits, out / f"{stem}.png")
            except ImportError:
                plots = False
                run.notes.append("matplotlib is not installed: no figures.")
    if frames:
        run.hits = pd.concat(frames, ignore_index=True)
        if out is not None:
            table = run.hits.rename(columns={"hqi": "correlation"})
            replace_each(out, {"hits.csv": lambda path: table.to_csv(path, index=False)})
    return run
