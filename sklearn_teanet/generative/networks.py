"""The small 1-D networks of the generative baselines: an encoder-decoder and a critic.

They are plain ``Conv1d`` networks (no batch norm in the critic: the gradient
penalty of WGAN-GP is taken per spectrum, which batch statistics would couple).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["EncoderDecoder", "Critic", "LabelledGenerator"]


def _down(c_in: int, c_out: int, kernel_size: int, norm: bool) -> nn.Sequential:
    layers = [nn.Conv1d(c_in, c_out, kernel_size, stride=2, padding=kernel_size // 2)]
    layers += [nn.BatchNorm1d(c_out)] if norm else []
    return nn.Sequential(*layers, nn.LeakyReLU(0.2))


def _up(c_in: int, c_out: int, kernel_size: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Upsample(scale_factor=2),
        nn.Conv1d(c_in, c_out, kernel_size, padding=kernel_size // 2),
        nn.BatchNorm1d(c_out),
        nn.ReLU(),
    )


class EncoderDecoder(nn.Module):
    """Strided-convolution encoder and upsampling decoder for spectra of any length.

    The spectrum is padded to a multiple of ``2 ** len(channels)`` and the output
    cropped back. The latent map can be changed between the two halves:
    ``z`` (DAGAN's noise vector) is projected onto the latent map and added;
    ``latent_mask`` (LTSA's damage) zeroes latent positions.

    Parameters
    ----------
    n_points : int
        Spectrum length.
    channels : tuple of int, default=(16, 32, 64)
        Channels of the encoder's stages (the decoder mirrors them).
    kernel_size : int, default=5
        Kernel of every convolution.
    latent_dim : int, default=0
        Size of the noise vector ``z``; 0 takes none.
    skips : bool, default=True
        U-Net skip connections from each encoder stage to its decoder stage
        (DAGAN's UResNet generator has them; LTSA's damage would be bypassed
        by them, so it has none).
    """

    def __init__(
        self,
        n_points: int,
        channels: tuple[int, ...] = (16, 32, 64),
        kernel_size: int = 5,
        latent_dim: int = 0,
        skips: bool = True,
    ) -> None:
        super().__init__()
        self.n_points, self.skips = n_points, skips
        self.padded = math.ceil(n_points / 2 ** len(channels)) * 2 ** len(channels)
        self.latent_length = self.padded // 2 ** len(channels)
        widths = (1, *channels)
        self.encoder = nn.ModuleList(_down(a, b, kernel_size, norm=True) for a, b in zip(widths, widths[1:]))
        self.noise = nn.Linear(latent_dim, channels[-1] * self.latent_length) if latent_dim else None
        ups = []
        for level in range(len(channels) - 1, -1, -1):
            c_in = widths[level + 1] * (2 if skips and level < len(channels) - 1 else 1)
            ups.append(_up(c_in, max(widths[level], channels[0]), kernel_size))
        self.decoder = nn.ModuleList(ups)
        self.outlet = nn.Conv1d(channels[0] + (1 if skips else 0), 1, 1)

    def encode(self, x: torch.Tensor) -> list[torch.Tensor]:
        h = F.pad(x.unsqueeze(1), (0, self.padded - self.n_points))
        stages = []
        for stage in self.encoder:
            h = stage(h)
            stages.append(h)
        return stages

    def forward(
        self, x: torch.Tensor, z: torch.Tensor | None = None, latent_mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        """Spectra ``(n, n_points)`` to spectra; ``latent_mask`` is ``(n, latent_length)``."""
        stages = self.encode(x)
        h = stages[-1]
        if z is not None:
            h = h + self.noise(z).view_as(h)
        if latent_mask is not None:
            h = h * latent_mask.unsqueeze(1)
        for i, up in enumerate(self.decoder):
            if self.skips and i > 0:
                h = torch.cat([h, stages[len(stages) - 1 - i]], dim=1)
            h = up(h)
        if self.skips:
            h = torch.cat([h, F.pad(x.unsqueeze(1), (0, self.padded - self.n_points))], dim=1)
        return self.outlet(h)[:, 0, : self.n_points]


class LabelledGenerator(nn.Module):
    """CWGAN's generator: a noise vector and a class label to a spectrum.

    The label's embedding is concatenated with the noise, a dense layer makes a
    short map of ``channels[0]`` channels, and upsampling convolutions grow it to
    the spectrum's length.
    """

    def __init__(
        self,
        n_points: int,
        n_classes: int,
        latent_dim: int = 64,
        channels: tuple[int, ...] = (64, 32, 16),
        kernel_size: int = 5,
    ) -> None:
        super().__init__()
        self.n_points = n_points
        self.length = math.ceil(n_points / 2 ** len(channels))
        self.channels = channels
        self.label = nn.Embedding(n_classes, latent_dim)
        self.dense = nn.Sequential(nn.Linear(2 * latent_dim, channels[0] * self.length), nn.ReLU())
        widths = (*channels, channels[-1])
        self.ups = nn.Sequential(*(_up(a, b, kernel_size) for a, b in zip(widths, widths[1:])))
        self.outlet = nn.Conv1d(channels[-1], 1, 1)

    def forward(self, z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        h = self.dense(torch.cat([z, self.label(labels)], dim=1)).view(len(z), self.channels[0], self.length)
        return self.outlet(self.ups(h))[:, 0, : self.n_points]


class Critic(nn.Module):
    """WGAN critic: strided convolutions to one unbounded score per input.

    ``in_channels`` spectra are stacked as channels (DAGAN's critic sees a pair).
    With ``n_classes``, the label enters as one more channel: a learned profile
    along the spectrum for each class (CWGAN's conditional critic).
    """

    def __init__(
        self,
        n_points: int,
        in_channels: int = 1,
        n_classes: int | None = None,
        channels: tuple[int, ...] = (16, 32, 64),
        kernel_size: int = 5,
    ) -> None:
        super().__init__()
        self.label = nn.Embedding(n_classes, n_points) if n_classes else None
        widths = (in_channels + (1 if n_classes else 0), *channels)
        self.body = nn.Sequential(*(_down(a, b, kernel_size, norm=False) for a, b in zip(widths, widths[1:])))
        length = n_points
        for _ in channels:
            length = math.ceil(length / 2)
        self.head = nn.Linear(channels[-1] * length, 1)

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        """Scores ``(n,)`` of inputs ``(n, in_channels, n_points)``."""
        if self.label is not None:
            x = torch.cat([x, self.label(labels).unsqueeze(1)], dim=1)
        return self.head(self.body(x).flatten(1))[:, 0]
