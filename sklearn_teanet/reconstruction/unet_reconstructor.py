"""UNetReconstructor: the settings of the reconstruction module (paper Fig. 6) and of how it learns."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions

from ..utils._settings import Settings

__all__ = ["UNetReconstructor"]


class UNetReconstructor(Settings):
    """The 1-D U-Net that repairs masked spectra, and how TeaNet trains it.

    The defaults are a slim U-Net sized for a CPU; the paper's is
    ``UNetReconstructor(depth=5, channels=16, width=3)``. Grid-search any
    setting through the classifier, e.g. ``reconstructor__depth``.

    Parameters
    ----------
    depth : int, default=4
        Down (and up) steps of the U-Net (5 in the paper).
    channels : int, default=8
        Channels of the U-Net's first stage; each down step doubles them (16 in the paper).
    width : int, default=2
        Convolutions per U-Net stage (3 in the paper).
    kernel_size : int, default=9
        Kernel size of the U-Net's convolutions.
    max_channels : int or None, default=None
        Stop doubling the channels at this many (None: double at every down
        step, as the paper does): its depth at a fraction of its cost.
    checkpoint : bool, default=False
        Recompute the U-Net's inner activations in the backward pass instead of
        keeping them: less peak memory for about a third more U-Net compute
        (the user guide's "Performance" page).
    lr : float, default=1e-3
        Adam learning rate of the reconstruction module.
    loss : {"sse", "mse", "l2"}, default="sse"
        ``L_R``, averaged over the batch: the squared error summed over each
        spectrum ("sse", the authors' code: the number of points times "mse",
        so ``L_R`` weighs that much more against the cross-entropy), per point
        ("mse"), or each spectrum's Euclidean error norm ("l2", Algorithm 1 as printed).
    schedule : {"joint", "alternating", "separate", "warm"}, default="joint"
        When the reconstruction module learns. "joint" updates both modules on
        every step (Algorithm 1); "alternating" is the authors' schedule (even
        epochs only the reconstruction module, odd epochs only the classifier);
        "separate" trains it on ``L_R`` alone for ``pretrain_epochs``, then
        freezes it while the classifier trains (Table 5); "warm" pre-trains the
        same way, then trains both modules jointly.
    pretrain_epochs : int or None, default=None
        Epochs of reconstruction-only training before the classifier's
        ``max_epochs``, for "separate" and "warm"; None means ``max_epochs`` for
        "separate" and a quarter of it for "warm".
    inpaint : bool, default=False
        Keep each masked copy's unmasked points in its repair, so that only the
        masked segment comes from the U-Net (``m * x + (1 - m) * R(x_bar)``); the
        paper uses the whole ``R(x_bar)``.

    Examples
    --------
    >>> from sklearn_teanet import TeaNetClassifier, UNetReconstructor
    >>> paper_unet = UNetReconstructor(depth=5, channels=16, width=3)
    >>> TeaNetClassifier(reconstructor=paper_unet).get_params()["reconstructor__depth"]
    5
    """

    _parameter_constraints: dict = {
        "depth": [Interval(Integral, 1, None, closed="left")],
        "channels": [Interval(Integral, 1, None, closed="left")],
        "width": [Interval(Integral, 1, None, closed="left")],
        "kernel_size": [Interval(Integral, 1, None, closed="left")],
        "max_channels": [Interval(Integral, 1, None, closed="left"), None],
        "checkpoint": ["boolean"],
        "lr": [Interval(Real, 0, None, closed="neither")],
        "loss": [StrOptions({"mse", "sse", "l2"})],
        "schedule": [StrOptions({"joint", "alternating", "separate", "warm"})],
        "pretrain_epochs": [Interval(Integral, 0, None, closed="left"), None],
        "inpaint": ["boolean"],
    }

    def __init__(
        self,
        depth: int = 4,
        channels: int = 8,
        width: int = 2,
        kernel_size: int = 9,
        max_channels: int | None = None,
        checkpoint: bool = False,
        lr: float = 1e-3,
        loss: str = "sse",
        schedule: str = "joint",
        pretrain_epochs: int | None = None,
        inpaint: bool = False,
    ) -> None:
        self.depth = depth
        self.channels = channels
        self.width = width
        self.kernel_size = kernel_size
        self.max_channels = max_channels
        self.checkpoint = checkpoint
        self.lr = lr
        self.loss = loss
        self.schedule = schedule
        self.pretrain_epochs = pretrain_epochs
        self.inpaint = inpaint

    def module_params(self) -> dict:
        """Keyword arguments of :class:`~sklearn_teanet.nn.ReconstructionModule`.

        Returns
        -------
        params : dict
        """
        return {
            "depth": self.depth,
            "base_channels": self.channels,
            "width": self.width,
            "kernel_size": self.kernel_size,
            "checkpoint": self.checkpoint,
            "max_channels": self.max_channels,
        }

    def epochs_before(self, max_epochs: int) -> int:
        """Reconstruction-only epochs before ``max_epochs`` of training (0 unless "separate" or "warm").

        Parameters
        ----------
        max_epochs : int
            Epochs of the classifier's training.

        Returns
        -------
        epochs : int
        """
        if self.schedule not in ("separate", "warm"):
            return 0
        if self.pretrain_epochs is not None:
            return self.pretrain_epochs
        return max_epochs if self.schedule == "separate" else max_epochs // 4

    def check_points(self, n_points: int, owner: str = "reconstructor") -> None:
        """Refuse spectra too short for the U-Net's depth, naming the setting to change.

        Parameters
        ----------
        n_points : int
            Points per spectrum.
        owner : str, default="reconstructor"
            How the error names these settings.

        Raises
        ------
        ValueError
            When ``depth`` halves the spectra below one point.
        """
        # Each down step halves the spectrum; below one point the deepest stages pool nothing real.
        deepest = n_points / 2**self.depth
        if deepest < 1 and n_points > 1:  # one point is the masker's error to report
            raise ValueError(
                f"{owner}.depth={self.depth} halves {n_points}-point spectra to {deepest:.2g} points at the "
                f"bottom of the U-Net; use depth <= {int(np.log2(n_points))}."
            )
