"""Does a faster search change any answer? Every test spectrum's top-1 hit and "no match" call on real RRUFF_IR spectra.

The splits of ``bench_open_set.py`` (20 % of the classes held out as absent
substances, one spectrum of every other class with two or more as a new
specimen, the rest the library), at ``train``'s defaults (``run``: one axis
offset per run) and with every spectrum searched for its own shift (``each``,
10 cm-1 = 3 points each way on this grid): the known spectra as measured and with
their axes 8 cm-1 off either way, the absent ones as measured. Each spectrum's
top-1 class, "no match", HQI and shift are written per label, so that two
versions of the code (``PYTHONPATH=<checkout>``), or the shortlist forced on a
small library (``--force-shortlist``: every library searched as one of more than
``EXHAUSTIVE_UP_TO`` spectra is), can be compared spectrum by spectrum.

Run:
    PYTHONPATH=<checkout before> .venv/bin/python benchmarks/bench_search_agreement.py --label before
    .venv/bin/python benchmarks/bench_search_agreement.py --label after
    .venv/bin/python benchmarks/bench_search_agreement.py --label shortlist --force-shortlist
    .venv/bin/python benchmarks/bench_search_agreement.py --compare before after shortlist
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "search_agreement.jsonl"
CASES = {"known": 0.0, "known_plus8": 8.0, "known_minus8": -8.0, "foreign": 0.0}


def run(label: str, repeats: int, force_shortlist: bool) -> None:
    sys.path.insert(0, str(HERE))
    from bench_open_set import DATA, open_set_split

    from sklearn_teanet import SpectrumIdentifier
    from sklearn_teanet.identification import library_model
    from sklearn_teanet.paper import load_rruff_ir_paper

    if force_shortlist:
        from sklearn_teanet.identification import shortlist

        shortlist.EXHAUSTIVE_UP_TO = 0
    data = load_rruff_ir_paper(DATA, outside="edge")  # as bench_open_set reads it: train's edge filling
    X, y, grid = data.data, np.asarray(data.target), data.wavenumbers
    for seed in range(repeats):
        library, known, foreign = open_set_split(y, seed)
        for search in ("run", "each"):
            identifier = SpectrumIdentifier(library_model(_classifier(), grid), max_shift=10.0, shift_search=search,
                                            random_state=0)  # fmt: skip
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                identifier.fit([(grid, row) for row in X[library]], y[library])
                for case, offset in CASES.items():
                    rows = foreign if case == "foreign" else known
                    hits = identifier.identify([(grid + offset, row) for row in X[rows]], top_k=1)
                    record = {"label": label, "seed": seed, "search": search, "case": case,
                              "top1": hits["class"].astype(str).tolist(), "no_match": hits["no_match"].tolist(),
                              "hqi": hits["hqi"].round(2).tolist(), "shift": hits["shift_cm"].tolist()}  # fmt: skip
                    with open(RESULTS, "a") as out:
                        out.write(json.dumps(record) + "\n")
            print(label, seed, search, flush=True)


def _classifier():
    from sklearn_teanet import CorrelationClassifier

    return CorrelationClassifier()


def compare(labels: list[str]) -> None:
    frame = pd.read_json(RESULTS, lines=True)
    reference = frame[frame["label"] == labels[0]].set_index(["seed", "search", "case"])
    rows = []
    for label in labels[1:]:
        other = frame[frame["label"] == label].set_index(["seed", "search", "case"])
        for key in reference.index.intersection(other.index):
            a, b = reference.loc[key], other.loc[key]
            differ = {name: np.array(a[name]) != np.array(b[name]) for name in ("top1", "no_match")}
            change = np.abs(np.array(a["hqi"]) - np.array(b["hqi"]))
            rows.append({"versus": f"{labels[0]} / {label}", "search": key[1], "case": key[2], "seed": key[0],
                         "spectra": len(a["top1"]), "top1_differ": int(differ["top1"].sum()),
                         "no_match_differ": int(differ["no_match"].sum()),
                         "largest_hqi_change": float(change.max())})  # fmt: skip
    table = pd.DataFrame(rows).groupby(["versus", "search", "case"]).agg(
        spectra=("spectra", "sum"), top1_differ=("top1_differ", "sum"), no_match_differ=("no_match_differ", "sum"),
        largest_hqi_change=("largest_hqi_change", "max"))  # fmt: skip
    print(table.reset_index().to_markdown(index=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--force-shortlist", action="store_true")
    parser.add_argument("--compare", nargs="+", help="labels; the first is the reference")
    args = parser.parse_args()
    if args.compare:
        compare(args.compare)
    else:
        run(args.label, args.repeats, args.force_shortlist)


if __name__ == "__main__":
    main()
