"""TeaNet rung by rung, from a plain CNN to the authors' recipe: what each change does to accuracy and repairs.

Every rung is fitted on the same splits as the others (paired) and, for TeaNet,
its augmentation is measured after the fit: repair error inside and outside the
mask (squared error per point over each spectrum's variance, so 1 is no better
than the mean level), roughness (mean absolute second difference of the repairs
over the spectra's), the classifier's accuracy on repaired and on masked training
spectra, and the norms of the gradients that ``gamma * L_R`` and
``(1 - gamma) * L_C`` send to the U-Net (every 10 epochs, ``GradientBalance``).

Problems:

- ``rruff``: RRUFF_IR (paper's classes, 1,024 points), leave one sample per class
  out, ``--random-state 1`` (selection splits) or 0 (reported splits);
- ``cell3``: Lorentz problem of ``bench_data_sizes.py`` cell 3 (240 spectra,
  40 classes, 1,024 points), a stratified quarter as test; ``--seeds`` draw new data;
- ``fig8hard``: Fig. 8's hard cell (theta 1, FWHM 150-200; 100 classes x 20
  spectra x 1,024 points), split 60/20/20 as ``run_synthetic_grid`` does; ``--seeds``.

Run (one torch thread per fit, two fits at a time):
    .venv/bin/python benchmarks/bench_teanet_ladder.py rruff --random-state 1 --repeats 3 --rungs core --n-jobs 2
    .venv/bin/python benchmarks/bench_teanet_ladder.py cell3 --seeds 0 1 2 --rungs core sweep levers --n-jobs 2
    .venv/bin/python benchmarks/bench_teanet_ladder.py rruff --random-state 1 --summarize
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import PredefinedSplit, train_test_split

from sklearn_teanet import LeaveOneSamplePerClassOut, LorentzSpectraGenerator, SpectrumMasker
from sklearn_teanet.data import rruff_ir_folder
from sklearn_teanet.interpretation import repair_statistics
from sklearn_teanet.paper import PAPER_SETTINGS, load_rruff_ir_paper, make_method, paper_grid, read_fits, run_benchmark
from sklearn_teanet.paper.compare import paired_differences
from sklearn_teanet.training.callbacks import GradientBalance

RESULTS = Path(__file__).resolve().parent / "results" / "teanet_ladder"
DATA = rruff_ir_folder()  # $SKLEARN_TEANET_DATA/rruff_ir/Processed

SSE = {"reconstruction_loss": "sse"}
#: The published recipe's training (PAPER_SETTINGS) on our slim U-Net.
UNET_SIZE = ("reconstruction_channels", "reconstruction_depth", "reconstruction_width")
PUBLISHED = {k: v for k, v in PAPER_SETTINGS["teanet"].items() if k not in UNET_SIZE}

#: Rung name -> (method, parameters), in groups run with ``--rungs GROUP``.
RUNGS: dict[str, dict[str, tuple[str, dict]]] = {
    "core": {
        "cnn_full": ("cnn_full", {}),
        "cnn_partial": ("cnn_partial", {}),
        "teanet_separate": ("teanet", {"training": "separate"}),
        "teanet_mse": ("teanet", {}),
        "teanet_sse": ("teanet", SSE),
        "teanet_l2": ("teanet", {"reconstruction_loss": "l2"}),
        "teanet_sse_fixed": ("teanet", {**SSE, "masks": "fixed"}),
        "teanet_sse_fixed_alternating": ("teanet", {**SSE, "masks": "fixed", "training": "alternating"}),
    },
    # The balance of the two losses: effective weight of L_R against L_C per point,
    # gamma / (1 - gamma) x (1 for mse, n_points for sse): 0.03, 0.43 (mse default), 3.2, 32, 439 (sse).
    "sweep": {
        "teanet_mse_g0.03": ("teanet", {"gamma": 0.03}),
        "teanet_sse_g0.003": ("teanet", {**SSE, "gamma": 0.003}),
        "teanet_sse_g0.03": ("teanet", {**SSE, "gamma": 0.03}),
    },
    "levers": {
        "teanet_mse_inpaint": ("teanet", {"inpaint": True}),
        "teanet_sse_inpaint": ("teanet", {**SSE, "inpaint": True}),
        "teanet_sse_short_masks": ("teanet", {**SSE, "masker": SpectrumMasker(tau=(0.1, 0.3))}),
        "teanet_sse_repair_weight0.3": ("teanet", {**SSE, "repair_weight": 0.3}),
        "teanet_sse_warm": ("teanet", {**SSE, "training": "warm"}),
    },
    "published": {
        # The authors' 300 epochs, cut by a time budget: the slim U-Net at 30 minutes, the paper's at an hour.
        "teanet_published_slim": ("teanet", {**PUBLISHED, "max_time": 1800.0}),
        "teanet_published": ("teanet", {**PAPER_SETTINGS["teanet"], "max_time": 3600.0}),
    },
    "combos": {
        "teanet_l2_fixed": ("teanet", {"reconstruction_loss": "l2", "masks": "fixed"}),
    },
}
ALL_RUNGS = {name: rung for group in RUNGS.values() for name, rung in group.items()}


#: What every TeaNet rung starts from: the defaults up to 0.2 (per-point loss, fresh masks), whatever today's are.
BASE = {"reconstruction_loss": "mse", "masks": "fresh"}


def make_rung(name: str):
    method, params = ALL_RUNGS[name]
    if method == "teanet":
        params = {**BASE, **params, "callbacks": [GradientBalance(every=10)]}
    return make_method(method, random_state=0, **params)


def measure(estimator, X_train, y_train, X_test, y_test) -> dict:
    """The augmentation's statistics of a fitted TeaNet (nothing for other methods)."""
    if not hasattr(estimator, "reconstruct"):
        return {}
    record = {f"train_{k}": v for k, v in repair_statistics(estimator, X_train, y_train).items()}
    record.update({f"test_{k}": v for k, v in repair_statistics(estimator, X_test, y_test).items()})
    history = estimator.history_
    measured = [row for row in history if "gradient_norm_r" in row]
    record["gradient_epochs"] = [row["epoch"] for row in measured]
    record["gradient_norm_r"] = [row["gradient_norm_r"] for row in measured]
    record["gradient_norm_c"] = [row["gradient_norm_c"] for row in measured]
    record["train_loss_last"] = history[-1, "train_loss"]
    return record


