"""Tables 4 and 5 from recorded ``ablation`` fits: our rows beside the paper's, with paired differences.

Reads the ``fits.jsonl`` of one or more ``python -m sklearn_teanet ablation`` output
folders (runs of different rows may sit in different folders; a fit recorded twice,
as the CNN_Full reference of two masking runs, counts once). Prints, per row, the
paper's RRUFF_IR accuracy, ours (mean and standard deviation over the splits) and
the paired difference to a reference row with its 95 % t interval: CNN_Full for
Table 4 (the paper reads every scheme against it), and for Table 5 jointly minus
separately at the same number of masks. It fits nothing.

Run: .venv/bin/python benchmarks/table_ablation.py --what masking benchmarks/results/table4_rruff_a \
         benchmarks/results/table4_rruff_b
     .venv/bin/python benchmarks/table_ablation.py --what training benchmarks/results/table5_rruff_x5 \
         benchmarks/results/table5_rruff_x10
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from sklearn_teanet import paper
from sklearn_teanet.paper.compare import paired_differences

# The paper's RRUFF_IR column of Tables 4 and 5 (mean % over its 10 splits), by our row names.
PAPER_TABLE_4 = {
    "MS1 a=0 b=0.5": 87.35,
    "MS1 a=0.5 b=1": 88.03,
    "MS2 a=0 b~(0,1)": 81.97,
    "MS2 a=0.5 b~(0.5,1)": 88.78,
    "MS3 tau=0.01": 87.96,
    "MS3 tau=0.1": 88.78,
    "MS3 tau=0.2": 88.64,
    "MS3 tau=0.5": 90.07,
    "MS3 tau=0.8": 87.85,
    "MS3 tau=0.9": 87.08,
    "MS3 tau=0.99": 72.18,
    "MS4 tau~U(0.1,0.9)": 89.32,
    "MS4 tau~U(0.3,0.7)": 90.07,
    "MS5 tau_i~U(0.1,0.3)": 89.53,
    "cnn_full": 88.0,  # Table 3's CNN_Full
}
PAPER_TABLE_5 = {
    "separately (x5)": 86.94,
    "jointly (x5)": 89.05,
    "separately (x10)": 87.96,
    "jointly (x10)": 90.07,
    "separately (x20)": 87.76,
    "jointly (x20)": 89.66,
}


def read_fits(folders: list[Path]) -> pd.DataFrame:
    """One row per fit of all folders, each fit key once."""
    records = {r["key"]: r for folder in folders for r in paper.read_fits(folder)}
    if not records:
        raise SystemExit(f"No fits recorded in {[str(f) for f in folders]}.")
    return pd.DataFrame(list(records.values()))


def _row(name: str, paper: float | None, accuracy: pd.Series, difference: pd.Series | str) -> str:
    """A table line; ``difference`` is a row of paired_differences, or the text to print instead."""
    paper_text = f"{paper:.2f}" if paper is not None else "-"
    spread = f" ± {100 * accuracy.std(ddof=1):.2f}" if len(accuracy) > 1 else ""
    ours = f"{100 * accuracy.mean():.2f}{spread} ({len(accuracy)})"
    if isinstance(difference, str):
        return f"| {name} | {paper_text} | {ours} | {difference} |"
    interval = (
        f" ({difference['ci_low_%']:+.2f} .. {difference['ci_high_%']:+.2f})" if difference["n_splits"] > 1 else ""
    )
    return f"| {name} | {paper_text} | {ours} | {difference['diff_%']:+.2f}{interval} |"


def _in_paper_order(fits: pd.DataFrame, paper: dict[str, float]):
    """(row name, its fits) in the paper's order of rows (CNN_Full first), rows not in the paper last."""
    groups = dict(list(fits.groupby("method", sort=False)))
    order = sorted(
        groups, key=lambda name: (name != "cnn_full", list(paper).index(name) if name in paper else len(paper))
    )
    return [(name, groups[name]) for name in order]


def masking_table(fits: pd.DataFrame) -> str:
    """Table 4: every scheme against CNN_Full, paired over the splits both ran."""
    differences = paired_differences(fits, reference="cnn_full")
    lines = ["| row | paper % | ours % (splits) | minus CNN_Full, points (95 % CI) |", "|---|---|---|---|"]
    for name, rows in _in_paper_order(fits, PAPER_TABLE_4):
        difference = "reference" if name == "cnn_full" else differences.loc[name]
        lines.append(_row(name, PAPER_TABLE_4.get(name), rows["accuracy"], difference))
    return "\n".join(lines)


def training_table(fits: pd.DataFrame) -> str:
    """Table 5: jointly minus separately at each number of masks, paired over the splits."""
    lines = ["| row | paper % | ours % (splits) | jointly - separately, points (95 % CI) |", "|---|---|---|---|"]
    for name, rows in _in_paper_order(fits, PAPER_TABLE_5):
        difference = "reference" if name.startswith("separately") else "no separate fit"
        if name.startswith("jointly"):
            separate = name.replace("jointly", "separately")
            if separate in set(fits["method"]):
                pair = fits[fits["method"].isin([name, separate])]
                difference = paired_differences(pair, reference=separate).loc[name]
        lines.append(_row(name, PAPER_TABLE_5.get(name), rows["accuracy"], difference))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--what", choices=["masking", "training"], required=True)
    parser.add_argument("folders", type=Path, nargs="+", help="output folders of the ablation command")
    args = parser.parse_args()
    fits = read_fits(args.folders)
    print(masking_table(fits) if args.what == "masking" else training_table(fits))


if __name__ == "__main__":
    main()
