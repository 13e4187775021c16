"""Command line: ``python -m sklearn_teanet {demo,benchmark,synthetic-grid,ablation,train,identify}``.

``demo`` (the default) compares every method on built-in synthetic spectra in a few
minutes. ``benchmark`` runs the paper's Table 3 protocol on synthetic spectra, the
RRUFF infrared set, or your own CSV / NPZ file. ``synthetic-grid`` reproduces Fig. 8
(TeaNet against CNN over theta x FWHM) and ``ablation`` Tables 4 and 5 (masking
schemes; joint against separate training). Every such run saves each fit as it
finishes, resumes where it stopped, and writes CSV, JSON, Markdown and a plot.
``train`` fits a model on your reference library and saves it; ``identify`` gives
the hit list of each unknown spectrum against it, with "no match" where none fits.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .utils._atomic import replace_each
from .baselines import METHODS, SHALLOW_METHODS, make_method
from .data import PAPER_FWHM_RANGES, PAPER_THETAS, LorentzSpectraGenerator
from .evaluation import LeaveOneSamplePerClassOut, compare_methods, run_benchmark, summarize, write_reports

# Small networks for the synthetic problems, sized so that the demo runs in a few
# minutes on 2 cores; the other commands use them with ``--networks small``.
_SMALL_CNN = {"channels": (8,), "lr": 1e-3, "max_epochs": 60, "validation_fraction": 0.0}
SMALL_NETWORK_PARAMS = {
    "cnn_full": _SMALL_CNN,
    "cnn_partial": {**_SMALL_CNN, "n_masks": 4},
    "mixup": _SMALL_CNN,
    "cutmix": _SMALL_CNN,
    "teanet": {**_SMALL_CNN, "n_masks": 4, "reconstruction_depth": 3, "reconstruction_channels": 8},
    "cwgan": _SMALL_CNN,
    "dagan": _SMALL_CNN,
    "ltsa": _SMALL_CNN,
}


def neural_params(name: str, args: argparse.Namespace) -> dict:
    """Parameters of method ``name`` from ``--networks``, ``--epochs``, ``--max-time-per-fit`` and ``-v``."""
    if name in SHALLOW_METHODS:
        return {}
    params = dict(SMALL_NETWORK_PARAMS[name]) if getattr(args, "networks", "small") == "small" else {}
    if getattr(args, "epochs", None) is not None:
        params["max_epochs"] = args.epochs
    if getattr(args, "max_time_per_fit", None) is not None:
        params["max_time"] = args.max_time_per_fit
    if getattr(args, "verbose", 0) >= 2:
        params["verbose"] = 1  # skorch's table of epochs
    return params


def demo(args: argparse.Namespace) -> int:
    data = _synthetic(args)
    methods = {name: make_method(name, random_state=args.random_state, **neural_params(name, args))
               for name in args.methods}
    cv = LeaveOneSamplePerClassOut(n_repeats=args.repeats, random_state=args.random_state)
    print(
        f"Synthetic Lorentz spectra: {args.n_classes} classes x {args.n_samples_per_class} spectra "
        f"of {args.n_points} points (theta={args.theta:.3g}, FWHM {args.fwhm[0]:g}-{args.fwhm[1]:g}); "
        f"leave one spectrum per class out, {args.repeats} repeats.",
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


def _synthetic(args: argparse.Namespace):
    return LorentzSpectraGenerator(n_classes=args.n_classes, n_samples_per_class=args.n_samples_per_class,
                                   n_points=args.n_points, theta=args.theta, fwhm=tuple(args.fwhm),
                                   random_state=args.random_state).generate()


def load_dataset(args: argparse.Namespace):
    """X, y and a title for ``--dataset``."""
    from .data import MID_IR_RANGE, SpectrumNormalizer, fetch_rruff_ir, load_spectra, read_spectra

    if args.dataset == "synthetic":
        data = _synthetic(args)
        return data.data, data.target, f"synthetic Lorentz spectra (theta={args.theta:.3g})"
    group_column = getattr(args, "groups", None)
    window = getattr(args, "wavenumber_range", None)
    if window and not window[0] < window[1]:
        raise ValueError(f"--wavenumber-range must be LOW HIGH with LOW < HIGH, got {window[0]:g} {window[1]:g}.")
    if args.dataset == "rruff_ir":
        data = fetch_rruff_ir(wavenumber_range=window or MID_IR_RANGE, classes=args.classes, n_points=args.n_points)
    else:
        path = Path(args.dataset)
        if path.suffix.lower() in (".csv", ".npz"):
            table_groups = None if group_column in (None, "none") else group_column
            data = load_spectra(path, label=args.label, groups=table_groups, wavenumber_range=window)
        else:  # RRUFF, JCAMP-DX or two-column files, recognised by content
            data = read_spectra(path, wavenumber_range=window or MID_IR_RANGE, classes=args.classes,
                                n_points=args.n_points)
    X = data.data
    if args.normalize:
        X = SpectrumNormalizer("max").fit_transform(X)
    args.groups_ = data.get("groups")
    ids = data.frame["rruff_id"].to_numpy(dtype=str) if "frame" in data else np.array([""])
    if group_column != "none" and (ids != "").any():
        # RRUFF: a specimen's spectra (one RRUFF id) never sit on both sides of a split; a file without an id
        # is a specimen of its own.
        from .evaluation.groups import specimen_groups

        args.groups = "RRUFF id"
        args.groups_ = specimen_groups(np.where(ids == "", data.frame["file"].to_numpy(dtype=str), ids), data.target)
    return X, data.target, f"{args.dataset}: {len(X)} spectra, {len(set(data.target))} classes"


def _interrupted(args: argparse.Namespace) -> int:
    print(f"\nInterrupted. Finished fits are kept in {args.out}; run the same command again to resume.")
    return 130


def make_cv(args: argparse.Namespace):
    """The splitter of ``--cv`` and a sentence that says which protocol runs."""
    from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedGroupKFold

    name = getattr(args, "cv", "leave-one-per-class")
    if name == "stratified-kfold":
        return (RepeatedStratifiedKFold(n_splits=args.folds, n_repeats=args.repeats, random_state=args.random_state),
                f"stratified {args.folds}-fold, {args.repeats} repeats")
    if name == "group-kfold":
        if getattr(args, "groups_", None) is None:
            raise ValueError("--cv group-kfold needs groups: pass --groups COLUMN (RRUFF data are grouped by id).")
        return (StratifiedGroupKFold(n_splits=args.folds, shuffle=True, random_state=args.random_state),
                f"stratified group {args.folds}-fold (1 repeat)")
    return (LeaveOneSamplePerClassOut(n_repeats=args.repeats, random_state=args.random_state),
            f"leave one spectrum per class out, {args.repeats} repeats")


def _run_and_report(methods: dict, args: argparse.Namespace) -> int:
    """The Table 3 protocol (or ``--cv``) on ``--dataset`` for ``methods``, resumable, with reports in ``--out``."""
    X, y, title = load_dataset(args)
    cv, protocol = make_cv(args)
    print(f"{title}; {protocol}; results in {args.out}", flush=True)
    try:
        groups = getattr(args, "groups_", None)
        if groups is not None:
            held = [len(set(groups[test])) for _, test in cv.split(X, y, groups)]
            print(f"{len(set(groups))} groups ({args.groups}), {np.mean(held):.1f} held out per split: no group "
                  "is split between training and test.")
        results = run_benchmark(methods, X, y, cv, args.out, n_jobs=args.n_jobs, verbose=1 + min(args.verbose, 1),
                                backend=args.backend, scheduler=args.scheduler, groups=groups)
    except KeyboardInterrupt:
        return _interrupted(args)
    print()
    print(write_reports(results, args.out, title).to_string())
    return 0


def benchmark(args: argparse.Namespace) -> int:
    methods = {name: make_method(name, random_state=args.random_state, **neural_params(name, args))
               for name in args.methods}
    return _run_and_report(methods, args)


def ablation(args: argparse.Namespace) -> int:
    from .evaluation.ablation import masking_variants, training_variants

    if args.n_points is None:
        args.n_points = 256 if args.dataset == "synthetic" else 1024
    teanet = neural_params("teanet", args)
    if args.what == "masking":
        variants = masking_variants(teanet, args.schemes)
        # Table 4 reads each scheme against the plain CNN.
        methods = {"cnn_full": make_method("cnn_full", random_state=args.random_state,
                                           **neural_params("cnn_full", args))}
    else:
        if args.schemes is not None:
            raise ValueError("--schemes chooses rows of Table 4; it applies to --what masking only.")
        variants = training_variants(teanet, n_masks=args.n_masks)
        methods = {}
    methods.update({name: make_method("teanet", random_state=args.random_state, **params)
                    for name, params in variants.items()})
    return _run_and_report(methods, args)


def synthetic_grid(args: argparse.Namespace) -> int:
    from .evaluation.synthetic_grid import PROBLEM_COLUMNS, plot_synthetic_grid, run_synthetic_grid, with_earlier_cells

    methods = {name: make_method(name, random_state=args.random_state, **neural_params(name, args))
               for name in args.methods}
    fwhms = [tuple(PAPER_FWHM_RANGES[i]) for i in args.fwhm_cells]
    thetas = [PAPER_THETAS[i] for i in args.theta_cells]
    print(f"Fig. 8 grid: {len(thetas)} theta x {len(fwhms)} FWHM cells of {args.n_classes} classes x "
          f"{args.n_samples_per_class} spectra of {args.n_points} points; results in {args.out}", flush=True)
    try:
        results = run_synthetic_grid(methods, args.out, thetas, fwhms, random_state=args.random_state,
                                     n_jobs=args.n_jobs, verbose=1 + min(args.verbose, 1), n_classes=args.n_classes,
                                     n_samples_per_class=args.n_samples_per_class, n_points=args.n_points)
    except KeyboardInterrupt:
        return _interrupted(args)
    out = Path(args.out)
    problem = {column: getattr(args, column) for column in PROBLEM_COLUMNS}
    saved = with_earlier_cells(results.assign(**problem), out / "grid_results.csv")
    # The report: every cell of this problem recorded in the folder, by this command or earlier ones.
    results = saved[(saved[PROBLEM_COLUMNS] == pd.Series(problem)).all(axis=1) & saved["method"].isin(args.methods)]
    table = results.pivot_table(index=["theta", "fwhm"], columns="method", values="accuracy", sort=False).round(2)
    if len(args.methods) == 2:
        first, second = args.methods
        table[f"{first} - {second}"] = (table[first] - table[second]).round(2)
    replace_each(out, {
        "grid_results.csv": lambda path: saved.to_csv(path, index=False),
        "grid.csv": table.to_csv,
        "grid.md": lambda path: path.write_text(table.reset_index().set_index("theta").to_markdown() + "\n"),
    })
    if len(args.methods) == 2:
        try:
            plot_synthetic_grid(results, out / "grid.png", *args.methods)
        except ImportError:
            print("(matplotlib is not installed: no heatmap)")
    print()
    print(table.to_string())
    return 0


def train(args: argparse.Namespace) -> int:
    """Fit a SpectrumIdentifier on a library and save it."""
    from .identification import SpectrumIdentifier, save_model
    from .identification.workflow import library_model, read_library

    X, y, grid = read_library(args.library, classes=args.classes, n_points=args.n_points, label=args.label,
                              wavenumber_range=tuple(args.wavenumber_range) if args.wavenumber_range else None)
    out = Path(args.out)
    if out.is_dir():
        raise ValueError(f"--out {out} is a folder; give the model file's name, e.g. {out / 'model.pkl'}.")
    params = neural_params(args.method, args)
    model = library_model(make_method(args.method, random_state=args.random_state, **params), grid)
    print(f"Library {args.library}: {len(X)} spectra of {len(set(y))} substances, "
          f"{grid[0]:g} to {grid[-1]:g} cm-1 ({len(grid)} points); method {args.method}.", flush=True)
    start = time.perf_counter()
    identifier = SpectrumIdentifier(model, top_k=args.top, confidence=args.confidence,
                                    random_state=args.random_state).fit([(grid, row) for row in X], y)
    save_model(identifier, out, library=str(args.library), method=args.method, grid=grid,
               library_X=X, library_y=y)
    print(f"Trained and calibrated on {len(identifier.calibration_scores_)} held-out library spectra in "
          f"{time.perf_counter() - start:.0f} s; saved to {out}.")
    return 0


def identify(args: argparse.Namespace) -> int:
    """Hit lists of unknown files against a saved model: hits.csv and, with matplotlib, a PNG each."""
    from tqdm.auto import tqdm

    from .identification import load_model
    from .identification.workflow import coverage, plot_identification, read_unknowns

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out} is a file; pass a folder for hits.csv and the figures.")
    identifier, info = load_model(args.model, metadata=True)
    grid = info["metadata"]["grid"]
    spectra, failures = read_unknowns(args.unknowns)
    # How the model's resampler fills an unmeasured part (train builds the model with one first).
    fill = {"edge": "the nearest measured value", "zero": "zeros"}[identifier.estimator_[0].outside]
    kept = []
    for name, w, v in spectra:
        covered = coverage(w, grid)
        if covered == 0:
            failures.append((name, f"measured from {w.min():g} to {w.max():g} cm-1, outside the library's "
                                   f"{grid[0]:g} to {grid[-1]:g}"))
            continue
        if covered < 0.999:
            print(f"sklearn-teanet: warning: {name} covers {covered:.0%} of the library's range; the rest is filled "
                  f"with {fill}.", file=sys.stderr)
        kept.append((name, w, v, covered))
    out.mkdir(parents=True, exist_ok=True)
    frames = []
    plots = not args.no_plots
    for name, w, v, covered in tqdm(kept, unit="spectrum", desc="identify", disable=not kept):
        with warnings.catch_warnings():  # the resampler's warning of a partial spectrum: said once above
            warnings.filterwarnings("ignore", message=".*do not cover the whole grid", category=UserWarning)
            hits = identifier.identify([(w, v)], top_k=args.top, names=[name]).assign(coverage=round(covered, 3))
        frames.append(hits)
        if plots:
            try:
                stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
                plot_identification(identifier, name, (w, v), hits, info["metadata"]["library_X"],
                                    info["metadata"]["library_y"], out / f"{stem}.png")
            except ImportError:
                plots = False
                print("(matplotlib is not installed: no figures)", file=sys.stderr)
    if frames:
        table = pd.concat(frames, ignore_index=True).rename(columns={"hqi": "correlation"})
        replace_each(out, {"hits.csv": lambda path: table.to_csv(path, index=False)})
        best = table[table["rank"] == 1]
        # On screen, a "no match" must not read as an identification; hits.csv keeps the candidates and the reason.
        shown = best.assign(**{"class": [f"no match (nearest: {c})" if miss else c
                                         for c, miss in zip(best["class"], best["no_match"])]})
        print(shown[["spectrum", "class", "score", "correlation", "p_value"]].to_string(index=False))
        print(f"\n{len(best)} spectra identified ({int(best['no_match'].sum())} no match); hit lists in "
              f"{out / 'hits.csv'}")
    for file, message in failures:
        # The readers' messages mostly name the file already.
        print(f"error: {message}" if message.startswith(file) else f"error: {file}: {message}", file=sys.stderr)
    return 1 if failures else 0


# ----------------------------------------------------------------- arguments
def int_at_least(minimum: int):
    """argparse type: an integer of at least ``minimum``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer of at least {minimum}, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value
    return parse


