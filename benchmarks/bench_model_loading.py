"""One unknown through ``sklearn-teanet identify --no-plots``, start-up and model loading included, at library sizes.

The libraries are those of ``bench_library_scale.py`` (Lorentz spectra, 4 per
substance, 1,024 points, correlation behind ``train``'s default preprocessing).
Each fitted identifier is saved twice by the same code: as ``save_model`` writes
it (arrays of 16 MB and more stored beside skops's members and mapped when
loaded) and with nothing mapped (every array read by skops, as before). Each file
is then identified ``--repeats`` times in a fresh process, one unknown; the
first run after saving finds the file in the page cache, as every run does on a
machine with the memory for it. Wall seconds and the child's peak resident
memory (``/usr/bin/time``) go to ``results/model_loading.jsonl`` with the CPU, the commit
and the command.

Run (an otherwise idle machine):
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_model_loading.py --sizes 1000 10000 100000
    .venv/bin/python benchmarks/bench_model_loading.py --summarize
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from bench_library_scale import GRID, cpu_model, generated_library

RESULTS = Path(__file__).resolve().parent / "results" / "model_loading.jsonl"


def saved_models(size: int, folder: Path) -> dict[str, Path]:
    """The fitted library of ``size`` spectra, saved mapped and unmapped; and one unknown beside them."""
    from sklearn_teanet import CorrelationClassifier, SpectrumIdentifier
    from sklearn_teanet.identification import library_model
    from sklearn_teanet.persistence import mapped_arrays, save_model

    spectra, y = generated_library(size)
    identifier = SpectrumIdentifier(library_model(CorrelationClassifier(), GRID), random_state=0)
    identifier.fit([(GRID, row) for row in spectra], y)
    (folder / "unknown.txt").write_text("\n".join(f"{w + 6:.3f}\t{v:.6g}" for w, v in zip(GRID, spectra[0])))
    del spectra
    models = {"mapped": save_model(identifier, folder / "mapped.skops")}
    mapped_arrays.MIN_BYTES, saved = 2**62, mapped_arrays.MIN_BYTES
    try:
        models["read whole"] = save_model(identifier, folder / "read_whole.skops")
    finally:
        mapped_arrays.MIN_BYTES = saved
    return models


def identify_once(model: Path, unknown: Path, out: Path) -> tuple[float, float]:
    """Wall seconds and peak resident GB of one ``identify`` in a fresh process.

    The peak is read by ``/usr/bin/time``: a child forked from this process (which holds the fitted library) counts
    this process's memory in its own peak until it runs the new program, so ``wait4`` here would report ours.
    """
    report = out.with_suffix(".time")
    command = ["/usr/bin/time", "-f", "%M", "-o", str(report), sys.executable, "-m", "sklearn_teanet", "identify",
               "--model", str(model), str(unknown), "--no-plots", "--out", str(out)]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"identify failed: {done.stderr.decode()}")
    return seconds, int(report.read_text().split()[-1]) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--summarize", action="store_true")
    args = parser.parse_args()
    if not args.summarize:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        for size in args.sizes:
            with tempfile.TemporaryDirectory() as folder:
                folder = Path(folder)
                models = saved_models(size, folder)
                for kind, model in models.items():
                    runs = [identify_once(model, folder / "unknown.txt", folder / "out") for _ in range(args.repeats)]
                    record = {"library": size, "file": kind, "file_gb": round(model.stat().st_size / 2**30, 3),
                              "seconds": [round(s, 2) for s, _ in runs], "peak_gb": [round(m, 3) for _, m in runs],
                              "cpu": cpu_model(), "commit": commit, "command": " ".join(sys.argv)}  # fmt: skip
                    with open(args.out, "a") as out:
                        out.write(json.dumps(record) + "\n")
                    print(record, flush=True)
    frame = pd.read_json(args.out, lines=True).drop_duplicates(["library", "file"], keep="last")
    frame["median_s"] = frame["seconds"].map(np.median)
    frame["peak_gb"] = frame["peak_gb"].map(max)
    table = frame.pivot(index="library", columns="file", values=["median_s", "peak_gb"])
    print(table.to_markdown())


if __name__ == "__main__":
    main()
