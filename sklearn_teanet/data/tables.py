"""Read a user's own spectra from CSV or NPZ: spectra as rows, one label per spectrum."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

__all__ = ["load_spectra"]


def load_spectra(path: str | os.PathLike, label: str = "label") -> Bunch:
    """Load spectra from a ``.csv`` or ``.npz`` file.

    CSV: one spectrum per row, a column named ``label`` with the class, and one
    column per point. If every point column's name is a number, those numbers are
    the wavenumbers. Other non-numeric columns are an error, named.

    NPZ: arrays ``X`` (n_spectra, n_points), ``y`` (n_spectra,) and optionally
    ``wavenumbers`` (n_points,); ``label`` names the label array instead of ``y``.

    Parameters
    ----------
    path : path-like
        The file.
    label : str, default="label"
        Name of the label column (CSV) or array (NPZ; default there is ``y``).

    Returns
    -------
    data : Bunch
        ``data``, ``target``, ``wavenumbers``.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"No such file: {path}")
    suffix = path.suffix.lower()
    if suffix == ".npz":
        return _load_npz(path, "y" if label == "label" else label)
    if suffix == ".csv":
        return _load_csv(path, label)
    raise ValueError(f"{path}: expected a .csv or .npz file, got {suffix or 'no extension'!r}.")


def _load_npz(path: Path, label: str) -> Bunch:
    with np.load(path, allow_pickle=False) as archive:
        missing = [name for name in ("X", label) if name not in archive]
        if missing:
            raise ValueError(f"{path}: missing array(s) {missing}; found {sorted(archive.files)}.")
        X = archive["X"]
        y = archive[label]
        wavenumbers = archive["wavenumbers"] if "wavenumbers" in archive else np.arange(X.shape[-1], dtype=float)
    if X.ndim != 2:
        raise ValueError(f"{path}: X must be 2-D (spectra as rows), got shape {X.shape}.")
    if not np.issubdtype(X.dtype, np.number):
        raise ValueError(f"{path}: X must be numeric, got dtype {X.dtype}.")
    if y.shape != (X.shape[0],):
        raise ValueError(f"{path}: {label} has shape {y.shape}, but X has {X.shape[0]} rows.")
    if wavenumbers.shape != (X.shape[1],):
        raise ValueError(f"{path}: wavenumbers has {wavenumbers.size} values, but X has {X.shape[1]} columns.")
    return Bunch(data=X.astype(float), target=y, wavenumbers=wavenumbers.astype(float))


def _load_csv(path: Path, label: str) -> Bunch:
    try:
        frame = pd.read_csv(path)
    except pd.errors.ParserError as error:
        # pandas reports rows with too many fields here ("Expected 5 fields in line 7, saw 6").
        raise ValueError(f"{path}: ragged rows: {error}") from None
    if label not in frame.columns:
        raise ValueError(f"{path}: no label column {label!r}; columns are {list(frame.columns)[:8]}...")
    points = frame.drop(columns=[label])
    if points.shape[1] == 0:
        raise ValueError(f"{path}: no spectrum columns besides {label!r}.")
    short = points.isna().any(axis=1)
    if short.any():
        row = int(np.flatnonzero(short)[0])
        raise ValueError(f"{path}: row {row + 2} (data row {row + 1}) has missing values: ragged or empty cells.")
    numeric = points.apply(pd.to_numeric, errors="coerce")
    bad = numeric.isna() & points.notna()
    if bad.any().any():
        row, col = (int(i[0]) for i in np.nonzero(bad.to_numpy()))
        raise ValueError(
            f"{path}: non-numeric value {points.iat[row, col]!r} in row {row + 2}, column {points.columns[col]!r}."
        )
    try:
        wavenumbers = np.array([float(c) for c in points.columns])
    except ValueError:
        wavenumbers = np.arange(points.shape[1], dtype=float)
    return Bunch(data=numeric.to_numpy(dtype=float), target=frame[label].to_numpy(), wavenumbers=wavenumbers)