def problem(name: str, seed: int, random_state: int, repeats: int, data: Path):
    """``X, y, cv`` of a problem."""
    if name == "rruff":
        bunch = load_rruff_ir_paper(data)
        return bunch.data, bunch.target, LeaveOneSamplePerClassOut(n_repeats=repeats, random_state=random_state)
    if name == "cell3":
        # seed 0 is the very data of bench_data_sizes.py's cell 3.
        bunch = LorentzSpectraGenerator(
            n_classes=40, n_samples_per_class=6, n_points=1024, theta=10 / 3, fwhm=(0, 50), random_state=3 + 10 * seed
        ).generate()
        train, test = train_test_split(
            np.arange(len(bunch.target)), test_size=0.25, stratify=bunch.target, random_state=seed
        )
    else:
        cell = next(
            paper_grid(
                thetas=[1.0],
                fwhm_ranges=[(150, 200)],
                n_classes=100,
                n_samples_per_class=20,
                n_points=1024,
                random_state=seed,
            )
        )
        bunch = type("Cell", (), {})()
        bunch.data = np.concatenate([cell.X_train, cell.X_valid, cell.X_test])
        bunch.target = np.concatenate([cell.y_train, cell.y_valid, cell.y_test])
        test = np.arange(len(bunch.data) - len(cell.X_test), len(bunch.data))
    fold = np.full(len(bunch.target), -1)
    fold[test] = 0
    return bunch.data, bunch.target, PredefinedSplit(fold)


def out_dirs(args) -> list[Path]:
    if args.problem == "rruff":
        return [args.out / f"rruff_rs{args.random_state}"]
    return [args.out / f"{args.problem}_seed{seed}" for seed in args.seeds]


