"""Building blocks shared by the reconstruction and classification modules.

The layers are torch's 1-D layers with the same parameters (so ``state_dict``
and pickles are those of plain ``Conv1d`` networks), but they also accept a
spectrum batch laid out as a 4-D image of height 1, ``(n, channels, 1, points)``,
in channels-last memory. On a CPU that layout runs the convolutions on
oneDNN's fast 2-D kernels, which for this package's small channel counts are
1.5-2x faster than ``conv1d`` (benchmarks/README.md, "Roofline"). The gain comes
only if the whole module stays in that layout, so the modules convert once at
their input (:func:`as_channels`) and once at their output.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

__all__ = [
    "BatchNorm1d",
    "ConvTranspose1d",
    "Conv1d",
    "MaxPool1d",
    "as_channels",
    "ConvBNReLU",
    "conv_bn_relu",
    "FlattenFeatures",
    "as_spectra",
    "flatten_features",
    "spectrum_layout",
]

#: Layout of the feature maps per device type: "2d" keeps ``(n, c, 1, L)`` in
#: channels-last memory; "1d" is plain ``(n, c, L)``. CUDA keeps conv1d, which
#: we could not measure against the 2-D kernels on this project's machines.
LAYOUTS: dict[str, str] = {"cpu": "2d"}

#: Modules wider than this keep "1d" on every device: for 256-512 channels the
#: 2-D kernels were slower than conv1d (the paper-size U-Net's step took 1.4x
#: as long), while up to 128 channels they were as fast or faster.
MAX_2D_CHANNELS = 128


def spectrum_layout(device: torch.device | str, widest: int = 0) -> str:
    """The feature-map layout on ``device`` for a module whose widest layer has ``widest`` channels."""
    if widest > MAX_2D_CHANNELS:
        return "1d"
    return LAYOUTS.get(torch.device(device).type, "1d")


def _is_2d(x: torch.Tensor) -> bool:
    return x.dim() == 4


def _channels_last(x: torch.Tensor) -> torch.Tensor:
    # A one-channel map is ambiguous (its strides fit both layouts) and oneDNN
    # then answers in the plain layout, which every later layer would inherit.
    return x if x.is_contiguous(memory_format=torch.channels_last) else x.contiguous(memory_format=torch.channels_last)


class _ChannelsLastGradient(torch.autograd.Function):
    """Identity whose backward pass hands the gradient on in channels-last memory.

    Flattening a feature map copies it into the plain layout, so its gradient
    comes back plain; the layers before it would then run their backward passes
    on mixed layouts, which oneDNN does slowly.
    """

    @staticmethod
    def forward(ctx, x):
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return _channels_last(grad)


def flatten_features(h: torch.Tensor) -> torch.Tensor:
    """Flatten ``(n, c, L)`` or ``(n, c, 1, L)`` maps to ``(n, c * L)``, channel by channel,
    as ``nn.Flatten`` does on the 1-D layout (so the dense layer's weights mean the same)."""
    if _is_2d(h) and h.requires_grad:
        h = _ChannelsLastGradient.apply(h)
    return h.flatten(1)


class Conv1d(nn.Conv1d):
    """``torch.nn.Conv1d`` that also convolves ``(n, c, 1, L)`` maps along their last axis."""

    def forward(self, x: torch.Tensor, weight: torch.Tensor | None = None, bias: torch.Tensor | None = None):
        """Convolve ``x``; ``weight`` and ``bias`` replace the layer's own (folded batch norm)."""
        weight = self.weight if weight is None else weight
        bias = self.bias if bias is None else bias
        if not _is_2d(x):
            return self._conv_forward(x, weight, bias)
        if self._is_one_channel_same():
            return _one_channel_conv(x, weight, bias)
        padding = self.padding if isinstance(self.padding, str) else (0, self.padding[0])
        y = F.conv2d(x, weight.unsqueeze(2), bias, (1, self.stride[0]), padding, (1, self.dilation[0]), self.groups)
        return _channels_last(y)

    def _is_one_channel_same(self) -> bool:
        return (
            self.in_channels == 1
            and self.padding == "same"
            and self.stride == (1,)
            and self.dilation == (1,)
            and self.padding_mode == "zeros"
        )


def _one_channel_conv(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """A "same" convolution of one-channel maps ``(n, 1, 1, L)`` as one matrix product.

    The windows of the spectrum ``(n, L, k)`` times the kernels ``(k, c_out)``
    give ``(n, L, c_out)``, which is the channels-last memory of the output:
    2.5x faster than oneDNN's convolution of a single input channel, which also
    answers in the plain layout and needs a copy.
    """
    n, length = x.shape[0], x.shape[-1]
    c_out, _, k = weight.shape
    left = (k - 1) // 2  # torch's "same": the extra point of an even kernel goes right
    windows = F.pad(x.reshape(n, length), (left, k - 1 - left)).unfold(1, k, 1).reshape(n * length, k)
    kernels = weight.reshape(c_out, k).t()
    y = windows @ kernels if bias is None else torch.addmm(bias, windows, kernels)
    return y.view(n, 1, length, c_out).permute(0, 3, 1, 2)


class ConvTranspose1d(nn.ConvTranspose1d):
    """``torch.nn.ConvTranspose1d`` that also accepts ``(n, c, 1, L)`` maps."""

    def forward(self, x: torch.Tensor, output_size=None) -> torch.Tensor:
        if not _is_2d(x):
            return super().forward(x, output_size)
        y = F.conv_transpose2d(
            x,
            self.weight.unsqueeze(2),
            self.bias,
            (1, self.stride[0]),
            (0, self.padding[0]),
            (0, self.output_padding[0]),
            self.groups,
            (1, self.dilation[0]),
        )
        return _channels_last(y)


class BatchNorm1d(nn.BatchNorm1d):
    """``torch.nn.BatchNorm1d`` that also normalises ``(n, c, 1, L)`` maps per channel."""

    def _check_input_dim(self, x: torch.Tensor) -> None:
        if not _is_2d(x):
            super()._check_input_dim(x)


class MaxPool1d(nn.MaxPool1d):
    """``torch.nn.MaxPool1d`` that also pools ``(n, c, 1, L)`` maps along their last axis."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not _is_2d(x):
            return super().forward(x)
        if not torch.is_grad_enabled() and self._is_pairwise():
            # Prediction: the larger of each pair of points, without the argmax
            # indices max_pool2d computes for a backward pass (2.5x faster).
            if x.shape[-1] % 2:
                x = F.pad(x, (0, 1), value=float("-inf")) if self.ceil_mode else x[..., :-1]
            return torch.maximum(x[..., 0::2], x[..., 1::2])
        return F.max_pool2d(
            x, (1, self.kernel_size), (1, self.stride), (0, self.padding), (1, self.dilation), self.ceil_mode
        )

    def _is_pairwise(self) -> bool:
        return self.kernel_size == 2 and self.stride == 2 and self.padding == 0 and self.dilation == 1


class FlattenFeatures(nn.Flatten):
    """``nn.Flatten`` for feature maps in either layout; see :func:`flatten_features`."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return flatten_features(x)


class ConvBNReLU(nn.Sequential):
    """Conv1d with "same" padding, batch normalisation and ReLU.

    The convolution has no bias because the batch normalisation that follows
    would cancel it. In evaluation mode without autograd (prediction), the
    batch norm is folded into the convolution's weights: one pass over the
    maps instead of two, with the same result up to float rounding.
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int) -> None:
        super().__init__(
            Conv1d(in_channels, out_channels, kernel_size, padding="same", bias=False),
            BatchNorm1d(out_channels),
            nn.ReLU(inplace=True),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        conv, norm, relu = self
        if self.training or torch.is_grad_enabled() or not norm.track_running_stats:
            return relu(norm(conv(x)))
        scale = norm.weight * torch.rsqrt(norm.running_var + norm.eps)
        bias = norm.bias - norm.running_mean * scale
        return relu(conv(x, conv.weight * scale[:, None, None], bias))


conv_bn_relu = ConvBNReLU


def as_channels(x: torch.Tensor, widest: int = 0) -> torch.Tensor:
    """A batch of spectra ``(n, n_points)`` as one-channel maps in the layout of :func:`spectrum_layout`.

    ``(n, 1, n_points)`` for the "1d" layout, ``(n, 1, 1, n_points)`` in
    channels-last memory for "2d". A tensor that already has channels is
    returned as it is.
    """
    if x.dim() != 2:
        return x
    if spectrum_layout(x.device, widest) == "1d":
        return x.unsqueeze(1)
    return x[:, None, None, :].contiguous(memory_format=torch.channels_last)


def as_spectra(h: torch.Tensor) -> torch.Tensor:
    """One-channel maps in either layout back to spectra ``(n, n_points)``."""
    return h.reshape(h.shape[0], h.shape[-1])
