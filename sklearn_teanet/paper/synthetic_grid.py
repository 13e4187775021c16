"""Fig. 8: TeaNet against CNN over the grid of synthetic problems (theta x FWHM)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import PredefinedSplit

from ..data import PAPER_FWHM_RANGES, PAPER_THETAS, paper_grid
from ..utils._atomic import replace_each, save_figure
from .runner import run_benchmark

__all__ = ["run_synthetic_grid", "plot_synthetic_grid", "cell_problem", "with_earlier_cells", "grid_report"]

#: Columns that name the grid a row belongs to: cells of other sizes or seeds are other problems.
PROBLEM_COLUMNS = ["n_classes", "n_samples_per_class", "n_points", "random_state"]


def run_synthetic_grid(
    methods: Mapping[str, object],
    out_dir: str | os.PathLike,
    thetas: Sequence[float] = PAPER_THETAS,
    fwhm_ranges: Sequence[tuple[float, float]] = PAPER_FWHM_RANGES,
    random_state: int = 0,
    n_jobs: int = 1,
    verbose: int = 1,
    **generator_params,
) -> pd.DataFrame:
    """Score every method on every cell of the synthetic grid of Fig. 8.

    Each cell is a fresh problem from :func:`~sklearn_teanet.paper.paper_grid`
    split 60 / 20 / 20. The methods train on the training and validation parts
    together (our neural classifiers choose no epoch on validation by default)
    and are scored on the test part. Fits are saved to ``out_dir`` as they
    finish, and a rerun skips them (see :func:`run_benchmark`).

    Parameters
    ----------
    methods : mapping of str to estimator
    out_dir : path-like
    thetas, fwhm_ranges : sequences
        The grid; the paper's 5 x 4 by default.
    random_state : int, default=0
        Seed of the grid's data.
    n_jobs, verbose
        As in :func:`run_benchmark`.
    **generator_params
        Passed to :class:`~sklearn_teanet.LorentzSpectraGenerator`, e.g.
        ``n_classes``, ``n_samples_per_class``, ``n_points``.

    Returns
    -------
    results : DataFrame
        One row per cell and method: ``theta``, ``fwhm``, ``method``, ``accuracy``
        (in %), ``fit_time``.
    """
    frames = []
    for cell in paper_grid(thetas, fwhm_ranges, random_state=random_state, **generator_params):
        X, y, cv = cell_problem(cell)
        if verbose:
            print(f"theta = {cell.theta:.3g}, FWHM {cell.fwhm[0]:g}-{cell.fwhm[1]:g}:", flush=True)
        rows = run_benchmark(methods, X, y, cv, out_dir, n_jobs=n_jobs, verbose=verbose)
        frames.append(rows.assign(theta=cell.theta, fwhm=f"{cell.fwhm[0]:g}-{cell.fwhm[1]:g}"))
    results = pd.concat(frames, ignore_index=True)
    results["accuracy"] *= 100
    return results[["theta", "fwhm", "method", "accuracy", "fit_time"]]


def cell_problem(cell) -> tuple[np.ndarray, np.ndarray, PredefinedSplit]:
    """A cell of :func:`~sklearn_teanet.paper.paper_grid` as :func:`run_synthetic_grid` scores it.

    Returns the stacked spectra ``X`` and labels ``y`` (training and validation
    parts first, the test part last) and the one split that trains on the first
    two parts and tests on the last; the same arrays give the same saved fits.
    """
    X = np.concatenate([cell.X_train, cell.X_valid, cell.X_test])
    y = np.concatenate([cell.y_train, cell.y_valid, cell.y_test])
    test_fold = np.r_[np.full(len(X) - len(cell.X_test), -1), np.zeros(len(cell.X_test), dtype=int)]
    return X, y, PredefinedSplit(test_fold)


def with_earlier_cells(results: pd.DataFrame, path: str | os.PathLike) -> pd.DataFrame:
    """``results`` with the rows an earlier run saved to ``path`` for cells not run again.

    The grid costs hours at the paper's size and is often run a few cells per
    command; the report of the last command then shows every cell recorded so
    far. ``results`` and the saved rows carry :data:`PROBLEM_COLUMNS`; a cell run
    again replaces its saved rows. Rows of other problems are kept, and a saved
    file without those columns (an older version's) is not merged.
    """
    path = Path(path)
    if not path.exists():
        return results
    earlier = pd.read_csv(path, dtype={"fwhm": str}, float_precision="round_trip")
    if not set(PROBLEM_COLUMNS + ["theta", "fwhm", "method"]) <= set(earlier.columns):
        return results
    key = PROBLEM_COLUMNS + ["theta", "fwhm", "method"]
    rerun = earlier[key].merge(results[key].drop_duplicates(), how="left", indicator=True)["_merge"] == "both"
    combined = pd.concat([earlier[~rerun.to_numpy()], results], ignore_index=True)
    order = (-combined["theta"], combined["fwhm"].map(lambda f: float(f.split("-")[0])))
    return combined.iloc[np.lexsort(order[::-1])].reset_index(drop=True)


def grid_report(results: pd.DataFrame, out_dir: str | os.PathLike, problem: dict, methods) -> pd.DataFrame:
    """Write the grid's report into ``out_dir`` and return its table of accuracies per cell.

    The report holds every cell of this ``problem`` recorded in the folder, by
    this run (``results``) or earlier ones: ``grid_results.csv`` (every row),
    ``grid.csv`` and ``grid.md`` (the table), and with two methods and
    matplotlib, ``grid.png`` (the heatmaps of Fig. 8).

    Parameters
    ----------
    results : DataFrame
        As :func:`run_synthetic_grid` returns.
    out_dir : path-like
        The run's folder.
    problem : dict
        Values of :data:`PROBLEM_COLUMNS` of this run.
    methods : sequence of str
        The methods to report; with two, their difference is a column.

    Returns
    -------
    table : DataFrame
        Accuracy (%) per (theta, FWHM) and method.
    """
    out = Path(out_dir)
    methods = list(methods)
    saved = with_earlier_cells(results.assign(**problem), out / "grid_results.csv")
    rows = saved[(saved[PROBLEM_COLUMNS] == pd.Series(problem)).all(axis=1) & saved["method"].isin(methods)]
    table = rows.pivot_table(index=["theta", "fwhm"], columns="method", values="accuracy", sort=False).round(2)
    if len(methods) == 2:
        first, second = methods
        table[f"{first} - {second}"] = (table[first] - table[second]).round(2)
    replace_each(
        out,
        {
            "grid_results.csv": lambda path: saved.to_csv(path, index=False),
            "grid.csv": table.to_csv,
            "grid.md": lambda path: path.write_text(table.reset_index().set_index("theta").to_markdown() + "\n"),
        },
    )
    if len(methods) == 2:
        try:
            plot_synthetic_grid(rows, out / "grid.png", *methods)
        except ImportError:
            pass  # no matplotlib: the tables are the report
    return table


def plot_synthetic_grid(results: pd.DataFrame, path: str | os.PathLike, first: str, second: str) -> None:
    """Heatmaps of ``first``'s and ``second``'s accuracies and their difference, as in Fig. 8."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tables = {m: _pivot(results, m) for m in (first, second)}
    tables[f"{first} - {second}"] = tables[first] - tables[second]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8), constrained_layout=True)
    for ax, (title, table) in zip(axes, tables.items()):
        diverging = " - " in title
        limit = max(1.0, float(np.nanmax(np.abs(table.values)))) if diverging else 100
        image = ax.imshow(
            table.values, cmap="RdBu" if diverging else "viridis", vmin=-limit if diverging else 0, vmax=limit
        )
        ax.set_xticks(range(table.shape[1]), table.columns)
        ax.set_yticks(range(table.shape[0]), [f"{t:.3g}" for t in table.index])
        ax.set_xlabel("FWHM of characteristic peaks (points)")
        ax.set_ylabel("theta")
        ax.set_title(f"{title} (accuracy %)")
        for (i, j), value in np.ndenumerate(table.values):
            if np.isnan(value):  # a cell not run (a partial grid)
                continue
            dark = abs(value) > 0.6 * limit if diverging else value < 50  # where black text would not show
            ax.text(j, i, f"{value:.1f}", ha="center", va="center", fontsize=8, color="white" if dark else "black")
        fig.colorbar(image, ax=ax, shrink=0.8)
    save_figure(fig, path, dpi=120)
    plt.close(fig)


def _pivot(results: pd.DataFrame, method: str) -> pd.DataFrame:
    part = results[results["method"] == method]
    table = part.pivot_table(index="theta", columns="fwhm", values="accuracy", sort=False)
    return table.sort_index(ascending=False)
