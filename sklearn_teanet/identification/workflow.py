"""The everyday job on the command line: train a model on a library, identify unknown files."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from ..utils._atomic import save_figure
from ..data import SpectrumNormalizer, SpectrumResampler, load_spectra, read_spectra
from ..data.formats import SUFFIXES, parse_spectrum
from ..data.rruff import RRUFFFormatError
from ..data.tables import is_two_column_csv

__all__ = ["library_model", "read_library", "read_unknowns", "coverage", "plot_identification"]


def read_library(path: str | os.PathLike, classes=None, wavenumber_range=None, n_points: int = 1024,
                 label: str = "label"):
    """Spectra and substances of a library: a folder or zip of spectrum files, a CSV or an NPZ file.

    The files of a folder or zip may be RRUFF, JCAMP-DX or two-column text, mixed
    (see :func:`~sklearn_teanet.read_spectra`), each on its own axis.

    Returns
    -------
    X : ndarray of shape (n_spectra, n_points)
    y : ndarray of shape (n_spectra,)
    wavenumbers : ndarray of shape (n_points,)
    """
    path = Path(path)
    if path.suffix.lower() == ".csv" and path.is_file() and is_two_column_csv(path):
        raise ValueError(f"{path} holds one spectrum (two columns). A library is a folder or zip of spectrum files, "
                         f"or a table with a {label!r} column and one spectrum per row.")
    if path.suffix.lower() in (".csv", ".npz"):
        data = load_spectra(path, label=label, wavenumber_range=wavenumber_range)
        return data.data, np.asarray(data.target), data.wavenumbers
    data = read_spectra(path, wavenumber_range=wavenumber_range, classes=classes, n_points=n_points)
    return data.data, np.asarray(data.target), data.wavenumbers


def library_model(classifier, wavenumbers) -> Pipeline:
    """The model the command trains: resample onto the library's grid, max-normalise, classify.

    It takes spectra as ``(wavenumbers, intensities)`` pairs, each on its own
    axis, so unknowns from any instrument go in as they were measured.
    """
    return Pipeline([
        ("resample", SpectrumResampler(grid=np.asarray(wavenumbers, dtype=float))),
        ("normalize", SpectrumNormalizer("max")),
        ("classify", classifier),
    ])


def _pairs_of_table(path: Path) -> list[tuple[str, np.ndarray, np.ndarray]]:
    data = load_spectra(path, require_label=False)  # unknowns need no label column
    return [(f"{path.name}[{i}]", data.wavenumbers, row) for i, row in enumerate(data.data)]


_UNKNOWN_SUFFIXES = SUFFIXES + (".npz",)


def _unknown_files(paths) -> list[tuple[Path, str]]:
    """Each path to read with the name it is reported by; a folder stands for its spectrum files, named inside it."""
    files = []
    for path in map(Path, paths):
        if not path.is_dir():
            files.append((path, path.name))
            continue
        inside = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in _UNKNOWN_SUFFIXES)
        files += [(f, f.relative_to(path).as_posix()) for f in inside] or [(path, path.name)]  # empty: an error
    return files


def read_unknowns(paths) -> tuple[list[tuple[str, np.ndarray, np.ndarray]], list[tuple[str, str]]]:
    """Read unknown spectra from files of any supported format, or folders of them, each on its own axis.

    A ``.npz`` or ``.csv`` table gives one spectrum per row (see
    :func:`~sklearn_teanet.data.load_spectra`; a label column is not needed);
    any other supported file (RRUFF, JCAMP-DX, two-column text, a two-column
    ``.csv`` as instruments export) gives one, recognised by content. A
    folder gives the spectra of its files with those endings (subfolders
    included), each named by its path inside the folder.

    Returns
    -------
    spectra : list of (name, wavenumbers, intensities)
    failures : list of (file, message)
        Files that could not be read; the others are still returned.
    """
    spectra, failures = [], []
    for path, name in _unknown_files(paths):
        try:
            if path.is_dir():
                raise ValueError(f"no spectrum files ({', '.join(_UNKNOWN_SUFFIXES)}) in the folder")
            if not path.is_file():
                raise ValueError("no such file")
            if path.stat().st_size == 0:
                raise ValueError("the file is empty")
            suffix = path.suffix.lower()
            if suffix == ".npz" or (suffix == ".csv" and not is_two_column_csv(path)):
                spectra += _pairs_of_table(path)
            elif suffix in SUFFIXES:
                _, w, v = parse_spectrum(path.read_bytes(), source=str(path))
                spectra.append((name, w, v))
            else:
                raise ValueError(f"unknown file format {suffix or '(no extension)'!r}; expected one of "
                                 f"{', '.join(_UNKNOWN_SUFFIXES)}")
        except (ValueError, RRUFFFormatError, OSError) as error:
            failures.append((str(path), str(error)))
    return spectra, failures


def coverage(wavenumbers: np.ndarray, grid: np.ndarray) -> float:
    """Share of the grid's range that a spectrum's axis covers."""
    low, high = max(wavenumbers.min(), grid[0]), min(wavenumbers.max(), grid[-1])
    return max(0.0, high - low) / (grid[-1] - grid[0])


def plot_identification(identifier, name: str, spectrum, hits: pd.DataFrame, library_X, library_y,
                        path: str | os.PathLike) -> None:
    """One PNG: the unknown over its top hits' best library spectra, and the model's response below."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .explain import explain, explained_wavenumbers

    model = identifier.estimator_
    grid = explained_wavenumbers(model)
    unknown = model[:-1].transform([spectrum])[0]
    library = model[:-1].transform([(grid, row) for row in library_X])  # the library is stored on the grid
    neural = hasattr(model[-1], "explain")
    fig, axes = plt.subplots(2 if neural else 1, 1, figsize=(8, 5 if neural else 3), sharex=True, squeeze=False)
    top = axes[0, 0]
    top.plot(grid, unknown, color="black", lw=1.2, label=f"{name} (unknown)")
    for k, (_, hit) in enumerate(hits.iterrows()):
        members = np.flatnonzero(np.asarray(library_y) == hit["class"])
        if not members.size:
            continue
        r = [np.corrcoef(unknown, library[m])[0, 1] for m in members]
        best = library[members[int(np.nanargmax(r))]]
        # Offset below the unknown, so that every hit can be compared with it by eye.
        top.plot(grid, best - 0.4 * (k + 1), lw=0.9, label=f"{hit['rank']}. {hit['class']} (HQI {hit['hqi']:.3f})")
    verdict = "no match" if hits["no_match"].iloc[0] else f"best: {hits['class'].iloc[0]}"
    top.set_title(f"{name}: {verdict}")
    top.legend(fontsize=7, loc="upper right")
    top.set_yticks([])
    if neural:
        response = explain(model, [spectrum], target=hits["class"].iloc[0])[0]
        axes[1, 0].fill_between(grid, response, color="tab:red", alpha=0.6)
        axes[1, 0].set_ylabel("response")
        axes[1, 0].set_yticks([])
    axes[-1, 0].set_xlabel("wavenumber (cm$^{-1}$)")
    fig.tight_layout()
    save_figure(fig, path, dpi=110)
    plt.close(fig)
