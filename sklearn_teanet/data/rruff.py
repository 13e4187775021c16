"""Read RRUFF spectrum files (infrared or Raman, processed or raw), from a folder or a zip.

The RRUFF data are (c) the RRUFF Project; cite Lafuente, Downs, Yang and Stone (2015),
"The power of databases: the RRUFF project".
"""

from __future__ import annotations

import os
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

from .resampling import SpectrumNormalizer, SpectrumResampler

__all__ = [
    "RRUFFFormatError",
    "MID_IR_RANGE",
    "class_name",
    "parse_rruff",
    "read_rruff_files",
    "load_rruff",
    "load_rruff_ir_paper",
    "records_to_bunch",
]

_SEPARATOR = re.compile(r"[,;\s]+")

# Metadata columns of the frame, from the ##KEY=value headers.
_HEADER_COLUMNS = {
    "RRUFFID": "rruff_id",
    "NAMES": "name",
    "IDEAL CHEMISTRY": "ideal_chemistry",
    "LOCALITY": "locality",
    "SOURCE": "source",
    "DESCRIPTION": "description",
}


class RRUFFFormatError(ValueError):
    """A RRUFF file that cannot be read; the message names the file and the line."""


def parse_rruff(text: str | bytes, source: str = "<string>") -> tuple[dict, np.ndarray, np.ndarray]:
    """Parse one RRUFF spectrum file.

    It accepts ``##KEY=value`` headers, ``wavenumber, intensity`` rows separated by
    commas or white space, a byte-order mark, CRLF line ends, trailing blanks, and
    an ``##END=`` line after which nothing is read. Rows are sorted by
    wavenumber; intensities at a repeated wavenumber are averaged.

    Parameters
    ----------
    text : str or bytes
        File contents.
    source : str, default="<string>"
        File name for error messages.

    Returns
    -------
    header : dict
        ``KEY: value`` pairs of the ``##`` lines.
    wavenumbers, intensities : ndarray of shape (n,)

    Raises
    ------
    RRUFFFormatError
        Naming ``source`` and the line number.
    """
    if isinstance(text, bytes):
        text = _decode(text)
    text = text.lstrip("\ufeff")
    header: dict[str, str] = {}
    data_lines: list[tuple[int, str]] = []
    complete = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("##"):
            key, _, value = line[2:].partition("=")
            if key.strip().upper() == "END":
                complete = True
                break
            header[key.strip().upper()] = value.strip()
        elif line:
            data_lines.append((lineno, line))
    # Fast path: one float conversion of the whole block; the row-by-row pass below
    # runs only to find the culprit when the block is malformed.
    try:
        data = np.array(_SEPARATOR.split(" ".join(line for _, line in data_lines).strip()), dtype=float)
        ok = data.size == 2 * len(data_lines) and np.isfinite(data).all()
    except ValueError:
        ok = False
    if not ok:
        rows = []
        for lineno, line in data_lines:
            fields = [f for f in _SEPARATOR.split(line) if f]  # a trailing separator leaves an empty field
            try:
                values = [float(f) for f in fields]
            except ValueError:
                values = []
            if len(values) != 2 or not np.isfinite(values).all():
                raise RRUFFFormatError(
                    f"{source}, line {lineno}: expected 'wavenumber, intensity', got {line[:60]!r}"
                )
            rows.append(values)
        data = np.array(rows, dtype=float)
    if not complete:
        # Every RRUFF file ends with ##END=; without it the last number may be cut short.
        raise RRUFFFormatError(f"{source}: no '##END=' line; the file looks truncated")
    if len(data_lines) < 2:
        raise RRUFFFormatError(f"{source}: fewer than two data rows")
    data = data.reshape(-1, 2)
    wavenumbers, inverse = np.unique(data[:, 0], return_inverse=True)
    if wavenumbers.size < 2:
        raise RRUFFFormatError(f"{source}: every row has the wavenumber {wavenumbers[0]:g}; a spectrum needs two")
    intensities = np.bincount(inverse, weights=data[:, 1]) / np.bincount(inverse)
    return header, wavenumbers, intensities


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _is_spectrum_member(name: str, suffixes: tuple[str, ...] = (".txt",)) -> bool:
    """A file with one of ``suffixes`` that is not macOS metadata (``__MACOSX/``, ``._name``)."""
    parts = name.replace("\\", "/").split("/")
    return name.lower().endswith(suffixes) and "__MACOSX" not in parts and not parts[-1].startswith("._")


