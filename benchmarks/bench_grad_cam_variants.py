"""Which Grad-CAM variant gives the paper's non-zero maps, and does TeaNet attend to the true peaks more than CNN?

The paper's Tables 7-8 report Grad-CAM responses of the Fig. 5b classifier that
concentrate on discriminant regions (A above 0.9 for TeaNet, below 0.6 for CNN).
Classic Grad-CAM on the last block of our Fig. 5b classifier is almost always
zero. This script scores every variant on synthetic spectra whose discriminant
regions are known (each class's characteristic peaks, their FWHM intervals):

- the method: classic ``gradcam`` (mean gradient per channel), ``absgradcam``
  (its magnitude) and ``hirescam`` (gradient x activation point by point);
- the maps: the block's output after or before its ReLU (HiResCAM is the same
  either way);
- the block: the first or the second (last) convolution of the classifier.

For each data seed, CNN and TeaNet (the settings of bench_discriminant_regions.py)
train on the same stratified half of 40 classes x 10 spectra of 512 points; for
every test spectrum the response for its true class gets A (Eq. 5) on its true
regions, and an all-zero response counts as A = 0. One JSON line per seed and
model goes to ``benchmarks/results/grad_cam_variants.jsonl`` as it finishes; a
rerun skips what is there.

Run: .venv/bin/python benchmarks/bench_grad_cam_variants.py [--seeds 0 1 2] [--summary]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
from bench_discriminant_regions import models
from scipy import stats
from sklearn.model_selection import train_test_split

from sklearn_teanet import LorentzSpectraGenerator
from sklearn_teanet.interpretation import attention
from sklearn_teanet.paper import read_fits

RESULTS = Path(__file__).resolve().parent / "results" / "grad_cam_variants.jsonl"
THETA, FWHM, N_CLASSES, N_POINTS = 10 / 3, (50.0, 100.0), 40, 512
# HiResCAM before the ReLU equals HiResCAM after it (the ReLU's gradient is zero where it cuts), so it is left out.
VARIANTS = [
    (method, before_relu, layer)
    for method, before_relu, layer in itertools.product(("gradcam", "absgradcam", "hirescam"), (False, True), (0, -1))
    if not (method == "hirescam" and before_relu)
]


def variant_name(method: str, before_relu: bool, layer: int) -> str:
    return f"{method} {'before' if before_relu else 'after'} ReLU, block {'1' if layer == 0 else '2'}"


def score_variants(model, X_test, y_test, regions) -> dict:
    """A and the share of all-zero responses, per variant."""
    out = {}
    for method, before_relu, layer in VARIANTS:
        responses = model.explain(X_test, target=y_test, layer=layer, method=method, before_relu=before_relu)
        zero = ~responses.any(axis=1)
        shares = [0.0 if z else attention(r, regions[c]) for r, c, z in zip(responses, y_test, zero)]
        out[variant_name(method, before_relu, layer)] = {"A": float(np.mean(shares)), "zero": float(zero.mean())}
    return out


def run(seeds: list[int]) -> None:
    done = {(r["seed"], r["model"]) for r in read_fits(RESULTS)}
    for seed in seeds:
        data = LorentzSpectraGenerator(
            n_classes=N_CLASSES, n_samples_per_class=10, n_points=N_POINTS, theta=THETA, fwhm=FWHM, random_state=seed
        ).generate()
        X_tr, X_te, y_tr, y_te = train_test_split(
            data.data, data.target, test_size=0.5, stratify=data.target, random_state=seed
        )
        for name, model in models(quick=False).items():
            if (seed, name) in done:
                continue
            start = time.perf_counter()
            model.set_params(random_state=seed).fit(X_tr, y_tr)
            record = {
                "seed": seed,
                "model": name,
                "accuracy": float(model.score(X_te, y_te)),
                "chance_A": float(np.mean([attention(np.ones(N_POINTS), data.regions[c]) for c in y_te])),
                "variants": score_variants(model, X_te, y_te, data.regions),
                "seconds": time.perf_counter() - start,
            }
            with open(RESULTS, "a") as sink:  # one whole line per record, flushed to disk
                sink.write(json.dumps(record) + "\n")
                sink.flush()
                os.fsync(sink.fileno())
            print(f"seed {seed} {name}: accuracy {record['accuracy']:.3f} in {record['seconds']:.0f} s", flush=True)


def summary(records: list[dict]) -> str:
    rows = [
        {"seed": r["seed"], "model": r["model"], "variant": v, **s} for r in records for v, s in r["variants"].items()
    ]
    frame = pd.DataFrame(rows)
    A = frame.pivot_table(index=["variant", "seed"], columns="model", values="A")
    zero = frame.pivot_table(index="variant", columns="model", values="zero")
    lines = [
        "| variant | all-zero CNN | all-zero TeaNet | A CNN | A TeaNet | TeaNet - CNN (95 % CI) |",
        "|---|---|---|---|---|---|",
    ]
    for variant, group in A.groupby(level="variant", sort=False):
        diff = (group["TeaNet"] - group["CNN"]).to_numpy()
        half = stats.t.ppf(0.975, len(diff) - 1) * diff.std(ddof=1) / np.sqrt(len(diff)) if len(diff) > 1 else np.nan
        lines.append(
            f"| {variant} | {zero.loc[variant, 'CNN']:.2f} | {zero.loc[variant, 'TeaNet']:.2f} | "
            f"{group['CNN'].mean():.2f} | {group['TeaNet'].mean():.2f} | "
            f"{diff.mean():+.2f} ({diff.mean() - half:+.2f} to {diff.mean() + half:+.2f}) |"
        )
    accuracy = pd.DataFrame(records).pivot_table(index="seed", columns="model", values="accuracy")
    chance = np.mean([r["chance_A"] for r in records])
    lines += [
        "",
        f"Accuracy (%) over {len(accuracy)} seeds: CNN {100 * accuracy['CNN'].mean():.1f}, "
        f"TeaNet {100 * accuracy['TeaNet'].mean():.1f}; A of a flat response (chance): {chance:.2f}",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--summary", action="store_true", help="only print the table of the results so far")
    args = parser.parse_args()
    if not args.summary:
        run(args.seeds)
    print(summary([r for r in read_fits(RESULTS) if r["seed"] in args.seeds]))


if __name__ == "__main__":
    main()
