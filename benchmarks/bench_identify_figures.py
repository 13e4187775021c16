"""What figures cost a batch identify (issue 36, point 7): identify_files with and without figures, and the report.

A Raman-sized library (1,056 Lorentzian spectra of 300 substances on 100-1200
cm-1, 1,024 points: the size of the Raman walk's) and 600 unknown files (two
more specimens of each of 300 substances), identified by ``identify_files``
as ``sklearn-teanet identify`` runs it: without figures, with figures, with
figures and the HTML report. Each setting runs ``--repeats`` times, in
alternation; the medians and their ratio to "without" are printed and kept.

Nothing else may run meanwhile (timings taken beside other work are not
timings); the CPU model and core count are recorded with the results.

Raw results: ``results/identify_figures.jsonl`` (``derivative``: the model's, train's
default "auto" or the first alone, "1"; records without one are "1").

Run:
    .venv/bin/python benchmarks/bench_identify_figures.py --repeats 3
    .venv/bin/python benchmarks/bench_identify_figures.py --repeats 3 --derivative 1
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from sklearn_teanet import CorrelationClassifier, LorentzSpectraGenerator, SpectrumIdentifier
from sklearn_teanet.identification import library_model
from sklearn_teanet.reporting import identify_files

RESULTS = Path(__file__).resolve().parent / "results" / "identify_figures.jsonl"
GRID = np.linspace(100, 1200, 1024)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--unknowns", type=int, default=600)
    parser.add_argument("--derivative", choices=["auto", "1"], default="auto", help="train's default, or the first")
    args = parser.parse_args()
    derivative = int(args.derivative) if args.derivative != "auto" else "auto"
    data = LorentzSpectraGenerator(n_classes=300, n_samples_per_class=6, n_points=GRID.size, theta=10,
                                   fwhm=(3, 12), random_state=0).generate()  # fmt: skip
    per_class = np.arange(len(data.target)) % 6
    library = np.flatnonzero((per_class < 3) | ((per_class == 3) & (data.target < 156)))  # 1,056 spectra
    unknown = np.flatnonzero(per_class >= 4)[: args.unknowns]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        identifier = SpectrumIdentifier(library_model(CorrelationClassifier(), GRID, derivative=derivative))
        identifier.fit([(GRID, data.data[i]) for i in library], data.target[library])
    folder = Path(tempfile.mkdtemp())
    (folder / "unknowns").mkdir()
    for i in unknown:
        rows = "\n".join(f"{a:.4f}\t{b:.6f}" for a, b in zip(GRID, data.data[i]))
        (folder / "unknowns" / f"unknown_{i}.txt").write_text(rows)
    settings = {"without figures": {"plots": False}, "figures": {"plots": True},
                "figures and report": {"plots": True, "report": True}}  # fmt: skip
    times = {name: [] for name in settings}
    for repeat in range(args.repeats):
        for name, options in settings.items():
            out = folder / f"out_{repeat}_{name.replace(' ', '_')}"
            report = folder / f"report_{repeat}.html" if options.get("report") else None
            start = time.perf_counter()
            identify_files(identifier, [folder / "unknowns"], out=out, plots=options["plots"], report=report)
            times[name].append(time.perf_counter() - start)
            print(f"{name}: {times[name][-1]:.1f} s", flush=True)
    base = float(np.median(times["without figures"]))
    record = {
        "library_spectra": len(library), "unknowns": len(unknown), "repeats": args.repeats,
        "derivative": args.derivative,
        "seconds": {name: float(np.median(t)) for name, t in times.items()},
        "ratio_to_without": {name: float(np.median(t)) / base for name, t in times.items()},
        "cpu": cpu_model(), "cores": os.cpu_count(),
        "command": "benchmarks/bench_identify_figures.py "
        + f"--repeats {args.repeats} --unknowns {args.unknowns} --derivative {args.derivative}",
    }  # fmt: skip
    with open(RESULTS, "a") as sink:
        sink.write(json.dumps(record) + "\n")
    print(json.dumps(record, indent=1))


if __name__ == "__main__":
    main()
