"""The figure of one identification: the unknown over its best library spectra, and the model's response."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from ..baselines.correlation import standardize_rows
from ..utils._atomic import save_figure

__all__ = ["plot_identification"]


def plot_identification(identifier, name: str, spectrum, hits: pd.DataFrame, path: str | os.PathLike) -> None:
    """One PNG: the unknown over its top hits' best library spectra, and the model's response below.

    Parameters
    ----------
    identifier : fitted SpectrumIdentifier
        Its library (after the model's preprocessing) gives the hits' spectra.
    name : str
        The unknown's name, for the title.
    spectrum : (wavenumbers, intensities) or array
        The unknown, as the identifier takes it.
    hits : DataFrame
        Its rows of :meth:`SpectrumIdentifier.identify`.
    path : path-like
        The PNG to write.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .explain import explain, explained_wavenumbers

    model = identifier.estimator_
    library = identifier.library_  # after the model's preprocessing, centred and scaled
    grid = explained_wavenumbers(model)
    grid = np.arange(library.shape[1]) if grid is None else grid
    unknown = standardize_rows(
        np.asarray(
            model[:-1].transform([spectrum]) if hasattr(model, "steps") else np.atleast_2d(spectrum), dtype=float
        )
    )[0]
    neural = hasattr(model[-1] if hasattr(model, "steps") else model, "explain")
    fig, axes = plt.subplots(2 if neural else 1, 1, figsize=(8, 5 if neural else 3), sharex=True, squeeze=False)
    top = axes[0, 0]
    top.plot(grid, unknown, color="black", lw=1.2, label=f"{name} (unknown)")
    codes = {c: i for i, c in enumerate(identifier.classes_.tolist())}
    for k, (_, hit) in enumerate(hits.iterrows()):
        members = np.flatnonzero(identifier.library_classes_ == codes[hit["class"]])
        best = library[members[int(np.argmax(library[members] @ unknown))]]
        # Offset below the unknown, so that every hit can be compared with it by eye.
        top.plot(grid, best - 0.4 * (k + 1), lw=0.9, label=f"{hit['rank']}. {hit['class']} (HQI {hit['hqi']:.3f})")
    verdict = "no match" if hits["no_match"].iloc[0] else f"best: {hits['class'].iloc[0]}"
    top.set_title(f"{name}: {verdict}")
    top.legend(fontsize=7, loc="upper right")
    top.set_yticks([])
    if neural:
        response = explain(model, [spectrum], target=hits["class"].iloc[0])[0]
        axes[1, 0].fill_between(grid, response, color="tab:red", alpha=0.6)
        axes[1, 0].set_ylabel("response")
        axes[1, 0].set_yticks([])
    axes[-1, 0].set_xlabel("wavenumber (cm$^{-1}$)")
    fig.tight_layout()
    save_figure(fig, path, dpi=110)
    plt.close(fig)
