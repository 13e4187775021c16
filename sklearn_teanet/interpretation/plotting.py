"""Figures in the style of the paper's Fig. 13-14 (needs the ``plot`` extra: matplotlib)."""

from __future__ import annotations

import numpy as np

__all__ = ["plot_response"]


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("Plotting needs matplotlib: pip install 'sklearn-teanet[plot]'.") from error
    return plt


def plot_response(
    spectrum,
    response,
    wavenumbers=None,
    regions=None,
    peaks=None,
    ax=None,
    label: str = "response",
    title: str | None = None,
):
    """Plot a spectrum, a Grad-CAM response under it, discriminant regions and peaks.

    Parameters
    ----------
    spectrum, response : array-like of shape (n_points,)
    wavenumbers : array-like of shape (n_points,), default=None
        x axis; point indices when None.
    regions : sequence of (start, stop), default=None
        Shaded intervals, in the units of the x axis.
    peaks : sequence of float, default=None
        Positions of known characteristic peaks, marked on the spectrum.
    ax : matplotlib Axes, default=None
        Where to draw; a new figure when None.
    label : str, default="response"
        Legend of the response.
    title : str, default=None

    Returns
    -------
    ax : matplotlib Axes
    """
    plt = _pyplot()
    spectrum, response = np.asarray(spectrum, dtype=float), np.asarray(response, dtype=float)
    x = np.arange(spectrum.size) if wavenumbers is None else np.asarray(wavenumbers, dtype=float)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3))
    ax.plot(x, spectrum, color="tab:blue", lw=1.2, label="spectrum")
    scale = np.abs(spectrum).max() / response.max() if response.max() > 0 else 1.0
    ax.fill_between(x, 0, -response * scale * 0.6, color="tab:red", alpha=0.4, label=label)
    for start, stop in regions if regions is not None else []:
        ax.axvspan(start, stop, color="tab:green", alpha=0.12)
    if peaks is not None:
        peaks = np.asarray(peaks, dtype=float)
        ax.plot(peaks, np.interp(peaks, x, spectrum), "o", mfc="none", mec="k", label="characteristic peaks")
    ax.set_xlabel("wavenumber (cm$^{-1}$)" if wavenumbers is not None else "point")
    ax.set_yticks([])
    ax.legend(loc="upper right", fontsize="small")
    if title:
        ax.set_title(title)
    return ax
