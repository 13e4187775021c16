"""The reconstruction module: a 1-D U-Net that fills the masked parts of a spectrum (Fig. 6)."""

from __future__ import annotations

import contextlib
import functools

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.checkpoint import checkpoint

from .layers import Conv1d, ConvTranspose1d, MaxPool1d, as_channels, as_spectra, conv_bn_relu

__all__ = ["ReconstructionModule"]


def _stage(in_channels: int, out_channels: int, width: int, kernel_size: int) -> nn.Sequential:
    """``width`` conv-BN-ReLU layers, the first changing the number of channels."""
    channels = [in_channels] + [out_channels] * width
    return nn.Sequential(*(conv_bn_relu(a, b, kernel_size) for a, b in zip(channels, channels[1:])))


class ReconstructionModule(nn.Module):
    """1-D U-Net mapping a masked spectrum to a full one.

    With the defaults this is the paper's network: an input stage and ``depth``
    down steps (max-pool, then ``width`` convolutions) that double the channels
    from ``base_channels``; ``depth`` up steps (transposed convolution, skip
    concatenation, ``width`` convolutions); and a final 1x1 convolution, i.e.
    ``width * (2 * depth + 1) + 1 = 34`` convolution layers.

    Any spectrum length works: pooling rounds up, and after each up step the
    signal is padded or cropped to the length of its skip connection, so odd
    lengths lose nothing.

    Parameters
    ----------
    depth : int, default=5
        Number of down (and up) steps.
    base_channels : int, default=16
        Channels of the first stage; each down step doubles them.
    width : int, default=3
        Convolutions per stage.
    kernel_size : int, default=9
        Kernel size of every convolution but the last.
    checkpoint : bool, default=False
        Keep only each stage's input during training and recompute the stage's
        inner activations in the backward pass: less memory for one more
        forward pass of the U-Net. Batch statistics are not counted twice.
    max_channels : int or None, default=None
        Stop doubling the channels at this many. Most of the paper's U-Net
        FLOPs sit in its deepest, widest stages; a cap keeps the depth (and so
        the receptive field) at a fraction of the cost. None doubles to the end.
    """

    def __init__(
        self,
        depth: int = 5,
        base_channels: int = 16,
        width: int = 3,
        kernel_size: int = 9,
        checkpoint: bool = False,
        max_channels: int | None = None,
    ) -> None:
        super().__init__()
        self.checkpoint = checkpoint
        cap = max_channels or base_channels * 2**depth
        channels = [min(base_channels * 2**level, max(cap, base_channels)) for level in range(depth + 1)]
        self.widest = channels[-1]
        self.inlet = _stage(1, channels[0], width, kernel_size)
        self.down = nn.ModuleList(
            nn.Sequential(MaxPool1d(2, ceil_mode=True), _stage(c_in, c_out, width, kernel_size))
            for c_in, c_out in zip(channels, channels[1:])
        )
        self.upsample = nn.ModuleList(
            ConvTranspose1d(c_in, c_out, kernel_size=2, stride=2)
            for c_in, c_out in zip(channels[:0:-1], channels[-2::-1])
        )
        self.up = nn.ModuleList(_stage(2 * c_out, c_out, width, kernel_size) for c_out in channels[-2::-1])
        self.outlet = Conv1d(channels[0], 1, kernel_size=1)

    def _run(self, stage: nn.Module, step, *inputs: torch.Tensor) -> torch.Tensor:
        """``step(*inputs)``, checkpointed when asked: only ``inputs`` are kept for the backward pass."""
        if not (self.checkpoint and self.training and torch.is_grad_enabled()):
            return step(*inputs)
        contexts = lambda: (contextlib.nullcontext(), _frozen_stats(stage))  # noqa: E731 (forward, recompute)
        return checkpoint(step, *inputs, use_reentrant=False, context_fn=contexts)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Reconstruct a batch of spectra ``(n, n_points)``; returns the same shape."""
        h = self._run(self.inlet, self.inlet, as_channels(x, self.widest))
        skips = []
        for down in self.down:
            skips.append(h)
            h = self._run(down, down, h)
        for upsample, up, skip in zip(self.upsample, self.up, reversed(skips)):
            # The whole up step in one checkpoint: its upsampled and concatenated
            # maps, three times a stage's output, are not kept either.
            h = self._run(up, functools.partial(_up_step, upsample, up), skip, h)
        return as_spectra(self.outlet(h))


def _up_step(upsample: nn.Module, up: nn.Module, skip: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
    """Upsample ``h``, fit it to the skip connection's length, concatenate and convolve."""
    h = upsample(h)
    h = F.pad(h, (0, skip.shape[-1] - h.shape[-1]))  # a negative pad crops
    return up(torch.cat([skip, h], dim=1))


@contextlib.contextmanager
def _frozen_stats(stage: nn.Module):
    """Batch norm without running-statistics updates, for the backward pass's recomputation
    (a momentum of 0 keeps the running averages as the first forward pass left them)."""
    norms = [m for m in stage.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    saved = [(m.momentum, m.num_batches_tracked.clone()) for m in norms]
    for m in norms:
        m.momentum = 0.0
    try:
        yield
    finally:
        for m, (momentum, count) in zip(norms, saved):
            m.momentum = momentum
            m.num_batches_tracked.copy_(count)