def _iter_sources(path: str | os.PathLike, suffixes: tuple[str, ...] = (".txt",)) -> Iterator[tuple[str, bytes]]:
    """Yield ``(name, contents)`` of every file with one of ``suffixes`` in a folder (recursively) or a zip."""
    path = Path(path)
    if path.is_dir():
        for file in sorted(f for f in path.rglob("*") if f.suffix.lower() in suffixes):
            if file.is_file() and _is_spectrum_member(str(file.relative_to(path)), suffixes):
                yield str(file), file.read_bytes()
    elif zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                for info in sorted(archive.infolist(), key=lambda i: i.filename):
                    if not info.is_dir() and _is_spectrum_member(info.filename, suffixes):
                        yield f"{path}:{info.filename}", archive.read(info)
        except (zipfile.BadZipFile, EOFError, OSError) as error:
            raise ValueError(f"{path} is a damaged zip file ({error}); delete it and fetch or copy it again.") from None
    elif path.exists():
        hint = (" It looks like a damaged zip; delete it and fetch or copy it again." if path.suffix.lower() == ".zip"
                else " Pass the folder or .zip that holds it; sklearn_teanet.data.parse_spectrum reads one file.")
        raise ValueError(f"{path} is neither a folder nor a zip file of spectra.{hint}")
    else:
        raise FileNotFoundError(f"No spectra at {path}: no such folder or file.")


def read_rruff_files(path: str | os.PathLike, on_error: str = "raise", parse=None,
                     suffixes: tuple[str, ...] = (".txt",)) -> list[dict]:
    """Parse every RRUFF ``.txt`` file of a folder or zip, each on its own axis.

    Parameters
    ----------
    path : path-like
        Folder or ``.zip``.
    on_error : {"raise", "warn"}, default="raise"
        Stop at a corrupt file, or skip it with a warning.
    parse : callable or None, default=None
        ``parse(contents, source) -> (header, wavenumbers, intensities)``; None is
        :func:`parse_rruff`.
    suffixes : tuple of str, default=(".txt",)
        File name endings to read.

    Returns
    -------
    records : list of dict
        ``header``, ``wavenumbers``, ``intensities`` and ``file`` of each spectrum.
    """
    if on_error not in ("raise", "warn"):
        raise ValueError(f"on_error must be 'raise' or 'warn', got {on_error!r}.")
    parse = parse_rruff if parse is None else parse
    records = []
    for name, contents in _iter_sources(path, suffixes):
        try:
            header, w, v = parse(contents, source=name)
        except RRUFFFormatError as error:
            if on_error == "raise":
                raise
            warnings.warn(f"skipped: {error}", stacklevel=2)
            continue
        if header.get("NAMES", "").strip() in ("", "(-)", "-"):
            # RRUFF file names start with the mineral name: Actinolite__R040063-1__...
            stem = Path(name.split(":")[-1]).stem
            if header:  # a file with headers but no name; a plain two-column file is named by its file only
                warnings.warn(f"{name} has no mineral name in ##NAMES; its class is taken from the file name: "
                              f"{stem.split('__')[0]!r}.", stacklevel=2)
            header["NAMES"] = stem.split("__")[0]
        records.append({"header": header, "wavenumbers": w, "intensities": v, "file": name})
    if not records:
        raise ValueError(f"No readable spectrum in {path}.")
    return records


def class_name(name: str) -> str:
    """A mineral name as the paper's class lists write it: lower case, letters and digits only.

    >>> class_name("Aeschynite-(Y)")
    'aeschynitey'
    """
    return re.sub(r"[^0-9a-z]", "", name.lower())


def _read_class_list(classes) -> set[str]:
    if isinstance(classes, (str, os.PathLike)):
        if not Path(classes).is_file():
            raise ValueError(
                f"classes={str(classes)!r} is not a file. Pass the path of a class list (one name per line), "
                f"or a list of names such as [{str(classes)!r}]."
            )
        names = Path(classes).read_text(encoding="utf-8").split("\n")
    else:
        names = list(classes)
    return {class_name(n) for n in names if n.strip()}


def _coverage(w: np.ndarray, low: float, high: float) -> float:
    return max(0.0, min(w[-1], high) - max(w[0], low)) / (high - low)


