"""Why some 50/50 sums of two library spectra are not flagged as mixtures (issue 36, point 4): the mechanism.

On RRUFF_IR splits as ``bench_open_set.py`` makes them (train's defaults), 100
50/50 sums of two library spectra of different classes per split, 100 50/50 sums
of two new specimens (the known test spectra) of different classes, which no
library pair fits exactly, and the pure new specimens. For each sum: the best pair's gain over
the best single spectrum, the share of the single spectrum's misfit explained,
whether it is flagged, how alike its two components are (the correlation of
their preprocessed rows, which is what the comparison sees), and the minor
component's share of the sum's signal as the comparison sees it (the norm of its
Savitzky-Golay derivative, the model's own step, over the two norms' sum): a
substance with no infrared bands in the range (a metal, many sulfides) adds a
baseline to a 50/50 sum and almost nothing to its derivative.

Raw results: ``results/mixture_misses_views.jsonl`` at train's defaults (the
first and second derivatives side by side), ``results/mixture_misses.jsonl`` with
``--derivative 1`` (the first alone, train's default before); one line per sum and
per pure specimen; the summary is printed.

Run:
    SKLEARN_TEANET_DATA=../shared/data .venv/bin/python benchmarks/bench_mixture_misses.py --repeats 10
    SKLEARN_TEANET_DATA=../shared/data .venv/bin/python benchmarks/bench_mixture_misses.py --repeats 10 --derivative 1
"""

from __future__ import annotations

import argparse
import json
import platform
from pathlib import Path

import numpy as np
import pandas as pd
from bench_open_set import DATA, open_set_split

from sklearn_teanet import SpectrumIdentifier
from sklearn_teanet.baselines import standardize_rows
from sklearn_teanet.identification import library_model, preprocessed
from sklearn_teanet.paper import load_rruff_ir_paper, make_method

RESULTS = {
    "auto": Path(__file__).resolve().parent / "results" / "mixture_misses_views.jsonl",
    "1": Path(__file__).resolve().parent / "results" / "mixture_misses.jsonl",
}
KEPT = ("share", "hqi_single", "hqi_pair", "gain", "explained", "mixture")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--derivative", choices=list(RESULTS), default="auto", help="train's default, or the first alone"
    )
    args = parser.parse_args()
    derivative = int(args.derivative) if args.derivative != "auto" else "auto"
    data = load_rruff_ir_paper(args.data, outside="edge")
    X, y, grid = data.data, np.asarray(data.target), data.wavenumbers
    rows = []
    for seed in range(args.repeats):
        library, known, _ = open_set_split(y, seed)
        identifier = SpectrumIdentifier(library_model(make_method("correlation"), grid, derivative=derivative),
                                        confidence=0.9,
                                        max_shift=10.0).fit([(grid, X[i]) for i in library], y[library])  # fmt: skip
        features = standardize_rows(preprocessed(identifier.estimator_, [(grid, x) for x in X])[0])
        steps = identifier.estimator_.named_steps  # the derivative step: one derivative, or two side by side
        compared = (steps["views"] if "views" in steps else steps["savgol"]).transform(X)
        signal = np.linalg.norm(compared - compared.mean(axis=1, keepdims=True), axis=1)
        rng = np.random.RandomState(1000 + seed)
        a, b = [], []
        while len(a) < 100:
            i, j = rng.choice(library, 2, replace=False)
            if y[i] != y[j]:
                a.append(i)
                b.append(j)
        sums = identifier.identify_mixtures([(grid, 0.5 * X[i] + 0.5 * X[j]) for i, j in zip(a, b)])
        pure = identifier.identify_mixtures([(grid, X[i]) for i in known])
        for (i, j), (_, row) in zip(zip(a, b), sums.iterrows()):
            rows.append({"seed": seed, "kind": "library pair", "r_components": float(features[i] @ features[j]),
                         "minor_share": float(min(signal[i], signal[j]) / (signal[i] + signal[j])),
                         "components": f"{y[i]} + {y[j]}",
                         "right_pair": {row["first"], row["second"]} == {y[i], y[j]},
                         **{k: row[k] for k in KEPT}})  # fmt: skip
        for _, row in pure.iterrows():
            rows.append({"seed": seed, "kind": "pure new specimen",
                         **{k: row[k] for k in KEPT}})  # fmt: skip
        # Sums of two new specimens: a real mixture, which no library pair fits exactly (its own draws, so the
        # library pairs above stay those of earlier runs).
        draws = np.random.RandomState(2000 + seed).choice(known, size=(150, 2))
        draws = draws[y[draws[:, 0]] != y[draws[:, 1]]][:100]
        new = identifier.identify_mixtures([(grid, 0.5 * X[i] + 0.5 * X[j]) for i, j in draws])
        for (i, j), (_, row) in zip(draws, new.iterrows()):
            rows.append({"seed": seed, "kind": "new specimen pair", "r_components": float(features[i] @ features[j]),
                         "minor_share": float(min(signal[i], signal[j]) / (signal[i] + signal[j])),
                         "components": f"{y[i]} + {y[j]}",
                         "right_pair": {row["first"], row["second"]} == {y[i], y[j]},
                         **{k: row[k] for k in KEPT}})  # fmt: skip
        print(f"split {seed} done", flush=True)
    frame = pd.DataFrame(rows)
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    with open(RESULTS[args.derivative], "w") as sink:
        for record in frame.to_dict("records"):
            sink.write(
                json.dumps(
                    {
                        **{k: (v.item() if hasattr(v, "item") else v) for k, v in record.items()},
                        "cpu": cpu,
                        "command": f"bench_mixture_misses.py --repeats {args.repeats} --derivative {args.derivative}",
                    }
                )
                + "\n"
            )
    summarize(frame)


