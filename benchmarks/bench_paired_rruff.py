"""Every method on the same RRUFF_IR splits, and its paired difference to TeaNet with a 95 % CI.

``LeaveOneSamplePerClassOut(n_repeats, random_state)`` on the paper's RRUFF_IR
set; each fit's accuracy, top-3 and top-5 accuracy, minutes, epochs and seed go
to ``benchmarks/results/paired_rruff_rs<random_state>/fits.jsonl`` as it ends,
and a rerun resumes (the package's benchmark runner). Choose settings on
``--random-state 1`` and report on ``--random-state 0``.

A variant of a method is ``NAME=METHOD:PARAM=VALUE,...``, for example
``teanet_2m=teanet:n_masks=2`` (values are Python literals); ``ensemble=K`` trains
K seeds of the method and averages them (``SeedEnsembleClassifier``). A prediction-time
variant (``--predict-variants teanet_tta8=teanet:test_time_masks=8``) is scored
on the fits of the method or variant it names, at no extra training.

Run:
    .venv/bin/python benchmarks/bench_paired_rruff.py --random-state 0 --repeats 10
    .venv/bin/python benchmarks/bench_paired_rruff.py --random-state 1 --repeats 3 \\
        --methods teanet cnn_full --variants teanet_2m=teanet:n_masks=2
    .venv/bin/python benchmarks/bench_paired_rruff.py --random-state 0 --summarize [--reference teanet]
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

import pandas as pd

from sklearn_teanet import LeaveOneSamplePerClassOut, SeedEnsembleClassifier
from sklearn_teanet.data import rruff_ir_folder
from sklearn_teanet.paper import load_rruff_ir_paper, make_method, read_fits, run_benchmark
from sklearn_teanet.paper.compare import paired_differences, summarize

DATA = rruff_ir_folder()  # $SKLEARN_TEANET_DATA/rruff_ir/Processed
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_METHODS = ["teanet", "cnn_full", "cnn_partial", "mixup", "cutmix", "correlation"]


def parse_variant(text: str) -> tuple[str, str, dict]:
    """``NAME=METHOD:PARAM=VALUE,...`` -> (name, method, params)."""
    try:
        name, rest = text.split("=", 1)
        method, _, settings = rest.partition(":")
        params = {}
        for item in filter(None, settings.split(",")):
            key, value = item.split("=", 1)
            params[key] = ast.literal_eval(value)
    except (ValueError, SyntaxError) as error:
        raise argparse.ArgumentTypeError(f"bad variant {text!r} ({error}); use NAME=METHOD:PARAM=VALUE,...") from None
    return name, method, params


def make_variant(method: str, params: dict):
    """The method with ``params``; ``ensemble=K`` averages K seeds of it."""
    params = dict(params)
    k = params.pop("ensemble", None)
    estimator = make_method(method, random_state=0, **params)
    return estimator if k is None else SeedEnsembleClassifier(estimator, n_estimators=k, random_state=0)


def report(frame: pd.DataFrame, reference: str) -> str:
    summary = summarize(frame)
    summary["minutes_per_fit"] = (summary.pop("fit_time_s") / 60).round(2)
    lines = [summary.drop(columns=["predict_time_s"]).to_markdown(), ""]
    if reference in set(frame["method"]):
        lines.append(paired_differences(frame, reference).to_markdown())
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--methods", nargs="*", default=DEFAULT_METHODS)
    parser.add_argument("--variants", nargs="*", type=parse_variant, default=[])
    parser.add_argument("--predict-variants", nargs="*", type=parse_variant, default=[])
    parser.add_argument("--n-jobs", type=int, default=1)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, help="results folder (default: benchmarks/results/paired_rruff_rs<seed>)")
    parser.add_argument("--summarize", action="store_true", help="only print the tables of the results so far")
    parser.add_argument("--reference", default="teanet")
    parser.add_argument(
        "--also",
        type=Path,
        nargs="*",
        default=[],
        help="with --summarize: more results folders of the same splits (e.g. a second run)",
    )
    args = parser.parse_args()
    out = args.out or RESULTS / f"paired_rruff_rs{args.random_state}"
    if args.summarize:
        records = [r for folder in [out, *args.also] for r in read_fits(folder)]
        if not records:
            parser.error(f"no results in {out}")
        print(report(pd.DataFrame(records), args.reference))
        return
    if not args.data.exists():
        parser.error(f"RRUFF_IR data not found at {args.data}")
    data = load_rruff_ir_paper(args.data)
    methods = {name: make_method(name, random_state=0) for name in args.methods}
    methods.update({name: make_variant(method, params) for name, method, params in args.variants})
    cv = LeaveOneSamplePerClassOut(n_repeats=args.repeats, random_state=args.random_state)
    predict_variants = {name: (method, params) for name, method, params in args.predict_variants}
    frame = run_benchmark(
        methods, data.data, data.target, cv, out, n_jobs=args.n_jobs, verbose=2, predict_variants=predict_variants
    )
    print(report(frame, args.reference))


if __name__ == "__main__":
    main()
