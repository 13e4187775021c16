"""Read a user's own spectra from CSV or NPZ: spectra as rows, one label per spectrum."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

__all__ = ["read_spectrum_table", "is_two_column_csv"]


def read_spectrum_table(
    path: str | os.PathLike,
    label: str = "label",
    groups: str | None = None,
    wavenumber_range: tuple[float, float] | None = None,
    require_label: bool = True,
) -> Bunch:
    """Read a table of spectra, one per row: a ``.csv`` or ``.npz`` file.

    CSV rules:

    - one spectrum per row, after a header row;
    - a column named ``label`` holds the class, read as text, verbatim
      (``01`` and ``1`` are two classes);
    - optionally a column named ``groups`` (the specimen or sample id);
    - every other column is one point of the spectrum. Either all of their
      names are numbers, the wavenumbers, or none is (the axis is then
      0, 1, 2, ...). A mix, a repeated name, an empty cell or a value that is
      not a finite number is an error that names the row and column.
      Columns out of order are sorted by wavenumber; an ascending or
      descending axis is kept as it is;
    - fields are separated by commas, or by semicolons or tabs, which the
      header row shows; with those, a decimal comma is read (``1,5`` is 1.5),
      as spreadsheets set to a decimal comma write it.

    NPZ: arrays ``X`` (n_spectra, n_points), ``y`` (n_spectra,) and optionally
    ``wavenumbers`` (n_points,); ``label`` names the label array instead of ``y``.
    A missing label (NaN or empty) is an error, and the axis follows the CSV rules.

    In both, a wavenumber that appears twice is an error naming both points.

    Parameters
    ----------
    path : path-like
        The file.
    label : str, default="label"
        Name of the label column (CSV) or array (NPZ; default there is ``y``).
    groups : str or None, default=None
        Name of a CSV column (or NPZ array) of group ids, such as the specimen
        a spectrum was measured on; returned as ``groups``.
    wavenumber_range : (float, float) or None, default=None
        Keep only the columns from ``low`` to ``high`` (cm-1); a range that
        holds none is an error.
    require_label : bool, default=True
        Whether a file without the label column (or array) is an error; with
        False, as for a table of unknown spectra, ``target`` is then None.

    Returns
    -------
    data : Bunch
        ``data``, ``target``, ``wavenumbers``, ``has_axis`` (False when the file names
        no wavenumbers and ``wavenumbers`` are the points 0, 1, 2, ...) and, with
        ``groups``, ``groups``.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"No such file: {path}")
    suffix = path.suffix.lower()
    if suffix == ".npz":
        data = _load_npz(path, "y" if label == "label" else label, groups, require_label)
    elif suffix == ".csv":
        data = _load_csv(path, label, groups, require_label)
    else:
        raise ValueError(f"{path}: expected a .csv or .npz file, got {suffix or 'no extension'!r}.")
    if wavenumber_range is not None:
        if not data.has_axis:
            raise ValueError(
                f"{path}: the columns are not named by wavenumber, so wavenumber_range={tuple(wavenumber_range)} "
                "cannot be cut from it; name the spectral columns by their wavenumbers."
            )
        low, high = (float(v) for v in wavenumber_range)
        keep = (data.wavenumbers >= low) & (data.wavenumbers <= high)
        if not keep.any():
            raise ValueError(
                f"{path}: no column lies in the wavenumber range {low:g} to {high:g} (the file's "
                f"columns run from {data.wavenumbers.min():g} to {data.wavenumbers.max():g})."
            )
        data.data, data.wavenumbers = data.data[:, keep], data.wavenumbers[keep]
    return data


