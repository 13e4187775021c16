"""DoublePyramidLeNet: the settings of the classification module (paper Fig. 5)."""

from __future__ import annotations

from numbers import Integral

from sklearn.utils._param_validation import Interval, StrOptions

from ..nn import INPUTS, PRESETS
from ..utils._settings import Settings

__all__ = ["DoublePyramidLeNet"]


class DoublePyramidLeNet(Settings):
    """The classification module's shape: one of the paper's presets, optionally resized.

    Parameters
    ----------
    architecture : {"fig5b", "fig5a"}, default="fig5b"
        Fig. 5b (one block and a linear head; RRUFF_IR and ReLab) or Fig. 5a
        (five blocks and a 2048-unit dense layer; USGS and synthetic data).
    channels : sequence of int or None, default=None
        Channels per convolution block, overriding the preset's (16,) or (16, ..., 256).
    kernel_size : int or None, default=None
        Kernel size of the first block, overriding the preset's 21.
    inputs : sequence of {"spectrum", "first_derivative", "second_derivative"}, default=("spectrum",)
        The module's input channels: the spectrum and/or its quadratic
        Savitzky-Golay derivatives, each derivative scaled to unit root mean
        square per spectrum. Computed inside the module, so ``X`` stays the
        spectra, a pipeline's preprocessing applies to them, and TeaNet's
        classifier takes the derivatives of its repairs.
    derivative_window : int, default=21
        Savitzky-Golay window of the derivatives (odd); 21 points is what the
        second-derivative correlation chose on RRUFF_IR's selection splits.

    Examples
    --------
    >>> from sklearn_teanet import CNNClassifier, DoublePyramidLeNet
    >>> CNNClassifier(module=DoublePyramidLeNet("fig5a", kernel_size=15)).module.architecture
    'fig5a'
    """

    _parameter_constraints: dict = {
        "architecture": [StrOptions(set(PRESETS))],
        "channels": ["array-like", None],
        "kernel_size": [Interval(Integral, 1, None, closed="left"), None],
        "inputs": ["array-like"],
        "derivative_window": [Interval(Integral, 3, None, closed="left")],
    }

    def __init__(
        self,
        architecture: str = "fig5b",
        channels=None,
        kernel_size: int | None = None,
        inputs=("spectrum",),
        derivative_window: int = 21,
    ) -> None:
        self.architecture = architecture
        self.channels = channels
        self.kernel_size = kernel_size
        self.inputs = inputs
        self.derivative_window = derivative_window

    def checked(self) -> DoublePyramidLeNet:
        """Check every parameter, and that ``channels`` holds positive integers.

        Returns
        -------
        self
        """
        super().checked()
        if self.channels is not None:
            channels = list(self.channels)
            if not channels or not all(isinstance(c, Integral) and c >= 1 for c in channels):
                raise ValueError(f"channels must be a non-empty sequence of positive integers, got {self.channels!r}.")
        inputs = [self.inputs] if isinstance(self.inputs, str) else list(self.inputs)
        if not inputs or len(set(inputs)) != len(inputs) or not set(inputs) <= set(INPUTS):
            raise ValueError(f"inputs must be distinct names from {sorted(INPUTS)}, got {self.inputs!r}.")
        if self.derivative_window % 2 == 0:
            raise ValueError(f"derivative_window must be odd, got {self.derivative_window!r}.")
        return self

    def module_params(self, n_points: int, n_classes: int) -> dict:
        """Keyword arguments of :class:`~sklearn_teanet.nn.ClassificationModule` for this data.

        Parameters
        ----------
        n_points : int
            Points per spectrum.
        n_classes : int
            Outputs of the module.

        Returns
        -------
        params : dict
        """
        overrides = {k: v for k, v in (("channels", self.channels), ("kernel_size", self.kernel_size)) if v is not None}
        inputs = (self.inputs,) if isinstance(self.inputs, str) else tuple(self.inputs)
        return {
            **PRESETS[self.architecture],
            **overrides,
            "inputs": inputs,
            "derivative_window": self.derivative_window,
            "n_points": n_points,
            "n_classes": n_classes,
        }
