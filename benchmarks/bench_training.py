"""Training throughput and peak memory of TeaNet at paper size on RRUFF-shaped data.

Compares, in separate processes so that each peak RSS is its own:

- ``reference``: the authors' schedule (alternating epochs) as their code runs it:
  every step does a full forward and backward pass through both modules, even when
  only one of them is updated;
- ``joint-fp32``: our Algorithm 1 step (TeaNetNet.train_step), both modules
  updated on every step, one backward pass;
- ``joint-bf16``: the same under bfloat16 autocast;
- ``joint-fp32-checkpoint``: joint fp32 with ``reconstruction_checkpoint=True``
  (U-Net stages recomputed in the backward pass to save memory).

Throughput counts masked spectra per second. Each step carries 256 masked
spectra (``batch_size=26`` originals x ``n_masks=10``, as the authors' batches of
256 masked spectra and a slice of originals). It also times every convolution of
the step as a plain fp32 conv1d at its own shape, to put the throughput against
what this CPU can do.

Run: .venv/bin/python benchmarks/bench_training.py [--steps 6] [--bf16-steps 2]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np
import torch

N_TRAIN, N_POINTS, N_CLASSES, N_MASKS, N_ORIGINALS = 560, 1024, 430, 10, 26


def make_net(precision: str, checkpoint: bool = False):
    from sklearn_teanet import TeaNetClassifier
    from sklearn_teanet.paper import PAPER_SETTINGS

    # The paper's U-Net and classifier, with the authors' batches of 256 masked spectra.
    params = {**PAPER_SETTINGS["teanet"], "n_masks": N_MASKS, "validation_fraction": 0.0}
    clf = TeaNetClassifier(
        **params, batch_size=N_ORIGINALS, precision=precision, random_state=0, reconstruction_checkpoint=checkpoint
    )
    clf.masker_ = clf._default_masker().fit(np.zeros((1, N_POINTS)))
    clf._plan_steps(N_TRAIN)  # the batch size and epochs fit() would choose
    net = clf._build_net(N_POINTS, N_CLASSES, 0, 0.0, clf.masker_)
    net.initialize()
    net.history.new_epoch()
    return net


def make_data(steps: int):
    rng = np.random.RandomState(0)
    X = torch.tensor(rng.rand(N_TRAIN, N_POINTS), dtype=torch.float32)
    y = torch.tensor(rng.randint(N_CLASSES, size=N_TRAIN))
    n = N_ORIGINALS
    return [(X[i * n : (i + 1) * n], y[i * n : (i + 1) * n]) for i in range(steps)]


def reference_step_fn(net):
    """The authors' schedule as their code runs it: a full forward and backward pass through
    both modules on every step; even steps update the reconstruction module (joint loss,
    sum-of-squares L_R), odd steps the classifier."""
    unet, clf = net.reconstruction_module_, net.module_
    opt_r, opt_c = net.reconstruction_optimizer_, net.optimizer_

    def step(i, batch):
        Xb, yb = batch
        X_rep, X_masked = net.masked_copies(Xb)
        unet.train(), clf.train()
        X_hat = unet(X_masked)
        logits = clf(torch.cat([X_hat, Xb]))
        loss_c = torch.nn.functional.cross_entropy(logits, torch.cat([yb.repeat(N_MASKS), yb]))
        loss_r = ((X_hat - X_rep) ** 2).sum(dim=1).mean()
        opt_r.zero_grad(), opt_c.zero_grad()
        if i % 2 == 0:
            (0.3 * loss_r + 0.7 * loss_c).backward()
            opt_r.step()
        else:
            loss_c.backward()
            opt_c.step()

    return step


def package_step_fn(net, training: str):
    """Our TeaNetNet.train_step; for "alternating", even steps run a reconstruction epoch's
    step and odd steps a classifier epoch's step (the U-Net under no_grad)."""
    net.set_params(reconstructor=net.unet.set_params(schedule=training))

    def step(i, batch):
        if training == "alternating":
            while len(net.history) < 1 + i % 2:
                net.history.new_epoch()
            while len(net.history) > 1 + i % 2:
                net.history.pop()  # back to a reconstruction epoch
            net.on_epoch_begin(net)
        net.history.new_batch()
        net.train_step(batch)

    return step


STEP_FUNCTIONS = {
    "reference": lambda: reference_step_fn(make_net("fp32")),
    "alternating-fp32": lambda: package_step_fn(make_net("fp32"), "alternating"),
    "joint-fp32": lambda: package_step_fn(make_net("fp32"), "joint"),
    "joint-bf16": lambda: package_step_fn(make_net("bf16"), "joint"),
    "joint-fp32-checkpoint": lambda: package_step_fn(make_net("fp32", checkpoint=True), "joint"),
}