def _load_npz(path: Path, label: str, groups: str | None = None, require_label: bool = True) -> Bunch:
    import zipfile

    try:
        archive = np.load(path, allow_pickle=False)
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise ValueError(
            f"{path}: not a readable NPZ archive (truncated or not made by numpy.savez): {error}"
        ) from None
    except ValueError:  # numpy's "pickled (object) data", with advice to load it unsafely, which we never take
        raise ValueError(
            f"{path}: not a readable NPZ archive (a text file, or arrays of Python objects, which are never "
            "loaded because loading them can run code)."
        ) from None
    if not hasattr(archive, "files"):
        raise ValueError(f"{path}: holds a single array; expected an NPZ archive with arrays X and y.")
    with archive:
        if not require_label and label not in archive:
            label = None
        missing = [name for name in ["X", label, groups] if name and name not in archive]
        if missing:
            raise ValueError(f"{path}: missing array(s) {missing}; found {sorted(archive.files)}.")
        try:
            X = archive["X"]
            y = archive[label] if label else None
            has_axis = "wavenumbers" in archive
            wavenumbers = archive["wavenumbers"] if has_axis else np.arange(X.shape[-1], dtype=float)
            group_ids = archive[groups] if groups else None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise ValueError(f"{path}: an array could not be read (truncated file?): {error}") from None
    if X.ndim != 2:
        raise ValueError(f"{path}: X must be 2-D (spectra as rows), got shape {X.shape}.")
    if not np.issubdtype(X.dtype, np.number):
        raise ValueError(f"{path}: X must be numeric, got dtype {X.dtype}.")
    if y is not None and y.shape != (X.shape[0],):
        raise ValueError(f"{path}: {label} has shape {y.shape}, but X has {X.shape[0]} rows.")
    if wavenumbers.shape != (X.shape[1],):
        raise ValueError(f"{path}: wavenumbers has {wavenumbers.size} values, but X has {X.shape[1]} columns.")
    if group_ids is not None and group_ids.shape != (X.shape[0],):
        raise ValueError(f"{path}: {groups} has shape {group_ids.shape}, but X has {X.shape[0]} rows.")
    bad = ~np.isfinite(X)
    if bad.any():
        row, col = (int(i[0]) for i in np.nonzero(bad))
        raise ValueError(f"{path}: X[{row}, {col}] is {X[row, col]}, not a finite number.")
    # A missing label would become a class of its own ("nan"), as an empty CSV cell would.
    missing = [] if y is None else np.flatnonzero(pd.isna(y) | (np.char.strip(y.astype(str)) == ""))
    if len(missing):
        value = y[missing[0]]
        shown = "NaN" if pd.isna(value) else repr(str(value))
        raise ValueError(f"{path}: {label}[{missing[0]}] is {shown}, a missing label.")
    if not np.issubdtype(wavenumbers.dtype, np.number) or not np.isfinite(wavenumbers).all():
        raise ValueError(f"{path}: wavenumbers must be finite numbers.")
    X, wavenumbers = _in_wavenumber_order(
        X.astype(float), wavenumbers.astype(float), path, [f"wavenumbers[{i}]" for i in range(len(wavenumbers))]
    )
    bunch = Bunch(data=X, target=y, wavenumbers=wavenumbers, has_axis=has_axis)
    if groups:
        bunch.groups = group_ids
    return bunch


def _in_wavenumber_order(X: np.ndarray, wavenumbers: np.ndarray, path, names) -> tuple[np.ndarray, np.ndarray]:
    """``X`` and its axis with the points in wavenumber order; a repeated wavenumber is an error naming both points.

    An ascending or descending axis is kept as it is. Points out of order would
    sit side by side in a convolution, so they are sorted.
    """
    order = np.argsort(wavenumbers, kind="stable")
    repeated = np.flatnonzero(np.diff(wavenumbers[order]) == 0)
    if repeated.size:
        first, second = sorted(order[repeated[0] : repeated[0] + 2])
        raise ValueError(
            f"{path}: wavenumber {wavenumbers[first]:g} appears twice ({names[first]} and {names[second]})."
        )
    steps = np.diff(wavenumbers)
    if (steps > 0).all() or (steps < 0).all():
        return X, wavenumbers
    return X[:, order], wavenumbers[order]


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if np.isfinite(value) else None


def _separator(first_line: str) -> str:
    """The field separator of a CSV file, from its first row."""
    # Spreadsheets set to a decimal comma write ";" between fields (and "400,5" as names); some write tabs.
    return ";" if ";" in first_line else "\t" if "\t" in first_line else ","


