"""The figure of one identification: the unknown over its best reference, their difference, the matched bands.

Spectra are drawn as measured (on the model's grid, max-normalised), the unknown moved by the shift it was
compared at; the comparison itself may have used derivatives.
"""

from __future__ import annotations

import io
import os
import textwrap

import numpy as np
import pandas as pd
from scipy.signal import find_peaks

from ..utils._atomic import save_figure

__all__ = ["identification_figure", "plot_identification", "matched_bands"]


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


def identification_figure(identifier, name: str, spectrum, hits: pd.DataFrame):
    """The figure of one unknown (a matplotlib Figure): the unknown over its best reference, the difference
    below, the other candidates stacked, and for a neural model its response.

    Parameters
    ----------
    identifier : fitted SpectrumIdentifier
        Its library (after the model's preprocessing) gives the references.
    name : str
        The unknown's name, for the title.
    spectrum : (wavenumbers, intensities) or array
        The unknown, as the identifier takes it.
    hits : DataFrame
        Its rows of :meth:`~sklearn_teanet.SpectrumIdentifier.identify`.

    Returns
    -------
    figure : matplotlib.figure.Figure
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .explain import explain, explained_wavenumbers

    model = identifier.estimator_
    batch = [spectrum] if isinstance(spectrum, tuple) else np.atleast_2d(spectrum)
    unknown = identifier.display(batch)[0]
    axis = explained_wavenumbers(model)
    axis = np.arange(unknown.size) if axis is None or axis.size != unknown.size else axis
    names = identifier.library_names_.tolist()
    library = identifier.library_display_
    neural = hasattr(model[-1] if hasattr(model, "steps") else model, "explain")
    rows = 4 if neural else 3
    fig, axes = plt.subplots(rows, 1, figsize=(9, 2.1 * rows + 0.8), sharex=True, squeeze=False,
                             gridspec_kw={"height_ratios": [3, 1, 3] + ([1.2] if neural else [])},
                             constrained_layout=True)  # fmt: skip
    best = hits.iloc[0]
    reference = library[names.index(best["reference"])]
    top, diff, stack = axes[0, 0], axes[1, 0], axes[2, 0]
    shifted_axis = axis - best["shift_cm"]  # the unknown moved onto the reference, as it was compared
    top.plot(shifted_axis, unknown, color="black", lw=1.1, label="unknown")
    top.plot(axis, reference, color="tab:blue", lw=0.9, alpha=0.8, label=f"best reference: {_plain(best['class'])}")
    for index, matched in matched_bands(np.interp(axis, shifted_axis, unknown), reference):
        top.axvline(axis[index], color="tab:green" if matched else "0.75", lw=0.8, ls="--", zorder=0)
        # Each band's position, as a spectroscopist reads and reports it.
        top.annotate(f"{axis[index]:.0f}", (axis[index], 0.02), xycoords=("data", "axes fraction"), fontsize=6.5,
                     ha="center", va="bottom", color="tab:green" if matched else "0.4",
                     bbox={"fc": "white", "ec": "none", "pad": 0.6, "alpha": 0.85})  # fmt: skip
    top.set_ylabel("absorbance (max = 1)")
    verdict = f"no match (nearest: {_plain(best['class'])})" if best["no_match"] else _plain(best["class"])
    title = (f"{_plain(name)}: {verdict}. HQI {best['hqi']:.1f}, p = {best['p_value']:.2f}, "
             f"shift {best['shift_cm']:+.1f} cm-1. Dashed: the reference's strongest bands, green where the unknown "
             "has one.")  # fmt: skip
    fig.suptitle("\n".join(textwrap.wrap(title, 110)), fontsize=8.5, x=0.01, ha="left")
    diff.plot(axis, np.interp(axis, shifted_axis, unknown) - reference, color="tab:red", lw=0.8)
    diff.axhline(0, color="0.5", lw=0.5)
    diff.set_ylabel("unknown - ref.")
    for k, (_, hit) in enumerate(hits.iterrows()):
        row = library[names.index(hit["reference"])]
        stack.plot(axis, row - 1.1 * k, lw=0.8, label=f"{hit['rank']}. {_plain(hit['class'])} (HQI {hit['hqi']:.1f})")
    stack.set_yticks([])
    stack.set_ylabel("candidates")
    # Legends in a row above each plot, never over the bands.
    for ax, columns in ((top, 2), (stack, 3)):
        ax.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=columns, frameon=False)
    if neural:
        response = explain(model, batch, target=best["class"])[0]
        if response.size == axis.size:
            axes[3, 0].fill_between(axis, response, color="tab:red", alpha=0.6)
        axes[3, 0].set_ylabel("response")
        axes[3, 0].set_yticks([])
    axes[-1, 0].set_xlabel("wavenumber (cm$^{-1}$)")
    return fig


def plot_identification(identifier, name: str, spectrum, hits: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write :func:`identification_figure` to a PNG, whole or not at all.

    Parameters
    ----------
    identifier, name, spectrum, hits
        As in :func:`identification_figure`.
    path : path-like
        The PNG to write.
    """
    import matplotlib.pyplot as plt

    fig = identification_figure(identifier, name, spectrum, hits)
    save_figure(fig, path, dpi=110)
    plt.close(fig)


def figure_png(identifier, name: str, spectrum, hits: pd.DataFrame) -> bytes:
    """:func:`identification_figure` as PNG bytes, for a report."""
    import matplotlib.pyplot as plt

    fig = identification_figure(identifier, name, spectrum, hits)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return buffer.getvalue()
