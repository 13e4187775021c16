"""One way in: labelled spectra (a library, a data set) or unknowns, from any file, folder or zip the package reads.

Every reader of the package is reached from here by what a path is:

==============================  ======================================================
a folder or a ``.zip``          :func:`~sklearn_teanet.data.read_spectra` (its files)
a ``.npz``, or a ``.csv`` table  :func:`~sklearn_teanet.data.read_spectrum_table`
any other spectrum file         :func:`~sklearn_teanet.data.parse_spectrum` (one spectrum)
==============================  ======================================================
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch

from .folders import read_spectra
from .formats import SUFFIXES, parse_spectrum
from .specimens import specimen_groups
from .tables import is_two_column_csv, read_spectrum_table

__all__ = ["source_kind", "read_dataset", "read_unknowns", "file_groups", "UNKNOWN_SUFFIXES"]

#: File endings ``read_unknowns`` reads, in a folder too.
UNKNOWN_SUFFIXES = SUFFIXES + (".npz",)


def source_kind(path: str | os.PathLike) -> str:
    """What a path holds: ``"collection"`` (a folder or zip of files), ``"table"`` or ``"spectrum"`` (one file).

    Raises
    ------
    FileNotFoundError, ValueError
        For a path that does not exist, an empty file, or an ending no reader takes.
    """
    path = Path(path)
    if path.is_dir() or (path.is_file() and path.suffix.lower() == ".zip"):
        return "collection"
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    if path.stat().st_size == 0:
        raise ValueError(f"{path}: the file is empty")
    suffix = path.suffix.lower()
    if suffix == ".npz" or (suffix == ".csv" and not is_two_column_csv(path)):
        return "table"
    if suffix in SUFFIXES:
        return "spectrum"
    raise ValueError(
        f"{path}: unknown file format {suffix or '(no extension)'!r}; expected a folder, a .zip, "
        f"or one of {', '.join(UNKNOWN_SUFFIXES)}"
    )


def read_dataset(
    path: str | os.PathLike,
    *,
    label: str = "label",
    groups: str | None = None,
    wavenumber_range: tuple[float, float] | None = None,
    classes=None,
    n_points: int = 1024,
    outside: str = "zero",
) -> Bunch:
    """Read labelled spectra, a library or a data set, from a folder, a zip or a table.

    Parameters
    ----------
    path : path-like
        A folder or zip of spectrum files (RRUFF, JCAMP-DX, two-column text;
        classes from their names), or a ``.csv`` / ``.npz`` table with a
        label column.
    label : str, default="label"
        Label column (CSV) or array (NPZ) of a table.
    groups : str or None, default=None
        Of a table, the column (or array) of specimen ids. Of files, "none"
        turns off the grouping by RRUFF id that is otherwise made (a file
        without an id is a specimen of its own).
    wavenumber_range : (float, float), "union" or None, default=None
        Keep this range (cm-1). Of files, None is the range they all share
        and "union" the range any of them covers (the rest of each is filled).
    classes : path, sequence of str or None, default=None
        Of files, the class names to keep.
    n_points : int, default=1024
        Of files, the points of the common grid.
    outside : {"zero", "edge"}, default="zero"
        Of files, what fills the part of the grid a spectrum does not cover.

    Returns
    -------
    data : Bunch
        ``data`` (n_spectra, n_points), ``target``, ``wavenumbers``, ``groups``
        (specimen ids, or None), and for files ``frame`` (one row per file).
    """
    kind = source_kind(path)
    if kind == "spectrum":
        raise ValueError(
            f"{path} holds one spectrum (two columns). A library or data set is a folder or zip of spectrum files, "
            f"or a table with a {label!r} column and one spectrum per row."
        )
    if kind == "table":
        data = read_spectrum_table(
            path,
            label=label,
            groups=None if groups in (None, "none") else groups,
            wavenumber_range=None if isinstance(wavenumber_range, str) else wavenumber_range,  # "union": all of it
        )
        data.setdefault("groups", None)
        return data
    data = read_spectra(path, wavenumber_range=wavenumber_range, classes=classes, n_points=n_points, outside=outside)
    data.groups = None if groups == "none" else file_groups(data)
    return data


def file_groups(data: Bunch) -> np.ndarray | None:
    """Specimen groups of spectra read from files: their RRUFF ids (a file without one is a specimen of its own).

    A specimen's spectra never sit on both sides of a split. None when no file has an id.

    Parameters
    ----------
    data : Bunch
        As :func:`~sklearn_teanet.data.read_spectra` or :func:`~sklearn_teanet.load_rruff` return it.

    Returns
    -------
    groups : ndarray of str or None
    """
    ids = data.frame["rruff_id"].to_numpy(dtype=str)
    if not (ids != "").any():
        return None
    return specimen_groups(np.where(ids == "", data.frame["file"].to_numpy(dtype=str), ids), data.target)


def _walk(folder: Path):
    """Every entry below ``folder``, linked folders followed once each (a link back up is no endless loop)."""
    seen = set()
    for root, folders, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            folders.clear()
            continue
        seen.add(real)
        yield from (Path(root) / name for name in files)


def _files(paths: Iterable) -> list[tuple[Path, str]]:
    """Each file to read with the name it is reported by, unique in the batch.

    A folder stands for its spectrum files (subfolders included). One folder's
    files are named by their path inside it; with several inputs, every file
    is named by its path from the inputs' common folder, so ``a/x.txt`` and
    ``b/x.txt`` stay apart. A name given twice gets ``#2``.
    """
    paths = [Path(p) for p in paths]
    found = []
    for path in paths:
        if not path.is_dir():
            found.append((path, path.name))
            continue
        # A broken link is listed too, so that its failure is reported rather than the file silently missing.
        inside = sorted(
            f for f in _walk(path) if (f.is_file() or f.is_symlink()) and f.suffix.lower() in UNKNOWN_SUFFIXES
        )
        found += [(f, f.relative_to(path).as_posix()) for f in inside] or [(path, path.name)]  # empty: an error
    if len(paths) > 1:
        # Named by where they were found, not where links lead (a linked folder may point anywhere).
        parents = [Path(os.path.abspath(p)).parent for p in paths]
        common = Path(os.path.commonpath(parents)) if len({p.anchor for p in parents}) == 1 else None
        if common is not None:
            found = [(f, Path(os.path.relpath(os.path.abspath(f), common)).as_posix()) for f, _ in found]
    named, seen = [], {}
    for f, name in found:
        seen[name] = seen.get(name, 0) + 1
        named.append((f, name if seen[name] == 1 else f"{name}#{seen[name]}"))
    return named


def read_unknowns(paths: Iterable) -> tuple[list[tuple[str, np.ndarray | None, np.ndarray]], list[tuple[str, str]]]:
    """Read unknown spectra from files of any supported format, or folders of them, each on its own axis.

    A ``.npz`` or ``.csv`` table gives one spectrum per row (a label column is
    not needed); any other supported file (RRUFF, JCAMP-DX, two-column text, a
    two-column ``.csv`` as instruments export) gives one, recognised by content.
    A folder gives the spectra of its files with those endings (subfolders
    included). Every spectrum has a name of its own (see above).

    Parameters
    ----------
    paths : iterable of path-like
        Files and folders.

    Returns
    -------
    spectra : list of (name, wavenumbers, intensities)
        ``wavenumbers`` is None for a row of a table whose columns are not
        named by wavenumber: its points have no axis.
    failures : list of (file, message)
        Files that could not be read, by the name their spectrum would have had; the others are still returned.
    """
    spectra, failures = [], []
    for name, w, v, error in iter_unknowns(paths):
        if error is None:
            spectra.append((name, w, v))
        else:
            failures.append((name, error))
    return spectra, failures


def iter_unknowns(paths: Iterable) -> Iterator[tuple[str, np.ndarray | None, np.ndarray | None, str | None]]:
    """:func:`read_unknowns` one spectrum at a time, for batches too large to hold: ``(name, wavenumbers,
    intensities, None)`` for a spectrum, ``(name, None, None, message)`` for a file that could not be read."""
    for path, name in _files(paths):
        try:
            if path.is_symlink() and not path.exists():
                raise ValueError(f"a broken link (to {os.readlink(path)}): no file to read")
            if path.is_dir():
                raise ValueError(f"no spectrum files ({', '.join(UNKNOWN_SUFFIXES)}) in the folder")
            kind = source_kind(path)
            if kind == "collection":
                raise ValueError("a zip of spectra; unpack it and pass the folder")
            if kind == "table":
                table = read_spectrum_table(path, require_label=False)  # unknowns need no label column
                axis = table.wavenumbers if table.has_axis else None
                rows = [(f"{name}[{i}]", axis, row, None) for i, row in enumerate(table.data)]
            else:
                _, w, v = parse_spectrum(path.read_bytes(), source=str(path))
                rows = [(name, w, v, None)]
        except (ValueError, OSError) as error:
            rows = [(name, None, None, str(error))]  # named as its spectra would be
        yield from rows
