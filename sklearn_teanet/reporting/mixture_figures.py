"""The figure of a likely mixture: the unknown, the sum of the two references that fits it, each reference's part,
and what the sum leaves unexplained."""

from __future__ import annotations

import os

import numpy as np
from scipy.optimize import nnls

from ..preprocessing import grid_of
from ..utils._atomic import save_figure
from .figures import AXIS_LABELS, _plain, library_rows

__all__ = ["mixture_figure_data", "write_mixture_figure"]


def mixture_figure_data(identifier, name: str, spectrum, row) -> dict:
    """What the figure of one mixture shows, as arrays and text.

    The two references are fitted to the unknown as measured (each divided by
    its maximum, the unknown moved by its hit's shift) by non-negative least
    squares, so the drawn sum is one a chemist can check by eye; the search
    itself compared the model's preprocessed spectra.

    Parameters
    ----------
    identifier : fitted SpectrumIdentifier
    name : str
        The unknown's name.
    spectrum : (wavenumbers, intensities) or array
        The unknown, as the identifier takes it.
    row : mapping
        Its row of :meth:`~sklearn_teanet.SpectrumIdentifier.identify_mixtures`.

    Returns
    -------
    data : dict
    """
    batch = [spectrum] if isinstance(spectrum, tuple) else np.atleast_2d(spectrum)
    unknown = identifier.display(batch)[0]
    axis = grid_of(identifier.estimator_)
    axis = np.arange(unknown.size) if axis is None or axis.size != unknown.size else axis
    unknown = np.interp(axis, axis - float(row.get("shift_cm", 0.0)), unknown)
    parts = identifier.library_display_[library_rows(identifier, [row["first_reference"], row["second_reference"]])]
    weights, _ = nnls(parts.T, unknown)
    fitted = weights @ parts
    x_label, y_label = AXIS_LABELS.get(getattr(identifier, "technique_", None), AXIS_LABELS[None])
    return {
        "name": _plain(name), "axis": axis, "unknown": unknown, "parts": weights[:, None] * parts, "fitted": fitted,
        "classes": [_plain(row["first"]), _plain(row["second"])], "hqi_pair": float(row["hqi_pair"]),
        "hqi_single": float(row["hqi_single"]), "x_label": x_label, "y_label": y_label,
    }  # fmt: skip


def write_mixture_figure(data: dict, path: str | os.PathLike) -> None:
    """Draw :func:`mixture_figure_data` into a PNG, whole or not at all."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    axis = data["axis"]
    fig, (top, rest) = plt.subplots(2, 1, figsize=(9, 5.2), sharex=True, height_ratios=[3, 1],
                                    gridspec_kw={"hspace": 0.3, "left": 0.08, "right": 0.98, "bottom": 0.1,
                                                 "top": 0.86})  # fmt: skip
    try:
        top.plot(axis, data["unknown"], color="black", lw=1.1, label="unknown")
        top.plot(axis, data["fitted"], color="tab:orange", lw=1.0, label="fitted sum")
        for part, name, colour in zip(data["parts"], data["classes"], ("tab:blue", "tab:green")):
            top.plot(axis, part, color=colour, lw=0.7, alpha=0.8, label=name)
        top.set_ylabel(data["y_label"])
        top.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=4, frameon=False)
        residual = data["unknown"] - data["fitted"]
        rest.plot(axis, residual, color="tab:red", lw=0.8)
        # On the spectrum's scale (at least 5 % of it): a perfect fit's rounding must not look like a residual.
        limit = max(float(np.abs(residual).max()), 0.05) * 1.1
        rest.set_ylim(-limit, limit)
        rest.axhline(0, color="0.5", lw=0.5)
        rest.set_ylabel("unknown - sum")
        rest.set_xlabel(data["x_label"])
        first, second = data["classes"]
        fig.suptitle(f"{data['name']}: likely {first} + {second}. HQI of the pair {data['hqi_pair']:.1f}, of the "
                     f"best single spectrum {data['hqi_single']:.1f}.", fontsize=8.5, x=0.01, ha="left")  # fmt: skip
        save_figure(fig, path, dpi=100, pil_kwargs={"compress_level": 1})
    finally:
        plt.close(fig)
