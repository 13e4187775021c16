"""Building blocks shared by the reconstruction and classification modules."""

from __future__ import annotations

from torch import nn

__all__ = ["conv_bn_relu", "as_channels"]


def conv_bn_relu(in_channels: int, out_channels: int, kernel_size: int) -> nn.Sequential:
    """Conv1d with "same" padding, batch normalisation and ReLU.

    The convolution has no bias because the batch normalisation that follows
    would cancel it.
    """
    return nn.Sequential(
        nn.Conv1d(in_channels, out_channels, kernel_size, padding="same", bias=False),
        nn.BatchNorm1d(out_channels),
        nn.ReLU(inplace=True),
    )


def as_channels(x):
    """View a batch of spectra ``(n, n_points)`` as one-channel signals ``(n, 1, n_points)``."""
    return x.unsqueeze(1) if x.dim() == 2 else x
