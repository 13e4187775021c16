"""The classification module: the double-pyramid LeNet of Fig. 5."""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import nn

from .derivative_channels import DerivativeChannels
from .layers import FlattenFeatures, MaxPool1d, as_channels, conv_bn_relu
from .presets import PRESETS

__all__ = ["ClassificationModule"]


def _next_kernel(kernel_size: int, rule: str) -> int:
    # Kernels stay odd so that "same" padding is symmetric and the features stay
    # centred on the points they describe (21, 11, 7, 5, 3 when halving).
    k = math.ceil(kernel_size / 2) if rule == "halve" else kernel_size - 4
    return max(k | 1, 1)


class ClassificationModule(nn.Module):
    """Double-pyramid LeNet: blocks of two convolutions and a max-pool, then a dense head.

    It returns logits; the loss applies the softmax. (The authors' code applied
    a softmax before a loss that applies it again, which we do not repeat.)

    Parameters
    ----------
    n_points : int
        Spectrum length; the flattened feature size follows from it, so any
        length works.
    n_classes : int
        Number of outputs.
    channels : sequence of int, default=(16,)
        Channels of each block; every block halves the length (rounding up).
    kernel_size : int, default=21
        Kernel of the first block.
    kernel_shrink : {"minus4", "halve"}, default="minus4"
        How the kernel shrinks from one block to the next (rounded up to odd).
    hidden_units : int or None, default=None
        With None, one linear layer maps the features to the logits (Fig. 5b).
        Otherwise Linear, BatchNorm, Tanh, a max-pool over pairs of features,
        dropout and a linear layer with batch-normalised outputs (Fig. 5a).
    dropout : float, default=0.5
        Dropout before the last layer, with ``hidden_units``.
    inputs : sequence of str, default=("spectrum",)
        Input channels: the spectrum and/or its first and second
        Savitzky-Golay derivatives (see :class:`DerivativeChannels`).
    derivative_window : int, default=21
        Savitzky-Golay window of the derivatives.
    """

    def __init__(
        self,
        n_points: int,
        n_classes: int,
        channels: Sequence[int] = (16,),
        kernel_size: int = 21,
        kernel_shrink: str = "minus4",
        hidden_units: int | None = None,
        dropout: float = 0.5,
        inputs: Sequence[str] = ("spectrum",),
        derivative_window: int = 21,
    ) -> None:
        super().__init__()
        if kernel_shrink not in ("minus4", "halve"):
            raise ValueError(f"kernel_shrink must be 'minus4' or 'halve', got {kernel_shrink!r}.")
        self.widest = max(channels, default=1)
        # The spectrum alone keeps no input layer, so its state_dict and fast one-channel convolution stay as they were.
        self.inputs = (
            None if tuple(inputs) == ("spectrum",) else DerivativeChannels(inputs, derivative_window, self.widest)
        )
        blocks, c_in, length, k = [], 1 if self.inputs is None else self.inputs.n_channels, n_points, kernel_size
        for c_out in channels:
            # ceil_mode keeps at least one point, so short spectra still pass every block.
            blocks += [conv_bn_relu(c_in, c_out, k), conv_bn_relu(c_out, c_out, k), MaxPool1d(2, ceil_mode=True)]
            c_in, length, k = c_out, math.ceil(length / 2), _next_kernel(k, kernel_shrink)
        self.features = nn.Sequential(*blocks)
        n_flat = c_in * length
        if hidden_units is None:
            self.head = nn.Sequential(FlattenFeatures(), nn.Linear(n_flat, n_classes))
        else:
            self.head = nn.Sequential(
                FlattenFeatures(),
                nn.Linear(n_flat, hidden_units),
                nn.BatchNorm1d(hidden_units),
                nn.Tanh(),
                nn.Unflatten(1, (1, hidden_units)),
                nn.MaxPool1d(2, ceil_mode=True),
                nn.Flatten(),
                nn.Dropout(dropout),
                nn.Linear(math.ceil(hidden_units / 2), n_classes),
                nn.BatchNorm1d(n_classes),
            )

    @classmethod
    def from_preset(cls, preset: str, n_points: int, n_classes: int, **overrides) -> ClassificationModule:
        """Build one of :data:`PRESETS` (``"fig5a"`` or ``"fig5b"``), with optional overrides."""
        if preset not in PRESETS:
            raise ValueError(f"architecture must be one of {sorted(PRESETS)}, got {preset!r}.")
        return cls(n_points, n_classes, **{**PRESETS[preset], **overrides})

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits for a batch of spectra ``(n, n_points)``."""
        return self.head(self.feature_maps(x))

    def feature_maps(self, x: torch.Tensor) -> torch.Tensor:
        """The convolution blocks' maps of a batch of spectra: ``(n, channels, length)``, or ``(n, channels, 1,
        length)`` in the "2d" layout."""
        maps = as_channels(x, self.widest) if self.inputs is None or x.dim() != 2 else self.inputs(x)
        return self.features(maps)
