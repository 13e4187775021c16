"""Many spectrum files at once, from a folder or a zip: read, filtered by range and class, put on one grid."""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

from ..preprocessing import PartialCoverageWarning, SpectrumResampler
from .errors import SpectrumFormatError
from .formats import SUFFIXES, parse_spectrum
from .ranges import coverage, typical_range, union_range, warn_if_a_few_narrow_the_range

__all__ = [
    "HEADER_COLUMNS",
    "class_name",
    "iter_sources",
    "read_class_list",
    "read_spectra",
    "read_spectrum_files",
    "records_to_bunch",
]

#: Metadata columns of the frame, from the ##KEY=value headers (RRUFF's; other files fill what they have).
HEADER_COLUMNS = {
    "RRUFFID": "rruff_id",
    "NAMES": "name",
    "IDEAL CHEMISTRY": "ideal_chemistry",
    "LOCALITY": "locality",
    "SOURCE": "source",
    "DESCRIPTION": "description",
}


def _is_spectrum_member(name: str, suffixes: tuple[str, ...] = (".txt",)) -> bool:
    """A file with one of ``suffixes`` that is not macOS metadata (``__MACOSX/``, ``._name``)."""
    parts = name.replace("\\", "/").split("/")
    return name.lower().endswith(suffixes) and "__MACOSX" not in parts and not parts[-1].startswith("._")


def iter_sources(path: str | os.PathLike, suffixes: tuple[str, ...] = (".txt",)) -> Iterator[tuple[str, bytes]]:
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
        hint = (
            " It looks like a damaged zip; delete it and fetch or copy it again."
            if path.suffix.lower() == ".zip"
            else " Pass the folder or .zip that holds it; sklearn_teanet.data.parse_spectrum reads one file."
        )
        raise ValueError(f"{path} is neither a folder nor a zip file of spectra.{hint}")
    else:
        raise FileNotFoundError(f"No spectra at {path}: no such folder or file.")


def read_spectrum_files(
    path: str | os.PathLike, on_error: str = "raise", parse=parse_spectrum, suffixes: tuple[str, ...] = SUFFIXES
) -> list[dict]:
    """Parse every spectrum file of a folder or zip, each on its own axis.

    Parameters
    ----------
    path : path-like
        Folder or ``.zip``.
    on_error : {"raise", "warn"}, default="raise"
        Stop at a corrupt file, or skip it with a warning.
    parse : callable, default=parse_spectrum
        ``parse(contents, source) -> (header, wavenumbers, intensities)``.
    suffixes : tuple of str, default=SUFFIXES
        File name endings to read.

    Returns
    -------
    records : list of dict
        ``header``, ``wavenumbers``, ``intensities`` and ``file`` of each spectrum.
    """
    if on_error not in ("raise", "warn"):
        raise ValueError(f"on_error must be 'raise' or 'warn', got {on_error!r}.")
    records = []
    for name, contents in iter_sources(path, suffixes):
        try:
            header, w, v = parse(contents, source=name)
        except SpectrumFormatError as error:
            if on_error == "raise":
                raise
            warnings.warn(f"skipped: {error}", stacklevel=2)
            continue
        if header.get("NAMES", "").strip() in ("", "(-)", "-"):
            # RRUFF file names start with the mineral name: Actinolite__R040063-1__...
            stem = Path(name.split(":")[-1]).stem
            if header:  # a file with headers but no name; a plain two-column file is named by its file only
                warnings.warn(
                    f"{name} has no mineral name in ##NAMES; its class is taken from the file name: "
                    f"{stem.split('__')[0]!r}.",
                    stacklevel=2,
                )
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


def substance_name(name: str) -> str:
    """A substance name as written, tidied: Unicode composed (NFC) and white space collapsed.

    Names are labels a lab reads back, so they keep their case, punctuation and
    script: ``Fluorapophyllite-(K)``, ``α-lactose`` beside ``β-lactose``, ``Доломит``.

    >>> substance_name("  Fluorapophyllite-(K) ")
    'Fluorapophyllite-(K)'
    """
    return " ".join(unicodedata.normalize("NFC", name).split())


def substance_labels(names) -> np.ndarray:
    """Each name as :func:`substance_name` writes it, spellings that differ only in case merged (the first wins)."""
    first: dict[str, str] = {}
    labels = []
    for name in names:
        tidy = substance_name(str(name))
        labels.append(first.setdefault(tidy.casefold(), tidy))
    return np.array(labels, dtype=object)


def read_class_list(classes) -> set[str]:
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


