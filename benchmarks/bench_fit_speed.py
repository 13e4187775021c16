"""Seconds per epoch of the default fits, and prediction speed, of two checkouts side by side.

Each measurement runs in a fresh process that imports the package from the
given checkout, so an old ``main`` (``git worktree add /tmp/old <commit>``) and
the working tree are timed in turn on the same machine in the same run.

- fit: ``TeaNetClassifier()`` and ``CNNClassifier()`` at their defaults on an
  RRUFF_IR training split (546 spectra of 1024 points, 424 classes; random
  spectra of that shape when the data is absent). Seconds per epoch are the
  median of skorch's epoch durations after the first (which pays one-time
  set-up costs).
- predict: ``predict_proba`` of a fitted default ``CNNClassifier`` on 50,000
  spectra; spectra per second and the peak RSS it adds.

Run:
    git worktree add /tmp/old <commit>
    .venv/bin/python benchmarks/bench_fit_speed.py /tmp/old . [--epochs 6] [--rounds 2] [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

# sklearn_teanet.data.rruff_ir_folder(), spelled out: the package is imported only inside the timed checkouts.
DATA = Path(os.environ.get("SKLEARN_TEANET_DATA", Path.home() / "sklearn_teanet_data")) / "rruff_ir" / "Processed"


def training_split():
    from sklearn_teanet import LeaveOneSamplePerClassOut
    from sklearn_teanet.paper import load_rruff_ir_paper

    if DATA.exists():
        data = load_rruff_ir_paper(DATA)
        X, y = data.data, data.target
        train, _ = next(LeaveOneSamplePerClassOut(n_repeats=1, random_state=0).split(X, y))
        return X[train].astype(np.float32), y[train], "RRUFF_IR split"
    rng = np.random.RandomState(0)
    return rng.rand(546, 1024).astype(np.float32), np.arange(546) % 424, "random spectra"


def measure(what: str, epochs: int, threads: int) -> dict:
    import torch

    from sklearn_teanet import CNNClassifier, TeaNetClassifier

    torch.set_num_threads(threads)
    X, y, source = training_split()
    if what == "predict":
        clf = CNNClassifier(max_epochs=1, random_state=0).fit(X, y)
        X_new = np.random.RandomState(1).rand(50_000, X.shape[1]).astype(np.float32)
        clf.predict_proba(X_new[:2048])  # warm-up
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        clf.predict_proba(X_new)
        seconds = time.perf_counter() - start
        extra = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        return {"spectra_per_s": len(X_new) / seconds, "extra_peak_rss_mb": extra, "data": source}
    estimator = {"teanet": TeaNetClassifier, "cnn": CNNClassifier}[what](max_epochs=epochs, random_state=0)
    estimator.fit(X, y)
    durations = estimator.history_[:, "dur"]
    return {"s_per_epoch": float(np.median(durations[1:])), "first_epoch_s": durations[0], "data": source}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="*", help="folders that hold sklearn_teanet/, compared in turn")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=2, help="times each measurement is repeated, interleaved")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--what", nargs="+", default=["teanet", "cnn", "predict"])
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.epochs, args.threads)))
        return
    results: dict = {}
    for round_ in range(args.rounds):
        for what in args.what:
            for checkout in args.checkouts:
                out = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--measure",
                        what,
                        "--epochs",
                        str(args.epochs),
                        "--threads",
                        str(args.threads),
                    ],
                    cwd=checkout,
                    env={**os.environ, "PYTHONPATH": str(Path(checkout).resolve())},
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                row = json.loads(out.strip().splitlines()[-1])
                results.setdefault((what, checkout), []).append(row)
                print(f"round {round_ + 1}: {what:8s} {checkout}: {row}", flush=True)
    print("\n| measurement | " + " | ".join(args.checkouts) + " | ratio (last / first) |")
    print("|---|" + "---|" * (len(args.checkouts) + 1))
    for what in args.what:
        key = "spectra_per_s" if what == "predict" else "s_per_epoch"
        values = [float(np.median([r[key] for r in results[(what, c)]])) for c in args.checkouts]
        ratio = values[-1] / values[0] if what == "predict" else values[0] / values[-1]
        unit = "spectra/s" if what == "predict" else "s/epoch"
        print(f"| {what} ({unit}) | " + " | ".join(f"{v:.2f}" for v in values) + f" | {ratio:.2f}x |")


if __name__ == "__main__":
    main()
