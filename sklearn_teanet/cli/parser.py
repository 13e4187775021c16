"""The command line's parser: commands and options (their types are in arguments.py). Nothing here reads or fits."""

from __future__ import annotations

import argparse

from ..data import PAPER_FWHM_RANGES, PAPER_THETAS, SIZE_MINIMUMS
from ..paper import METHODS, PROTOCOLS, SHALLOW_METHODS, TABLE_3_METHODS
from ..preprocessing import BASELINE_METHODS
from . import commands
from .arguments import (
    derivative_orders,
    existing_file,
    finite_float,
    hqi_value,
    int_at_least,
    open_fraction,
    positive_float,
    positive_int,
    smoothing_window,
)

__all__ = ["DESCRIPTION", "build_parser"]

DESCRIPTION = """\
``demo`` (the default) compares every method on built-in synthetic spectra in a few
minutes. ``benchmark`` runs the paper's Table 3 protocol on synthetic spectra, the
RRUFF infrared set, or your own CSV / NPZ file. ``synthetic-grid`` reproduces Fig. 8
(TeaNet against CNN over theta x FWHM) and ``ablation`` Tables 4 and 5 (masking
schemes; joint against separate training). Every such run saves each fit as it
finishes, resumes where it stopped, and writes CSV, JSON, Markdown and a plot.
``train`` fits a model on your reference library and saves it; ``identify`` gives
the hit list of each unknown spectrum against it, with "no match" where none fits.
"""


def _add_data_arguments(p: argparse.ArgumentParser, grid: bool = False, **defaults) -> None:
    p.add_argument("--n-classes", type=int_at_least(SIZE_MINIMUMS["n_classes"]), default=defaults.get("n_classes", 30))
    p.add_argument(
        "--n-samples-per-class",
        type=int_at_least(SIZE_MINIMUMS["n_samples_per_class"]),
        default=defaults.get("n_samples_per_class", 6),
    )
    n_points = defaults.get("n_points", 256)
    p.add_argument(
        "--n-points",
        type=int_at_least(SIZE_MINIMUMS["n_points"]),
        default=n_points,
        help="points per spectrum: of synthetic spectra, and of the common axis RRUFF spectra are "
        "resampled to " + ("(default: 256 synthetic, 1024 RRUFF)" if n_points is None else "(default %(default)s)"),
    )
    if not grid:  # the grid has its own thetas, FWHM ranges and split
        p.add_argument("--theta", type=float, default=10 / 3, help="characteristic / non-characteristic peak height")
        p.add_argument("--fwhm", type=float, nargs=2, default=(0.0, 50.0), help="FWHM range of characteristic peaks")
        p.add_argument("--repeats", type=positive_int, default=defaults.get("repeats", 3))
    p.add_argument("--random-state", type=int, default=0)


def _add_run_arguments(p: argparse.ArgumentParser, out: str, networks: str) -> None:
    """Options of the resumable runs: budgets, parallelism, progress, output."""
    p.add_argument(
        "--networks",
        choices=["small", "default"],
        default=networks,
        help="'small': the demo's small networks; 'default': the estimators' defaults",
    )
    p.add_argument("--epochs", type=positive_int, help="epochs of the neural methods")
    p.add_argument(
        "--max-time-per-fit",
        type=positive_float,
        metavar="SECONDS",
        help="stop training a neural method after this many seconds",
    )
    p.add_argument(
        "--n-jobs", type=positive_int, default=1, help="fits in parallel; torch threads are divided among them"
    )
    p.add_argument("--backend", choices=["dask"], help="run the fits on a dask.distributed cluster")
    p.add_argument("--scheduler", help="address of the dask scheduler, e.g. tcp://127.0.0.1:8786")
    p.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="-v: a line per finished fit; -vv: also skorch's table of epochs",
    )
    p.add_argument("--out", default=out, help="folder of the results; a rerun resumes from it")