def records_to_bunch(
    records: list[dict],
    path,
    *,
    wavenumber_range=None,
    min_coverage: float = 0.5,
    classes=None,
    n_points: int = 1024,
    outside: str = "zero",
    labels: str = "paper",
) -> Bunch:
    """Filter parsed spectra by range and class, resample them onto one grid: :func:`load_rruff`'s Bunch.

    ``wavenumber_range`` is (low, high), None (the range all spectra share) or "union" (every spectrum's);
    ``outside`` fills what a spectrum does not cover (see :class:`~sklearn_teanet.SpectrumResampler`);
    ``labels`` is "paper" (:func:`class_name`, as the paper's class lists) or "as_written"
    (:func:`substance_labels`).
    """
    n_read = len(records)
    if isinstance(wavenumber_range, str) and wavenumber_range == "union" and records:
        wavenumber_range = union_range(records, min_coverage)
    if wavenumber_range is not None:
        low, high = (float(v) for v in wavenumber_range)
        if not low < high:
            raise ValueError(f"wavenumber_range must be (low, high) with low < high, got {wavenumber_range!r}.")
        kept = [r for r in records if coverage(r["wavenumbers"], low, high) >= min_coverage]
        if records and not kept:
            typical = typical_range(records)
            raise ValueError(
                f"None of the {n_read} spectra in {path} covers min_coverage={min_coverage:g} of {low:g} to {high:g} "
                f"cm-1 (most of them cover {typical[0]:g} to {typical[1]:g} cm-1); pass a wavenumber_range "
                "(--wavenumber-range on the command line) that they cover."
            )
        left_out = [r["file"] for r in records if coverage(r["wavenumbers"], low, high) < min_coverage]
        if left_out:
            shown = ", ".join(Path(f.split(":")[-1]).name for f in left_out[:5])
            warnings.warn(
                f"{len(left_out)} of {n_read} spectra in {path} cover less than min_coverage={min_coverage:g} of "
                f"{low:g} to {high:g} cm-1 and are left out: {shown}{' ...' if len(left_out) > 5 else ''}.",
                UserWarning,
                stacklevel=3,
            )
        records = kept
    if classes is not None:
        wanted = read_class_list(classes)
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
                f"{high:g} cm-1); pass wavenumber_range=(low, high), e.g. (400, 4000) for mid-infrared "
                "spectra. Spectra that cover less than min_coverage of it are left out."
            )
        warn_if_a_few_narrow_the_range(records, path, min_coverage)
    # Zero outside a spectrum's range, as the paper's RRUFF_IR set was built (and every recorded result).
    resampler = SpectrumResampler(n_points=n_points, wavenumber_range=wavenumber_range, outside=outside).fit(spectra)
    frame = pd.DataFrame(
        {column: [r["header"].get(key, "") for r in records] for key, column in HEADER_COLUMNS.items()}
    )
    frame["file"] = [r["file"] for r in records]
    frame["measured_from"] = [float(np.min(w)) for w, _ in spectra]  # what the grid's fill hides
    frame["measured_to"] = [float(np.max(w)) for w, _ in spectra]
    if labels == "paper":
        target = np.array([class_name(n) for n in frame["name"]], dtype=object)
    else:
        target = substance_labels(frame["name"])
    descr = (
        f"Spectra read from {path}: {len(records)} of {n_read} files kept, "
        f"{len(np.unique(target))} classes, resampled to {n_points} points from "
        f"{resampler.grid_[0]:g} to {resampler.grid_[-1]:g} cm-1.\n"
        "Data (c) the RRUFF Project; cite Lafuente, B., Downs, R. T., Yang, H., Stone, N. (2015) "
        "The power of databases: the RRUFF project."
    )
    with warnings.catch_warnings():
        # Partial coverage is what min_coverage allows; DESCR counts it instead of a warning per load.
        warnings.simplefilter("ignore", PartialCoverageWarning)
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


def read_spectra(
    path: str | os.PathLike,
    *,
    wavenumber_range=None,
    min_coverage: float = 0.5,
    classes=None,
    n_points: int = 1024,
    on_error: str = "raise",
    outside: str = "zero",
) -> Bunch:
    """Read a folder or zip of spectrum files in any supported format onto one wavenumber grid.

    Files are recognised by content (see :func:`~sklearn_teanet.data.parse_spectrum`); a file's class
    is its ``##NAMES`` (RRUFF), ``##TITLE`` (JCAMP-DX), or else the start of its
    file name up to ``__``. A corrupt file stops the reading with its name and
    line, or, with ``on_error="warn"``, is skipped with a warning.

    Parameters
    ----------
    path : path-like
        Folder or ``.zip``.
    wavenumber_range, min_coverage, classes, n_points, on_error
        As in :func:`~sklearn_teanet.load_rruff`.
    outside : {"zero", "edge"}, default="zero"
        What fills the part of the grid a spectrum does not cover: zeros (as the
        paper's RRUFF_IR set was built) or its edge values (as a library model
        fills an unknown's).

    Returns
    -------
    data : Bunch
        As :func:`~sklearn_teanet.load_rruff` returns, but ``target`` holds the names as written
        (``Fluorapophyllite-(K)``, ``α-lactose``, ``Доломит``).
    """
    return records_to_bunch(
        read_spectrum_files(path, on_error=on_error),
        path,
        wavenumber_range=wavenumber_range,
        min_coverage=min_coverage,
        classes=classes,
        n_points=n_points,
        outside=outside,
        labels="as_written",
    )
