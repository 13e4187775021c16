"""Tables 7-8: do TeaNet's responses, more than CNN's, sit on the bands that tell two similar minerals apart?

The paper trains TeaNet and CNN on RRUFF_IR and reads their Grad-CAM responses to
two pairs of minerals whose spectra look alike: Riebeckite against Antigorite
(Table 7, four regions assigned to bands by its ref. [61]) and Rhodonite against
Bustamite (Table 8, five regions from ref. [62]). Per region it reports S (Eq. 4,
cosine similarity of the two minerals' responses; lower tells them apart) and A
(Eq. 5, the response's share in the region; the union of the regions should hold
most of it).

Per repeat, both methods at their defaults (``make_method``) train on one split of
``LeaveOneSamplePerClassOut(n_repeats, random_state=0)``, the splits the paired
RRUFF_IR table reports on. Each mineral's spectra are explained for their true
class, whether they were held out or not (Antigorite and Bustamite have one
spectrum each, so they always stay in training); each record says which were
held out and what the model predicted for them. A is averaged over a mineral's
spectra, S over every pair of spectra across the two minerals. Every Grad-CAM
variant of ``bench_grad_cam_variants.py`` is scored; the tables show the package's
default (HiResCAM on the last block). One JSON line per repeat and method goes to
``benchmarks/results/mineral_pairs.jsonl`` as each fit ends; a rerun skips what is there.

Run: .venv/bin/python benchmarks/bench_mineral_pairs.py [--repeats 3] [--summary] [--variant NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd
from bench_grad_cam_variants import VARIANTS, variant_name

from sklearn_teanet import LeaveOneSamplePerClassOut
from sklearn_teanet.data import rruff_ir_folder
from sklearn_teanet.data.rruff import MID_IR_RANGE
from sklearn_teanet.interpretation import attention, response_similarity
from sklearn_teanet.paper import load_rruff_ir_paper, make_method, read_fits
from sklearn_teanet.paper.compare import paired_differences

DATA = rruff_ir_folder()  # $SKLEARN_TEANET_DATA/rruff_ir/Processed
RESULTS = Path(__file__).resolve().parent / "results" / "mineral_pairs.jsonl"
METHODS = {"CNN": "cnn_full", "TeaNet": "teanet"}
DEFAULT_VARIANT = variant_name("hirescam", False, -1)

#: The paper's pairs and their regions (cm^-1), as its Tables 7 and 8 give them.
PAIRS = {
    "Table 7": (
        ("riebeckite", "antigorite"),
        {"R1": (400, 475), "R2": (476, 600), "R3": (601, 1200), "R4": (3600, 3700)},
    ),
    "Table 8": (
        ("rhodonite", "bustamite"),
        {"R1": (400, 550), "R2": (551, 750), "R3": (850, 1100), "R4": (1600, 1650), "R5": (3400, 3450)},
    ),
}
#: The paper's numbers: S per region and on the full spectrum; A per mineral, per region and on the union.
PAPER = {
    "Table 7": {
        "CNN": {
            "S": [0.795, 0.567, 0.809, 0.398, 0.748],
            "riebeckite": [0.066, 0.054, 0.446, 0.010, 0.576],
            "antigorite": [0.082, 0.094, 0.355, 0.055, 0.586],
        },
        "TeaNet": {
            "S": [0.587, 0.572, 0.382, 0.132, 0.331],
            "riebeckite": [0.278, 0.117, 0.505, 0.019, 0.919],
            "antigorite": [0.086, 0.130, 0.611, 0.136, 0.963],
        },
    },
    "Table 8": {
        "CNN": {
            "S": [0.090, 0.081, 0.000, 0.803, 0.798, 0.347],
            "rhodonite": [0.070, 0.071, 0.114, 0.009, 0.016, 0.281],
            "bustamite": [0.008, 0.079, 0.000, 0.028, 0.038, 0.153],
        },
        "TeaNet": {
            "S": [0.325, 0.054, 0.533, 0.000, 0.000, 0.392],
            "rhodonite": [0.231, 0.139, 0.370, 0.000, 0.003, 0.743],
            "bustamite": [0.136, 0.145, 0.710, 0.000, 0.000, 0.992],
        },
    },
}


def pair_metrics(responses: dict[str, np.ndarray], regions: dict, wavenumbers: np.ndarray) -> dict:
    """S per region and on the full spectrum; A per mineral, per region and on the union of the regions."""
    (first, a), (second, b) = responses.items()
    out = {"S": {}}
    for name, region in [*regions.items(), ("all", None)]:
        bounds = None if region is None else [region]
        out["S"][name] = float(np.mean([response_similarity(u, v, bounds, wavenumbers) for u, v in product(a, b)]))
    for mineral, v in responses.items():
        out[mineral] = {name: float(attention(v, [region], wavenumbers).mean()) for name, region in regions.items()}
        out[mineral]["union"] = float(attention(v, list(regions.values()), wavenumbers).mean())
    return out


def run(repeats: int) -> None:
    data = load_rruff_ir_paper(DATA)
    X, y = data.data, data.target
    done = {(r["split"], r["method"]) for r in read_fits(RESULTS)}
    splits = LeaveOneSamplePerClassOut(n_repeats=repeats, random_state=0).split(X, y)
    for split, (train, test) in enumerate(splits):
        for name, method in METHODS.items():
            if (split, name) in done:
                continue
            start = time.perf_counter()
            model = make_method(method, random_state=split).fit(X[train], y[train])
            record = {
                "split": split,
                "method": name,
                "accuracy": float(model.score(X[test], y[test])),
                "minutes": (time.perf_counter() - start) / 60,
                "tables": {},
            }
            for table, (minerals, regions) in PAIRS.items():
                index = {m: np.flatnonzero(y == m) for m in minerals}
                spectra = {
                    m: {"held_out": [bool(i in test) for i in rows], "predicted": model.predict(X[rows]).tolist()}
                    for m, rows in index.items()
                }
                variants = {}
                for method_name, before_relu, layer in VARIANTS:
                    responses = {
                        m: model.explain(X[rows], target=m, layer=layer, method=method_name, before_relu=before_relu)
                        for m, rows in index.items()
                    }
                    variants[variant_name(method_name, before_relu, layer)] = pair_metrics(
                        responses, regions, data.wavenumbers
                    )
                record["tables"][table] = {"spectra": spectra, "variants": variants}
            with open(RESULTS, "a") as sink:  # one whole line per record, flushed to disk
                sink.write(json.dumps(record) + "\n")
                sink.flush()
                os.fsync(sink.fileno())
            print(f"split {split} {name}: accuracy {record['accuracy']:.3f} in {record['minutes']:.1f} min", flush=True)


def _paired(records: list[dict], table: str, variant: str, row: str, column: str) -> str:
    """TeaNet minus CNN over the splits both have run, with its 95 % t interval (the package's paired_differences)."""
    frame = pd.DataFrame(
        [
            {"split": r["split"], "method": r["method"], "value": r["tables"][table]["variants"][variant][row][column]}
            for r in records
        ]
    )
    d = paired_differences(frame, reference="CNN", metric="value").loc["TeaNet"]
    if d["n_splits"] < 2:
        return f"{d['diff_%'] / 100:+.3f}"
    return f"{d['diff_%'] / 100:+.3f} ({d['ci_low_%'] / 100:+.2f} .. {d['ci_high_%'] / 100:+.2f})"


def summary(records: list[dict], variant: str = DEFAULT_VARIANT) -> str:
    """Our S and A (means over the repeats) beside the paper's, one table per pair, and TeaNet - CNN with a 95 % CI."""
    lines = [f"Grad-CAM variant: {variant}; {len({r['split'] for r in records})} repeats"]
    for table, (minerals, regions) in PAIRS.items():
        columns = [*regions, "all / union"]
        lines += [
            "",
            f"{table}: {minerals[0]} vs {minerals[1]}",
            "| row | " + " | ".join(f"{c} {regions[c]}" if c in regions else c for c in columns) + " |",
            "|---|" + "---|" * len(columns),
        ]
        for method in METHODS:
            runs = [r["tables"][table]["variants"][variant] for r in records if r["method"] == method]
            if not runs:
                continue
            rows = [("S", [[run["S"][c] for run in runs] for c in [*regions, "all"]])]
            rows += [(f"A ({m})", [[run[m][c] for run in runs] for c in [*regions, "union"]]) for m in minerals]
            for (label, cells), paper in zip(rows, PAPER[table][method].values()):
                ours = " | ".join(f"{np.mean(cell):.3f}" for cell in cells)
                lines.append(f"| {label} of {method}, ours | {ours} |")
                lines.append(f"| {label} of {method}, paper | " + " | ".join(f"{p:.3f}" for p in paper) + " |")
        flat = attention(np.ones(1024), list(regions.values()), np.linspace(*MID_IR_RANGE, 1024))  # the loader's grid
        lines += [
            "",
            f"A of a flat response on the union (chance): {flat:.3f}",
            "TeaNet - CNN, paired over the splits (95 % t interval): "
            f"S on the full spectrum {_paired(records, table, variant, 'S', 'all')}; "
            + "; ".join(f"A ({m}) on the union {_paired(records, table, variant, m, 'union')}" for m in minerals),
        ]
        for method in METHODS:
            for mineral in minerals:
                seen = [r["tables"][table]["spectra"][mineral] for r in records if r["method"] == method]
                held = sum(sum(s["held_out"]) for s in seen)
                right = sum(p == mineral for s in seen for p, h in zip(s["predicted"], s["held_out"]) if h)
                if held:
                    lines.append(f"{method} on held-out {mineral} spectra: {right} of {held} right")
    accuracy = pd.DataFrame(records).pivot_table(index="split", columns="method", values="accuracy")
    lines += [
        "",
        "Accuracy on the held-out spectra (%), per split: "
        + "; ".join(f"{m} " + ", ".join(f"{100 * a:.1f}" for a in accuracy[m]) for m in accuracy),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--summary", action="store_true", help="only print the tables of the results so far")
    parser.add_argument("--variant", default=DEFAULT_VARIANT, choices=[variant_name(*v) for v in VARIANTS])
    args = parser.parse_args()
    if not args.summary:
        run(args.repeats)
    print(summary(read_fits(RESULTS), args.variant))


if __name__ == "__main__":
    main()
