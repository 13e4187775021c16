"""JCAMP-DX files, read in the units an absorbance library on a wavenumber axis uses.

The data are decoded here rather than by the ``jcamp`` package, which reads a
duplicate count of two digits (``S2``, twelve copies) as one, prints its X- and
Y-check failures instead of raising them, and reads a cut file short.
"""

from __future__ import annotations

import re

import numpy as np

from .errors import SpectrumFormatError

__all__ = ["parse_jcamp", "decode_asdf"]

# ASDF (JCAMP-DX 4.24, sec. 5.9): a character stands for a sign and a first digit.
_SQZ = {"@": 0, **{c: i for i, c in enumerate("ABCDEFGHI", 1)}, **{c: -i for i, c in enumerate("abcdefghi", 1)}}
_DIF = {"%": 0, **{c: i for i, c in enumerate("JKLMNOPQR", 1)}, **{c: -i for i, c in enumerate("jklmnopqr", 1)}}
_DUP = {**{c: i for i, c in enumerate("STUVWXYZ", 1)}, "s": 9}
_AFFN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_SEPARATORS = re.compile(r"[\s,;]+")
_DATA_LABELS = ("XYDATA", "XYPOINTS", "PEAKTABLE", "DATATABLE")


def decode_asdf(line: str, limit: int | None = None) -> tuple[list[float], bool]:
    """The numbers of one data line (AFFN or ASDF), and whether it ends in difference form.

    In difference form the next line repeats the last ordinate as a check
    (the Y-check), which the caller drops after comparing it. ``limit`` bounds
    the numbers a line may expand to (what the header announces), checked before
    a repeat count is expanded: ``1Z99999999999`` asks for 8e11 copies.
    """
    plain = [t for t in _SEPARATORS.split(line.strip()) if t]
    if plain and all(_AFFN.fullmatch(t) for t in plain):
        return [float(t) for t in plain], False
    tokens, kind, text = [], None, ""
    for c in line.strip() + " ":
        if c.isdigit() or c == ".":
            kind = kind or "abs"  # an unsigned number opens a value of its own
            text += c
            continue
        if kind is not None and (text or kind in ("abs", "dif")):
            tokens.append((kind, text))
        kind, text = None, ""
        if c in _SQZ:
            kind, text = "abs", str(_SQZ[c]) if _SQZ[c] >= 0 else f"-{-_SQZ[c]}"
        elif c in _DIF:
            kind, text = "dif", str(_DIF[c]) if _DIF[c] >= 0 else f"-{-_DIF[c]}"
        elif c in _DUP:
            kind, text = "dup", str(_DUP[c])
        elif c in "+-":
            kind, text = "abs", c
        elif not (c.isspace() or c in ",;"):
            raise ValueError(f"character {c!r} is not JCAMP-DX data")
    values, last = [], None
    for kind, text in tokens:
        if kind == "dup":
            if last is None:
                raise ValueError("a duplicate count before any value")
            if limit is not None and len(values) + int(text) - 1 > limit:
                raise ValueError(f"a repeat count of {text} makes more values than the {limit} the header announces")
            for _ in range(int(text) - 1):
                values.append(values[-1] + last[1] if last[0] == "dif" else last[1])
            continue
        number = float(text)
        if kind == "dif":
            if not values:
                raise ValueError("a difference before any value")
            values.append(values[-1] + number)
        else:
            values.append(number)
        last = (kind, number)
    return values, last is not None and last[0] == "dif"


def _records(text: str) -> list[tuple[str, str, list[tuple[int, str]]]]:
    """``(LABEL, value, [(line number, data line), ...])`` of every ``##LABEL=value``, comments dropped."""
    records = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("$$", 1)[0].rstrip()
        if line.lstrip().startswith("##"):
            label, _, value = line.lstrip()[2:].partition("=")
            records.append(("".join(label.upper().split()), value.strip(), []))
        elif line.strip() and records:
            records[-1][2].append((number, line))
    return records


#: More points than any spectrometer writes: an ##NPOINTS above it is a damaged or hostile file.
MAX_POINTS = 10_000_000


def _number(header: dict, label: str, source: str, default: float | None = None) -> float:
    """A finite number of the header (``default`` where the label is absent or empty)."""
    text = header.get(label, "")
    if not text.strip() and default is not None:
        return default
    if label not in header:
        raise SpectrumFormatError(
            f"{source}: not a readable JCAMP-DX spectrum (no ##{label}= label, which XYDATA need)"
        )
    try:
        value = float(text.replace(",", ".") if text.count(",") == 1 and "." not in text else text)
    except ValueError:
        raise SpectrumFormatError(f"{source}: ##{label}={text} is not a number") from None
    if not np.isfinite(value):
        raise SpectrumFormatError(f"{source}: ##{label}={text} is not a finite number")
    return value