def _typical_range(records: list[dict]) -> tuple[float, float]:
    """The range most spectra cover: the median of their first and of their last wavenumbers."""
    return (float(np.median([r["wavenumbers"][0] for r in records])),
            float(np.median([r["wavenumbers"][-1] for r in records])))


def _warn_if_a_few_narrow_the_range(records: list[dict], path, min_coverage: float) -> None:
    """Warn when the range all spectra share is under half the one most of them cover, with that range to pass."""
    lows = np.array([r["wavenumbers"][0] for r in records])
    highs = np.array([r["wavenumbers"][-1] for r in records])
    typical_low, typical_high = _typical_range(records)
    if highs.min() - lows.max() >= 0.5 * (typical_high - typical_low):
        return
    # A folder of mid-IR spectra with a few far-IR ones would otherwise be compared on the few hundred cm-1 they share.
    left_out = [r["file"] for r in records if _coverage(r["wavenumbers"], typical_low, typical_high) < min_coverage]
    then = (f"the {len(left_out)} spectra that cover less than min_coverage={min_coverage:g} of it, such as "
            f"{left_out[0]}, are then left out" if left_out else "spectra that cover part of it are zero elsewhere")
    warnings.warn(
        f"The {len(records)} spectra in {path} share only {lows.max():g} to {highs.min():g} cm-1, less than half "
        f"of the {typical_low:g} to {typical_high:g} cm-1 that most of them cover. To use that range, pass "
        f"wavenumber_range=({np.floor(typical_low):.0f}, {np.ceil(typical_high):.0f}) (--wavenumber-range on the "
        f"command line); {then}.",
        UserWarning,
        stacklevel=4,  # the caller of load_rruff or read_spectra
    )


def load_rruff(
    path: str | os.PathLike,
    *,
    wavenumber_range: tuple[float, float] | None = None,
    min_coverage: float = 0.5,
    classes: str | os.PathLike | Sequence[str] | None = None,
    n_points: int = 1024,
    on_error: str = "raise",
) -> Bunch:
    """Load RRUFF spectra from a folder or zip onto one wavenumber axis.

    Parameters
    ----------
    path : path-like
        Folder or ``.zip`` of RRUFF ``.txt`` files (processed or raw, infrared or Raman).
    wavenumber_range : (float, float) or None, default=None
        Keep the spectra that cover at least ``min_coverage`` of this range, and
        resample them onto it. None uses the range all kept spectra share; where
        a few spectra make it less than half of the range most of them cover
        (far-IR files among mid-IR ones), a warning names them and that range.
    min_coverage : float, default=0.5
        Share of ``wavenumber_range`` a spectrum must cover to be kept; outside its
        measured range a kept spectrum is zero.
    classes : path, sequence of str or None, default=None
        Keep only these mineral names, compared as :func:`~sklearn_teanet.data.class_name` writes them;
        a path names a text file with one name per line.
    n_points : int, default=1024
        Points of the common axis.
    on_error : {"raise", "warn"}, default="raise"
        What to do with a corrupt file.

    Returns
    -------
    data : Bunch
        ``data`` (n_spectra, n_points), ``target`` (mineral names as :func:`~sklearn_teanet.data.class_name`
        writes them, as in the paper's class lists),
        ``wavenumbers``, ``frame`` (pandas DataFrame of the RRUFF id, names,
        chemistry, locality, source and file of every spectrum) and ``DESCR``.
    """
    return records_to_bunch(read_rruff_files(path, on_error=on_error), path, wavenumber_range=wavenumber_range,
                            min_coverage=min_coverage, classes=classes, n_points=n_points)


