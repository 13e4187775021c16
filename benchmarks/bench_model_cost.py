"""Table 6 of the paper: size and speed of each method's augmentation networks.

For every neural method, the networks it trains besides the classification
module (the paper's Table 6 leaves the classifier out, since prediction uses it
alone): parameters, and milliseconds of the forward and of the backward pass of
one training step on a batch of 16 spectra of RRUFF_IR's shape (1024 points,
424 classes), median over repeats, on the CPU.

- TeaNet: the U-Net on 16 masked spectra, with the reconstruction loss (the
  classifier's share of the joint loss is left out, as the table leaves it out);
  the default slim U-Net and the paper's.
- CWGAN and DAGAN: one critic step (generator forward, critic on real and
  generated inputs, gradient penalty), as WGAN-GP trains them.
- LTSA: one step of the damage-and-repair network and the discriminator.
- the Fig. 5b classification module, for scale.

Run: .venv/bin/python benchmarks/bench_model_cost.py [--threads 2] [--repeats 20]
"""

from __future__ import annotations

import argparse
import json
import platform
import time

import numpy as np
import torch
import torch.nn.functional as F

from sklearn_teanet import SpectrumMasker
from sklearn_teanet.generative.networks import Critic, EncoderDecoder, LabelledGenerator
from sklearn_teanet.generative.wasserstein import gradient_penalty
from sklearn_teanet.nn import ClassificationModule, ReconstructionModule
from sklearn_teanet.paper import PAPER_SETTINGS

N_POINTS, N_CLASSES, BATCH = 1024, 424, 16
PAPER_TABLE6 = {  # model size, forward ms, backward ms (GTX 3090)
    "LTSA": ("280.23 M", 112.17, 115.94),
    "CWGAN": ("17.64 M", 4.39, 7.96),
    "DAGAN": ("1.85 M", 33.95, 101.24),
    "TeaNet": ("43.36 M", 17.27, 40.64),
}


def n_parameters(*modules) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def timed(loss_fn, repeats: int) -> tuple[float, float]:
    """Median forward and backward milliseconds of ``loss_fn()``."""
    forward, backward = [], []
    for i in range(repeats + 3):
        start = time.perf_counter()
        loss = loss_fn()
        middle = time.perf_counter()
        loss.backward()
        end = time.perf_counter()
        if i >= 3:  # warm-up: oneDNN picks its kernels on the first calls
            forward.append(middle - start)
            backward.append(end - middle)
    return 1e3 * float(np.median(forward)), 1e3 * float(np.median(backward))


def methods():
    x = torch.rand(BATCH, N_POINTS)
    labels = torch.randint(0, N_CLASSES, (BATCH,))
    masker = SpectrumMasker(random_state=0).fit(x.numpy())

    def teanet(depth, channels, width):
        unet = ReconstructionModule(depth=depth, base_channels=channels, width=width, kernel_size=9)
        masked = torch.as_tensor(masker.transform(x.numpy()))
        return (unet,), lambda: F.mse_loss(unet(masked), x)

    def cwgan():
        g, c = LabelledGenerator(N_POINTS, N_CLASSES, 64), Critic(N_POINTS, n_classes=N_CLASSES)

        def loss():
            fake = g(torch.randn(BATCH, 64), labels).unsqueeze(1)
            real = x.unsqueeze(1)
            return c(fake, labels).mean() - c(real, labels).mean() + 10 * gradient_penalty(c, real, fake, labels)

        return (g, c), loss

    def dagan():
        g, c = EncoderDecoder(N_POINTS, latent_dim=64, skips=True), Critic(N_POINTS, in_channels=2)

        def loss():
            partner = x.roll(1, 0)
            real, fake = torch.stack([x, partner], 1), torch.stack([x, g(x, z=torch.randn(BATCH, 64))], 1)
            return c(fake).mean() - c(real).mean() + 10 * gradient_penalty(c, real, fake, None)

        return (g, c), loss

    def ltsa():
        r = EncoderDecoder(N_POINTS, skips=False)
        d = ClassificationModule.from_preset("fig5b", N_POINTS, 1)

        def loss():
            kept = (torch.rand(BATCH, r.latent_length) >= 0.5).float()
            repaired = r(x, latent_mask=kept)
            ones, zeros = torch.ones(BATCH, 1), torch.zeros(BATCH, 1)
            return (
                F.binary_cross_entropy_with_logits(d(x), ones)
                + F.binary_cross_entropy_with_logits(d(repaired.detach()), zeros)
                + F.mse_loss(r(x), x)
                + 0.1 * F.binary_cross_entropy_with_logits(d(repaired), ones)
            )

        return (r, d), loss

    def classifier():
        m = ClassificationModule.from_preset("fig5b", N_POINTS, N_CLASSES)
        return (m,), lambda: F.cross_entropy(m(x), labels)

    paper = PAPER_SETTINGS["teanet"]["reconstructor"]
    yield "TeaNet (default slim U-Net)", "TeaNet", teanet(4, 8, 2)
    yield (
        "TeaNet (paper's U-Net)",
        "TeaNet",
        teanet(paper.depth, paper.channels, paper.width),
    )
    yield "CWGAN", "CWGAN", cwgan()
    yield "DAGAN", "DAGAN", dagan()
    yield "LTSA", "LTSA", ltsa()
    yield "classification module (Fig. 5b)", None, classifier()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--out", help="also append the rows as JSON lines to this file")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    print(
        f"# {platform.processor() or platform.machine()}, torch {torch.__version__}, {args.threads} threads; "
        f"batch {BATCH} x {N_POINTS} points, {N_CLASSES} classes; median of {args.repeats} steps"
    )
    print("| method | parameters | forward ms | backward ms | paper: size, forward, backward (GPU) |")
    print("|---|---|---|---|---|")
    rows = []
    for name, paper_name, (modules, loss) in methods():
        for m in modules:
            m.train()
        fwd, bwd = timed(loss, args.repeats)
        paper = PAPER_TABLE6.get(paper_name)
        row = {
            "method": name,
            "parameters": n_parameters(*modules),
            "forward_ms": round(fwd, 2),
            "backward_ms": round(bwd, 2),
            "threads": args.threads,
        }
        rows.append(row)
        paper_text = f"{paper[0]}, {paper[1]} ms, {paper[2]} ms" if paper else ""
        print(f"| {name} | {row['parameters'] / 1e6:.2f} M | {fwd:.1f} | {bwd:.1f} | {paper_text} |", flush=True)
    if args.out:
        with open(args.out, "a") as f:
            for row in rows:
                f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
