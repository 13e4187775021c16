"""The published TeaNet at the paper's size, with CNN_Full at the authors' recipe, on the same splits.

``PAPER_SETTINGS["teanet"]`` as published: the paper's U-Net (16 base channels,
depth 5, three convolutions per stage), ten masked copies per spectrum drawn
once, the summed reconstruction loss, alternating epochs, each module's step
decay, batches of 26 spectra and their 260 copies, 300 epochs, 20 % of the
spectra held out to choose the epoch. ``cnn_full_published`` is
``PAPER_SETTINGS["cnn"]`` (lr 1e-4, step decay, 300 epochs, the same hold-out).
Both run on the RRUFF_IR selection splits (``--random-state 1``, 3 repeats),
one torch thread per fit (``--n-threads``), paired.

A TeaNet fit takes about a day of one core here, so every fit saves its whole
state after each epoch (``ResumableCheckpoint``, in ``--checkpoints``, outside
the repository: 140 MB per fit under way) and a rerun of this command resumes
it at its last finished epoch; finished fits are recorded in
``results/paper_size/fits.jsonl`` as they end.

Run (in a git worktree, so that editing the package does not change a run under way):
    SKLEARN_TEANET_DATA=../shared/data .venv/bin/python benchmarks/bench_paper_size.py
    .venv/bin/python benchmarks/bench_paper_size.py --summarize
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench_teanet_ladder import measure, summary

from sklearn_teanet import LeaveOneSamplePerClassOut
from sklearn_teanet.data import rruff_ir_folder
from sklearn_teanet.paper import PAPER_SETTINGS, load_rruff_ir_paper, make_method, read_fits, run_benchmark
from sklearn_teanet.training.callbacks import GradientBalance, ResumableCheckpoint

RESULTS = Path(__file__).resolve().parent / "results" / "paper_size"
CHECKPOINTS = Path.home() / ".cache" / "sklearn_teanet" / "paper_size"


def methods(checkpoints: Path, n_threads: int) -> dict:
    resumable = ResumableCheckpoint(checkpoints)
    common = {"random_state": 0, "n_threads": n_threads}
    return {
        # The short fits first, so that the pairs' reference is there from the first hour.
        "cnn_full_published": make_method("cnn_full", **common, **PAPER_SETTINGS["cnn"], callbacks=[resumable]),
        "teanet_published_paper_size": make_method(
            "teanet", **common, **PAPER_SETTINGS["teanet"], callbacks=[GradientBalance(every=10), resumable]
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random-state", type=int, default=1, help="1: the selection splits")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--n-threads", type=int, default=1, help="torch threads of the one fit under way")
    parser.add_argument("--data", type=Path, default=rruff_ir_folder())
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--checkpoints", type=Path, default=CHECKPOINTS)
    parser.add_argument("--summarize", action="store_true", help="only print the table of the fits so far")
    args = parser.parse_args()
    out = args.out / f"rruff_rs{args.random_state}"
    if not args.summarize:
        bunch = load_rruff_ir_paper(args.data)
        cv = LeaveOneSamplePerClassOut(n_repeats=args.repeats, random_state=args.random_state)
        run_benchmark(
            methods(args.checkpoints, args.n_threads), bunch.data, bunch.target, cv, out, verbose=2, measure=measure
        )
    records = [{**r, "folder": out.name} for r in read_fits(out)]
    print(summary(records, "cnn_full_published") if records else "no fit has finished yet")


if __name__ == "__main__":
    main()
