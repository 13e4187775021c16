"""How much of a spectrum's class survives a mask? The ceiling of any repair, measured without a network.

TeaNet trains its classifier on repairs of masked copies, labelled with the
original's class. A repair can only restore what the rest of the spectrum
implies. This script masks test spectra with the package's masker (MS4, tau in
``--tau``) and classifies them with correlation matching trained on the intact
training spectra, after three fills of the masked segment:

- ``fill``: the masker's fill value (-1 in units of the peak), as the U-Net receives it;
- ``line``: a straight line between the segment's edges (a smooth repair that invents nothing);
- ``oracle``: the original (an ideal repair; accuracy on intact spectra).

Accuracy after ``line`` bounds what a repair that does not know the class can
give back; the gap to ``oracle`` is class evidence the mask destroyed, which a
classifier trained on such copies learns as label noise.

Run:
    .venv/bin/python benchmarks/bench_mask_information.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_teanet_ladder import DATA, problem  # noqa: E402

from sklearn_teanet import CorrelationClassifier, SpectrumMasker  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "mask_information.jsonl"


def filled(X: np.ndarray, masks: np.ndarray, how: str, fill: float) -> np.ndarray:
    if how == "oracle":
        return X
    if how == "fill":
        return np.where(masks, fill, X)
    out = X.copy()
    points = np.arange(X.shape[1])
    for row, mask in zip(out, masks):
        keep = ~mask
        row[mask] = np.interp(points[mask], points[keep], row[keep])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tau", nargs="+", default=["0.1,0.3", "0.3,0.7"], help="mask ratio ranges")
    parser.add_argument("--copies", type=int, default=5, help="masked copies per test spectrum")
    args = parser.parse_args()
    records = []
    for name, seeds in (("rruff", [None]), ("cell3", [0, 1, 2])):
        for seed in seeds:
            X, y, cv = problem(name, seed, 1, 3, DATA)
            for split, (train, test) in enumerate(cv.split(X, y)):
                scale = np.abs(X[train]).max()
                model = CorrelationClassifier().fit(X[train], y[train])
                for tau in args.tau:
                    low, high = (float(v) for v in tau.split(","))
                    masker = SpectrumMasker(tau=(low, high)).fit(X[train])
                    X_test = np.repeat(X[test], args.copies, axis=0)
                    y_test = np.repeat(y[test], args.copies)
                    masks = masker.sample_masks(*X_test.shape, random_state=split)
                    record = {"problem": name, "seed": seed, "split": split, "tau": tau,
                              "masked_share": float(masks.mean())}  # fmt: skip
                    for how in ("fill", "line", "oracle"):
                        guessed = model.predict(filled(X_test, masks, how, masker.fill_value * scale))
                        record[f"accuracy_{how}"] = float(np.mean(guessed == y_test))
                    records.append(record)
                    print(json.dumps(record), flush=True)
    RESULTS.write_text("".join(json.dumps(r) + "\n" for r in records))
    import pandas as pd

    frame = pd.DataFrame(records)
    columns = ["masked_share", "accuracy_fill", "accuracy_line", "accuracy_oracle"]
    print(frame.groupby(["problem", "tau"])[columns].mean().round(3).to_markdown())


if __name__ == "__main__":
    main()
