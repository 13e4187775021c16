"""The figure of one identification: the unknown over its best reference, their difference, the matched bands.

Spectra are drawn as measured (on the model's grid, max-normalised), the unknown moved by the shift it was
compared at; the comparison itself may have used derivatives.
"""

from __future__ import annotations

import io
import os
import threading
import weakref

import numpy as np
import pandas as pd

from ..preprocessing import grid_of
from .figure_layout import IdentificationFigure, matched_bands

__all__ = [
    "AXIS_LABELS",
    "draw_figure",
    "figure_data",
    "identification_figure",
    "matched_bands",
    "plot_identification",
    "write_figure",
]

#: Axis labels by technique (an identifier's ``technique_``): what the spectra are, as their users name it.
AXIS_LABELS = {
    "infrared": ("wavenumber (cm$^{-1}$)", "absorbance (max = 1)"),
    "nir": ("wavenumber (cm$^{-1}$)", "absorbance (max = 1)"),
    "raman": ("Raman shift (cm$^{-1}$)", "intensity (max = 1)"),
    None: ("wavenumber (cm$^{-1}$)", "intensity (max = 1)"),
}


#: Each identifier's library names and their rows, kept for its figures (one dict per figure cost 10 ms per
#: figure for a library of 100,000 spectra).
_ROWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def library_rows(identifier, references) -> list[int]:
    """The rows of ``identifier``'s library whose names are ``references`` (a hit list's ``reference``)."""
    names = identifier.library_names_
    kept = _ROWS.get(identifier)
    if kept is None or kept[0] is not names:  # refitted since
        kept = _ROWS[identifier] = (names, {name: i for i, name in enumerate(names.tolist())})
    return [kept[1][name] for name in references]


def _plain(text) -> str:
    """A file or substance name as text, never as matplotlib's mathtext (``$\\undefined$`` would stop the figure)."""
    return str(text).replace("$", r"\$")


def figure_data(identifier, name: str, spectrum, hits: pd.DataFrame, shown: np.ndarray | None = None) -> dict:
    """What the figure of one unknown shows, as plain arrays and text: cheap to compute, and to send to another
    process that draws it (``draw_figure``).

    Parameters
    ----------
    identifier : fitted SpectrumIdentifier
        Its library (as measured) gives the references.
    name : str
        The unknown's name, for the title.
    spectrum : (wavenumbers, intensities) or array
        The unknown, as the identifier takes it.
    hits : DataFrame
        Its rows of :meth:`~sklearn_teanet.SpectrumIdentifier.identify`.
    shown : ndarray or None, default=None
        The unknown as :meth:`~sklearn_teanet.SpectrumIdentifier.display` gives it, if already found (a batch
        displays its spectra together, in a fraction of the time).

    Returns
    -------
    data : dict
    """
    model = identifier.estimator_
    batch = [spectrum] if isinstance(spectrum, tuple) else np.atleast_2d(spectrum)
    unknown = identifier.display(batch)[0] if shown is None else shown
    axis = grid_of(model)
    axis = np.arange(unknown.size) if axis is None or axis.size != unknown.size else axis
    references = identifier.library_display_[library_rows(identifier, hits["reference"])]
    best = hits.iloc[0]
    response = None
    if hasattr(model[-1] if hasattr(model, "steps") else model, "explain"):  # a network: where it looked
        from ..interpretation import explain  # Grad-CAM's torch, only for a network's figures

        response = explain(model, batch, target=best["class"])[0]
    shifted_axis = axis - best["shift_cm"]  # the unknown moved onto the reference, as it was compared
    x_label, y_label = AXIS_LABELS.get(getattr(identifier, "technique_", None), AXIS_LABELS[None])
    return {
        "name": _plain(name), "axis": axis, "unknown": np.interp(axis, shifted_axis, unknown), "references": references,
        "classes": [_plain(c) for c in hits["class"]], "hqi": hits["hqi"].to_numpy(float),
        "ranks": hits["rank"].tolist(), "no_match": bool(best["no_match"]), "p_value": float(best["p_value"]),
        "shift": float(best["shift_cm"]), "response": response, "x_label": x_label, "y_label": y_label,
    }  # fmt: skip


def draw_figure(data: dict):
    """The figure of :func:`figure_data`, on a figure of its own (a matplotlib Figure)."""
    return IdentificationFigure(len(data["classes"]), data["response"] is not None).show(data)


#: A drawing thread's figures, one per layout, reused from one unknown to the next (per thread: two runs at once
#: in one process must not draw on one figure).
_LAID_OUT = threading.local()


def identification_figure(identifier, name: str, spectrum, hits: pd.DataFrame):
    """The figure of one unknown (a matplotlib Figure): ``draw_figure`` of :func:`figure_data`.

    Parameters
    ----------
    identifier, name, spectrum, hits
        As in :func:`figure_data`.

    Returns
    -------
    figure : matplotlib.figure.Figure
    """
    return draw_figure(figure_data(identifier, name, spectrum, hits))


def write_figure(data: dict, path: str | os.PathLike) -> None:
    """Draw :func:`figure_data` into a PNG, whole or not at all, on this process's figure of that layout."""
    layout = (len(data["classes"]), data["response"] is not None)
    figures = _LAID_OUT.__dict__.setdefault("figures", {})
    if layout not in figures:
        figures[layout] = IdentificationFigure(*layout)
    figures[layout].show(data)
    figures[layout].write_png(path)


def plot_identification(identifier, name: str, spectrum, hits: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write :func:`identification_figure` to a PNG, whole or not at all.

    Parameters
    ----------
    identifier, name, spectrum, hits
        As in :func:`figure_data`.
    path : path-like
        The PNG to write.
    """
    write_figure(figure_data(identifier, name, spectrum, hits), path)


def figure_png(data: dict) -> bytes:
    """The figure of :func:`figure_data`'s ``data`` as PNG bytes, for a report."""
    import matplotlib.pyplot as plt

    fig = draw_figure(data)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return buffer.getvalue()
