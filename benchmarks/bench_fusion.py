"""Calibrated fusion of the CNN with second-derivative correlation on RRUFF_IR, paired against CNN_Full (issue 38).

Three steps, each resumable (records in ``benchmarks/results/fusion_<step>_rs<seed>/fits.jsonl``):

1. ``--step select --random-state 1``: the Savitzky-Golay window, order and end
   mode of the second-derivative correlation, chosen on the 3 selection splits
   (correlation alone: seconds per fit).
2. ``--step compare --random-state 0 --repeats 10``: on the 10 reported splits,
   CNN_Full (``CNNClassifier(random_state=0)``), the second-derivative
   correlation with the chosen window, and ``CalibratedFusionClassifier`` of the
   two (its weights fitted inside each fit, on one spectrum per class held out of
   the training split: two CNN fits per fusion fit). ``--n-jobs 2``: one thread per fit.
3. ``--step inputs --random-state 1 --repeats 3``: the CNN trained on the second derivative (issue 38.1),
   or on the spectrum and its derivatives as input channels, and TeaNet with those channels, against the CNN and
   TeaNet on the spectra, on the selection splits. ``--n-jobs 2``: one thread per fit.
4. ``--step channels --random-state 0 --repeats 10 --channels NAME``: the input channels chosen in step 3, on the
   reported splits: the CNN with them, and fused with second-derivative correlation, against CNN_Full.
5. ``--step views --random-state 1 --repeats 3``: two networks at the same budget of two fits each: the CNN on
   the spectrum and the CNN on its second derivative, their probabilities averaged (two views of a spectrum),
   against two seeds of either network averaged (``SeedEnsembleClassifier``), on the selection splits.
6. ``--step seeds --random-state 0 --repeats 10``: CNN_Full, the CNN on the second derivative and the two averaged
   from network seeds 1 and 2 (the other steps seed every network with 0), paired seed by seed.
7. ``--summarize``: the tables, with each method's paired difference to CNN_Full.

Run:
    .venv/bin/python benchmarks/bench_fusion.py --step select --random-state 1 --repeats 3
    .venv/bin/python benchmarks/bench_fusion.py --step compare --random-state 0 --repeats 10 --window 21 --n-jobs 2
    .venv/bin/python benchmarks/bench_fusion.py --step views --random-state 1 --repeats 3 --n-jobs 2
    .venv/bin/python benchmarks/bench_fusion.py --step views --random-state 0 --repeats 10 --n-jobs 2 \
        --only cnn_full cnn_ch_d2 seeds2_cnn_ch_d2 views_s_d2
    .venv/bin/python benchmarks/bench_fusion.py --step compare --random-state 0 --summarize
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
from sklearn.base import clone
from sklearn.ensemble import VotingClassifier
from sklearn.pipeline import make_pipeline

from sklearn_teanet import (
    CalibratedFusionClassifier,
    CNNClassifier,
    CorrelationClassifier,
    DoublePyramidLeNet,
    LeaveOneSamplePerClassOut,
    SavitzkyGolay,
    SeedEnsembleClassifier,
    TeaNetClassifier,
)
from sklearn_teanet.data import rruff_ir_folder
from sklearn_teanet.paper import load_rruff_ir_paper, read_fits, run_benchmark
from sklearn_teanet.paper.compare import paired_differences, summarize

RESULTS = Path(__file__).resolve().parent / "results"
WINDOWS = (15, 21, 31)
#: Savitzky-Golay settings tried on the selection splits: polynomial order and how the ends are filled. A cubic
#: fitted at the ends ("interp") gives them second derivatives far larger than the bands', which then dominate
#: the correlation (81.7 against 87.5 % with "nearest" at 21 points, on the selection splits).
SETTINGS = [(2, "interp"), (3, "interp"), (2, "nearest"), (3, "nearest")]


def second_derivative(window: int, polyorder: int = 2, mode: str = "nearest"):
    return make_pipeline(SavitzkyGolay(window, polyorder, deriv=2, mode=mode), CorrelationClassifier())


#: Input channels of the classification module tried on the selection splits (issue 38.1).
CHANNELS = {
    "d2": ("second_derivative",),
    "s_d2": ("spectrum", "second_derivative"),
    "s_d1_d2": ("spectrum", "first_derivative", "second_derivative"),
}


def channel_cnn(inputs: tuple[str, ...], window: int) -> CNNClassifier:
    return CNNClassifier(DoublePyramidLeNet(inputs=inputs, derivative_window=window), random_state=0)


def two_views(window: int, seed: int) -> VotingClassifier:
    """The CNN on the spectrum and the CNN on its second derivative, averaged: ``make_method("cnn_spectrum_d2")``'s
    networks (its members are named "spectrum" and "second_derivative"; the name is part of a record's key)."""
    members = [("spectrum", CNNClassifier(random_state=seed)), ("d2", channel_cnn(CHANNELS["d2"], window))]
    members[1][1].set_params(random_state=seed)
    return VotingClassifier(members, voting="soft")


def methods(step: str, window: int, channels: str) -> dict:
    if step == "inputs":
        # The network on the second derivative (a pipeline), or on the spectrum and its derivatives as input
        # channels (issue 38.1); for TeaNet the derivatives are taken from its repairs, inside the classifier.
        return {
            "cnn_full": CNNClassifier(random_state=0),
            "cnn_on_d2": make_pipeline(
                SavitzkyGolay(window, 2, deriv=2, mode="nearest"), CNNClassifier(random_state=0)
            ),
            **{f"cnn_ch_{name}": channel_cnn(inputs, window) for name, inputs in CHANNELS.items()},
            "teanet": TeaNetClassifier(random_state=0),
            "teanet_ch_s_d2": TeaNetClassifier(
                DoublePyramidLeNet(inputs=CHANNELS["s_d2"], derivative_window=window), random_state=0
            ),
        }
    if step == "views":
        # Equal budgets: every ensemble is two fits. Both networks are sharp, so a plain average is fair to both.
        d2 = channel_cnn(CHANNELS["d2"], window)
        return {
            "cnn_full": CNNClassifier(random_state=0),
            "cnn_ch_d2": d2,
            "seeds2_cnn_full": SeedEnsembleClassifier(CNNClassifier(), n_estimators=2, random_state=0),
            "seeds2_cnn_ch_d2": SeedEnsembleClassifier(clone(d2), n_estimators=2, random_state=0),
            "views_s_d2": two_views(window, seed=0),
        }
    if step == "seeds":
        # Is a gain the input's, or seed 0's? The same comparison from other network seeds.
        d2 = channel_cnn(CHANNELS["d2"], window)
        made = {}
        for seed in (1, 2):
            made[f"cnn_full_seed{seed}"] = CNNClassifier(random_state=seed)
            made[f"cnn_ch_d2_seed{seed}"] = clone(d2).set_params(random_state=seed)
            made[f"views_s_d2_seed{seed}"] = two_views(window, seed)
        return made
    if step == "select":
        return {
            "correlation": CorrelationClassifier(),
            **{f"corr_d2_w{w}_p{p}_{m}": second_derivative(w, p, m) for w in WINDOWS for p, m in SETTINGS},
        }
    if step == "channels":
        # The channels chosen on the selection splits, alone and fused with second-derivative correlation.
        cnn = channel_cnn(CHANNELS[channels], window)
        return {
            "cnn_full": CNNClassifier(random_state=0),
            f"cnn_ch_{channels}": cnn,
            f"fusion_ch_{channels}": CalibratedFusionClassifier(
                [("cnn", clone(cnn)), ("second_derivative", second_derivative(window))], random_state=0
            ),
        }
    members = [("cnn", CNNClassifier(random_state=0)), ("second_derivative", second_derivative(window))]
    return {
        "cnn_full": CNNClassifier(random_state=0),
        f"corr_d2_w{window}": second_derivative(window),
        "fusion": CalibratedFusionClassifier(members, random_state=0),
    }


def report(frame: pd.DataFrame, reference: str) -> str:
    summary = summarize(frame)
    summary["minutes_per_fit"] = (summary.pop("fit_time_s") / 60).round(2)
    lines = [summary.drop(columns=["predict_time_s"], errors="ignore").to_markdown(), ""]
    if reference in set(frame["method"]):
        lines.append(paired_differences(frame, reference).to_markdown())
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", choices=["select", "compare", "inputs", "channels", "views", "seeds"], required=True)
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--window", type=int, default=21, help="Savitzky-Golay window of the second derivative")
    parser.add_argument("--channels", choices=list(CHANNELS), default="s_d2", help="input channels (--step channels)")
    parser.add_argument("--only", nargs="+", metavar="METHOD", help="run only these of the step's methods")
    parser.add_argument("--n-jobs", type=int, default=1)
    parser.add_argument("--data", type=Path, default=rruff_ir_folder())
    parser.add_argument("--summarize", action="store_true")
    args = parser.parse_args()
    out = RESULTS / f"fusion_{args.step}_rs{args.random_state}"
    reference = "correlation" if args.step == "select" else "cnn_full"
    if args.summarize:
        print(report(pd.DataFrame(read_fits(out)), reference))
        return
    data = load_rruff_ir_paper(args.data)
    cv = LeaveOneSamplePerClassOut(n_repeats=args.repeats, random_state=args.random_state)
    chosen = methods(args.step, args.window, args.channels)
    unknown = set(args.only or ()) - set(chosen)
    if unknown:
        parser.error(f"--only: {sorted(unknown)} not among the step's methods {sorted(chosen)}")
    chosen = {name: method for name, method in chosen.items() if args.only is None or name in args.only}
    frame = run_benchmark(chosen, data.data, data.target, cv, out, n_jobs=args.n_jobs)
    print(report(frame, reference))


if __name__ == "__main__":
    main()