def run_config(name: str, steps: int) -> dict:
    """Time ``steps`` steps of one configuration alone in this process (for its peak RSS)."""
    torch.manual_seed(0)
    step = STEP_FUNCTIONS[name]()
    batches = make_data(steps + 2)
    for i in range(2):  # warm-up
        step(i, batches[i])
    start = time.perf_counter()
    for i in range(steps):
        step(i, batches[i + 2])
    return {
        "config": name,
        "seconds_per_step": (time.perf_counter() - start) / steps,
        "peak_rss_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2,
    }


def interleaved_seconds(names, steps: int) -> dict:
    """Median step time of several configurations timed in turn, so that a noisy
    neighbour on a shared machine slows them all alike."""
    torch.manual_seed(0)
    steps_by_name = {name: STEP_FUNCTIONS[name]() for name in names}
    batches = make_data(steps + 2)
    times = {name: [] for name in names}
    for i, batch in enumerate(batches):
        for name, step in steps_by_name.items():
            start = time.perf_counter()
            step(i, batch)
            if i >= 2:
                times[name].append(time.perf_counter() - start)
    return {name: float(np.median(t)) for name, t in times.items()}


def conv_floor_seconds(repeats: int = 3) -> float:
    """Time of the same step's convolutions run as plain fp32 conv1d calls.

    Every Conv1d / ConvTranspose1d of both modules is timed alone, at the shape it
    sees in one training step (forward only, no autograd), and the sum is tripled
    for forward plus backward. A step cannot beat this floor by much; the ratio of
    floor to measured time says how close to the CPU's convolution speed we are.
    """
    net = make_net("fp32")
    shapes = []

    def hook(layer, inputs, output):
        shapes.append((layer, tuple(inputs[0].shape)))

    convs = [
        m
        for m in list(net.reconstruction_module_.modules()) + list(net.module_.modules())
        if isinstance(m, (torch.nn.Conv1d, torch.nn.ConvTranspose1d))
    ]
    handles = [m.register_forward_hook(hook) for m in convs]
    with torch.no_grad():
        net.reconstruction_module_(torch.zeros(N_ORIGINALS * N_MASKS, N_POINTS))
        net.module_(torch.zeros(N_ORIGINALS * (N_MASKS + 1), N_POINTS))
    for h in handles:
        h.remove()
    total = 0.0
    with torch.no_grad():
        for layer, shape in shapes:
            x = torch.randn(shape)
            layer(x)
            start = time.perf_counter()
            for _ in range(repeats):
                layer(x)
            total += (time.perf_counter() - start) / repeats
    return 3 * total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=6, help="timed steps of the interleaved fp32 comparison")
    parser.add_argument(
        "--bf16-steps",
        type=int,
        default=1,
        help="timed steps for bf16, which is emulated (slow) on CPUs without native bf16",
    )
    parser.add_argument("--config")
    args = parser.parse_args()
    if args.config:
        print(json.dumps(run_config(args.config, args.steps)))
        return
    fp32 = ["reference", "alternating-fp32", "joint-fp32", "joint-fp32-checkpoint"]
    print(
        f"# torch {torch.__version__}, {torch.get_num_threads()} threads; {N_TRAIN} x {N_POINTS} spectra, "
        f"{N_CLASSES} classes, {N_ORIGINALS} originals x {N_MASKS} masks = {N_ORIGINALS * N_MASKS} masked "
        f"spectra per step",
        flush=True,
    )
    # Peak RSS first, each configuration in its own process: Linux carries a parent's
    # high-water mark into a child it forks, so the parent must still be small here.
    memory = {}
    for name in fp32 + ["joint-bf16"]:
        steps = args.bf16_steps if name == "joint-bf16" else 2
        out = subprocess.run(
            [sys.executable, __file__, "--config", name, "--steps", str(steps)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        memory[name] = json.loads(out.strip().splitlines()[-1])
    seconds = interleaved_seconds(fp32, args.steps)
    seconds["joint-bf16"] = memory["joint-bf16"]["seconds_per_step"]
    floor = conv_floor_seconds()
    print(f"# fp32 step times: median of {args.steps} interleaved steps; bf16: {args.bf16_steps} step(s) alone")
    print(
        f"# conv1d floor: every convolution of a step timed alone as a plain fp32 conv1d at its shape, "
        f"x3 for forward and backward = {floor:.2f} s"
    )
    print("| config | s / step | masked spectra / s | vs reference | peak RSS (GB) | conv1d floor / step time |")
    print("|---|---|---|---|---|---|")
    base = seconds["reference"]
    for name in fp32 + ["joint-bf16"]:
        t = seconds[name]
        print(
            f"| {name} | {t:.2f} | {N_ORIGINALS * N_MASKS / t:.0f} | {base / t:.2f}x | "
            f"{memory[name]['peak_rss_gb']:.2f} | {floor / t:.0%} |"
        )


if __name__ == "__main__":
    main()