def records_to_bunch(records: list[dict], path, *, wavenumber_range=None, min_coverage: float = 0.5, classes=None,
                     n_points: int = 1024) -> Bunch:
    """Filter parsed spectra by range and class, resample them onto one grid: :func:`load_rruff`'s Bunch."""
    n_read = len(records)
    if wavenumber_range is not None:
        low, high = (float(v) for v in wavenumber_range)
        if not low < high:
            raise ValueError(f"wavenumber_range must be (low, high) with low < high, got {wavenumber_range!r}.")
        kept = [r for r in records if _coverage(r["wavenumbers"], low, high) >= min_coverage]
        if records and not kept:
            typical = _typical_range(records)
            raise ValueError(
                f"None of the {n_read} spectra in {path} covers min_coverage={min_coverage:g} of {low:g} to {high:g} "
                f"cm-1 (most of them cover {typical[0]:g} to {typical[1]:g} cm-1); pass a wavenumber_range "
                "(--wavenumber-range on the command line) that they cover."
            )
        records = kept
    if classes is not None:
        wanted = _read_class_list(classes)
        found = sorted({class_name(r["header"].get("NAMES", "")) for r in records})
        records = [r for r in records if class_name(r["header"].get("NAMES", "")) in wanted]
        if found and not records:
            raise ValueError(
                f"None of the {len(found)} classes of the spectra in {path} (such as {', '.join(found[:3])}) is in "
                f"the class list ({len(wanted)} names, such as {', '.join(sorted(wanted)[:3])})."
            )
    if not records:
        raise ValueError(f"No readable spectrum in {path}.")
    spectra = [(r["wavenumbers"], r["intensities"]) for r in records]
    if wavenumber_range is None:
        low, high = max(w[0] for w, _ in spectra), min(w[-1] for w, _ in spectra)
        if not low < high:
            raise ValueError(
                f"The spectra in {path} share no wavenumber range (the common part runs from {low:g} to "
                f"{high:g} cm-1); pass wavenumber_range=(low, high), e.g. MID_IR_RANGE={MID_IR_RANGE} for "
                "infrared spectra. Spectra that cover less than min_coverage of it are left out."
            )
        _warn_if_a_few_narrow_the_range(records, path, min_coverage)
    # Zero outside a spectrum's range, as the paper's RRUFF_IR set was built (and every recorded result).
    resampler = SpectrumResampler(n_points=n_points, wavenumber_range=wavenumber_range, outside="zero").fit(spectra)
    frame = pd.DataFrame(
        {column: [r["header"].get(key, "") for r in records] for key, column in _HEADER_COLUMNS.items()}
    )
    frame["file"] = [r["file"] for r in records]
    target = np.array([class_name(n) for n in frame["name"]], dtype=object)
    descr = (
        f"RRUFF spectra read from {path}: {len(records)} of {n_read} files kept, "
        f"{len(np.unique(target))} classes, resampled to {n_points} points from "
        f"{resampler.grid_[0]:g} to {resampler.grid_[-1]:g} cm-1.\n"
        "Data (c) the RRUFF Project; cite Lafuente, B., Downs, R. T., Yang, H., Stone, N. (2015) "
        "The power of databases: the RRUFF project."
    )
    with warnings.catch_warnings():
        # Partial coverage is what min_coverage allows; DESCR counts it instead of a warning per load.
        warnings.filterwarnings("ignore", message=".*do not cover the whole grid", category=UserWarning)
        data = resampler.transform(spectra)
    grid = resampler.grid_
    partial = sum(w[0] > grid[0] or w[-1] < grid[-1] for w, _ in spectra)
    if partial:
        descr += f"\n{partial} spectra cover only part of the range; the rest of each is zero."
    return Bunch(
        data=data,
        target=target,
        wavenumbers=resampler.grid_,
        frame=frame,
        DESCR=descr,
    )


#: The mid-infrared window of the paper's RRUFF_IR set.
MID_IR_RANGE = (400.0, 4000.0)


def load_rruff_ir_paper(path: str | os.PathLike, classes: str | os.PathLike | Sequence[str] | None = None,
                        n_points: int = 1024) -> Bunch:
    """The paper's RRUFF_IR set: mid-IR spectra of the paper's classes, max-normalised.

    Parameters
    ----------
    path : path-like
        RRUFF infrared "Processed" folder or zip.
    classes : path or sequence of str, default=None
        Class list; by default ``paper_class_names.txt`` next to ``path``, if present.
    n_points : int, default=1024
        Points of the common axis.

    Returns
    -------
    data : Bunch
        As :func:`load_rruff`, with every spectrum divided by its maximum.
    """
    if classes is None:
        candidate = Path(path).parent / "paper_class_names.txt"
        if not candidate.exists():
            raise FileNotFoundError(f"No class list given and none at {candidate}; pass classes=.")
        classes = candidate
    data = load_rruff(path, wavenumber_range=MID_IR_RANGE, classes=classes, n_points=n_points)
    data.data = SpectrumNormalizer("max").fit_transform(data.data)
    return data
