"""Instrument file formats: one reader that recognises RRUFF, JCAMP-DX and two-column text by content."""

from __future__ import annotations

import io
import os
import re

import numpy as np
from sklearn.utils import Bunch

from .rruff import RRUFFFormatError, _decode, parse_rruff, read_rruff_files, records_to_bunch

__all__ = ["SUFFIXES", "parse_spectrum", "parse_jcamp", "read_spectra"]

#: File name endings that :func:`read_spectra` reads from a folder or zip.
SUFFIXES = (".txt", ".dat", ".xy", ".csv", ".jdx", ".dx", ".jcamp")


# Lines that open a block of a JCAMP-DX file: its title, its data (a peak table may follow the data of the same
# spectrum), any label.
_TITLE = re.compile(r"^[ \t]*##TITLE[ \t]*=", re.IGNORECASE | re.MULTILINE)
_DATA = re.compile(r"^[ \t]*##(XYDATA|XYPOINTS|PEAK ?TABLE|DATA ?TABLE)[ \t]*=", re.IGNORECASE | re.MULTILINE)
_FULL_DATA = re.compile(r"^[ \t]*##(XYDATA|XYPOINTS)[ \t]*=", re.IGNORECASE | re.MULTILINE)
_LABEL = re.compile(r"^[ \t]*##", re.MULTILINE)


def parse_jcamp(contents: bytes, source: str = "<string>") -> tuple[dict, np.ndarray, np.ndarray]:
    """Parse a JCAMP-DX spectrum with the ``jcamp`` package.

    Returns the same ``(header, wavenumbers, intensities)`` as
    :func:`~sklearn_teanet.data.parse_rruff`; ``header["NAMES"]`` is the file's
    ``##TITLE``. Raises :class:`RRUFFFormatError` naming ``source``.

    The file's units are honoured, so that its spectrum compares with
    absorbance libraries on a wavenumber axis (RRUFF's):

    - ``##XUNITS`` in micrometres or nanometres become wavenumbers
      (1e4 / um, 1e7 / nm); ``1/CM`` (or no ``##XUNITS``) is kept; any other
      x unit is an error.
    - ``##YUNITS=TRANSMITTANCE`` becomes absorbance, ``-log10(T)``, where its bands
      point up as in an absorbance library (in transmittance they are dips, and
      a library search would match the wrong substance). Values above 2 are read
      as percent; a transmittance at or below 1e-4 (a saturated band) is
      absorbance 4.
    - ``##YUNITS=REFLECTANCE`` (or ``%R``) becomes the apparent absorbance
      ``log10(1/R)``, by the same rules: NIR libraries and chemometrics use it,
      and it turns reflectance dips into bands that point up. Kubelka-Munk
      units are read as they are.
    - After either conversion ``header["YUNITS"]`` says ``ABSORBANCE`` and
      ``header["ORIGINAL YUNITS"]`` keeps the file's. Other y units are read as
      they are.

    A compound file (``##BLOCKS``) with more than one spectrum is an error
    naming the count, rather than one of its spectra read without a word. Of a
    file with both, the ``##XYDATA`` (or ``##XYPOINTS``) are read, not the
    ``##PEAK TABLE``.
    """
    import jcamp

    text = contents.decode("utf-8", errors="replace")
    spectra = sum(bool(_DATA.search(section)) for section in _TITLE.split(text))
    if spectra > 1:
        # jcamp keeps only the last block's data and title: the other spectra would be lost without a word.
        raise RRUFFFormatError(
            f"{source}: a compound JCAMP-DX file with {spectra} spectra; split it into one file per spectrum"
        )
    data = _FULL_DATA.search(text)
    end = _LABEL.search(text, data.end()) if data else None
    if end is not None:
        # Read up to the end of the measured data: jcamp lets a later PEAK TABLE replace them with its few peaks.
        contents = (text[:end.start()] + "##END=\n").encode("utf-8")
    try:
        record = jcamp.read(io.BytesIO(contents))
    except Exception as error:  # jcamp raises KeyError, ValueError, IndexError on malformed files
        raise RRUFFFormatError(
            f"{source}: not a readable JCAMP-DX spectrum ({type(error).__name__}: {error})"
        ) from None
    if "x" not in record or "y" not in record:
        raise RRUFFFormatError(f"{source}: the JCAMP-DX file holds no XYDATA or PEAK TABLE block")
    w, v = np.asarray(record["x"], dtype=float), np.asarray(record["y"], dtype=float)
    if w.shape != v.shape or w.size < 2:
        raise RRUFFFormatError(f"{source}: JCAMP-DX data of {w.size} wavenumbers and {v.size} intensities")
    if not (np.isfinite(w).all() and np.isfinite(v).all()):
        raise RRUFFFormatError(f"{source}: the JCAMP-DX data hold NaN or infinite values")
    header = {key.upper(): str(value) for key, value in record.items() if key not in ("x", "y")}
    header["NAMES"] = str(record.get("title", "")).strip()
    w = _in_wavenumbers(w, header.get("XUNITS", ""), source)
    y_unit = _unit(header.get("YUNITS", ""))
    if "TRANSMI" in y_unit or "REFLECT" in y_unit or y_unit in ("%T", "%R"):
        v = _to_absorbance(v, header["YUNITS"])
        header["ORIGINAL YUNITS"], header["YUNITS"] = header["YUNITS"], "ABSORBANCE"
    order = np.argsort(w, kind="stable")
    return header, w[order], v[order]


