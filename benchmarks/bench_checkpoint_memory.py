"""Peak memory of the paper-size TeaNet step, with and without a lean allocator set-up.

``reconstruction_checkpoint=True`` keeps only each U-Net stage's input for the
backward pass. What the tensors need then is about 1.05 GB at the paper's size
(the torch profiler's allocation curve), yet the process's peak RSS reaches
1.6-1.8 GB: glibc serves the step's many 16-32 MB maps from its heap once its
dynamic mmap threshold has grown, and a fragmented heap does not shrink. Two
environment variables, read when Python starts, close the gap:

- ``MALLOC_MMAP_THRESHOLD_=1048576``: blocks of 1 MiB and more are mapped and
  returned to the system when freed (this fixes the threshold, so it no
  longer grows);
- ``THP_MEM_ALLOC_ENABLE=1``: torch aligns its large blocks to huge pages, so
  mapping them afresh on every step costs 512 times fewer page faults.

Each configuration runs alone in its own process (``bench_training.py
--config``), so that each peak RSS is its own; the rounds alternate the
environments, so that a slower machine moment hits both alike.

Run: .venv/bin/python benchmarks/bench_checkpoint_memory.py [--rounds 2] [--steps 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import torch

BENCH_TRAINING = Path(__file__).with_name("bench_training.py")

ENVIRONMENTS = {
    "default": {},
    "mmap threshold 1 MiB": {"MALLOC_MMAP_THRESHOLD_": "1048576"},
    "mmap threshold 1 MiB + THP": {"MALLOC_MMAP_THRESHOLD_": "1048576", "THP_MEM_ALLOC_ENABLE": "1"},
}


def run(config: str, environment: str, steps: int) -> dict:
    env = {**os.environ, **ENVIRONMENTS[environment]}
    out = subprocess.run(
        [sys.executable, str(BENCH_TRAINING), "--config", config, "--steps", str(steps)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--steps", type=int, default=2, help="timed steps per process, after 2 warm-up steps")
    parser.add_argument("--configs", nargs="+", default=["joint-fp32-checkpoint", "joint-fp32"])
    args = parser.parse_args()
    print(
        f"# torch {torch.__version__}, {torch.get_num_threads()} threads; paper-size TeaNet step "
        f"(bench_training.py), {args.rounds} rounds of {args.steps} timed steps per process",
        flush=True,
    )
    results: dict[tuple[str, str], list[dict]] = {}
    for _ in range(args.rounds):
        for config in args.configs:
            for environment in ENVIRONMENTS:
                record = run(config, environment, args.steps)
                results.setdefault((config, environment), []).append(record)
                print(
                    f"# {config} | {environment}: {record['seconds_per_step']:.1f} s / step, "
                    f"peak RSS {record['peak_rss_gb']:.2f} GB",
                    flush=True,
                )
    print("| config | environment | s / step (median) | vs default | peak RSS GB (max over rounds) |")
    print("|---|---|---|---|---|")
    for config in args.configs:
        base = statistics.median(r["seconds_per_step"] for r in results[(config, "default")])
        for environment in ENVIRONMENTS:
            records = results[(config, environment)]
            t = statistics.median(r["seconds_per_step"] for r in records)
            print(
                f"| {config} | {environment} | {t:.1f} | {base / t:.2f}x | "
                f"{max(r['peak_rss_gb'] for r in records):.2f} |"
            )


if __name__ == "__main__":
    main()
