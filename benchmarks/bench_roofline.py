"""Roofline of the training step: every convolution, and whole steps, against this process's sgemm.

For every convolution shape of the default TeaNet (slim U-Net and Fig. 5b
classifier), the default CNN_Full and the paper-size TeaNet, it times forward +
backward (a dense random output gradient, as a loss gives) of

- plain ``F.conv1d`` on ``(n, c, L)``,
- the 2-D kernel of ``sklearn_teanet.layers`` (``conv2d`` on ``(n, c, 1, L)``
  channels-last maps), which the package chooses on a CPU for modules of at
  most ``MAX_2D_CHANNELS`` channels,
- an sgemm of the convolution's own size (``(n L) x (c_in k) @ (c_in k) x c_out``),

and prints GFLOP/s. It then times whole training steps (``train_step`` of the
skorch nets: masking, both modules, loss, backward, fused Adam) with conv1d
everywhere and with the package's choice,
counts their FLOPs with torch's FlopCounterMode and gives GFLOP/s and the
fraction of a 2048 x 2048 sgemm in the same process.

Run: .venv/bin/python benchmarks/bench_roofline.py [--threads 2] [--steps 8]
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np
import torch
from torch.utils.flop_counter import FlopCounterMode

from sklearn_teanet import CNNClassifier, TeaNetClassifier
from sklearn_teanet.nn import layers
from sklearn_teanet.paper import PAPER_SETTINGS

N_POINTS, N_CLASSES, N_TRAIN = 1024, 424, 546  # an RRUFF_IR training split


def median_seconds(fn, repeats: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def sgemm_gflops(m: int, k: int, n: int, repeats: int = 5) -> float:
    a, b = torch.randn(m, k), torch.randn(k, n)
    return 2 * m * k * n / median_seconds(lambda: a @ b, repeats) / 1e9


# ------------------------------------------------------------------ the nets
def build_net(estimator, batch_size: int):
    """An initialised skorch net of ``estimator`` for RRUFF-shaped data, ready for ``train_step``."""
    estimator.set_params(batch_size=batch_size, random_state=0)
    masker = estimator._default_masker()
    estimator.masker_ = None if masker is None else masker.fit(np.zeros((1, N_POINTS)))
    estimator._plan_steps(N_TRAIN)  # the batch size and epochs fit() would choose
    net = estimator._build_net(N_POINTS, N_CLASSES, 0, 0.0, estimator.masker_)
    net.initialize()
    net.history.new_epoch()
    net.on_epoch_begin(net)
    return net


CASES = {
    # name: (estimator, originals per step)
    "TeaNet default": (lambda: TeaNetClassifier(), 64),
    "CNN_Full default": (lambda: CNNClassifier(), 64),
    # The paper's U-Net with the authors' 256 masked spectra per step (26 originals x 10 masks).
    "TeaNet paper size": (lambda: TeaNetClassifier(**{**PAPER_SETTINGS["teanet"], "validation_fraction": 0}), 26),
}


def batch(n: int, seed: int = 0):
    rng = np.random.RandomState(seed)
    return torch.tensor(rng.rand(n, N_POINTS), dtype=torch.float32), torch.tensor(rng.randint(N_CLASSES, size=n))


def step_fn(net, xb, yb):
    def step():
        net.history.new_batch()
        net.train_step((xb, yb))

    return step


# ------------------------------------------------------------ convolutions
def conv_shapes(net, xb) -> list[tuple]:
    """(kind, n, c_in, c_out, L, k) of every convolution one training step runs."""
    shapes = []

    def hook(layer, inputs, _):
        x = inputs[0]
        kind = "convT" if isinstance(layer, torch.nn.ConvTranspose1d) else "conv"
        shapes.append((kind, x.shape[0], layer.in_channels, layer.out_channels, x.shape[-1], layer.kernel_size[0]))

    modules = [net.module_] + ([net.reconstruction_module_] if hasattr(net, "reconstruction_module_") else [])
    convs = [m for mod in modules for m in mod.modules() if isinstance(m, (torch.nn.Conv1d, torch.nn.ConvTranspose1d))]
    handles = [m.register_forward_hook(hook) for m in convs]
    step_fn(net, xb, torch.zeros(len(xb), dtype=torch.long))()
    for h in handles:
        h.remove()
    return shapes


def conv_gflops(kind: str, n: int, c_in: int, c_out: int, length: int, k: int, repeats: int) -> dict:
    flops = 3 * 2 * n * c_in * c_out * k * length  # forward, input gradient, weight gradient
    if kind == "convT":
        layer_1d = torch.nn.ConvTranspose1d(c_in, c_out, k, stride=k)
        layer = layers.ConvTranspose1d(c_in, c_out, k, stride=k)
    else:
        same = "same" if k > 1 else 0
        layer_1d = torch.nn.Conv1d(c_in, c_out, k, padding=same, bias=False)
        layer = layers.Conv1d(c_in, c_out, k, padding=same, bias=False)
    x1 = torch.randn(n, c_in, length, requires_grad=c_in > 1)
    g1 = torch.randn_like(layer_1d(x1))
    x2 = x1.detach()[:, :, None, :].contiguous(memory_format=torch.channels_last).requires_grad_(c_in > 1)
    g2 = g1[:, :, None, :].contiguous(memory_format=torch.channels_last)
    t1 = median_seconds(lambda: layer_1d(x1).backward(g1), repeats)
    t2 = median_seconds(lambda: layer(x2).backward(g2), repeats)
    m = n * (length * k if kind == "convT" else length)
    sgemm = sgemm_gflops(m, c_in * (1 if kind == "convT" else k), c_out)
    return {"conv1d": flops / t1 / 1e9, "2d": flops / t2 / 1e9, "sgemm": sgemm}


# -------------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=8, help="timed training steps per case and layout")
    parser.add_argument("--repeats", type=int, default=5, help="timed passes per convolution shape")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    peak = sgemm_gflops(2048, 2048, 2048)
    print(f"# {platform.processor() or platform.machine()}, torch {torch.__version__}, {args.threads} threads")
    print(f"# sgemm 2048 x 2048 x 2048: {peak:.1f} GFLOP/s")

    print("\n| model | conv (n, c_in -> c_out, L, k) | conv1d GFLOP/s | 2-D | sgemm same size | 2-D / conv1d |")
    print("|---|---|---|---|---|---|")
    seen = set()
    for name, (make, originals) in CASES.items():
        net = build_net(make(), originals)
        for shape in conv_shapes(net, batch(originals)[0]):
            if (name, shape) in seen:
                continue
            seen.add((name, shape))
            kind, n, c_in, c_out, length, k = shape
            r = conv_gflops(*shape, repeats=args.repeats)
            label = f"{kind} ({n}, {c_in} -> {c_out}, {length}, {k})"
            print(
                f"| {name} | {label} | {r['conv1d']:.1f} | {r['2d']:.1f} | {r['sgemm']:.1f} | "
                f"{r['2d'] / r['conv1d']:.2f}x |",
                flush=True,
            )

    print(f"\n| training step | layouts | ms / step | GFLOP / step | GFLOP/s | of sgemm {peak:.0f} GFLOP/s |")
    print("|---|---|---|---|---|---|")
    for name, (make, originals) in CASES.items():
        xb, yb = batch(originals)
        with FlopCounterMode(display=False) as counter:
            step_fn(build_net(make(), originals), xb, yb)()
        gflop = counter.get_total_flops() / 1e9
        steps = args.steps if name != "TeaNet paper size" else max(2, args.steps // 4)
        times = {}
        for layout, label in (("1d", "conv1d everywhere"), ("2d", "chosen")):
            layers.LAYOUTS["cpu"] = layout
            torch.manual_seed(0)
            times[layout] = median_seconds(step_fn(build_net(make(), originals), xb, yb), steps)
            print(
                f"| {name} | {label} | {1e3 * times[layout]:.0f} | {gflop:.2f} | {gflop / times[layout]:.1f} | "
                f"{gflop / times[layout] / peak:.0%} |",
                flush=True,
            )
        layers.LAYOUTS["cpu"] = "2d"
        print(f"| {name} | chosen vs conv1d | {times['1d'] / times['2d']:.2f}x | | | |")


if __name__ == "__main__":
    main()
