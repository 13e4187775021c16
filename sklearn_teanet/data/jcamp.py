"""JCAMP-DX files: read with the ``jcamp`` package, in the units an absorbance library on a wavenumber axis uses."""

from __future__ import annotations

import io
import re

import numpy as np

from .errors import SpectrumFormatError

__all__ = ["parse_jcamp"]


# Lines that open a block of a JCAMP-DX file: its title, its data (a peak table may follow the data of the same
# spectrum), any label.
_TITLE = re.compile(r"^[ \t]*##TITLE[ \t]*=", re.IGNORECASE | re.MULTILINE)
_DATA = re.compile(r"^[ \t]*##(XYDATA|XYPOINTS|PEAK ?TABLE|DATA ?TABLE)[ \t]*=", re.IGNORECASE | re.MULTILINE)
_FULL_DATA = re.compile(r"^[ \t]*##(XYDATA|XYPOINTS)[ \t]*=", re.IGNORECASE | re.MULTILINE)
_LABEL = re.compile(r"^[ \t]*##", re.MULTILINE)


def parse_jcamp(contents: bytes, source: str = "<string>") -> tuple[dict, np.ndarray, np.ndarray]:
    """Parse a JCAMP-DX spectrum with the ``jcamp`` package.

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
    ``##PEAK TABLE``.
    """
    import jcamp

    text = contents.decode("utf-8", errors="replace")
    spectra = sum(bool(_DATA.search(section)) for section in _TITLE.split(text))
    if spectra > 1:
        # jcamp keeps only the last block's data and title: the other spectra would be lost without a word.
        raise SpectrumFormatError(
            f"{source}: a compound JCAMP-DX file with {spectra} spectra; split it into one file per spectrum"
        )
    data = _FULL_DATA.search(text)
    end = _LABEL.search(text, data.end()) if data else None
    if end is not None:
        # Read up to the end of the measured data: jcamp lets a later PEAK TABLE replace them with its few peaks.
        contents = (text[: end.start()] + "##END=\n").encode("utf-8")
    try:
        record = jcamp.read(io.BytesIO(contents))
    except Exception as error:  # jcamp raises KeyError, ValueError, IndexError on malformed files
        raise SpectrumFormatError(
            f"{source}: not a readable JCAMP-DX spectrum ({type(error).__name__}: {error})"
        ) from None
    if "x" not in record or "y" not in record:
        raise SpectrumFormatError(f"{source}: the JCAMP-DX file holds no XYDATA or PEAK TABLE block")
    w, v = np.asarray(record["x"], dtype=float), np.asarray(record["y"], dtype=float)
    if w.shape != v.shape or w.size < 2:
        raise SpectrumFormatError(f"{source}: JCAMP-DX data of {w.size} wavenumbers and {v.size} intensities")
    if not (np.isfinite(w).all() and np.isfinite(v).all()):
        raise SpectrumFormatError(f"{source}: the JCAMP-DX data hold NaN or infinite values")
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
