"""The figures of a batch of unknowns: one per spectrum, one per likely mixture, each named in the hit lists."""

from __future__ import annotations

import hashlib
import warnings

import numpy as np

from ..preprocessing import PartialCoverageWarning

__all__ = ["displayed", "draw", "draw_mixtures", "figure_name", "figures_drawn"]


def figure_name(name: str, taken: set) -> str:
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    if len(stem.encode()) > 200:  # file systems refuse names over 255 bytes; a digest keeps long names apart
        stem = f"{stem.encode()[:150].decode(errors='ignore')}-{hashlib.sha1(name.encode()).hexdigest()[:12]}"
    candidate, k = f"{stem}.png", 1
    while candidate in taken:  # a/x.txt and a_x.txt must not share a figure
        k += 1
        candidate = f"{stem}-{k}.png"
    taken.add(candidate)
    return candidate


def displayed(identifier, spectra: list) -> list:
    """``identifier.display`` of each spectrum, found together; None for each if one of them fails."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PartialCoverageWarning)
            return list(identifier.display(spectra if isinstance(spectra[0], tuple) else np.vstack(spectra)))
    except (ValueError, RuntimeError, FloatingPointError):
        return [None] * len(spectra)  # each is displayed alone, and a failure is its figure's alone


def draw(identifier, name, spectrum, hits, out, figures, queue, run, shown=None) -> None:
    """Queue one spectrum's figure, named in its hits (cleared again if drawing it fails)."""
    from .figures import figure_data

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PartialCoverageWarning)
            data = figure_data(identifier, name, spectrum, hits, shown)
    except (ValueError, RuntimeError, FloatingPointError) as error:
        run.notes.append(f"{name}: no figure ({error}); its hit list is in hits.csv.")
        return
    figure = figure_name(name, figures)
    queue.submit(name, data, out / figure)
    hits["figure"] = figure


def draw_mixtures(identifier, run, out, figures) -> None:
    """A figure for each likely mixture (the fitted sum and what it leaves), named in ``mixtures.csv``."""
    from .mixture_figures import mixture_figure_data, write_mixture_figure

    run.mixtures["figure"] = ""
    for index, row in run.mixtures[run.mixtures["mixture"]].iterrows():
        figure = figure_name(f"mixture_{row['spectrum']}", figures)
        try:
            write_mixture_figure(mixture_figure_data(identifier, row["spectrum"], run.inputs[row["spectrum"]], row),
                                 out / figure)  # fmt: skip
        except ImportError:
            return  # the spectra's figures have said that matplotlib is missing
        except (ValueError, RuntimeError, FloatingPointError) as error:
            run.notes.append(f"{row['spectrum']}: no mixture figure ({error}).")
            continue
        run.mixtures.loc[index, "figure"] = figure


def figures_drawn(queue, frames: list, run, cancel: bool) -> None:
    """Wait for the figures; a spectrum whose figure failed loses its name in the hits, and says why."""
    errors = {name: error for name, error in queue.finish(cancel=cancel).items() if error is not None}
    run.interrupted = run.interrupted or queue.interrupted
    if any(isinstance(error, ImportError) for error in errors.values()):
        run.notes.append("matplotlib is not installed: no figures.")
    for name, error in errors.items():
        if not isinstance(error, ImportError):
            run.notes.append(f"{name}: no figure ({error}); its hit list is in hits.csv.")
    for frame in frames:
        frame.loc[frame["spectrum"].isin(list(errors)), "figure"] = ""
