"""RRUFF's spectra (infrared or Raman, processed or raw): its file format, its class names, the paper's set.

The RRUFF data are (c) the RRUFF Project; cite Lafuente, Downs, Yang and Stone (2015),
"The power of databases: the RRUFF project".
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch

from ..preprocessing import SpectrumNormalizer
from .errors import SpectrumFormatError
from .folders import class_name, read_spectrum_files, records_to_bunch
from .formats import parse_xy

__all__ = [
    "RRUFFFormatError",
    "MID_IR_RANGE",
    "class_name",
    "parse_rruff",
    "read_rruff_files",
    "load_rruff",
    "load_rruff_ir_paper",
]

#: The mid-infrared window of the paper's RRUFF_IR set.
MID_IR_RANGE = (400.0, 4000.0)


class RRUFFFormatError(SpectrumFormatError):
    """A RRUFF file that cannot be read; the message names the file and the line."""


def parse_rruff(text: str | bytes, source: str = "<string>") -> tuple[dict, np.ndarray, np.ndarray]:
    """Parse one RRUFF spectrum file: :func:`~sklearn_teanet.data.parse_xy`, whose errors it raises as
    :class:`RRUFFFormatError`.

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
    """
    try:
        return parse_xy(text, source)
    except RRUFFFormatError:
        raise
    except SpectrumFormatError as error:
        raise RRUFFFormatError(str(error)) from None


def read_rruff_files(path: str | os.PathLike, on_error: str = "raise") -> list[dict]:
    """Parse every RRUFF ``.txt`` file of a folder or zip, each on its own axis.

    Parameters
    ----------
    path : path-like
        Folder or ``.zip``.
    on_error : {"raise", "warn"}, default="raise"
        Stop at a corrupt file, or skip it with a warning.

    Returns
    -------
    records : list of dict
        ``header``, ``wavenumbers``, ``intensities`` and ``file`` of each spectrum.
    """
    return read_spectrum_files(path, on_error=on_error, parse=parse_rruff, suffixes=(".txt",))


def load_rruff(
    path: str | os.PathLike,
    *,
    wavenumber_range: tuple[float, float] | None = None,
    min_coverage: float = 0.5,
    classes: str | os.PathLike | Sequence[str] | None = None,
    n_points: int = 1024,
    on_error: str = "raise",
    outside: str = "zero",
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
        Share of ``wavenumber_range`` a spectrum must cover to be kept.
    classes : path, sequence of str or None, default=None
        Keep only these mineral names, compared as :func:`~sklearn_teanet.data.class_name` writes them;
        a path names a text file with one name per line.
    n_points : int, default=1024
        Points of the common axis.
    on_error : {"raise", "warn"}, default="raise"
        What to do with a corrupt file.
    outside : {"zero", "edge"}, default="zero"
        What a kept spectrum is beyond its measured range: zero (as the paper's
        RRUFF_IR set was built), or its value at the nearest measured point (as
        ``sklearn-teanet train`` reads files: no step a derivative would turn
        into a band).

    Returns
    -------
    data : Bunch
        ``data`` (n_spectra, n_points), ``target`` (mineral names as :func:`~sklearn_teanet.data.class_name`
        writes them, as in the paper's class lists),
        ``wavenumbers``, ``frame`` (pandas DataFrame of the RRUFF id, names,
        chemistry, locality, source and file of every spectrum) and ``DESCR``.
    """
    return records_to_bunch(
        read_rruff_files(path, on_error=on_error),
        path,
        wavenumber_range=wavenumber_range,
        min_coverage=min_coverage,
        classes=classes,
        n_points=n_points,
        outside=outside,
    )


def load_rruff_ir_paper(
    path: str | os.PathLike,
    classes: str | os.PathLike | Sequence[str] | None = None,
    n_points: int = 1024,
    outside: str = "zero",
) -> Bunch:
    """The paper's RRUFF_IR set: mid-IR spectra of the paper's classes, max-normalised.

    Parameters
    ----------
    path : path-like
        RRUFF infrared "Processed" folder or zip.
    classes : path or sequence of str, default=None
        Class list; by default ``paper_class_names.txt`` next to ``path``, if present.
    n_points : int, default=1024
        Points of the common axis.
    outside : {"zero", "edge"}, default="zero"
        Beyond a spectrum's measured range (see :func:`~sklearn_teanet.load_rruff`); "zero" is
        how the paper's set was built.

    Returns
    -------
    data : Bunch
        As :func:`~sklearn_teanet.load_rruff`, with every spectrum divided by its maximum.
    """
    if classes is None:
        candidate = Path(path).parent / "paper_class_names.txt"
        if not candidate.exists():
            raise FileNotFoundError(f"No class list given and none at {candidate}; pass classes=.")
        classes = candidate
    with warnings.catch_warnings():
        # RRUFF's far-IR files are left out of the mid-IR set by design (DESCR counts them).
        warnings.filterwarnings("ignore", message=".* cover less than min_coverage", category=UserWarning)
        data = load_rruff(path, wavenumber_range=MID_IR_RANGE, classes=classes, n_points=n_points, outside=outside)
    data.data = SpectrumNormalizer("max").fit_transform(data.data)
    return data
