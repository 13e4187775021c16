"""Shallow baselines of Table 3 on the paper's RRUFF_IR set, 10 leave-one-sample-per-class-out repeats.

Run: .venv/bin/python benchmarks/bench_baselines_rruff.py [PATH to RRUFF infrared Processed folder or zip] [--only=NAME]
"""

import sys
import time
from pathlib import Path

from sklearn.model_selection import cross_val_score

from sklearn_teanet import LeaveOneSamplePerClassOut
from sklearn_teanet.data import rruff_ir_folder
from sklearn_teanet.paper import SHALLOW_METHODS, load_rruff_ir_paper, make_method

DEFAULT = rruff_ir_folder()  # $SKLEARN_TEANET_DATA/rruff_ir/Processed


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--only=")]
    only = [a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--only=")]
    path = Path(args[0]) if args else DEFAULT
    data = load_rruff_ir_paper(path)
    print(f"# {data.DESCR.splitlines()[0]}")
    print("| method | accuracy % (mean ± std over 10 repeats) | seconds |")
    print("|---|---|---|")
    for name in only or SHALLOW_METHODS:
        start = time.perf_counter()
        cv = LeaveOneSamplePerClassOut(n_repeats=10, random_state=0)
        scores = cross_val_score(make_method(name, random_state=0), data.data, data.target, cv=cv)
        print(f"| {name} | {100 * scores.mean():.2f} ± {100 * scores.std():.2f} | {time.perf_counter() - start:.1f} |")


if __name__ == "__main__":
    main()
