"""
RRUFF infrared benchmark
========================

The paper's Table 3 protocol on RRUFF_IR, for the shallow baselines and CNN_Full.
Pass the RRUFF infrared "Processed" folder or zip (and optionally the class list)
as arguments, or set ``SKLEARN_TEANET_RRUFF``; without data the example says so and
stops. Set ``SKLEARN_TEANET_EXAMPLE_QUICK=1`` for a tiny run.
"""

import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from sklearn_teanet import LeaveOneSamplePerClassOut
from sklearn_teanet.paper import compare_methods, load_rruff_ir_paper, make_method, summarize

QUICK = os.environ.get("SKLEARN_TEANET_EXAMPLE_QUICK") == "1"
path = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SKLEARN_TEANET_RRUFF", "rruff_ir/Processed"))
if not path.exists():
    # No sys.exit here: the documentation gallery runs this script inside its own process.
    print(f"No RRUFF data at {path}: pass the infrared 'Processed' folder or zip as the first argument.")
else:
    data = load_rruff_ir_paper(path, classes=sys.argv[2] if len(sys.argv) > 2 else None)
    print(data.DESCR.splitlines()[0])
    methods = {name: make_method(name, random_state=0) for name in ("knn", "svm_linear", "correlation")}
    methods["cnn_full"] = make_method(
        "cnn_full", random_state=0, lr=1e-3, max_epochs=2 if QUICK else 60, validation_fraction=0.0
    )
    results = compare_methods(
        methods, data.data, data.target, LeaveOneSamplePerClassOut(n_repeats=1 if QUICK else 10, random_state=0)
    )
    summary = summarize(results)
    print(summary.to_string())

    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3))
    ax.bar(summary.index, summary["accuracy_%"], yerr=summary["std_%"], capsize=4)
    ax.set_ylabel("accuracy (%)")
    ax.set_title("RRUFF_IR, leave one spectrum per class out")
    fig.tight_layout()
    fig.savefig("rruff_benchmark.png", dpi=110)
    print("wrote rruff_benchmark.png")
