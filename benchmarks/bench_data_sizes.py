"""Do the neural defaults hold on any data size? Against correlation matching and 1-NN.

Synthetic Lorentz problems from 30 to 2,000 spectra, 3 to 400 classes, 256 to
2,048 points; a stratified quarter of each is the test set (one spectrum per
class at least). ``CNNClassifier()`` and ``TeaNetClassifier()`` at their defaults
against ``CorrelationClassifier()`` and 1-NN. The target of issue 13: each
neural default scores at least correlation minus 2 points, and never near chance
where 1-NN is well above it. Results are appended to
``benchmarks/results/data_sizes.jsonl`` as each fit ends; a rerun skips done cells.

Methods: ``teanet`` is TeaNet as its defaults were up to 0.2 (per-point
reconstruction loss, fresh masks), ``teanet_sse_fixed`` as they are from 0.3;
``cnn_partial`` is the CNN on originals and masked copies (no repair).

Run: .venv/bin/python benchmarks/bench_data_sizes.py [--cells 0 1 2] [--methods cnn teanet correlation knn]
     .venv/bin/python benchmarks/bench_data_sizes.py --summary
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

from sklearn_teanet import (
    CNNClassifier,
    CorrelationClassifier,
    DoublePyramidLeNet,
    LorentzSpectraGenerator,
    TeaNetClassifier,
)
from sklearn_teanet.paper import make_method, read_fits

RESULTS = Path(__file__).resolve().parent / "results" / "data_sizes.jsonl"

#: (spectra, classes, points): small and few-class first, the RRUFF-like and large ones last.
CELLS = [(30, 3, 256), (60, 3, 1841), (120, 10, 512), (240, 40, 1024), (600, 100, 1024), (2000, 400, 2048)]
METHODS = {
    "cnn": lambda: CNNClassifier(random_state=0),
    # "teanet" was recorded with the 0.2 defaults (per-point loss, fresh masks); the 0.3 defaults are explicit.
    "teanet": lambda: TeaNetClassifier(random_state=0, reconstruction_loss="mse", masks="fresh"),
    "teanet_sse_fixed": lambda: TeaNetClassifier(random_state=0, reconstruction_loss="sse", masks="fixed"),
    "cnn_partial": lambda: make_method("cnn_partial", random_state=0),
    # Issue 38: the CNN with the second derivative as its input channel, and the calibrated fusion.
    "cnn_ch_d2": lambda: CNNClassifier(DoublePyramidLeNet(inputs=("second_derivative",)), random_state=0),
    "fusion": lambda: make_method("fusion", random_state=0),
    # The CNN on the spectrum and the CNN on its second derivative, averaged (the best on RRUFF_IR's splits).
    "cnn_spectrum_d2": lambda: make_method("cnn_spectrum_d2", random_state=0),
    "correlation": CorrelationClassifier,
    "knn": lambda: KNeighborsClassifier(1),
}


def summary(records: list[dict]) -> str:
    """Accuracy (%) per cell and method, and whether each neural default meets the target."""
    frame = pd.DataFrame(records)
    table = frame.pivot_table(index=["n_spectra", "n_classes", "n_points"], columns="method", values="accuracy")
    table = (100 * table).round(1)
    for method in ("cnn", "teanet", "teanet_sse_fixed", "cnn_partial", "cnn_ch_d2", "fusion", "cnn_spectrum_d2"):
        if method in table and "correlation" in table:
            near_chance = table[method] < 100 * (1.5 / table.index.get_level_values("n_classes"))
            knn_well_above = table.get("knn", 0) > 100 * (2 / table.index.get_level_values("n_classes"))
            ok = (table[method] >= table["correlation"] - 2) & ~(near_chance & knn_well_above)
            table[f"{method} meets target"] = np.where(table[method].isna(), "", np.where(ok, "yes", "no"))
    return table.to_markdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, nargs="+", default=list(range(len(CELLS))))
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=list(METHODS))
    parser.add_argument("--summary", action="store_true", help="only print the table of the results so far")
    args = parser.parse_args()
    records = read_fits(RESULTS)  # skips a line cut by a hard kill; that fit runs again
    if args.summary:
        print(summary(records))
        return
    done = {(r["cell"], r["method"]) for r in records}
    for cell in args.cells:
        n, n_classes, n_points = CELLS[cell]
        data = LorentzSpectraGenerator(
            n_classes=n_classes,
            n_samples_per_class=n // n_classes,
            n_points=n_points,
            theta=10 / 3,
            fwhm=(0, 50),
            random_state=cell,
        ).generate()
        X_train, X_test, y_train, y_test = train_test_split(
            data.data,
            data.target,
            test_size=max(0.25, n_classes / len(data.target)),
            stratify=data.target,
            random_state=0,
        )
        for method in args.methods:
            if (cell, method) in done:
                continue
            start = time.perf_counter()
            model = METHODS[method]().fit(X_train, y_train)
            record = {
                "cell": cell,
                "n_spectra": len(data.target),
                "n_classes": n_classes,
                "n_points": n_points,
                "n_train": len(y_train),
                "method": method,
                "accuracy": float(np.mean(model.predict(X_test) == y_test)),
                "train_accuracy": float(np.mean(model.predict(X_train) == y_train)),
                "chance": 1 / n_classes,
                "minutes": (time.perf_counter() - start) / 60,
                "batch_size": getattr(model, "batch_size_", None),
                "epochs": getattr(model, "max_epochs_", None),
            }
            with open(RESULTS, "a") as sink:
                sink.write(json.dumps(record) + "\n")
            print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