def _count(header: dict, source: str) -> int:
    """``##NPOINTS``: a whole number of points from 2 to MAX_POINTS."""
    n = _number(header, "NPOINTS", source)
    if n != int(n) or not 2 <= n <= MAX_POINTS:
        raise SpectrumFormatError(
            f"{source}: ##NPOINTS={header['NPOINTS']} is not a count of points from 2 to {MAX_POINTS:,}"
        )
    return int(n)


def _check_range(header: dict, x: np.ndarray, source: str) -> None:
    """The data must run from ##FIRSTX to ##LASTX (after XFACTOR): a file cut short, or numbers misread, do not."""
    step = abs(x[-1] - x[0]) / max(len(x) - 1, 1)
    for label, value in (("FIRSTX", x[0]), ("LASTX", x[-1])):
        if header.get(label, "").strip():
            announced = _number(header, label, source)
            if abs(value - announced) > max(1.5 * step, 1e-6 * max(1.0, abs(announced))):
                raise SpectrumFormatError(
                    f"{source}: the data {'start' if label == 'FIRSTX' else 'end'} at {value:g}, but "
                    f"##{label}={header[label]}: the file looks cut short or its numbers misread"
                )


def _xydata(header: dict, lines, source: str) -> tuple[np.ndarray, np.ndarray]:
    """Ordinates of ``(X++(Y..Y))`` lines, with their X- and Y-checks, on the axis FIRSTX to LASTX."""
    first, last, n = _number(header, "FIRSTX", source), _number(header, "LASTX", source), _count(header, source)
    xfactor = _number(header, "XFACTOR", source, default=1.0) or 1.0
    step = (last - first) / max(n - 1, 1)
    ys, check = [], False
    for number, line in lines:
        try:
            # A line holds its abscissa, a Y-check and at most the points still missing.
            values, ends_in_dif = decode_asdf(line, limit=n - len(ys) + 2)
        except ValueError as error:
            raise SpectrumFormatError(f"{source}, line {number}: not a readable JCAMP-DX spectrum ({error})") from None
        if len(values) < 2:
            raise SpectrumFormatError(f"{source}, line {number}: a data line needs an abscissa and ordinates")
        x, line_ys = values[0] * xfactor, values[1:]
        if check:  # the line repeats the last ordinate of the line before
            if abs(line_ys[0] - ys[-1]) > 1e-9 * max(1.0, abs(ys[-1])):
                raise SpectrumFormatError(
                    f"{source}, line {number}: Y-check failed ({line_ys[0]:g}, "
                    f"expected {ys[-1]:g}): the data are corrupt"
                )
            line_ys = line_ys[1:]
        expected = first + len(ys) * step
        if abs(x - expected) > max(abs(step), 1e-9) * 1.5:
            raise SpectrumFormatError(
                f"{source}, line {number}: X-check failed (the line starts at {x:g}, "
                f"the {len(ys) + 1}th point lies at {expected:g}): the data are corrupt"
            )
        ys += line_ys
        check = ends_in_dif
        if len(ys) > n:
            break  # reported below, before more is read
    if len(ys) != n:
        raise SpectrumFormatError(
            f"{source}: holds {len(ys)} of the {n} points its ##NPOINTS announces; the file looks "
            f"{'cut short' if len(ys) < n else 'damaged'}"
        )
    yfactor = _number(header, "YFACTOR", source, default=1.0) or 1.0
    return np.linspace(first, last, n), np.asarray(ys) * yfactor


