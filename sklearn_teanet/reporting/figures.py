"""The figure of one identification: the unknown over its best reference, their difference, the matched bands.

Spectra are drawn as measured (on the model's grid, max-normalised), the unknown moved by the shift it was
compared at; the comparison itself may have used derivatives.
"""

from __future__ import annotations

import io
import os
import textwrap
import threading

import numpy as np
import pandas as pd
from scipy.signal import find_peaks

from ..utils._atomic import save_figure

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


def matched_bands(unknown: np.ndarray, reference: np.ndarray, tolerance: int = 3, n_bands: int = 8) -> list[tuple]:
    """The reference's strongest bands, and whether the unknown has a band within ``tolerance`` points of each.

    Returns
    -------
    bands : list of (index, matched)
    """
    peaks, props = find_peaks(reference, prominence=0)
    strongest = peaks[np.argsort(-props["prominences"])][:n_bands] if peaks.size else peaks
    found, _ = find_peaks(unknown, prominence=0.1 * max(np.ptp(unknown), 1e-12))
    return [(int(p), bool(found.size and np.abs(found - p).min() <= tolerance)) for p in sorted(strongest)]


def _plain(text) -> str:
    """A file or substance name as text, never as matplotlib's mathtext (``$\\undefined$`` would stop the figure)."""
    return str(text).replace("$", r"\$")


