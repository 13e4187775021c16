"""Masked pretraining of the classification module's blocks on RRUFF_IR, paired against the same CNN from scratch
(issue 38.3).

``MaskedPretrainingClassifier`` pretrains the CNN's convolution blocks to fill
masked segments (MS4, 30-70 %) of every mid-infrared RRUFF spectrum in the
folder (the paper's 695 and the others: labels never used, test spectra
included, as any unlabeled collection at hand would be), optionally with
Lorentz spectra from the generator, then trains the CNN from there as
``CNNClassifier(random_state=0)`` trains from scratch. Records in
``results/masked_pretraining_rs<seed>/fits.jsonl`` (resumable).

Run (one thread per fit; selection splits first, the reported ones only for a method that gains there):
    .venv/bin/python benchmarks/bench_masked_pretraining.py --random-state 1 --repeats 3 --n-jobs 2
    .venv/bin/python benchmarks/bench_masked_pretraining.py --random-state 1 --summarize
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from sklearn_teanet import (
    CNNClassifier,
    LeaveOneSamplePerClassOut,
    LorentzSpectraGenerator,
    MaskedPretrainingClassifier,
    SpectrumNormalizer,
    load_rruff,
)
from sklearn_teanet.data import MID_IR_RANGE, rruff_ir_folder
from sklearn_teanet.paper import load_rruff_ir_paper, read_fits, run_benchmark
from sklearn_teanet.paper.compare import paired_differences, summarize

RESULTS = Path(__file__).resolve().parent / "results"


def unlabeled_spectra(folder: Path, n_lorentz: int) -> tuple[np.ndarray, np.ndarray]:
    """Every mid-IR spectrum of the folder as the paper's set is built (max-normalised), and Lorentz spectra."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".* cover less than min_coverage", category=UserWarning)
        rruff = load_rruff(folder, wavenumber_range=MID_IR_RANGE, n_points=1024)
    rruff = SpectrumNormalizer("max").fit_transform(rruff.data)
    lorentz = LorentzSpectraGenerator(n_classes=n_lorentz // 4, n_samples_per_class=4, n_points=1024, theta=10,
                                      fwhm=(5, 40), random_state=0).generate().data  # fmt: skip
    return rruff, SpectrumNormalizer("max").fit_transform(lorentz)


def methods(rruff: np.ndarray, lorentz: np.ndarray, epochs: int) -> dict:
    def pretrained(unlabeled):
        return MaskedPretrainingClassifier(
            CNNClassifier(random_state=0), unlabeled=unlabeled, generator_epochs=epochs, random_state=0
        )

    return {
        "cnn_full": CNNClassifier(random_state=0),
        "pretrained_rruff": pretrained(rruff),
        "pretrained_rruff_lorentz": pretrained(np.concatenate([rruff, lorentz])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random-state", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=50, help="pretraining epochs")
    parser.add_argument("--lorentz", type=int, default=2000, help="Lorentz spectra added to the unlabeled ones")
    parser.add_argument("--n-jobs", type=int, default=1)
    parser.add_argument("--data", type=Path, default=rruff_ir_folder())
    parser.add_argument("--summarize", action="store_true")
    args = parser.parse_args()
    out = RESULTS / f"masked_pretraining_rs{args.random_state}"
    if not args.summarize:
        data = load_rruff_ir_paper(args.data)
        rruff, lorentz = unlabeled_spectra(args.data, args.lorentz)
        print(f"unlabeled: {len(rruff)} RRUFF spectra, {len(lorentz)} Lorentz spectra")
        cv = LeaveOneSamplePerClassOut(n_repeats=args.repeats, random_state=args.random_state)
        run_benchmark(methods(rruff, lorentz, args.epochs), data.data, data.target, cv, out, n_jobs=args.n_jobs)
    frame = pd.DataFrame(read_fits(out))
    summary = summarize(frame)
    summary["minutes_per_fit"] = (summary.pop("fit_time_s") / 60).round(2)
    print(summary.drop(columns=["predict_time_s"], errors="ignore").to_markdown())
    print(paired_differences(frame, "cnn_full").to_markdown())


if __name__ == "__main__":
    main()