def _pairs(header: dict, lines, source: str, whole: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """``(XY..XY)`` pairs, scaled by XFACTOR and YFACTOR, checked against ##NPOINTS and, for a ``whole``
    spectrum (not a peak table, whose first peak is not the range's start), ##FIRSTX and ##LASTX."""
    numbers = []
    limit = 2 * _count(header, source) if header.get("NPOINTS", "").strip() else 2 * MAX_POINTS
    decimal_commas = _decimal_commas([line for _, line in lines[:50]])
    for number, line in lines:
        if decimal_commas:
            line = line.replace(",", ".")
        try:
            numbers += [float(t) for t in _SEPARATORS.split(line.strip()) if t]
        except ValueError:
            raise SpectrumFormatError(
                f"{source}, line {number}: not a readable JCAMP-DX spectrum ({line.strip()[:40]!r} is not numbers)"
            ) from None
        if len(numbers) > limit:
            break  # more than announced: reported below
    if len(numbers) % 2:
        raise SpectrumFormatError(f"{source}: an odd count of numbers in (XY..XY) pairs; the file looks cut short")
    data = np.asarray(numbers).reshape(-1, 2)
    if header.get("NPOINTS", "").strip() and len(data) != limit // 2:
        raise SpectrumFormatError(
            f"{source}: holds {len(data)} of the {limit // 2} points its ##NPOINTS announces; the file looks cut short"
        )
    if not len(data):
        raise SpectrumFormatError(f"{source}: the (XY..XY) block holds no data")
    xfactor, yfactor = (_number(header, k, source, default=1.0) or 1.0 for k in ("XFACTOR", "YFACTOR"))
    if whole:
        _check_range(header, data[:, 0] * xfactor, source)
    return data[:, 0] * xfactor, data[:, 1] * yfactor


def _decimal_commas(lines: list[str]) -> bool:
    """Whether the commas of (XY..XY) lines are decimal commas: every field split by blanks or ';' is ``12,5``."""
    fields = [f for line in lines for f in re.split(r"[\s;]+", line.strip()) if f]
    return bool(fields) and all(re.fullmatch(r"[+-]?\d+,\d+([eE][+-]?\d+)?", f) for f in fields)


def parse_jcamp(contents: bytes, source: str = "<string>") -> tuple[dict, np.ndarray, np.ndarray]:
    """Parse a JCAMP-DX spectrum (AFFN, or the ASDF compressions SQZ, DIF and DUP).

    Returns the same ``(header, wavenumbers, intensities)`` as
    :func:`~sklearn_teanet.data.parse_spectrum`; ``header["NAMES"]`` is the file's
    ``##TITLE``. Raises :class:`~sklearn_teanet.data.SpectrumFormatError` naming ``source``.

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
    ``##PEAK TABLE``. A file is never read short: one without ``##END=``, or
    with fewer points than its ``##NPOINTS``, is an error, as is a failed
    X-check or Y-check of compressed data.
    """
    records = _records(contents.decode("utf-8", errors="replace"))
    spectra = _count_spectra(records)
    if spectra > 1:
        raise SpectrumFormatError(
            f"{source}: a compound JCAMP-DX file with {spectra} spectra; split it into one file per spectrum"
        )
    blocks = [i for i, (label, _, _) in enumerate(records) if label in _DATA_LABELS]
    if not blocks:
        raise SpectrumFormatError(f"{source}: the JCAMP-DX file holds no XYDATA, XYPOINTS or PEAK TABLE block")
    if records[-1][0] != "END":
        raise SpectrumFormatError(f"{source}: no '##END=' line; the file looks cut short")
    full = [i for i in blocks if records[i][0] in ("XYDATA", "XYPOINTS")]
    if len(full) > 1:
        raise SpectrumFormatError(
            f"{source}: {len(full)} ##XYDATA/##XYPOINTS blocks under one title; a file must hold one spectrum's data"
        )
    chosen = (full or blocks)[0]
    label, form, lines = records[chosen]
    # The labels before a block describe it (a peak table after the data has an ##NPOINTS of its own).
    header = {lab: value for lab, value, _ in records[:chosen] if lab not in _DATA_LABELS}
    form = "".join(form.upper().split())
    if label == "XYDATA" and form.startswith("(X++(Y..Y))"):
        w, v = _xydata(header, lines, source)
    elif form.startswith("(XY..XY)") or form.startswith("(XY)"):
        w, v = _pairs(header, lines, source, whole=label != "PEAKTABLE")
    else:
        raise SpectrumFormatError(f"{source}: ##{label}={form} is not a data form this reader knows")
    if w.size < 2:
        raise SpectrumFormatError(f"{source}: JCAMP-DX data of {w.size} points; a spectrum needs two")
    if not (np.isfinite(w).all() and np.isfinite(v).all()):
        raise SpectrumFormatError(f"{source}: the JCAMP-DX data hold NaN or infinite values")
    header["NAMES"] = header.get("TITLE", "").strip()
    w = _in_wavenumbers(w, header.get("XUNITS", ""), source)
    y_unit = _unit(header.get("YUNITS", ""))
    if "TRANSMI" in y_unit or "REFLECT" in y_unit or y_unit in ("%T", "%R"):
        v = _to_absorbance(v, header["YUNITS"])
        header["ORIGINAL YUNITS"], header["YUNITS"] = header["YUNITS"], "ABSORBANCE"
    order = np.argsort(w, kind="stable")
    return header, w[order], v[order]


def _count_spectra(records) -> int:
    """Spectra in a file: the ##TITLE sections that hold data (a peak table after the data is the same spectrum)."""
    count, has_data = 0, False
    for label, _, _ in records:
        if label == "TITLE":
            count, has_data = count + has_data, False
        elif label in _DATA_LABELS:
            has_data = True
    return count + has_data


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
        raise SpectrumFormatError(
            f"{source}: ##XUNITS={unit.strip()} is not a wavenumber (1/CM), MICROMETERS or NANOMETERS axis"
        )
    if (x <= 0).any():
        raise SpectrumFormatError(f"{source}: a wavelength of {x.min():g} {unit.strip()} has no wavenumber")
    return per_cm / x


def _to_absorbance(t: np.ndarray, unit: str) -> np.ndarray:
    """-log10 of a transmittance or reflectance, as a fraction or in percent."""
    # Files labelled TRANSMITTANCE often hold percent; a fraction never reaches 2, a percent scale almost always does.
    if "%" in unit or "PERCENT" in _unit(unit) or t.max() > 2:
        t = t / 100
    return -np.log10(np.maximum(t, 1e-4))
