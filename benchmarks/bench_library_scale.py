"""Library search at the size of real libraries: train seconds, peak memory, identify and mixture time per unknown.

Each library size is fitted in a fresh process (so its peak resident memory is
its own; the spectra are generated 500 substances at a time, so that the peak is
the fit's, not the generator's): Lorentz spectra (4 per substance, 1,024 points on 400-4,000 cm-1)
matched by correlation behind ``train``'s default preprocessing, with the
default 10 cm-1 shift search (one axis offset per run: the unknowns are one run,
6 cm-1 off). ``identify`` is timed on the batch of unknowns at once and one
at a time with the run's offset given, as ``identify_files`` runs. Records go to ``results/library_scale.jsonl``
with the CPU model, the torch/BLAS threads and the commit.

Run (one thread, on an otherwise idle machine for timings):
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_library_scale.py --sizes 1000 10000 30000 100000 --label float32
    .venv/bin/python benchmarks/bench_library_scale.py --summarize
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

RESULTS = Path(__file__).resolve().parent / "results" / "library_scale.jsonl"
GRID = np.linspace(400, 4000, 1024)


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def generated_library(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Spectra and classes of a Lorentz library of ``size`` spectra, 4 per substance, on ``GRID``."""
    from sklearn_teanet import LorentzSpectraGenerator

    # Generated 500 substances at a time: the generator's own intermediates must not be the peak that is measured.
    spectra, y = np.empty((size // 4 * 4, GRID.size)), np.empty(size // 4 * 4, dtype=int)
    for first in range(0, size // 4, 500):
        n_classes = min(500, size // 4 - first)
        part = LorentzSpectraGenerator(n_classes=n_classes, n_samples_per_class=4, n_points=GRID.size, theta=10,
                                       fwhm=(5, 40), random_state=first).generate()  # fmt: skip
        spectra[4 * first : 4 * (first + n_classes)], y[4 * first : 4 * (first + n_classes)] = (
            part.data,
            part.target + first,
        )
    return spectra, y


def one(size: int, n_unknowns: int, n_mixtures: int) -> dict:
    """Fit and query one library of ``size`` spectra in this process."""
    from sklearn_teanet import CorrelationClassifier, SpectrumIdentifier
    from sklearn_teanet.identification import library_model

    spectra, y = generated_library(size)
    X = [(GRID, row) for row in spectra]
    rng = np.random.RandomState(1)
    # One instrument run: a common axis error of 6 cm-1 (each spectrum within 0.5 of it), 2 % noise.
    unknowns = [(GRID + 6 + rng.uniform(-0.5, 0.5), row * (1 + 0.02 * rng.randn(GRID.size)))
                for row in spectra[::4][:n_unknowns]]  # fmt: skip
    start = time.perf_counter()
    identifier = SpectrumIdentifier(library_model(CorrelationClassifier(), GRID), random_state=0).fit(X, y)
    fit_s = time.perf_counter() - start
    fit_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # what train needs (the spectra included)
    start = time.perf_counter()
    hits = identifier.identify(unknowns, top_k=5)
    identify_ms = 1000 * (time.perf_counter() - start) / len(unknowns)
    offset = identifier.axis_offset(unknowns)  # as identify_files finds it once, then identifies file by file
    start = time.perf_counter()
    for unknown in unknowns[:20]:
        identifier.identify([unknown], top_k=5, axis_offset=offset)
    single_ms = 1000 * (time.perf_counter() - start) / 20
    start = time.perf_counter()
    identifier.identify_mixtures(unknowns[:n_mixtures])
    mixtures_ms = 1000 * (time.perf_counter() - start) / n_mixtures
    top1 = float(np.mean(hits.query("rank == 1")["class"].to_numpy() == y[::4][: len(unknowns)]))
    agreement = _agreement(identifier, unknowns[:200])
    cli_s = _command_line(identifier, unknowns[0])
    return {
        "library": size,
        "fit_s": round(fit_s, 2),
        "fit_peak_rss_gb": round(fit_peak, 3),
        "peak_rss_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 3),
        "identify_ms_per_unknown": round(identify_ms, 2),
        "identify_ms_one_at_a_time": round(single_ms, 2),
        "mixtures_ms_per_unknown": round(mixtures_ms, 1),
        "batch": len(unknowns),
        "top1_shifted_unknowns": round(top1, 3),
        **agreement,
        "cli_one_unknown_s": cli_s,
    }


def _agreement(identifier, unknowns) -> dict:
    """Top-1 and "no match" of the shortlisted shift search against every shift for every library spectrum, each
    spectrum searched for its own shift (``shift_search="each"``: the search with the most shifts)."""
    try:
        from sklearn_teanet.identification import shortlist
    except ImportError:  # the code before the shortlist searched every shift exhaustively
        return {}
    as_fitted = identifier.shift_points_
    identifier.shift_search, identifier.shift_points_ = "each", identifier.search_points_
    hits = identifier.identify(unknowns, top_k=1)
    saved, shortlist.EXHAUSTIVE_UP_TO = shortlist.EXHAUSTIVE_UP_TO, 10**12
    try:
        start = time.perf_counter()
        exhaustive = identifier.identify(unknowns, top_k=1)
        exhaustive_ms = 1000 * (time.perf_counter() - start) / len(unknowns)
    finally:
        shortlist.EXHAUSTIVE_UP_TO = saved
    start = time.perf_counter()
    identifier.identify(unknowns, top_k=1)
    shortlisted_ms = 1000 * (time.perf_counter() - start) / len(unknowns)
    identifier.shift_search, identifier.shift_points_ = "run", as_fitted
    return {
        "each_shifts": 2 * identifier.search_points_ + 1,
        "each_ms_shortlist": round(shortlisted_ms, 2),
        "each_ms_exhaustive": round(exhaustive_ms, 2),
        "each_top1_differ": int((hits["class"].to_numpy() != exhaustive["class"].to_numpy()).sum()),
        "each_no_match_differ": int((hits["no_match"].to_numpy() != exhaustive["no_match"].to_numpy()).sum()),
        "each_compared": len(unknowns),
    }


def _command_line(identifier, unknown) -> float:
    """Seconds for ``sklearn-teanet identify`` of one file, start-up and model loading included."""
    import tempfile

    from sklearn_teanet.persistence import save_model

    with tempfile.TemporaryDirectory() as folder:
        model, spectrum = Path(folder) / "library.skops", Path(folder) / "unknown.txt"
        save_model(identifier, model)
        spectrum.write_text("\n".join(f"{w:.3f}\t{v:.6g}" for w, v in zip(*unknown)))
        command = [sys.executable, "-m", "sklearn_teanet", "identify", "--model", str(model), str(spectrum),
                   "--no-plots", "--out", str(Path(folder) / "identified")]  # fmt: skip
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        return round(time.perf_counter() - start, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    parser.add_argument("--unknowns", type=int, default=1000)
    parser.add_argument("--mixtures", type=int, default=20)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--label", default="", help="what code ran (e.g. 'before': PYTHONPATH=<an older checkout>)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--summarize", action="store_true")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.unknowns, args.mixtures)))
        return
    if not args.summarize:
        import sklearn_teanet

        # The commit of the code that runs (PYTHONPATH may point at another checkout than this script's).
        where = Path(sklearn_teanet.__file__).parent
        commit = subprocess.run(
            ["git", "-C", str(where), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        for size in args.sizes:
            command = [sys.executable, __file__, "--one", str(size), "--unknowns", str(args.unknowns),
                       "--mixtures", str(args.mixtures)]  # fmt: skip
            line = subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
            record = {**json.loads(line), "label": args.label, "cpu": cpu_model(), "commit": commit,
                      "command": " ".join(sys.argv)}  # fmt: skip
            with open(args.out, "a") as out:
                out.write(json.dumps(record) + "\n")
            print(record, flush=True)
    frame = pd.read_json(args.out, lines=True)
    print(frame.drop(columns=["cpu", "command"]).to_markdown(index=False))
    for label, runs in frame.groupby("label"):
        last = runs.drop_duplicates("library", keep="last").sort_values("library")
        growing = ("fit_s", "fit_peak_rss_gb", "peak_rss_gb", "identify_ms_per_unknown", "mixtures_ms_per_unknown")
        for column in (c for c in growing if c in last and last[c].notna().all()) if len(last) > 1 else ():
            slope = np.polyfit(np.log(last["library"]), np.log(last[column]), 1)[0]
            print(f"{label or 'this commit'}: {column} grows as library^{slope:.2f}")


if __name__ == "__main__":
    main()