def is_two_column_csv(path: str | os.PathLike) -> bool:
    """Whether a CSV file is one spectrum (wavenumber, intensity), as instruments export, rather than a table."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        first = next((line for line in handle if line.strip()), "")
    sep = _separator(first)
    return len(first.strip().rstrip(sep).split(sep)) <= 2  # some exporters end every row with a separator


def _load_csv(path: Path, label: str, groups: str | None = None, require_label: bool = True) -> Bunch:
    """The CSV rules: see :func:`read_spectrum_table`."""
    import csv

    with open(path, newline="", encoding="utf-8-sig") as handle:
        first = handle.readline()
    sep = _separator(first)
    decimal = "," if sep != "," else "."
    header = next(csv.reader([first], delimiter=sep), None)
    if not header:
        raise ValueError(f"{path}: the file is empty; expected a header row and one spectrum per row.")
    # pandas would rename a repeated column "400" to "400.1", inventing a wavenumber.
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise ValueError(f"{path}: column name(s) {repeated} appear more than once in the header.")
    if label not in header and not require_label:
        label = None
    elif label not in header:
        more = "..." if len(header) > 8 else ""
        raise ValueError(f"{path}: no label column {label!r}; columns are {header[:8]}{more}.")
    if groups is not None and groups not in header:
        raise ValueError(f"{path}: no groups column {groups!r}; columns are {header[:8]}.")
    other_columns = [c for c in (label, groups) if c]
    named = [c for c in header if c not in other_columns]
    axis = [_number(c.replace(decimal, ".")) for c in named]
    numeric_names = [c for c, v in zip(named, axis) if v is not None]
    if numeric_names and len(numeric_names) < len(named):
        others = [c for c, v in zip(named, axis) if v is None]
        raise ValueError(
            f"{path}: column(s) {others[:5]} are "
            + (f"neither the label ({label!r}) nor" if label else "not")
            + " a wavenumber. "
            "Spectral columns are named by their wavenumber; pass groups=NAME for a specimen column, "
            "or remove other columns."
        )
    if not named:
        raise ValueError(f"{path}: no spectrum columns besides {other_columns}.")
    try:
        # Every cell as text: labels stay verbatim ("01" is not "1"), numbers are parsed below.
        frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.ParserError as error:
        # pandas reports rows with too many fields here ("Expected 5 fields in line 7, saw 6").
        raise ValueError(f"{path}: ragged rows: {error}") from None
    if len(frame) == 0:
        raise ValueError(f"{path}: the file has a header but no spectra.")
    for column in other_columns:
        empty = np.flatnonzero(frame[column].str.strip() == "")
        if empty.size:
            raise ValueError(f"{path}: row {empty[0] + 2} has an empty {column!r} cell.")
    points = frame[named]
    text = points.to_numpy()
    empty = text == ""
    if empty.any():
        row, col = (int(i[0]) for i in np.nonzero(empty))
        raise ValueError(f"{path}: row {row + 2}, column {named[col]!r} is empty (a ragged or incomplete row).")
    numeric = points.apply(
        lambda column: pd.to_numeric(column.str.replace(decimal, ".", regex=False), errors="coerce")
    ).to_numpy(dtype=float)
    bad = ~np.isfinite(numeric)
    if bad.any():
        row, col = (int(i[0]) for i in np.nonzero(bad))
        raise ValueError(
            f"{path}: value {text[row, col]!r} in row {row + 2}, column {named[col]!r} is not a finite number."
        )
    wavenumbers = np.array(axis, dtype=float) if numeric_names else np.arange(len(named), dtype=float)
    numeric, wavenumbers = _in_wavenumber_order(numeric, wavenumbers, path, [f"column {c!r}" for c in named])
    target = frame[label].to_numpy(dtype=object).astype(str) if label else None
    bunch = Bunch(data=numeric, target=target, wavenumbers=wavenumbers, has_axis=bool(numeric_names))
    if groups is not None:
        bunch.groups = frame[groups].to_numpy(dtype=object).astype(str)
    return bunch
