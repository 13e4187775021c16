"""Which CNN training options serve RRUFF_IR users: validation split, refit, plain augmentation.

CNN_Full (Fig. 5b, Adam lr 1e-3, batch 64, 60 epochs) on the paper's RRUFF_IR set,
with the leave-one-sample-per-class-out protocol, 3 repeats with random_state=1
(not the reported splits of random_state=0).

Run: .venv/bin/python benchmarks/bench_cnn_options_rruff.py [PATH] [--repeats 3]
"""

import argparse
import time

from sklearn.model_selection import cross_val_score

from sklearn_teanet import CNNClassifier, LeaveOneSamplePerClassOut
from sklearn_teanet.data import rruff_ir_folder
from sklearn_teanet.paper import load_rruff_ir_paper

DEFAULT = rruff_ir_folder()  # $SKLEARN_TEANET_DATA/rruff_ir/Processed
# lr_schedule="constant": the schedule these rows were measured with (before cosine became the default).
BASE = dict(lr=1e-3, batch_size=64, max_epochs=60, lr_schedule="constant", random_state=0)
OPTIONS = {
    "no validation (60 epochs)": dict(validation_fraction=0.0),
    "few-shot validation 20 %, best epoch": dict(validation_fraction=0.2),
    "few-shot validation 20 %, then refit": dict(validation_fraction=0.2, refit=True),
    "no validation + shift 3": dict(validation_fraction=0.0, shift=3),
    "no validation + noise 0.02": dict(validation_fraction=0.0, noise=0.02),
    "no validation + combine 0.5": dict(validation_fraction=0.0, combine=0.5),
    "no validation + all three": dict(validation_fraction=0.0, shift=3, noise=0.02, combine=0.5),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", default=DEFAULT)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    data = load_rruff_ir_paper(args.path)
    print(f"# {data.DESCR.splitlines()[0]}; {args.repeats} repeats, random_state=1")
    print("| CNN_Full option | accuracy % (mean ± std) | s per fit |")
    print("|---|---|---|")
    for name, params in OPTIONS.items():
        if args.only and name not in args.only:
            continue
        cv = LeaveOneSamplePerClassOut(n_repeats=args.repeats, random_state=1)
        start = time.perf_counter()
        scores = cross_val_score(CNNClassifier(**BASE, **params), data.data, data.target, cv=cv)
        per_fit = (time.perf_counter() - start) / args.repeats
        print(f"| {name} | {100 * scores.mean():.2f} ± {100 * scores.std():.2f} | {per_fit:.0f} |", flush=True)


if __name__ == "__main__":
    main()