def summary(records: list[dict], reference: str) -> str:
    """Accuracy and augmentation statistics per rung, and each rung's paired difference to ``reference``."""
    frame = pd.DataFrame(records)
    frame["problem_split"] = frame["folder"] + ":" + frame["split"].astype(str)
    frame["gradient_ratio"] = [
        float(np.median(np.divide(r, c))) if isinstance(r, list) and r else np.nan
        for r, c in zip(
            frame.get("gradient_norm_r", [None] * len(frame)), frame.get("gradient_norm_c", [None] * len(frame))
        )
    ]
    columns = {
        "accuracy": "accuracy %",
        "train_error_inside": "err in (train)",
        "test_error_inside": "err in (test)",
        "train_error_outside": "err out (train)",
        "train_roughness": "roughness",
        "train_accuracy_repaired": "acc repaired (train) %",
        "train_accuracy_masked": "acc masked (train) %",
        "gradient_ratio": "|g_R|/|g_C| (median)",
        "fit_time": "min/fit",
    }
    present = [c for c in columns if c in frame]
    table = frame.groupby("method")[present].mean()
    for c in ("accuracy", "train_accuracy_repaired", "train_accuracy_masked"):
        if c in table:
            table[c] *= 100
    table["fit_time"] /= 60
    table["fits"] = frame.groupby("method").size()
    table = table.rename(columns=columns).round(3)
    order = [r for r in ALL_RUNGS if r in table.index] + sorted(set(table.index) - set(ALL_RUNGS))
    lines = [table.loc[order].to_markdown(), ""]
    if reference in set(frame["method"]):
        paired = frame.assign(split=frame["problem_split"])
        lines.append(paired_differences(paired, reference).to_markdown())
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("problem", choices=["rruff", "cell3", "fig8hard"])
    parser.add_argument(
        "--rungs",
        nargs="+",
        default=["core"],
        help=f"groups ({', '.join(RUNGS)}) or rung names ({', '.join(ALL_RUNGS)})",
    )
    parser.add_argument("--random-state", type=int, default=1, help="rruff: 1 selects, 0 reports")
    parser.add_argument("--repeats", type=int, default=3, help="rruff: splits")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2], help="synthetic problems: data seeds")
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=RESULTS, help="results root (one folder per problem and seed)")
    parser.add_argument("--summarize", action="store_true", help="only print the tables of the results so far")
    parser.add_argument("--reference", default="cnn_full")
    parser.add_argument(
        "--with",
        dest="others",
        type=Path,
        nargs="*",
        default=[],
        help="--summarize: also pair with the fits of these folders (same splits), as 'METHOD (FOLDER)'",
    )
    args = parser.parse_args()
    if args.summarize:
        records = [dict(r, folder=d.name) for d in out_dirs(args) for r in read_fits(d)]
        folder = out_dirs(args)[0].name  # earlier records of the same splits pair as if fitted here
        records += [
            dict(r, folder=folder, method=f"{r['method']} ({d.name})") for d in args.others for r in read_fits(d)
        ]
        if not records:
            parser.error(f"no results in {', '.join(map(str, out_dirs(args)))}")
        print(summary(records, args.reference))
        return
    names = [n for item in args.rungs for n in (RUNGS[item] if item in RUNGS else [item])]
    unknown = sorted(set(names) - set(ALL_RUNGS))
    if unknown:
        parser.error(f"unknown rungs {unknown}; use {sorted(RUNGS)} or {sorted(ALL_RUNGS)}")
    if args.problem == "rruff" and not args.data.exists():
        parser.error(f"RRUFF_IR data not found at {args.data}")
    methods = {name: make_rung(name) for name in names}
    seeds = [None] if args.problem == "rruff" else args.seeds
    for seed, out in zip(seeds, out_dirs(args)):
        X, y, cv = problem(args.problem, seed, args.random_state, args.repeats, args.data)
        run_benchmark(methods, X, y, cv, out, n_jobs=args.n_jobs, verbose=2, measure=measure)


if __name__ == "__main__":
    main()
