"""TeaNet against CNN_Full on RRUFF_IR: accuracy against training time, on 2 cores.

Each fit follows the leave-one-sample-per-class-out protocol on the paper's
RRUFF_IR set and scores its test spectra every ``--eval-every`` epochs, so one
fit gives the whole accuracy-versus-time curve (constant learning rates, so the
model after k epochs is the model a k-epoch budget would give). The scores are
recorded only; they choose nothing inside the fit.

Results go to a JSON-lines file, one line per finished fit; a rerun skips the
fits already there, so an interrupted run loses at most the fit in progress.

Run:
    .venv/bin/python benchmarks/bench_teanet_rruff.py --random-state 1 --repeats 1   # choose budgets
    .venv/bin/python benchmarks/bench_teanet_rruff.py --random-state 0 --repeats 3   # report
    .venv/bin/python benchmarks/bench_teanet_rruff.py --summarize FILE.jsonl [--plot PNG]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
from skorch.callbacks import Callback

from sklearn_teanet import CNNClassifier, LeaveOneSamplePerClassOut, TeaNetClassifier
from sklearn_teanet.data import rruff_ir_folder
from sklearn_teanet.paper import load_rruff_ir_paper

DEFAULT_DATA = rruff_ir_folder()  # $SKLEARN_TEANET_DATA/rruff_ir/Processed


def _budgets(name: str, estimator, epochs: tuple, default: int | None = None, **params) -> dict:
    """One config per epoch budget: ``name`` for the ``default`` budget, ``name_<epochs>`` for the others."""
    return {name if e == default else f"{name}_{e}": (estimator, dict(params, max_epochs=e)) for e in epochs}


# The slim U-Net of the TeaNet default, spelled out, since the early configs predate that default.
SLIM = dict(lr=1e-3, reconstruction_lr=1e-3, n_masks=1, reconstruction_channels=8, reconstruction_depth=4)
COSINE = dict(lr=1e-3, lr_schedule="cosine")

#: name -> (estimator class, parameters). All: Fig. 5b classifier, Adam lr 1e-3,
#: batches of 64 originals, no validation split.
CONFIGS = {
    "cnn": (CNNClassifier, dict(lr=1e-3, max_epochs=200)),
    "teanet_slim": (TeaNetClassifier, dict(SLIM, max_epochs=120)),
    "teanet_slim_w2": (TeaNetClassifier, dict(SLIM, reconstruction_width=2, max_epochs=160)),
    # With a cosine schedule, the model after k < max_epochs epochs is not what a
    # k-epoch budget gives, so only the end of these fits is a point of the curve,
    # and each budget is a fit of its own.
    **_budgets("cnn_cosine", CNNClassifier, (30, 60, 120, 240), 60, **COSINE),
    **_budgets(
        "teanet_slim_w2_cosine",
        TeaNetClassifier,
        (50, 100, 200),
        100,
        **SLIM,
        reconstruction_width=2,
        lr_schedule="cosine",
    ),
    # Two masked copies per spectrum and epoch: twice the reconstructions, ~1.6x the time.
    **_budgets("teanet_2masks", TeaNetClassifier, (50, 100), 100, **COSINE, n_masks=2),
    # The paper's 16 base channels on the slim default's depth and width: ~4x the U-Net compute.
    **_budgets("teanet_16ch", TeaNetClassifier, (80,), **COSINE, reconstruction_channels=16),
    # MixUp on the classifier's batches: alone (the paper's MixUp baseline) and on
    # top of TeaNet's originals plus reconstructions.
    **_budgets("cnn_mixup", CNNClassifier, (30, 60, 120, 240), 60, **COSINE, augmentation="mixup"),
    **_budgets("teanet_mixup", TeaNetClassifier, (50, 100, 200), 100, **COSINE, augmentation="mixup"),
}


class TestAccuracy(Callback):
    """Record the test accuracy and the training time so far, every ``every`` epochs."""

    def __init__(self, X, y_codes, every: int) -> None:
        self.X, self.y_codes, self.every = np.asarray(X, dtype=np.float32), y_codes, every

    def on_epoch_end(self, net, **kwargs):
        epoch = len(net.history)
        if epoch % self.every == 0:
            net.history.record("test_accuracy", float(np.mean(net.predict(self.X) == self.y_codes)))
            # 'dur' is measured by skorch before the callbacks run, so scoring is not counted.
            net.history.record("train_time", float(sum(net.history[:, "dur"])))


def run(args) -> None:
    data = load_rruff_ir_paper(args.path)
    X, y = data.data, data.target
    out = Path(args.out or f"teanet_rruff_rs{args.random_state}.jsonl")
    done = set()
    if out.exists():
        done = {(r["config"], r["repeat"]) for r in map(json.loads, out.read_text().splitlines())}
    cv = LeaveOneSamplePerClassOut(n_repeats=args.repeats, random_state=args.random_state)
    splits = list(cv.split(X, y))
    for name in args.configs:
        estimator_class, params = CONFIGS[name]
        for repeat, (train, test) in enumerate(splits):
            if (name, repeat) in done:
                continue
            classes = np.unique(y[train])
            scorer = TestAccuracy(X[test], np.searchsorted(classes, y[test]), args.eval_every)
            clf = estimator_class(**params, callbacks=[("test_accuracy", scorer)], random_state=repeat)
            start = time.perf_counter()
            clf.fit(X[train], y[train])
            wall = time.perf_counter() - start
            rows = [r for r in clf.history_ if "test_accuracy" in r]
            record = {
                "config": name,
                "repeat": repeat,
                "random_state": args.random_state,
                "params": params,
                "wall_s": wall,
                "accuracy": float(np.mean(clf.predict(X[test]) == y[test])),
                "epochs": [r["epoch"] for r in rows],
                "train_time": [r["train_time"] for r in rows],
                "test_accuracy": [r["test_accuracy"] for r in rows],
            }
            with out.open("a") as f:  # one whole line per finished fit
                f.write(json.dumps(record) + "\n")
            print(f"{name} repeat {repeat}: {100 * record['accuracy']:.2f} % in {wall / 60:.1f} min", flush=True)


def summarize(path: Path, plot: str | None) -> pd.DataFrame:
    """Mean accuracy (sample std over repeats) and training minutes per method and budget."""
    records = [json.loads(line) for line in path.read_text().splitlines()]
    rows = [
        # "cnn_cosine_120" and "cnn_cosine" are budgets of one method: one line of the plot.
        {
            "method": re.sub(r"_\d+$", "", r["config"]),
            "repeat": r["repeat"],
            "epochs": e,
            "minutes": t / 60,
            "accuracy": 100 * a,
        }
        for r in records
        for e, t, a in zip(r["epochs"], r["train_time"], r["test_accuracy"])
        if r["params"].get("lr_schedule") != "cosine" or e == r["epochs"][-1]
    ]
    curve = (
        pd.DataFrame(rows)
        .groupby(["method", "epochs"])
        .agg(
            minutes=("minutes", "mean"),
            accuracy=("accuracy", "mean"),
            std=("accuracy", "std"),
            repeats=("accuracy", "size"),
        )
        .round(2)
    )
    if plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 4))
        for method, part in curve.groupby(level="method"):
            ax.errorbar(
                part["minutes"], part["accuracy"], yerr=part["std"].fillna(0), label=method, capsize=3, marker="o"
            )
            for (_, epochs), row in part.iterrows():
                ax.annotate(
                    f"{epochs}",
                    (row["minutes"], row["accuracy"]),
                    textcoords="offset points",
                    xytext=(4, -10),
                    fontsize=7,
                )
        ax.set_xlabel("training time per fit (minutes, 2 cores)")
        ax.set_ylabel("test accuracy (%)")
        ax.set_title("RRUFF_IR, leave one spectrum per class out (labels: epochs)")
        ax.grid(alpha=0.3)
        ax.legend()
        fig.tight_layout()
        fig.savefig(plot, dpi=120)
    return curve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", default=DEFAULT_DATA)
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument("--eval-every", type=int, default=5)
    parser.add_argument("--out", help="JSON-lines results file (default: teanet_rruff_rs<S>.jsonl)")
    parser.add_argument("--summarize", type=Path, help="print the curve table of a results file and stop")
    parser.add_argument("--plot", help="with --summarize: write the curve as a PNG")
    args = parser.parse_args()
    if args.summarize:
        print(summarize(args.summarize, args.plot).to_markdown())
    else:
        run(args)


if __name__ == "__main__":
    main()
