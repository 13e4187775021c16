"""Fig. 8 over several data seeds: mean heatmaps, and TeaNet - CNN_Full per cell with a 95 % CI.

Reads the fits that ``python -m sklearn_teanet synthetic-grid --networks default``
saved in ``<root>/seed<S>`` for each data seed S, matched by the runner's keys; it
fits nothing, and names any seed, cell and method not recorded. Writes
``<root>/fig8_seeds.png`` (the mean accuracies and their difference, as Fig. 8) and
prints the per-cell table with a t interval over the seeds.

Run: .venv/bin/python benchmarks/plot_fig8_seeds.py --cells 2:3 3:3 [--seeds 0 1 2] [--per-seed]
     (a cell is THETA_INDEX:FWHM_INDEX of the paper's grid, as ``--theta-cells``/``--fwhm-cells``)
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from sklearn_teanet.data import PAPER_FWHM_RANGES, PAPER_THETAS, paper_grid
from sklearn_teanet.paper import fit_key, make_method, read_fits
from sklearn_teanet.paper.compare import paired_differences
from sklearn_teanet.paper.synthetic_grid import cell_problem, plot_synthetic_grid

ROOT = Path(__file__).resolve().parent / "results" / "fig8_100x20x1024"
METHODS = ("teanet", "cnn_full")


def cell(text: str) -> tuple[int, int]:
    theta, fwhm = (int(part) for part in text.split(":"))
    return theta, fwhm


def collect(root: Path, seeds: list[int], cells: list[tuple[int, int]]) -> pd.DataFrame:
    """The recorded fits of each seed and cell, matched by the runner's keys (method, parameters, data, split)."""
    rows = []
    for seed in seeds:
        done = {r["key"]: r for r in read_fits(root / f"seed{seed}")}
        for theta, fwhm in cells:
            # One cell per paper_grid call, as each recorded command ran one cell: a cell's data
            # seed is drawn from random_state in the order of the cells of its run.
            data = next(
                paper_grid(
                    [PAPER_THETAS[theta]],
                    [PAPER_FWHM_RANGES[fwhm]],
                    random_state=seed,
                    n_classes=100,
                    n_samples_per_class=20,
                    n_points=1024,
                )
            )
            X, y, cv = cell_problem(data)  # as run_synthetic_grid scored it
            test = next(cv.split(X))[1]
            for name in METHODS:
                key = fit_key(name, make_method(name, random_state=seed), X, y, 0, test)
                if key not in done:
                    print(f"not recorded: seed {seed}, theta {data.theta:.3g}, FWHM {data.fwhm}, {name}")
                    continue
                rows.append(
                    {
                        "seed": seed,
                        "theta": data.theta,
                        "fwhm": f"{data.fwhm[0]:g}-{data.fwhm[1]:g}",
                        "method": name,
                        "accuracy": 100 * done[key]["accuracy"],
                        "minutes": done[key]["fit_time"] / 60,
                    }
                )
    return pd.DataFrame(rows)


def per_seed_table(results: pd.DataFrame) -> str:
    """One line per cell and seed: both accuracies, their difference and the minutes of each fit."""
    lines = [
        "| theta, FWHM | data seed | TeaNet % | CNN_Full % | TeaNet - CNN_Full | minutes, TeaNet / CNN_Full |",
        "|---|---|---|---|---|---|",
    ]
    wide = results.pivot_table(index=["theta", "fwhm", "seed"], columns="method", values=["accuracy", "minutes"])
    for (theta, fwhm, seed), row in wide.sort_index(ascending=[False, True, True]).iterrows():
        teanet, cnn = row[("accuracy", "teanet")], row[("accuracy", "cnn_full")]
        lines.append(
            f"| {theta:.3g}, {fwhm} | {seed} | {teanet:.2f} | {cnn:.2f} | {teanet - cnn:+.2f} | "
            f"{row[('minutes', 'teanet')]:.1f} / {row[('minutes', 'cnn_full')]:.1f} |"
        )
    return "\n".join(lines)


def table(results: pd.DataFrame) -> str:
    """Per cell, TeaNet - CNN_Full paired over the seeds both ran (the package's paired_differences)."""
    lines = [
        "| theta | FWHM | seeds | TeaNet % | CNN_Full % | TeaNet - CNN_Full (95 % CI) |",
        "|---|---|---|---|---|---|",
    ]
    for (theta, fwhm), group in results.groupby(["theta", "fwhm"]):
        pairs = group.rename(columns={"seed": "split"}).assign(accuracy=group["accuracy"] / 100)
        d = paired_differences(pairs, reference="cnn_full").loc["teanet"]
        cnn = group.loc[group["method"] == "cnn_full", "accuracy"].mean()
        interval = f" ({d['ci_low_%']:+.1f} .. {d['ci_high_%']:+.1f})" if d["n_splits"] > 1 else ""
        lines.append(
            f"| {theta:.3g} | {fwhm} | {int(d['n_splits'])} | {d['mean_%']:.2f} | "
            f"{cnn:.2f} | {d['diff_%']:+.2f}{interval} |"
        )
    # Every cell and seed as one pair: TeaNet's advantage over the grid, hard and easy cells alike.
    pooled = results.assign(
        split=results["theta"].astype(str) + results["fwhm"] + results["seed"].astype(str),
        accuracy=results["accuracy"] / 100,
    )
    d = paired_differences(pooled, reference="cnn_full").loc["teanet"]
    lines.append(
        f"\nAll {int(d['n_splits'])} cell-seed pairs: TeaNet - CNN_Full {d['diff_%']:+.2f} points "
        f"(95 % CI {d['ci_low_%']:+.2f} .. {d['ci_high_%']:+.2f})"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=cell, nargs="+", required=True, help="THETA_INDEX:FWHM_INDEX")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--per-seed", action="store_true", help="also print each seed's fits with their minutes")
    args = parser.parse_args()
    results = collect(args.root, args.seeds, args.cells)
    plot_synthetic_grid(results, args.root / "fig8_seeds.png", *METHODS)  # pivot_table averages the seeds
    if args.per_seed:
        print(per_seed_table(results), end="\n\n")
    print(table(results))


if __name__ == "__main__":
    main()
