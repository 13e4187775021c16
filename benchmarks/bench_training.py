"""Training throughput and peak memory of TeaNet at paper size on RRUFF-shaped data.

Compares, in separate processes so that each peak RSS is its own:

- ``reference``: the authors' schedule (alternating epochs) as their code runs it:
  every step does a full forward and backward pass through both modules, even when
  only one of them is updated;
- ``joint-fp32``: our Algorithm 1 step (TeaNetNet.train_step), both modules
  updated on every step, one backward pass;
- ``joint-bf16``: the same under bfloat16 autocast.

Throughput counts masked spectra per second. Each step carries 256 masked
spectra (``batch_size=26`` originals x ``n_masks=10`` for our step; 256 masked and
26 originals for the reference). It also measures a plain fp32 conv1d at the
U-Net's shapes, to put the throughput against what this CPU can do.

Run: .venv/bin/python benchmarks/bench_training.py [--steps 6]
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


def conv_flops(module: torch.nn.Module, n_points: int) -> float:
    """Forward FLOPs of the convolutions and linear layers for one spectrum."""
    total = 0.0

    def hook(layer, inputs, output):
        nonlocal total
        if isinstance(layer, (torch.nn.Conv1d, torch.nn.ConvTranspose1d)):
            k = layer.kernel_size[0]
            c_in = layer.in_channels // layer.groups
            spatial = output.shape[-1] if isinstance(layer, torch.nn.Conv1d) else inputs[0].shape[-1]
            c_out = layer.out_channels
            total += 2.0 * c_in * k * c_out * spatial
        elif isinstance(layer, torch.nn.Linear):
            total += 2.0 * layer.in_features * layer.out_features

    handles = [m.register_forward_hook(hook) for m in module.modules()]
    module.eval()
    with torch.no_grad():
        module(torch.zeros(1, n_points))
    for h in handles:
        h.remove()
    return total


def make_net(precision: str):
    from sklearn_teanet import TeaNetClassifier

    clf = TeaNetClassifier(n_masks=N_MASKS, batch_size=N_ORIGINALS, precision=precision, random_state=0,
                           validation_fraction=0.0)
    clf.masker_ = clf._default_masker().fit(np.zeros((1, N_POINTS)))
    net = clf._build_net(N_POINTS, N_CLASSES, 0, 0.0, clf.masker_)
    net.initialize()
    net.history.new_epoch()
    return net


def run_config(name: str, steps: int) -> dict:
    torch.manual_seed(0)
    rng = np.random.RandomState(0)
    X = torch.tensor(rng.rand(N_TRAIN, N_POINTS), dtype=torch.float32)
    y = torch.tensor(rng.randint(N_CLASSES, size=N_TRAIN))
    net = make_net("bf16" if name == "joint-bf16" else "fp32")
    batches = [(X[i * N_ORIGINALS:(i + 1) * N_ORIGINALS], y[i * N_ORIGINALS:(i + 1) * N_ORIGINALS]) for i in range(steps + 2)]

    if name == "reference":
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
            # Even steps stand for reconstruction epochs, odd ones for classifier epochs;
            # both run the full backward pass through both modules.
            if i % 2 == 0:
                (0.3 * loss_r + 0.7 * loss_c).backward()
                opt_r.step()
            else:
                loss_c.backward()
                opt_c.step()
    else:

        def step(i, batch):
            if i % 2 == 0:
                net.history.new_batch()
            net.train_step(batch)

    for i in range(2):  # warm-up
        step(i, batches[i])
    start = time.perf_counter()
    for i in range(steps):
        step(i, batches[i + 2])
    elapsed = time.perf_counter() - start
    return {
        "config": name,
        "seconds_per_step": elapsed / steps,
        "masked_per_second": steps * N_ORIGINALS * N_MASKS / elapsed,
        "peak_rss_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2,
        "unet_parameters_m": sum(p.numel() for p in net.reconstruction_module_.parameters()) / 1e6,
        "flops_per_masked_spectrum": 3 * conv_flops(net.reconstruction_module_, N_POINTS)
        + 3 * conv_flops(net.module_, N_POINTS) * (1 + 1 / N_MASKS),
    }


def conv1d_peak(repeats: int = 5) -> float:
    """fp32 GFLOP/s of a plain conv1d at a mid-level U-Net shape (64 -> 64 channels, k=9, 256 points)."""
    x = torch.randn(256, 64, 256)
    conv = torch.nn.Conv1d(64, 64, 9, padding=4)
    flops = 2.0 * 64 * 9 * 64 * 256 * 256
    with torch.no_grad():
        conv(x)
        start = time.perf_counter()
        for _ in range(repeats):
            conv(x)
    return flops * repeats / (time.perf_counter() - start) / 1e9


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--config")
    args = parser.parse_args()
    if args.config:
        print(json.dumps(run_config(args.config, args.steps)))
        return
    rows = []
    for name in ("reference", "joint-fp32", "joint-bf16"):
        out = subprocess.run([sys.executable, __file__, "--config", name, "--steps", str(args.steps)],
                             check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    peak = conv1d_peak()
    base = rows[0]["masked_per_second"]
    print(f"# torch {torch.__version__}, {torch.get_num_threads()} threads; {N_TRAIN} x {N_POINTS} spectra, "
          f"{N_CLASSES} classes, {N_ORIGINALS} originals x {N_MASKS} masks per step; U-Net "
          f"{rows[0]['unet_parameters_m']:.2f} M parameters; {args.steps} timed steps")
    print(f"# plain fp32 conv1d (64->64, k=9, 256 points, batch 256): {peak:.1f} GFLOP/s")
    print("| config | s / step | masked spectra / s | vs reference | peak RSS (GB) | GFLOP/s | of conv1d peak |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        gflops = r["masked_per_second"] * r["flops_per_masked_spectrum"] / 1e9
        print(f"| {r['config']} | {r['seconds_per_step']:.2f} | {r['masked_per_second']:.0f} | "
              f"{r['masked_per_second'] / base:.2f}x | {r['peak_rss_gb']:.2f} | {gflops:.1f} | {gflops / peak:.0%} |")


if __name__ == "__main__":
    main()