def figure_data(identifier, name: str, spectrum, hits: pd.DataFrame) -> dict:
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

    Returns
    -------
    data : dict
    """
    from ..interpretation import explain, explained_wavenumbers

    model = identifier.estimator_
    batch = [spectrum] if isinstance(spectrum, tuple) else np.atleast_2d(spectrum)
    unknown = identifier.display(batch)[0]
    axis = explained_wavenumbers(model)
    axis = np.arange(unknown.size) if axis is None or axis.size != unknown.size else axis
    position = {n: i for i, n in enumerate(identifier.library_names_.tolist())}
    references = identifier.library_display_[[position[r] for r in hits["reference"]]]
    best = hits.iloc[0]
    response = None
    if hasattr(model[-1] if hasattr(model, "steps") else model, "explain"):  # a network: where it looked
        response = explain(model, batch, target=best["class"])[0]
    shifted_axis = axis - best["shift_cm"]  # the unknown moved onto the reference, as it was compared
    x_label, y_label = AXIS_LABELS.get(getattr(identifier, "technique_", None), AXIS_LABELS[None])
    return {
        "name": _plain(name), "axis": axis, "unknown": np.interp(axis, shifted_axis, unknown), "references": references,
        "classes": [_plain(c) for c in hits["class"]], "hqi": hits["hqi"].to_numpy(float),
        "ranks": hits["rank"].tolist(), "no_match": bool(best["no_match"]), "p_value": float(best["p_value"]),
        "shift": float(best["shift_cm"]), "response": response, "x_label": x_label, "y_label": y_label,
    }  # fmt: skip


class IdentificationFigure:
    """The figure of an identification, laid out once and redrawn for each unknown.

    Building a matplotlib figure (axes, ticks, layout) cost more than drawing
    one; a run's figures share their layout, so one figure per layout is kept
    and its lines, bands and texts are replaced for each unknown.

    Parameters
    ----------
    n_candidates : int
        Lines of the candidates' panel.
    neural : bool
        Whether a panel shows the network's response.
    """

    def __init__(self, n_candidates: int, neural: bool) -> None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        rows = 4 if neural else 3
        height = 2.1 * rows + 0.8
        # Fixed margins, not constrained_layout: its solver took half of each figure's time (issue 36, point 7).
        self.figure = plt.figure(figsize=(9, height))  # pyplot's, so that a notebook shows it
        axes = self.figure.subplots(rows, 1, sharex=True, squeeze=False,
                                    gridspec_kw={"height_ratios": [3, 1, 3] + ([1.2] if neural else []),
                                                 "hspace": 0.32, "left": 0.08, "right": 0.98,
                                                 "bottom": 0.55 / height, "top": 1 - 0.95 / height})[:, 0]  # fmt: skip
        self.top, self.diff, self.stack = axes[0], axes[1], axes[2]
        self.response = axes[3] if neural else None
        self.unknown = self.top.plot([], [], color="black", lw=1.1)[0]
        self.reference = self.top.plot([], [], color="tab:blue", lw=0.9, alpha=0.8)[0]
        self.difference = self.diff.plot([], [], color="tab:red", lw=0.8)[0]
        self.diff.axhline(0, color="0.5", lw=0.5)
        self.diff.set_ylabel("unknown - ref.")
        self.candidates = [self.stack.plot([], [], lw=0.8)[0] for _ in range(n_candidates)]
        self.key = self.top.text(0, 1.03, "", transform=self.top.transAxes, fontsize=7, va="bottom")
        # Each candidate named in its line's colour, in a row above the panel.
        self.labels = [self.stack.text(k / max(n_candidates, 1), 1.03, "", transform=self.stack.transAxes, fontsize=7,
                                       va="bottom", color=line.get_color())
                       for k, line in enumerate(self.candidates)]  # fmt: skip
        self.stack.set_yticks([])
        self.stack.set_ylabel("candidates")
        self.title = self.figure.suptitle("", fontsize=8.5, x=0.01, ha="left")
        self.marks: list = []  # the bands of the current unknown, replaced with it
        if neural:
            self.response.set_ylabel("response")
            self.response.set_yticks([])

    def show(self, data: dict):
        """Draw :func:`figure_data` of one unknown; returns the matplotlib Figure."""
        from matplotlib.ticker import MaxNLocator

        axis, unknown, references = data["axis"], data["unknown"], data["references"]
        for mark in self.marks:
            mark.remove()
        self.marks = []
        reference, best_class = references[0], data["classes"][0]
        self.unknown.set_data(axis, unknown)
        self.reference.set_data(axis, reference)
        for index, matched in matched_bands(unknown, reference):
            colour = "tab:green" if matched else "0.75"
            self.marks.append(self.top.axvline(axis[index], color=colour, lw=0.8, ls="--", zorder=0))
            # Each band's position, as a spectroscopist reads and reports it.
            self.marks.append(self.top.annotate(
                f"{axis[index]:.0f}", (axis[index], 0.02), xycoords=("data", "axes fraction"), fontsize=6.5,
                ha="center", va="bottom", color="tab:green" if matched else "0.4"))  # fmt: skip
        self.top.set_ylabel(data["y_label"])
        verdict = f"no match (nearest: {best_class})" if data["no_match"] else best_class
        title = (f"{data['name']}: {verdict}. HQI {data['hqi'][0]:.1f}, p = {data['p_value']:.2f}, "
                 f"shift {data['shift']:+.1f} cm-1. Dashed: the reference's strongest bands, green where the unknown "
                 "has one.")  # fmt: skip
        self.title.set_text("\n".join(textwrap.wrap(title, 110)))
        self.difference.set_data(axis, unknown - reference)
        shown = list(zip(references, data["ranks"], data["classes"], data["hqi"]))
        line_labels = []
        for k, line in enumerate(self.candidates):
            line.set_visible(k < len(shown))
            if k < len(shown):
                row, rank, name, hqi = shown[k]
                line.set_data(axis, row - 1.1 * k)
                line_labels.append(f"{rank}. {name} (HQI {hqi:.1f})")
        if self.response is not None:
            for drawn in list(self.response.collections):
                drawn.remove()
            if data["response"] is not None and data["response"].size == axis.size:
                self.response.fill_between(axis, data["response"], color="tab:red", alpha=0.6)
        # Labels in a row above each plot, never over the bands: plain texts, a legend cost a sixth of the figure.
        self.key.set_text(f"black: the unknown (moved by the shift), blue: the best reference, {best_class}")
        for k, label in enumerate(self.labels):
            label.set_text(line_labels[k] if k < len(line_labels) else "")
        for ax in (self.top, self.diff, self.stack):
            ax.relim()
            ax.autoscale_view()
        self.top.yaxis.set_major_locator(MaxNLocator(5))  # every tick is a text to lay out and draw
        self.diff.yaxis.set_major_locator(MaxNLocator(3))
        bottom = self.response if self.response is not None else self.stack
        bottom.xaxis.set_major_locator(MaxNLocator(8))
        bottom.set_xlabel(data["x_label"])
        return self.figure


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
    figure = figures[layout].show(data)
    # Fast zlib: a figure is mostly flat colour, and compression was a sixth of its time.
    save_figure(figure, path, dpi=100, pil_kwargs={"compress_level": 1})


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