def _unit(text: str) -> str:
    """A unit without spaces, in capitals, the micro sign as U ("µm" is "UM")."""
    return "".join(text.replace("\u00b5", "u").replace("\u03bc", "u").upper().split())


def _in_wavenumbers(x: np.ndarray, unit: str, source: str) -> np.ndarray:
    """The x axis in cm^-1, from the units a JCAMP-DX file states."""
    u = _unit(unit)
    if "MICRO" in u or u in ("UM", "WAVELENGTH(UM)"):
        per_cm = 1e4
    elif "NANOMETER" in u or u in ("NM", "WAVELENGTH(NM)"):
        per_cm = 1e7
    elif not u or any(name in u for name in ("1/CM", "CM-1", "CM^-1", "CM**-1", "WAVENUMBER", "RAMANSHIFT")):
        return x
    else:
        raise RRUFFFormatError(
            f"{source}: ##XUNITS={unit.strip()} is not a wavenumber (1/CM), MICROMETERS or NANOMETERS axis"
        )
    if (x <= 0).any():
        raise RRUFFFormatError(f"{source}: a wavelength of {x.min():g} {unit.strip()} has no wavenumber")
    return per_cm / x


def _to_absorbance(t: np.ndarray, unit: str) -> np.ndarray:
    """-log10 of a transmittance or reflectance, as a fraction or in percent."""
    # Files labelled TRANSMITTANCE often hold percent; a fraction never reaches 2, a percent scale almost always does.
    if "%" in unit or "PERCENT" in _unit(unit) or t.max() > 2:
        t = t / 100
    return -np.log10(np.maximum(t, 1e-4))


def parse_spectrum(contents: bytes, source: str = "<string>") -> tuple[dict, np.ndarray, np.ndarray]:
    """Parse one spectrum file, recognising its format by its content.

    - JCAMP-DX: a ``##JCAMP-DX=`` or ``##XYDATA=`` label;
    - RRUFF: ``##`` headers and two columns, ending with ``##END=``;
    - two columns of numbers without headers (wavenumber, intensity),
      separated by commas, semicolons, tabs or spaces; where semicolons or
      tabs separate them and no number has a decimal point, commas are
      decimal commas (``400,5;0,12``).
    """
    text = _decode(contents)
    head = text[:4000].upper()
    if "##JCAMP-DX" in head or "##XYDATA" in head or "##PEAK TABLE" in head:
        return parse_jcamp(text.encode("utf-8"), source)
    if "##" in text:
        return parse_rruff(text, source)
    lines = text.splitlines()
    if lines and not _is_numeric_row(lines[0]):
        lines[0] = ""  # a row of column names, as spreadsheets write them; blank, so that line numbers hold
    sample = "\n".join(lines[:50])
    if "," in sample and "." not in sample and (";" in sample or "\t" in sample):
        # Fields split by ";" or tabs and no decimal point: the commas are decimal commas ("400,5;0,12").
        lines = [line.replace(",", ".") for line in lines]
    return parse_rruff("\n".join(lines) + "\n##END=\n", source)


def _is_numeric_row(line: str) -> bool:
    try:
        [float(f) for f in line.replace(",", " ").replace(";", " ").split()]
    except ValueError:
        return False
    return True


def read_spectra(path: str | os.PathLike, *, wavenumber_range=None, min_coverage: float = 0.5, classes=None,
                 n_points: int = 1024, on_error: str = "raise") -> Bunch:
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

    Returns
    -------
    data : Bunch
        As :func:`~sklearn_teanet.load_rruff` returns.
    """
    records = read_rruff_files(path, on_error=on_error, parse=parse_spectrum, suffixes=SUFFIXES)
    return records_to_bunch(records, path, wavenumber_range=wavenumber_range, min_coverage=min_coverage,
                            classes=classes, n_points=n_points)
