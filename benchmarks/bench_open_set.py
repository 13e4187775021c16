"""Open-set identification on RRUFF_IR: in-library spectra against substances the library lacks.

Each repeat holds out 20 % of the classes entirely (their spectra are the
"unknown" substances) and one spectrum of every remaining class that has two or
more (the "known" test spectra); the rest is the library. A
``SpectrumIdentifier`` is fitted on the library (calibration included) and
scores both test sets. Reported per method and nonconformity:

- AUROC of known against unknown, ranking by the best candidate's p-value
  (and by its HQI and its score, for reference);
- known-spectrum top-1 accuracy among those accepted when the threshold on the
  p-value accepts 95 % of the known spectra;
- coverage (share of known spectra whose class is in their prediction set),
  mean set size, and the share of unknown spectra called "no match".

Run:
    .venv/bin/python benchmarks/bench_open_set.py --methods correlation --repeats 3
    .venv/bin/python benchmarks/bench_open_set.py --methods cnn_full --repeats 3
    .venv/bin/python benchmarks/bench_open_set.py --summarize
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from sklearn_teanet import SpectrumIdentifier, load_rruff_ir_paper, make_method
from sklearn_teanet.data import rruff_ir_folder

DATA = rruff_ir_folder()  # $SKLEARN_TEANET_DATA/rruff_ir/Processed
RESULTS = Path(__file__).resolve().parent / "results" / "open_set_rruff.jsonl"


def open_set_split(y: np.ndarray, seed: int, unknown_share: float = 0.2):
    """(library, known test, unknown test) indices."""
    rng = np.random.RandomState(seed)
    classes = np.unique(y)
    unknown_classes = set(rng.choice(classes, size=int(round(unknown_share * len(classes))), replace=False))
    unknown = np.flatnonzero(np.isin(y, list(unknown_classes)))
    known_test, library = [], []
    for c in classes:
        if c in unknown_classes:
            continue
        members = rng.permutation(np.flatnonzero(y == c))
        if len(members) > 1:
            known_test.append(members[0])
            library += list(members[1:])
        else:
            library += list(members)
    return np.array(sorted(library)), np.array(sorted(known_test)), unknown


def evaluate(identifier, X_known, y_known, X_unknown, confidence: float) -> dict:
    scores_k, scores_u = identifier.predict_proba(X_known), identifier.predict_proba(X_unknown)
    hqi_k, hqi_u = identifier.hit_quality(X_known), identifier.hit_quality(X_unknown)
    p_k, p_u = identifier._p_values(scores_k, hqi_k), identifier._p_values(scores_u, hqi_u)
    best_k, best_u = scores_k.argmax(1), scores_u.argmax(1)
    rows_k, rows_u = np.arange(len(best_k)), np.arange(len(best_u))
    truth = np.r_[np.ones(len(best_k)), np.zeros(len(best_u))]

    def auroc(a, b):
        return float(roc_auc_score(truth, np.r_[a, b]))

    top_p_k, top_p_u = p_k[rows_k, best_k], p_u[rows_u, best_u]
    correct = identifier.classes_[best_k] == y_known
    threshold = np.quantile(top_p_k, 0.05)  # accepts 95 % of the known spectra
    accepted = top_p_k > threshold if np.any(top_p_k > threshold) else top_p_k >= threshold
    level = 1 - confidence
    in_set_k = p_k > level
    true_index = np.searchsorted(identifier.classes_, y_known)
    return {
        "auroc_p_value": auroc(top_p_k, top_p_u),
        "auroc_hqi": auroc(hqi_k[rows_k, best_k], hqi_u[rows_u, best_u]),
        "auroc_score": auroc(scores_k[rows_k, best_k], scores_u[rows_u, best_u]),
        "known_accuracy": float(correct.mean()),
        "accepted_share_at_95": float(accepted.mean()),
        "known_accuracy_accepted_at_95": float(correct[accepted].mean()),
        "coverage": float(in_set_k[rows_k, true_index].mean()),
        "mean_set_size": float(in_set_k.sum(1).mean()),
        "known_no_match": float((top_p_k <= level).mean()),
        "unknown_no_match": float((top_p_u <= level).mean()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", nargs="+", default=["correlation"])
    parser.add_argument("--nonconformity", nargs="+", default=["hqi", "score"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--confidence", type=float, default=0.95)
    parser.add_argument("--summarize", action="store_true")
    args = parser.parse_args()
    if not args.summarize:
        data = load_rruff_ir_paper(DATA)
        X, y = data.data, np.asarray(data.target)
        done = (
            {
                (r["method"], r["nonconformity"], r["seed"], r["confidence"])
                for r in map(json.loads, RESULTS.read_text().splitlines())
            }
            if RESULTS.exists()
            else set()
        )
        for seed in range(args.repeats):
            library, known, unknown = open_set_split(y, seed)
            for method in args.methods:
                for nonconformity in args.nonconformity:
                    if (method, nonconformity, seed, args.confidence) in done:
                        continue
                    start = time.perf_counter()
                    identifier = SpectrumIdentifier(
                        make_method(method, random_state=0),
                        confidence=args.confidence,
                        nonconformity=nonconformity,
                        random_state=seed,
                    )
                    identifier.fit(X[library], y[library])
                    record = {
                        "method": method,
                        "nonconformity": nonconformity,
                        "seed": seed,
                        "confidence": args.confidence,
                        "n_library": len(library),
                        "n_known": len(known),
                        "n_unknown": len(unknown),
                        "n_calibration": len(identifier.calibration_scores_),
                        **evaluate(identifier, X[known], y[known], X[unknown], args.confidence),
                        "minutes": (time.perf_counter() - start) / 60,
                    }
                    with open(RESULTS, "a") as sink:
                        sink.write(json.dumps(record) + "\n")
                    print(json.dumps(record), flush=True)
    frame = pd.DataFrame(map(json.loads, RESULTS.read_text().splitlines()))
    keys = ["method", "nonconformity", "confidence"]
    table = frame.groupby(keys).mean(numeric_only=True).drop(columns="seed")
    table["repeats"] = frame.groupby(keys).size()
    print(table.round(3).T.to_string())


if __name__ == "__main__":
    main()