# 0 repeats or 0 jobs would run nothing, silently.
positive_int = int_at_least(1)


def _generator_minimum(parameter: str) -> int:
    """The generator's own lower limit, so that the option, not the class's parameter, is named in the error."""
    return LorentzSpectraGenerator._parameter_constraints[parameter][0].left


def positive_float(text: str) -> float:
    """argparse type: a finite number above 0 (a budget of -5 s would stop every fit after its first epoch)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def open_fraction(text: str) -> float:
    """argparse type: a number strictly between 0 and 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must lie strictly between 0 and 1, got {text}")
    return value


def existing_file(text: str) -> str:
    """argparse type: a file that exists (checked before a download or a long read, not after)."""
    if not Path(text).is_file():
        raise argparse.ArgumentTypeError(f"no such file: {text!r}")
    return text


def _add_data_arguments(p: argparse.ArgumentParser, grid: bool = False, **defaults) -> None:
    p.add_argument("--n-classes", type=int_at_least(_generator_minimum("n_classes")),
                   default=defaults.get("n_classes", 30))
    p.add_argument("--n-samples-per-class", type=int_at_least(_generator_minimum("n_samples_per_class")),
                   default=defaults.get("n_samples_per_class", 6))
    n_points = defaults.get("n_points", 256)
    p.add_argument("--n-points", type=int_at_least(_generator_minimum("n_points")), default=n_points,
                   help="points per spectrum: of synthetic spectra, and of the common axis RRUFF spectra are "
                        "resampled to " + ("(default: 256 synthetic, 1024 RRUFF)" if n_points is None
                                           else "(default %(default)s)"))
    if not grid:  # the grid has its own thetas, FWHM ranges and split
        p.add_argument("--theta", type=float, default=10 / 3, help="characteristic / non-characteristic peak height")
        p.add_argument("--fwhm", type=float, nargs=2, default=(0.0, 50.0), help="FWHM range of characteristic peaks")
        p.add_argument("--repeats", type=positive_int, default=defaults.get("repeats", 3))
    p.add_argument("--random-state", type=int, default=0)


