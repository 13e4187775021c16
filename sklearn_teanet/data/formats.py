"""One spectrum file, whatever its format: RRUFF, JCAMP-DX or two-column text, recognised by content."""

from __future__ import annotations

import re

import numpy as np

from .errors import SpectrumFormatError
from .jcamp import parse_jcamp

__all__ = ["SUFFIXES", "decode", "parse_spectrum", "parse_xy"]

#: File name endings that are read as spectrum files from a folder or zip.
SUFFIXES = (".txt", ".dat", ".xy", ".csv", ".jdx", ".dx", ".jcamp")

_SEPARATOR = re.compile(r"[,;\s]+")


def parse_spectrum(contents: bytes, source: str = "<string>") -> tuple[dict, np.ndarray, np.ndarray]:
    """Parse one spectrum file, recognising its format by its content.

    - JCAMP-DX: a ``##JCAMP-DX=`` or ``##XYDATA=`` label;
    - RRUFF: ``##`` headers and two columns, ending with ``##END=``;
    - two columns of numbers without headers (wavenumber, intensity),
      separated by commas, semicolons, tabs or spaces; where semicolons or
      tabs separate them and no number has a decimal point, commas are
      decimal commas (``400,5;0,12``).
    """
    text = decode(contents)
    head = text[:4000].upper()
    if "##JCAMP-DX" in head or "##XYDATA" in head or "##PEAK TABLE" in head:
        return parse_jcamp(text.encode("utf-8"), source)
    if "##" in text:
        return parse_xy(text, source)
    lines = text.splitlines()
    if lines and not _is_numeric_row(lines[0]):
        lines[0] = ""  # a row of column names, as spreadsheets write them; blank, so that line numbers hold
    sample = "\n".join(lines[:50])
    if "," in sample and "." not in sample and (";" in sample or "\t" in sample):
        # Fields split by ";" or tabs and no decimal point: the commas are decimal commas ("400,5;0,12").
        lines = [line.replace(",", ".") for line in lines]
    return parse_xy("\n".join(lines) + "\n##END=\n", source)


def _is_numeric_row(line: str) -> bool:
    try:
        [float(f) for f in line.replace(",", " ").replace(";", " ").split()]
    except ValueError:
        return False
    return True


def parse_xy(text: str | bytes, source: str = "<string>") -> tuple[dict, np.ndarray, np.ndarray]:
    """Parse a two-column spectrum file, with or without ``##KEY=value`` headers (RRUFF's format).

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
    SpectrumFormatError
        Naming ``source`` and the line number.
    """
    if isinstance(text, bytes):
        text = decode(text)
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
            if len(values) == 2 and not np.isfinite(values).all():
                raise SpectrumFormatError(f"{source}, line {lineno}: a value is not a finite number: {line[:60]!r}")
            if len(values) != 2:
                raise SpectrumFormatError(
                    f"{source}, line {lineno}: expected 'wavenumber, intensity', got {line[:60]!r}"
                )
            rows.append(values)
        data = np.array(rows, dtype=float)
    if not complete:
        # Every RRUFF file ends with ##END= (plain two-column text gets one from parse_spectrum); without it the
        # last number may be cut short.
        raise SpectrumFormatError(f"{source}: no '##END=' line; the file looks truncated")
    if len(data_lines) < 2:
        raise SpectrumFormatError(f"{source}: fewer than two data rows")
    data = data.reshape(-1, 2)
    wavenumbers, inverse = np.unique(data[:, 0], return_inverse=True)
    if wavenumbers.size < 2:
        raise SpectrumFormatError(f"{source}: every row has the wavenumber {wavenumbers[0]:g}; a spectrum needs two")
    intensities = np.bincount(inverse, weights=data[:, 1]) / np.bincount(inverse)
    return header, wavenumbers, intensities


def decode(data: bytes) -> str:
    """The text of a file: UTF-16 with a byte-order mark, UTF-8 (a BOM dropped), or else Latin-1."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")
