"""Command line: ``python -m sklearn_teanet demo``."""

from __future__ import annotations

import argparse
import sys
import time

from .baselines import METHODS, make_method
from .data import LorentzSpectraGenerator
from .evaluation import LeaveOneSamplePerClassOut, compare_methods, summarize

# Small networks on a synthetic problem of Fig. 8 (theta = 10/3, FWHM 0-50), sized so
# that the whole demo runs in a few minutes on 2 cores.
DEMO_NEURAL_PARAMS = {
    "cnn_full": {"channels": (8,), "lr": 1e-3, "max_epochs": 60, "validation_fraction": 0.0},
    "cnn_partial": {"channels": (8,), "lr": 1e-3, "max_epochs": 60, "validation_fraction": 0.0, "n_masks": 4},
    "mixup": {"channels": (8,), "lr": 1e-3, "max_epochs": 60, "validation_fraction": 0.0},
    "cutmix": {"channels": (8,), "lr": 1e-3, "max_epochs": 60, "validation_fraction": 0.0},
    "teanet": {
        "channels": (8,),
        "lr": 1e-3,
        "max_epochs": 60,
        "validation_fraction": 0.0,
        "n_masks": 4,
        "reconstruction_depth": 3,
        "reconstruction_channels": 8,
    },
}


def demo(args: argparse.Namespace) -> int:
    data = LorentzSpectraGenerator(
        n_classes=args.n_classes,
        n_samples_per_class=args.n_samples_per_class,
        n_points=args.n_points,
        theta=args.theta,
        fwhm=tuple(args.fwhm),
        random_state=args.random_state,
    ).generate()
    methods = {
        name: make_method(name, random_state=args.random_state, **DEMO_NEURAL_PARAMS.get(name, {}))
        for name in args.methods
    }
    cv = LeaveOneSamplePerClassOut(n_repeats=args.repeats, random_state=args.random_state)
    print(
        f"Synthetic Lorentz spectra: {args.n_classes} classes x {args.n_samples_per_class} spectra "
        f"of {args.n_points} points (theta={args.theta:.3g}, FWHM {args.fwhm[0]:g}-{args.fwhm[1]:g}); leave one spectrum per class out, "
        f"{args.repeats} repeats.",
        flush=True,
    )
    start = time.perf_counter()

    def progress(name, rows):
        print(f"  {name:<14} {100 * rows.accuracy.mean():6.2f} %  ({rows.fit_time.sum():.1f} s)", flush=True)

    results = compare_methods(methods, data.data, data.target, cv, on_result=progress)
    print()
    print(summarize(results).to_string())
    print(f"\nTotal time: {time.perf_counter() - start:.0f} s")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sklearn-teanet", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    p = commands.add_parser("demo", help="compare TeaNet, CNNs and shallow baselines on synthetic spectra")
    p.add_argument("--methods", nargs="+", default=list(METHODS), choices=list(METHODS))
    p.add_argument("--n-classes", type=int, default=30)
    p.add_argument("--n-samples-per-class", type=int, default=6)
    p.add_argument("--n-points", type=int, default=256)
    p.add_argument("--theta", type=float, default=10 / 3, help="characteristic / non-characteristic peak height")
    p.add_argument("--fwhm", type=float, nargs=2, default=(0.0, 50.0), help="FWHM range of characteristic peaks")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--random-state", type=int, default=0)
    p.set_defaults(func=demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # the demo is the default job
        args = parser.parse_args(["demo", *(argv or [])])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