def summarize(frame: pd.DataFrame) -> None:
    sums = frame[frame["kind"] == "library pair"]
    pure = frame[frame["kind"] == "pure new specimen"]
    print(
        f"library pairs flagged: {sums['mixture'].mean():.1%}; pure new specimens flagged: {pure['mixture'].mean():.1%}"
    )
    new = frame[frame["kind"] == "new specimen pair"]
    if len(new):
        print(f"new specimen pairs flagged: {new['mixture'].mean():.1%}, with the right pair: "
              f"{(new['mixture'] & new['right_pair']).mean():.1%}")  # fmt: skip
        rules(frame)
    bins = [-1, 0.5, 0.8, 0.9, 0.95, 1.0]
    table = sums.groupby(pd.cut(sums["r_components"], bins), observed=True).agg(
        sums=("mixture", "size"), flagged=("mixture", "mean"), right_pair=("right_pair", "mean"),
        median_gain=("gain", "median"), median_single_hqi=("hqi_single", "median"))  # fmt: skip
    print(table.to_string(float_format=lambda v: f"{v:.3f}"))
    by_share = sums.groupby(pd.cut(sums["minor_share"], [0, 0.1, 0.2, 0.25, 0.3, 0.5]), observed=True).agg(
        sums=("mixture", "size"), flagged=("mixture", "mean"), right_pair=("right_pair", "mean"),
        median_gain=("gain", "median"), median_single_hqi=("hqi_single", "median"))  # fmt: skip
    print(by_share.to_string(float_format=lambda v: f"{v:.3f}"))
    for cut in (0.2, 0.25):
        seen = sums[sums["minor_share"] >= cut]
        print(
            f"minor share >= {cut}: {len(seen)} of {len(sums)} sums, flagged {seen['mixture'].mean():.1%}, "
            f"flagged with the right pair {(seen['mixture'] & seen['right_pair']).mean():.1%}"
        )
    missed = sums[~sums["mixture"]]
    alike, low_gain = (missed["r_components"] >= 0.9).mean(), (missed["gain"] < 2).mean()
    print(
        f"missed: {len(missed)}; of them with components correlating >= 0.9: {alike:.1%}; "
        f"missed for gain < 2: {low_gain:.1%}, for explained < 0.6: {(missed['explained'] < 0.6).mean():.1%}"
    )
    alike = sums["r_components"] >= 0.9
    print(
        f"flagged among sums of components correlating < 0.9: {sums.loc[~alike, 'mixture'].mean():.1%} "
        f"({(~alike).sum()} sums); >= 0.9: {sums.loc[alike, 'mixture'].mean():.1%} ({alike.sum()} sums)"
    )


def rules(frame: pd.DataFrame) -> None:
    """Shares flagged under other rules (a gain of at least g HQI points and at least e of the single hit's misfit
    explained), splits 0-4 (to choose on) and 5-9 (to judge on): library pairs, new-specimen pairs, pure."""
    print("rule: library pairs / new-specimen pairs / pure new specimens flagged, splits 0-4 | 5-9")
    for gain in (0.5, 1.0, 2.0):
        for explained in (0.5, 0.6, 0.7, 0.8):
            cells = []
            for half in (frame["seed"] < 5, frame["seed"] >= 5):
                part = frame[half]
                flagged = (part["gain"] >= gain) & (part["explained"] >= explained)
                kinds = ("library pair", "new specimen pair", "pure new specimen")
                cells.append(" / ".join(f"{flagged[part['kind'] == kind].mean():.3f}" for kind in kinds))
            print(f"  gain >= {gain}, explained >= {explained}: {cells[0]} | {cells[1]}")


if __name__ == "__main__":
    main()
