"""The identification figure laid out once and redrawn for each unknown of a run.

Its axes, ticks and labels are kept as pixels (one set per axis limits met), and
only what changes is drawn over them: the spectra and bands with matplotlib,
the texts with Pillow (:mod:`.pixels`).
"""

from __future__ import annotations

import os
import textwrap

import numpy as np
from scipy.signal import find_peaks

from ..utils._atomic import replacing

__all__ = ["IdentificationFigure", "matched_bands"]

#: Bands marked on a figure: the reference's strongest.
N_BANDS = 8
#: The least prominence of a band, as a share of its spectrum's range (the same for the reference and the unknown).
BAND_PROMINENCE = 0.05
#: Backgrounds (2.5 MB each) a figure keeps, one per set of axis limits met.
MAX_BACKGROUNDS = 16
#: The steps of a figure's y limits.
_STEPS = np.array([0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0])


def _step_up(value: float) -> float:
    """The first step at or above ``value`` (0 for none), or ``value`` itself beyond the steps."""
    if not np.isfinite(value) or value <= 0:
        return 0.0
    return float(_STEPS[np.searchsorted(_STEPS, value)]) if value <= _STEPS[-1] else float(value)


def _step_down(value: float) -> float:
    return -_step_up(-value)


def matched_bands(
    unknown: np.ndarray, reference: np.ndarray, tolerance: int = 3, n_bands: int = N_BANDS
) -> list[tuple]:
    """The reference's strongest bands, and whether the unknown has a band within ``tolerance`` points of each.

    A band stands out by at least ``BAND_PROMINENCE`` of its spectrum's range: a reference with three bands gets
    three marks, not three and five ripples of its baseline with wavenumbers written under them.

    Returns
    -------
    bands : list of (index, matched)
        The strongest first.
    """
    peaks, props = find_peaks(reference, prominence=BAND_PROMINENCE * max(np.ptp(reference), 1e-12))
    strongest = peaks[np.argsort(-props["prominences"], kind="stable")][:n_bands] if peaks.size else peaks
    found, _ = find_peaks(unknown, prominence=BAND_PROMINENCE * max(np.ptp(unknown), 1e-12))
    return [(int(p), bool(found.size and np.abs(found - p).min() <= tolerance)) for p in strongest]


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
        from matplotlib.ticker import MaxNLocator

        rows = 4 if neural else 3
        height = 2.1 * rows + 0.8
        # Fixed margins, not constrained_layout: its solver took half of each figure's time (issue 36, point 7).
        self.figure = plt.figure(figsize=(9, height), dpi=100)  # pyplot's, so that a notebook shows it
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
        # The same for every unknown, so drawn once (see write_png); the best reference is named in the title.
        self.key = self.top.text(0, 1.03, "black: the unknown (moved by the shift), blue: the best reference; dashed: "
                                 "its strongest bands, green where the unknown has one", transform=self.top.transAxes,
                                 fontsize=7, va="bottom")  # fmt: skip
        # Each candidate named in its line's colour, in a row above the panel.
        self.labels = [self.stack.text(k / max(n_candidates, 1), 1.03, "", transform=self.stack.transAxes, fontsize=7,
                                       va="bottom", color=line.get_color())
                       for k, line in enumerate(self.candidates)]  # fmt: skip
        self.stack.set_yticks([])
        self.stack.set_ylabel("candidates")
        self.title = self.figure.suptitle("", fontsize=8.5, x=0.01, ha="left")
        # The reference's strongest bands, each with its position as a spectroscopist reads and reports it: made
        # once and moved for each unknown (making them was a tenth of a figure's time).
        self.bands = [self.top.axvline(0, ymin=0.09, lw=0.8, ls="--", zorder=0) for _ in range(N_BANDS)]
        self.positions = [self.top.text(0, 0.02, "", transform=self.top.get_xaxis_transform(), fontsize=6.5,
                                        ha="center", va="bottom") for _ in range(N_BANDS)]  # fmt: skip
        if neural:
            self.response.set_ylabel("response")
            self.response.set_yticks([])
        self.top.yaxis.set_major_locator(MaxNLocator(5))  # every tick is a text to lay out and draw
        self.diff.yaxis.set_major_locator(MaxNLocator(3))
        (self.response if neural else self.stack).xaxis.set_major_locator(MaxNLocator(8))
        self.palette = None  # the colours of the figure's PNG files, found once
        self.backgrounds: dict = {}  # the pixels that stay from one unknown to the next, by axes' limits and labels

    def show(self, data: dict):
        """Draw :func:`figure_data` of one unknown; returns the matplotlib Figure."""
        axis, unknown, references = data["axis"], data["unknown"], data["references"]
        reference, best_class = references[0], data["classes"][0]
        self.unknown.set_data(axis, unknown)
        self.reference.set_data(axis, reference)
        marked = matched_bands(unknown, reference, n_bands=N_BANDS)
        written = []  # positions written so far, the strongest bands' first
        for k, (line, position) in enumerate(zip(self.bands, self.positions)):
            line.set_visible(k < len(marked))
            position.set_visible(k < len(marked))
            if k < len(marked):
                index, matched = marked[k]
                # A position written over a stronger band's is read as neither: the band's line stays, unlabelled.
                apart = all(abs(axis[index] - w) >= 0.035 * abs(axis[-1] - axis[0]) for w in written)
                position.set_visible(apart)
                written += [axis[index]] if apart else []
                line.set_xdata([axis[index], axis[index]])
                line.set_color("tab:green" if matched else "0.75")
                position.set_x(axis[index])
                position.set_text(f"{axis[index]:.0f}")
                position.set_color("tab:green" if matched else "0.4")
        verdict = f"no match (nearest: {best_class})" if data["no_match"] else best_class
        title = (f"{data['name']}: {verdict}. HQI {data['hqi'][0]:.1f}, p = {data['p_value']:.2f}, "
                 f"shift {data['shift']:+.1f} cm-1.")  # fmt: skip
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
        for k, label in enumerate(self.labels):
            label.set_text(line_labels[k] if k < len(line_labels) else "")
        if self.top.get_xlim() != (axis[0], axis[-1]):  # a run's unknowns share the model's grid: set once
            self.top.set_xlim(axis[0], axis[-1])  # and, shared, on every panel
        # The candidates' panel has no ticks: its limits move nothing that is kept, and are found without relim.
        stacked = [row - 1.1 * k for k, (row, *_) in enumerate(shown[: len(self.candidates)])]
        low, high = min(row.min() for row in stacked), max(row.max() for row in stacked)
        self.stack.set_ylim(low - 0.05 * (high - low), high + 0.05 * (high - low))
        # Limits from a few steps, not from each unknown's extremes, so that most unknowns of a run share their
        # axes, drawn once (see write_png); spectra are divided by their maximum, so most take (-0.14, 1.05).
        # Below zero, room for the band positions under the spectra, where no band hides them.
        low, high = _step_down(min(unknown.min(), reference.min())), _step_up(max(unknown.max(), 1.0))
        self.top.set_ylim(low - 0.14, high + 0.05)
        largest = max(_step_up(np.abs(unknown - reference).max()), _STEPS[0])  # never (0, 0)
        self.diff.set_ylim(-largest, largest)
        if self.top.get_ylabel() != data["y_label"]:
            self.top.set_ylabel(data["y_label"])
        bottom = self.response if self.response is not None else self.stack
        if bottom.get_xlabel() != data["x_label"]:
            bottom.set_xlabel(data["x_label"])
        return self.figure

    def _changing(self) -> list:
        """What differs from one unknown to the next: drawn on the kept background for each."""
        artists = [self.title, *self.labels, self.unknown, self.reference, self.difference,
                   *self.candidates, *self.bands, *self.positions]  # fmt: skip
        return artists + (list(self.response.collections) if self.response is not None else [])

    def write_png(self, path: str | os.PathLike) -> None:
        """Write the unknown :meth:`show` drew as a PNG, whole or not at all.

        Most of a figure's time went to what the unknowns of a run share (frames, axes, their ticks and labels):
        those are drawn once for each set of limits and kept as pixels, and only what changes is drawn over them.
        """
        from matplotlib.text import Text
        from PIL import Image

        from .pixels import draw_texts, figure_palette, write_png

        canvas = self.figure.canvas
        changing = sorted(self._changing(), key=lambda artist: artist.get_zorder())  # bands under spectra
        for artist in changing:
            artist.set_animated(True)  # left out of the background
        state = (self.top.get_xlim(), self.top.get_ylim(), self.diff.get_ylim(), self.top.get_ylabel(),
                 (self.response or self.stack).get_xlabel())  # fmt: skip
        if state not in self.backgrounds:
            if len(self.backgrounds) >= MAX_BACKGROUNDS:
                self.backgrounds.clear()
            canvas.draw()
            self.backgrounds[state] = canvas.copy_from_bbox(self.figure.bbox)
        canvas.restore_region(self.backgrounds[state])
        renderer = canvas.get_renderer()
        for artist in changing:
            if not isinstance(artist, Text):
                artist.draw(renderer)
            artist.set_animated(False)  # a savefig of this figure (which leaves animated artists out) shows all
        image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        image = image.convert("RGB")
        draw_texts(image, [artist for artist in changing if isinstance(artist, Text)], self.figure.dpi)
        if self.palette is None:
            self.palette = figure_palette(self.figure)
        with replacing(path) as temporary:
            write_png(image, temporary, self.palette)
