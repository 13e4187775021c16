"""torch.compile (CPU inductor) on the default TeaNet modules: compile time and step time against eager.

Both variants run in one process, their steps interleaved, so that a busy machine
slows them alike; the ratio is the figure to read. A fit of the default TeaNet on
RRUFF_IR takes about 900 steps, so compilation pays off only if
``compile seconds < 900 x (eager - compiled) step seconds``.

Run: .venv/bin/python benchmarks/bench_compile.py [--steps 20] [--threads 2]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch
from bench_roofline import CASES, batch, build_net, step_fn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    make, originals = CASES["TeaNet default"]
    xb, yb = batch(originals)
    eager = build_net(make(), originals)
    compiled = build_net(make(), originals)
    try:
        compiled.module_ = torch.compile(compiled.module_)
        compiled.reconstruction_module_ = torch.compile(compiled.reconstruction_module_)
        start = time.perf_counter()
        step_fn(compiled, xb, yb)()  # the first call compiles (forward and backward)
        step_fn(compiled, xb, yb)()
        compile_seconds = time.perf_counter() - start
    except Exception as error:  # no compiler, unsupported op: the package keeps eager mode
        print(f"torch.compile failed here: {type(error).__name__}: {error}")
        return
    times = {"eager": [], "compiled": []}
    for _ in range(args.steps):
        for name, net in (("eager", eager), ("compiled", compiled)):
            start = time.perf_counter()
            step_fn(net, xb, yb)()
            times[name].append(time.perf_counter() - start)
    e, c = np.median(times["eager"]), np.median(times["compiled"])
    print(f"# torch {torch.__version__}, {args.threads} threads, default TeaNet step (64 spectra of 1024 points)")
    print(f"compile (first two steps): {compile_seconds:.1f} s")
    print(f"eager step: {1e3 * e:.0f} ms, compiled step: {1e3 * c:.0f} ms, ratio {e / c:.2f}x")
    saved = 900 * (e - c)
    print(
        f"a 900-step fit saves {saved:.0f} s against {compile_seconds:.0f} s of compilation: "
        f"{'worth it' if saved > compile_seconds else 'not worth it'}"
    )


if __name__ == "__main__":
    main()
