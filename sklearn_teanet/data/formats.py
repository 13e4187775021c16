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
# Labels only JCAMP-DX uses; RRUFF's two-column files have ##NAMES= and ##END= but none of these.
_JCAMP_LABEL = re.compile(r"^[ \t]*##[ \t]*(JCAMP-?DX|XYDATA|XYPOINTS|PEAK[ \t]*TABLE)[ \t]*=", re.I | re.M)


def parse_spectrum(contents: bytes, source: str = "<string>") -> tuple[dict, np.ndarray, np.ndarray]:
    """Parse one spectrum file, recognising its format by its content.

    - JCAMP-DX: a ``##JCAMP-DX=``, ``##XYDATA=``, ``##XYPOINTS=`` or ``##PEAK TABLE=``
      label anywhere in the file (not only in its first lines);
    - RRUFF: ``##`` headers and two columns, ending with ``##END=``;
    - two columns of numbers without headers (wavenumber, intensity),
      separated by commas, semicolons, tabs or spaces; where semicolons or
      tabs separate them and no number has a decimal point, commas are
      decimal commas (``400,5;0,12``).
    """
    text = decode(contents)
    if _JCAMP_LABEL.search(text):
        return parse_jcamp(text.encode("utf-8"), source)
    if "##" in text:
        return parse_xy(text, source)
    head = text[:20_000].splitlines()[:50]
    skip_first = bool(head) and not _is_numeric_row(head[0])  # a row of column names, as spreadsheets write them
    sample = "\n".join(head[1:] if skip_first else head)
    # Fields split by ";" or tabs and no decimal point: the commas are decimal commas ("400,5;0,12").
    decimal_commas = "," in sample and "." not in sample and (";" in sample or "\t" in sample)
    # Plain text has no ##END= to show it whole; it is read as it is.
    return _parse_rows(text, source, skip_first=skip_first, decimal_commas=decimal_commas, end_required=False)


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
    return _parse_rows(text, source)


#: Characters parsed at a time, so that reading takes a small multiple of the file's memory, not a string per number.
_CHUNK = 1 << 20


def _chunks(text: str):
    """Pieces of ``text`` of about ``_CHUNK`` characters, each ending at a line end."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + _CHUNK)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _parse_rows(
    text: str | bytes,
    source: str,
    *,
    skip_first: bool = False,
    decimal_commas: bool = False,
    end_required: bool = True,
) -> tuple[dict, np.ndarray, np.ndarray]:
    if isinstance(text, bytes):
        text = decode(text)
    text = text.lstrip("\ufeff")
    header: dict[str, str] = {}
    blocks, n_rows, lineno, complete = [], 0, 0, False
    for chunk in _chunks(text):
        data_lines: list[tuple[int, str]] = []
        for raw in chunk.splitlines():
            lineno += 1
            line = raw.strip()
            if skip_first and lineno == 1:
                continue
            if line.startswith("##"):
                key, _, value = line[2:].partition("=")
                if key.strip().upper() == "END":
                    complete = True
                    break
                header[key.strip().upper()] = value.strip()
            elif line:
                data_lines.append((lineno, line.replace(",", ".") if decimal_commas else line))
        if data_lines:
            blocks.append(_rows(data_lines, source))
            n_rows += len(data_lines)
        if complete:
            break
    if end_required and not complete:
        # Every RRUFF file ends with ##END=; without it the last number may be cut short.
        raise SpectrumFormatError(f"{source}: no '##END=' line; the file looks truncated")
    if n_rows < 2:
        raise SpectrumFormatError(f"{source}: fewer than two data rows")
    data = np.concatenate(blocks)
    blocks.clear()
    wavenumbers, inverse = np.unique(data[:, 0], return_inverse=True)
    if wavenumbers.size < 2:
        raise SpectrumFormatError(f"{source}: every row has the wavenumber {wavenumbers[0]:g}; a spectrum needs two")
    intensities = np.bincount(inverse, weights=data[:, 1]) / np.bincount(inverse)
    return header, wavenumbers, intensities


def _rows(data_lines: list[tuple[int, str]], source: str) -> np.ndarray:
    """``(n, 2)`` numbers of ``(line number, line)`` rows, or an error naming the first bad line."""
    # Fast path: one float conversion of the whole block; the row-by-row pass below
    # runs only to find the culprit when the block is malformed.
    try:
        data = np.array(_SEPARATOR.split(" ".join(line for _, line in data_lines).strip()), dtype=float)
        if data.size == 2 * len(data_lines) and np.isfinite(data).all():
            return data.reshape(-1, 2)
    except ValueError:
        pass
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
            raise SpectrumFormatError(f"{source}, line {lineno}: expected 'wavenumber, intensity', got {line[:60]!r}")
        rows.append(values)
    return np.array(rows, dtype=float)


def decode(data: bytes) -> str:
    """The text of a file: UTF-16 with a byte-order mark, UTF-8 (a BOM dropped), or else Latin-1."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")
