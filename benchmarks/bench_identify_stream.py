"""A large batch of unknown files through ``identify_files``: time per file and peak memory as the batch grows.

One library of Lorentz spectra (1,024 points, 4 per substance, correlation behind
``train``'s preprocessing) is fitted and saved once; batches of two-column text
files (one instrument run: a common 6 cm-1 axis error, 2 % noise) are written
to a folder and identified in a fresh process each, as ``sklearn-teanet identify
--no-plots`` does: the resident peak of that process (the model included) and
its seconds per file. Memory that stays flat as the batch grows tenfold is what
streaming promises. Records go to ``results/identify_stream.jsonl``.

Run (one thread, idle machine):
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_identify_stream.py --library 10000 --batches 2000 20000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "identify_stream.jsonl"
GRID = np.linspace(400, 4000, 1024)


def _library(size: int, seed: int = 0):
    from sklearn_teanet import LorentzSpectraGenerator

    data = LorentzSpectraGenerator(n_classes=size // 4, n_samples_per_class=4, n_points=GRID.size, theta=10,
                                   fwhm=(5, 40), random_state=seed).generate()  # fmt: skip
    return data.data, data.target


def prepare(library: int, batches: list[int], folder: Path) -> None:
    """Fit and save the model, and write the largest batch's files (each smaller batch is its first files)."""
    from sklearn_teanet import CorrelationClassifier, SpectrumIdentifier, save_model
    from sklearn_teanet.identification import library_model

    X, y = _library(library)
    identifier = SpectrumIdentifier(library_model(CorrelationClassifier(), GRID), random_state=0)
    save_model(identifier.fit([(GRID, row) for row in X], y), folder / "library.skops")
    rng = np.random.RandomState(1)
    for i in range(max(batches)):
        row = X[rng.randint(len(X))] * (1 + 0.02 * rng.randn(GRID.size))
        batch = folder / f"batch_{next(b for b in sorted(batches) if i < b)}"
        batch.mkdir(exist_ok=True)
        (batch / f"u{i:06d}.txt").write_text("\n".join(f"{w:.3f}\t{v:.6g}" for w, v in zip(GRID + 6, row)))


def one(folder: Path, n: int, batches: list[int]) -> dict:
    """Identify the first ``n`` files in this process."""
    from sklearn_teanet.persistence import load_model
    from sklearn_teanet.reporting import identify_files

    identifier = load_model(folder / "library.skops")
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    paths = [folder / f"batch_{b}" for b in sorted(batches) if b <= n]
    start = time.perf_counter()
    run = identify_files(identifier, paths, out=folder / f"out_{n}", plots=False)
    seconds = time.perf_counter() - start
    return {"files": int(run.hits["spectrum"].nunique()), "ms_per_file": round(1000 * seconds / n, 2),
            "peak_rss_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 3),
            "peak_after_loading_gb": round(loaded, 3), "failures": len(run.failures)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=int, default=10000)
    parser.add_argument("--batches", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.folder, args.one, args.batches)))
        return
    from bench_library_scale import cpu_model

    with tempfile.TemporaryDirectory(dir=HERE.parent) as scratch:
        folder = Path(scratch)
        prepare(args.library, args.batches, folder)
        for n in sorted(args.batches):
            command = [sys.executable, __file__, "--one", str(n), "--folder", str(folder), "--batches",
                       *map(str, args.batches)]  # fmt: skip
            line = subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
            record = {"library": args.library, "batch": n, **json.loads(line), "cpu": cpu_model(),
                      "command": " ".join(sys.argv)}  # fmt: skip
            with open(RESULTS, "a") as out:
                out.write(json.dumps(record) + "\n")
            print(record, flush=True)


if __name__ == "__main__":
    main()