def _add_dataset_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--dataset",
        default="synthetic",
        help="'synthetic', 'rruff_ir' (downloaded once), a folder or zip of spectrum files (RRUFF, "
        "JCAMP-DX, two-column text), or a .csv / .npz file",
    )
    p.add_argument(
        "--wavenumber-range",
        type=float,
        nargs=2,
        metavar=("LOW", "HIGH"),
        help="cm-1 range to read (default for rruff_ir, folders and zips: the paper's mid-IR, 400 4000; "
        "tables: all columns)",
    )
    p.add_argument("--classes", type=existing_file, help="class list (one name per line) to keep, for folders and zips")
    p.add_argument("--label", default="label", help="label column (CSV) or array (NPZ)")
    p.add_argument(
        "--groups",
        metavar="COLUMN",
        help="column (CSV) or array (NPZ) of specimen ids: a specimen's spectra never sit on both "
        "sides of a split; RRUFF data are grouped by RRUFF id unless this is 'none'",
    )
    p.add_argument("--normalize", action="store_true", help="divide every spectrum by its maximum")
    p.add_argument(
        "--cv",
        choices=list(PROTOCOLS),
        default="leave-one-per-class",
        help="protocol: the paper's (one held-out spectrum per class, --repeats times), or k folds",
    )
    p.add_argument("--folds", type=positive_int, default=5, help="folds of the k-fold protocols")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sklearn-teanet", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    subparsers = parser.add_subparsers(dest="command")
    p = subparsers.add_parser("demo", help="compare TeaNet, CNNs and shallow baselines on synthetic spectra")
    p.add_argument("--methods", nargs="+", default=list(TABLE_3_METHODS), choices=list(METHODS))
    _add_data_arguments(p)
    p.set_defaults(func=commands.demo, networks="small")

    b = subparsers.add_parser("benchmark", help="the Table 3 protocol on synthetic, RRUFF or your own spectra")
    _add_dataset_arguments(b)
    b.add_argument("--methods", nargs="+", default=list(SHALLOW_METHODS), choices=list(METHODS))
    _add_run_arguments(b, "results", networks="default")
    _add_data_arguments(b, n_classes=100, n_points=1024, repeats=10)
    b.set_defaults(func=commands.benchmark)

    g = subparsers.add_parser("synthetic-grid", help="Fig. 8: TeaNet against CNN over the theta x FWHM grid")
    g.add_argument("--methods", nargs=2, default=["teanet", "cnn_full"], choices=list(METHODS))
    g.add_argument(
        "--theta-cells",
        type=int,
        nargs="+",
        default=list(range(len(PAPER_THETAS))),
        choices=range(len(PAPER_THETAS)),
        metavar="I",
        help=f"indices into the thetas {[round(t, 3) for t in PAPER_THETAS]} (default: all)",
    )
    g.add_argument(
        "--fwhm-cells",
        type=int,
        nargs="+",
        default=list(range(len(PAPER_FWHM_RANGES))),
        choices=range(len(PAPER_FWHM_RANGES)),
        metavar="J",
        help=f"indices into the FWHM ranges {list(PAPER_FWHM_RANGES)} (default: all)",
    )
    _add_run_arguments(g, "results-grid", networks="small")
    _add_data_arguments(g, grid=True, n_classes=30, n_samples_per_class=10)
    g.set_defaults(func=commands.synthetic_grid)

    a = subparsers.add_parser("ablation", help="Table 4 (--what masking) or Table 5 (--what training) for TeaNet")
    a.add_argument("--what", choices=["masking", "training"], required=True)
    a.add_argument("--n-masks", type=positive_int, nargs="+", default=[5, 10, 20], help="the x n of Table 5")
    a.add_argument(
        "--schemes",
        nargs="+",
        help="Table 4 rows to run: a scheme (MS1 ... MS5, all its rows) or "
        "a row name such as 'MS3 tau=0.5'; all 15 by default",
    )
    _add_dataset_arguments(a)
    _add_run_arguments(a, "results-ablation", networks="small")
    _add_data_arguments(a, n_points=None)  # resolved in ablation(): small synthetic runs, RRUFF as benchmark reads it
    a.set_defaults(func=commands.ablation)

    t = subparsers.add_parser("train", help="fit a model on a reference library and save it, for identify")
    t.add_argument(
        "--library",
        required=True,
        help="folder or zip of spectrum files (RRUFF, JCAMP-DX, two-column text), or a .csv / .npz table",
    )
    t.add_argument("--method", default="correlation", choices=list(METHODS), help="classifier (default: correlation)")
    t.add_argument("--classes", type=existing_file, help="class list (one name per line) to keep, for a folder or zip")
    t.add_argument("--label", default="label", help="label column (CSV) or array (NPZ)")
    t.add_argument(
        "--groups",
        metavar="COLUMN",
        help="column (CSV) or array (NPZ) of specimen ids; files are grouped by the RRUFF id in their names "
        "unless this is 'none'. 'No match' is calibrated on whole specimens held out, as new specimens come",
    )
    t.add_argument("--wavenumber-range", type=float, nargs=2, metavar=("LOW", "HIGH"), help="keep this range (cm-1)")
    t.add_argument("--n-points", type=positive_int, default=1024, help="grid points, for a folder or zip")
    t.add_argument("--top", type=positive_int, default=5, help="candidates per unknown in the hit list")
    t.add_argument(
        "--confidence",
        type=open_fraction,
        default=0.9,
        help="share of new measurements of library substances not called 'no match' (default %(default)s)",
    )
    t.add_argument(
        "--max-shift",
        type=float,
        default=10.0,
        metavar="CM-1",
        help="largest wavenumber shift tried between an unknown and the library (default %(default)s)",
    )
    t.add_argument(
        "--technique",
        choices=["auto", "infrared", "raman", "nir"],
        default="auto",
        help="what the spectra are, for the figures' axes (default: read from the file names, as RRUFF writes them)",
    )
    t.add_argument(
        "--shift-search",
        choices=["run", "each"],
        default="run",
        help="'run' (default): the unknowns of one identify call share one axis offset (up to --max-shift), each "
        "moving at most 2 cm-1 around it, so band positions still count; 'each': every unknown searched alone",
    )
    t.add_argument(
        "--min-hqi",
        type=hqi_value,
        default="auto",
        metavar="HQI",
        help="a best candidate below this HQI is 'no match' (default: the library's chance level, the HQI that "
        "noise reaches)",
    )
    p = t.add_argument_group("preprocessing, saved with the model and applied to every unknown")
    p.add_argument(
        "--derivative",
        type=derivative_orders,
        default="auto",
        metavar="{auto,0,1,2,1+2}",
        help="compare derivatives: offsets and sloped baselines do not count; 1+2 compares the first and second "
        "side by side (default auto: 1+2 for correlation, 1 for any other method)",
    )
    p.add_argument(
        "--smooth",
        type=smoothing_window,
        default=0,
        metavar="POINTS",
        help="Savitzky-Golay window, odd (default: 11 with a derivative, none without)",
    )
    p.add_argument("--baseline", choices=list(BASELINE_METHODS), help="subtract a fitted baseline first")
    p.add_argument(
        "--despike",
        nargs="?",
        const="on",
        default="auto",
        choices=["auto", "on", "off"],
        help="remove cosmic-ray spikes first; 'auto' (default): for a Raman library (from its file names or "
        "--technique), not for infrared, where it cost 0.8 points of top-1 on clean spectra",
    )
    p.add_argument(
        "--ranges",
        type=float,
        nargs="+",
        metavar="CM-1",
        help="keep only these ranges: LOW HIGH [LOW HIGH ...], e.g. 450 1800 2800 3800 for RRUFF's "
        "infrared spectra (drops the ATR crystal's region and the noisy edge)",
    )
    t.add_argument("--networks", choices=["small", "default"], default="default", help="size of a neural method")
    t.add_argument("--epochs", type=positive_int, help="epochs of a neural method (default: its own)")
    t.add_argument("--random-state", type=int, default=0, help="seed of the fit and of the calibration folds")
    t.add_argument("-v", "--verbose", action="count", default=0)
    t.add_argument("--out", required=True, help="model file to write (e.g. model.skops)")
    t.add_argument(
        "--pickle",
        action="store_true",
        help="write a pickle instead of the safe format (a pickle runs code when it is loaded)",
    )
    t.set_defaults(func=commands.train)

    i = subparsers.add_parser("identify", help="hit lists of unknown spectra against a model from train")
    i.add_argument("--model", required=True, help="model file that train wrote")
    i.add_argument(
        "unknowns",
        nargs="+",
        help="spectrum files (RRUFF, JCAMP-DX, two columns), .csv / .npz tables, or folders of them",
    )
    i.add_argument("--top", type=positive_int, default=5, help="candidates per unknown")
    i.add_argument("--no-plots", action="store_true", help="write hits.csv only")
    i.add_argument(
        "--mixtures",
        action="store_true",
        help="also fit each unknown as a mixture of two library spectra (mixtures.csv)",
    )
    i.add_argument("--report", metavar="HTML", help="write one self-contained HTML page for the batch")
    i.add_argument(
        "--axis-offset",
        type=finite_float,
        metavar="CM-1",
        help="the run's axis error, if known (e.g. from a silicon or polystyrene standard of the same session); "
        "default: found from the run's matches, which a batch of only mixtures does not have",
    )
    i.add_argument(
        "--min-hqi", type=hqi_value, metavar="HQI", help="raise the model's minimum HQI of a match for this run"
    )
    i.add_argument(
        "--min-coverage",
        type=open_fraction,
        default=0.5,
        help="share of the library's wavenumber range a spectrum must cover (default %(default)s)",
    )
    i.add_argument(
        "--trust-pickle",
        action="store_true",
        help="read a model file that is a pickle, which runs whatever code it holds: only if you trust it",
    )
    i.add_argument("--out", default="identified", help="folder for hits.csv and the figures")
    i.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="identify on the workers of this dask.distributed scheduler (e.g. tcp://10.0.0.5:8786); the unknowns "
        "are read here and sent in chunks",
    )
    i.set_defaults(func=commands.identify)
    return parser
