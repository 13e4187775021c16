"""The spectrum and its Savitzky-Golay derivatives as the input channels of the classification module."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from scipy.signal import savgol_coeffs
from torch import nn

from .layers import spectrum_layout
from .presets import INPUTS

__all__ = ["DerivativeChannels"]


class DerivativeChannels(nn.Module):
    """Spectra ``(n, n_points)`` to maps of the chosen channels, ``(n, c, n_points)`` or ``(n, c, 1, n_points)``.

    The derivatives are quadratic Savitzky-Golay filters with the ends filled by
    their nearest value (``scipy.signal.savgol_filter(..., mode="nearest")``: a
    fitted cubic at the ends gives derivatives far larger than the bands', see
    ``benchmarks/README.md``, "Calibrated fusion"). Each derivative is divided by
    its own root mean square, spectrum by spectrum: a second derivative is a
    hundred times smaller than the spectrum, and what tells minerals apart is its
    shape (Pearson correlation on it is the package's best non-learned method),
    not its size. The filters are fixed buffers, so the layer adds no weights and
    follows the module to its device; since it works on whatever spectrum it
    gets, TeaNet's classifier takes the derivatives of the repairs too.

    Parameters
    ----------
    inputs : sequence of {"spectrum", "first_derivative", "second_derivative"}
        The channels, in this order.
    window : int
        Savitzky-Golay window (odd, at least 3).
    widest : int, default=0
        Widest layer of the module, which decides the layout (``nn.layers.spectrum_layout``).
    """

    def __init__(self, inputs: Sequence[str], window: int, widest: int = 0) -> None:
        super().__init__()
        unknown = [name for name in inputs if name not in INPUTS]
        if unknown or not inputs or len(set(inputs)) != len(inputs):
            raise ValueError(f"inputs must be distinct names from {sorted(INPUTS)}, got {list(inputs)!r}.")
        if window < 3 or window % 2 == 0:
            raise ValueError(f"derivative_window must be an odd integer of at least 3, got {window!r}.")
        self.inputs = tuple(inputs)
        self.widest = widest
        orders = [INPUTS[name] for name in self.inputs if INPUTS[name] > 0]
        # "dot" orders the coefficients for a cross-correlation, which is what conv1d computes.
        kernels = (
            np.stack([savgol_coeffs(window, 2, deriv=d, use="dot") for d in orders])
            if orders
            else np.zeros((0, window))
        )
        self.register_buffer("kernels", torch.as_tensor(kernels, dtype=torch.float32)[:, None, :], persistent=False)

    @property
    def n_channels(self) -> int:
        """Number of input channels the layer makes."""
        return len(self.inputs)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """The maps of the chosen channels for a batch of spectra ``(n, n_points)``."""
        half = self.kernels.shape[-1] // 2
        derivatives = iter(())
        if len(self.kernels):
            d = F.conv1d(F.pad(x[:, None, :], (half, half), mode="replicate"), self.kernels.to(x.dtype))
            # The floor keeps a flat stretch's rounding noise (1e-8 of the spectrum) from being blown up to unit size.
            floor = 1e-5 * x.abs().amax(dim=1)[:, None, None] + torch.finfo(x.dtype).tiny
            d = d / torch.maximum(d.pow(2).mean(dim=2, keepdim=True).sqrt(), floor)
            derivatives = iter(d.unbind(1))
        maps = torch.stack([x if name == "spectrum" else next(derivatives) for name in self.inputs], dim=1)
        if spectrum_layout(x.device, self.widest) == "1d":
            return maps
        return maps[:, :, None, :].contiguous(memory_format=torch.channels_last)