def _add_run_arguments(p: argparse.ArgumentParser, out: str, networks: str) -> None:
    """Options of the resumable runs: budgets, parallelism, progress, output."""
    p.add_argument("--networks", choices=["small", "default"], default=networks,
                   help="'small': the demo's small networks; 'default': the estimators' defaults")
    p.add_argument("--epochs", type=positive_int, help="epochs of the neural methods")
    p.add_argument("--max-time-per-fit", type=positive_float, metavar="SECONDS",
                   help="stop training a neural method after this many seconds")
    p.add_argument("--n-jobs", type=positive_int, default=1,
                   help="fits in parallel; torch threads are divided among them")
    p.add_argument("--backend", choices=["dask"], help="run the fits on a dask.distributed cluster")
    p.add_argument("--scheduler", help="address of the dask scheduler, e.g. tcp://127.0.0.1:8786")
    p.add_argument("-v", "--verbose", action="count", default=0,
                   help="-v: a line per finished fit; -vv: also skorch's table of epochs")
    p.add_argument("--out", default=out, help="folder of the results; a rerun resumes from it")


def _add_dataset_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dataset", default="synthetic",
                   help="'synthetic', 'rruff_ir' (downloaded once), a folder or zip of spectrum files (RRUFF, "
                        "JCAMP-DX, two-column text), or a .csv / .npz file")
    p.add_argument("--wavenumber-range", type=float, nargs=2, metavar=("LOW", "HIGH"),
                   help="cm-1 range to read (default for rruff_ir, folders and zips: the paper's mid-IR, 400 4000; "
                        "tables: all columns)")
    p.add_argument("--classes", type=existing_file,
                   help="class list (one name per line) to keep, for folders and zips")
    p.add_argument("--label", default="label", help="label column (CSV) or array (NPZ)")
    p.add_argument("--groups", metavar="COLUMN",
                   help="column (CSV) or array (NPZ) of specimen ids: a specimen's spectra never sit on both "
                        "sides of a split; RRUFF data are grouped by RRUFF id unless this is 'none'")
    p.add_argument("--normalize", action="store_true", help="divide every spectrum by its maximum")
    p.add_argument("--cv", choices=["leave-one-per-class", "stratified-kfold", "group-kfold"],
                   default="leave-one-per-class",
                   help="protocol: the paper's (one held-out spectrum per class, --repeats times), or k folds")
    p.add_argument("--folds", type=positive_int, default=5, help="folds of the k-fold protocols")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sklearn-teanet", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command")
    p = commands.add_parser("demo", help="compare TeaNet, CNNs and shallow baselines on synthetic spectra")
    p.add_argument("--methods", nargs="+", default=list(METHODS), choices=list(METHODS))
    _add_data_arguments(p)
    p.set_defaults(func=demo, networks="small")

    b = commands.add_parser("benchmark", help="the Table 3 protocol on synthetic, RRUFF or your own spectra")
    _add_dataset_arguments(b)
    b.add_argument("--methods", nargs="+", default=list(SHALLOW_METHODS), choices=list(METHODS))
    _add_run_arguments(b, "results", networks="default")
    _add_data_arguments(b, n_classes=100, n_points=1024, repeats=10)
    b.set_defaults(func=benchmark)

    g = commands.add_parser("synthetic-grid", help="Fig. 8: TeaNet against CNN over the theta x FWHM grid")
    g.add_argument("--methods", nargs=2, default=["teanet", "cnn_full"], choices=list(METHODS))
    g.add_argument("--theta-cells", type=int, nargs="+", default=list(range(len(PAPER_THETAS))),
                   choices=range(len(PAPER_THETAS)), metavar="I",
                   help=f"indices into the thetas {[round(t, 3) for t in PAPER_THETAS]} (default: all)")
    g.add_argument("--fwhm-cells", type=int, nargs="+", default=list(range(len(PAPER_FWHM_RANGES))),
                   choices=range(len(PAPER_FWHM_RANGES)), metavar="J",
                   help=f"indices into the FWHM ranges {list(PAPER_FWHM_RANGES)} (default: all)")
    _add_run_arguments(g, "results-grid", networks="small")
    _add_data_arguments(g, grid=True, n_classes=30, n_samples_per_class=10)
    g.set_defaults(func=synthetic_grid)

    a = commands.add_parser("ablation", help="Table 4 (--what masking) or Table 5 (--what training) for TeaNet")
    a.add_argument("--what", choices=["masking", "training"], required=True)
    a.add_argument("--n-masks", type=positive_int, nargs="+", default=[5, 10, 20], help="the x n of Table 5")
    a.add_argument("--schemes", nargs="+", help="Table 4 rows to run: a scheme (MS1 ... MS5, all its rows) or "
                                                 "a row name such as 'MS3 tau=0.5'; all 15 by default")
    _add_dataset_arguments(a)
    _add_run_arguments(a, "results-ablation", networks="small")
    _add_data_arguments(a, n_points=None)  # resolved in ablation(): small synthetic runs, RRUFF as benchmark reads it
    a.set_defaults(func=ablation)

    t = commands.add_parser("train", help="fit a model on a reference library and save it, for identify")
    t.add_argument("--library", required=True,
                   help="folder or zip of spectrum files (RRUFF, JCAMP-DX, two-column text), or a .csv / .npz table")
    t.add_argument("--method", default="correlation", choices=list(METHODS), help="classifier (default: correlation)")
    t.add_argument("--classes", type=existing_file, help="class list (one name per line) to keep, for a folder or zip")
    t.add_argument("--label", default="label", help="label column (CSV) or array (NPZ)")
    t.add_argument("--wavenumber-range", type=float, nargs=2, metavar=("LOW", "HIGH"), help="keep this range (cm-1)")
    t.add_argument("--n-points", type=positive_int, default=1024, help="grid points, for a folder or zip")
    t.add_argument("--top", type=positive_int, default=5, help="candidates per unknown in the hit list")
    t.add_argument("--confidence", type=open_fraction, default=0.95,
                   help="share of in-library spectra not called 'no match'")
    t.add_argument("--networks", choices=["small", "default"], default="default", help="size of a neural method")
    t.add_argument("--epochs", type=positive_int, help="epochs of a neural method (default: its own)")
    t.add_argument("--random-state", type=int, default=0, help="seed of the fit and of the calibration folds")
    t.add_argument("-v", "--verbose", action="count", default=0)
    t.add_argument("--out", required=True, help="model file to write")
    t.set_defaults(func=train)

    i = commands.add_parser("identify", help="hit lists of unknown spectra against a model from train")
    i.add_argument("--model", required=True, help="model file that train wrote")
    i.add_argument("unknowns", nargs="+",
                   help="spectrum files (RRUFF, JCAMP-DX, two columns), .csv / .npz tables, or folders of them")
    i.add_argument("--top", type=positive_int, default=5, help="candidates per unknown")
    i.add_argument("--no-plots", action="store_true", help="write hits.csv only")
    i.add_argument("--out", default="identified", help="folder for hits.csv and the figures")
    i.set_defaults(func=identify)
    return parser


#: Errors a user's input causes: printed as one line, without a traceback.
#: OSError covers missing, unreadable or existing files and a failed download.
USER_ERRORS = (ValueError, OSError, RuntimeError)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"demo", "benchmark", "synthetic-grid", "ablation", "train", "identify"}
    if not argv or (argv[0] not in commands and argv[0] not in ("-h", "--help")):
        argv = ["demo", *argv]  # the demo is the default job, options included
    args = parser.parse_args(argv)
    formatwarning = warnings.formatwarning
    # A warning reads like an error does, without the library's file and source line that mean nothing to the user.
    warnings.formatwarning = lambda message, *_, **__: f"{parser.prog}: warning: {message}\n"
    try:
        return args.func(args)
    except USER_ERRORS as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    finally:
        warnings.formatwarning = formatwarning


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
