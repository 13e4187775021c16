"""Command line: ``python -m sklearn_teanet {demo,benchmark}``.

``demo`` (the default) compares every method on built-in synthetic spectra in a few
minutes. ``benchmark`` runs the paper's Table 3 protocol on synthetic spectra, the
RRUFF infrared set, or your own CSV / NPZ file, resumably, and writes CSV, JSON,
Markdown and a bar plot.
"""

from __future__ import annotations

import argparse
import sys
import time

from .baselines import METHODS, SHALLOW_METHODS, make_method
from .data import LorentzSpectraGenerator
from .evaluation import LeaveOneSamplePerClassOut, compare_methods, run_benchmark, summarize, write_reports

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


def load_dataset(args: argparse.Namespace):
    """X, y and a title for ``--dataset``."""
    from pathlib import Path

    from .data import MID_IR_RANGE, SpectrumNormalizer, fetch_rruff_ir, load_rruff, load_spectra

    if args.dataset == "synthetic":
        data = LorentzSpectraGenerator(n_classes=args.n_classes, n_samples_per_class=args.n_samples_per_class,
                                       n_points=args.n_points, theta=args.theta, fwhm=tuple(args.fwhm),
                                       random_state=args.random_state).generate()
        return data.data, data.target, f"synthetic Lorentz spectra (theta={args.theta:.3g})"
    if args.dataset == "rruff_ir":
        data = fetch_rruff_ir(wavenumber_range=MID_IR_RANGE, classes=args.classes, n_points=args.n_points)
    else:
        path = Path(args.dataset)
        if path.suffix.lower() in (".csv", ".npz"):
            data = load_spectra(path, label=args.label)
        else:
            data = load_rruff(path, wavenumber_range=MID_IR_RANGE, classes=args.classes, n_points=args.n_points)
    X = data.data
    if args.normalize:
        X = SpectrumNormalizer("max").fit_transform(X)
    return X, data.target, f"{args.dataset}: {len(X)} spectra, {len(set(data.target))} classes"


def benchmark(args: argparse.Namespace) -> int:
    X, y, title = load_dataset(args)
    overrides = {} if args.epochs is None else {"max_epochs": args.epochs}
    methods = {
        name: make_method(name, random_state=args.random_state, **(overrides if name not in SHALLOW_METHODS else {}))
        for name in args.methods
    }
    cv = LeaveOneSamplePerClassOut(n_repeats=args.repeats, random_state=args.random_state)
    print(f"{title}; leave one spectrum per class out, {args.repeats} repeats; results in {args.out}", flush=True)
    try:
        results = run_benchmark(methods, X, y, cv, args.out, n_jobs=args.n_jobs)
    except KeyboardInterrupt:
        print(f"\nInterrupted. Finished fits are kept in {args.out}; run the same command again to resume.")
        return 130
    print()
    print(write_reports(results, args.out, title).to_string())
    return 0


def _add_data_arguments(p: argparse.ArgumentParser, **defaults) -> None:
    p.add_argument("--n-classes", type=int, default=defaults.get("n_classes", 30))
    p.add_argument("--n-samples-per-class", type=int, default=6)
    p.add_argument("--n-points", type=int, default=defaults.get("n_points", 256))
    p.add_argument("--theta", type=float, default=10 / 3, help="characteristic / non-characteristic peak height")
    p.add_argument("--fwhm", type=float, nargs=2, default=(0.0, 50.0), help="FWHM range of characteristic peaks")
    p.add_argument("--repeats", type=int, default=defaults.get("repeats", 3))
    p.add_argument("--random-state", type=int, default=0)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sklearn-teanet", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    p = commands.add_parser("demo", help="compare TeaNet, CNNs and shallow baselines on synthetic spectra")
    p.add_argument("--methods", nargs="+", default=list(METHODS), choices=list(METHODS))
    _add_data_arguments(p)
    p.set_defaults(func=demo)

    b = commands.add_parser("benchmark", help="the Table 3 protocol on synthetic, RRUFF or your own spectra")
    b.add_argument("--dataset", default="synthetic",
                   help="'synthetic', 'rruff_ir' (downloaded once), a RRUFF folder or zip, or a .csv / .npz file")
    b.add_argument("--classes", help="class list (one name per line) to keep, for RRUFF data")
    b.add_argument("--label", default="label", help="label column (CSV) or array (NPZ)")
    b.add_argument("--normalize", action="store_true", help="divide every spectrum by its maximum")
    b.add_argument("--methods", nargs="+", default=list(SHALLOW_METHODS), choices=list(METHODS))
    b.add_argument("--n-jobs", type=int, default=1)
    b.add_argument("--epochs", type=int, help="epochs of the neural methods (their default otherwise)")
    b.add_argument("--out", default="results", help="folder of the results; a rerun resumes from it")
    _add_data_arguments(b, n_classes=100, n_points=1024, repeats=10)
    b.set_defaults(func=benchmark)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # the demo is the default job
        args = parser.parse_args(["demo", *(argv or [])])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
