"""Despiking by default? Its cost on clean spectra and its worth on spectra with a cosmic ray (issue 36, point 5).

The open-set splits of ``bench_open_set.py`` (RRUFF_IR, 10 splits), train's
defaults with and without a :class:`~sklearn_teanet.Despiker` first. The test
spectra come clean, and with one cosmic-ray spike each (one point of the
measured axis raised by 1 to 3 times the spectrum's maximum, at a random place;
infrared detectors do not record them, Raman CCDs do). Per setting: top-1 and
the share of wrong answers accepted as matches, of the new specimens clean and
spiked, the share of absent substances called "no match", and the AUROC.

Raw results: ``results/despike.jsonl``; the summary prints the paired
differences (despike minus none) with 95 % intervals.

Run:
    .venv/bin/python benchmarks/bench_despike.py --repeats 10
"""

from __future__ import annotations

import argparse
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from bench_open_set import open_set_split
from scipy import stats
from sklearn.metrics import roc_auc_score

from sklearn_teanet import SpectrumIdentifier
from sklearn_teanet.data import rruff_ir_folder
from sklearn_teanet.identification import library_model
from sklearn_teanet.paper import load_rruff_ir_paper, make_method

RESULTS = Path(__file__).resolve().parent / "results" / "despike.jsonl"


def spiked(X: np.ndarray, rng) -> np.ndarray:
    """Each spectrum with one cosmic ray: a single point raised by 1-3 times its maximum."""
    out = X.copy()
    where = rng.randint(0, X.shape[1], len(X))
    out[np.arange(len(X)), where] += rng.uniform(1, 3, len(X)) * X.max(axis=1)
    return out


def evaluate(identifier, grid, X, y, known, foreign, seed) -> dict:
    pairs = lambda rows: [(grid, row) for row in rows]  # noqa: E731
    rng = np.random.RandomState(seed)
    record = {}
    for name, rows_k, rows_f in (("clean", X[known], X[foreign]),
                                 ("spiked", spiked(X[known], rng), spiked(X[foreign], rng))):  # fmt: skip
        best_k = identifier.identify(pairs(rows_k), top_k=1)
        best_f = identifier.identify(pairs(rows_f), top_k=1)
        right = best_k["class"].to_numpy() == y[known]
        record[f"top1_{name}"] = float(right.mean())
        record[f"accepted_wrong_{name}"] = float(np.mean(~right & ~best_k["no_match"].to_numpy()))
        record[f"foreign_no_match_{name}"] = float(best_f["no_match"].mean())
        truth = np.r_[np.ones(len(known)), np.zeros(len(foreign))]
        record[f"auroc_{name}"] = float(roc_auc_score(truth, np.r_[best_k["hqi"], best_f["hqi"]]))
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    records = [json.loads(line) for line in RESULTS.read_text().splitlines()] if RESULTS.exists() else []
    done = {(r["despike"], r["seed"]) for r in records}
    data = load_rruff_ir_paper(rruff_ir_folder(), outside="edge")
    X, y, grid = data.data, np.asarray(data.target), data.wavenumbers
    for seed in range(args.repeats):
        library, known, foreign = open_set_split(y, seed)
        for despike in (False, True):
            if (despike, seed) in done:
                continue
            identifier = SpectrumIdentifier(library_model(make_method("correlation"), grid, despike=despike))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                identifier.fit([(grid, row) for row in X[library]], y[library])
            record = {"despike": despike, "seed": seed, **evaluate(identifier, grid, X, y, known, foreign, seed)}
            with open(RESULTS, "a") as sink:
                sink.write(json.dumps(record) + "\n")
            records.append(record)
            print(json.dumps(record), flush=True)
    frame = pd.DataFrame(records)
    print(frame.drop(columns="seed").groupby("despike").mean().T.round(3).to_markdown())
    paired = frame.pivot(index="seed", columns="despike")
    print("\nPaired, despike minus none, in points:")
    for column in [c for c in frame.columns if c not in ("despike", "seed")]:
        diff = 100 * (paired[column][True] - paired[column][False]).dropna()
        half = stats.t.ppf(0.975, len(diff) - 1) * diff.std(ddof=1) / np.sqrt(len(diff)) if len(diff) > 1 else np.nan
        print(f"  {column:<26} {diff.mean():+6.2f}  [{diff.mean() - half:+.2f}, {diff.mean() + half:+.2f}]")


if __name__ == "__main__":
    main()
