"""TeaNetClassifier: task-enhanced augmentation network (paper Sec. 3, Algorithm 1)."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import torch
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions

from ..masking import SpectrumMasker
from ..utils._docstring import Substitution
from ..utils._torch import torch_threads
from .base import PREDICT_BATCH_SIZE, BaseNeuralClassifier
from .docstrings import SHARED_PARAMETERS_DOC
from .teanet_net import TeaNetNet

__all__ = ["TeaNetClassifier"]


@Substitution(shared_parameters=SHARED_PARAMETERS_DOC)
class TeaNetClassifier(BaseNeuralClassifier):
    """Few-shot spectrum classifier that learns its own augmentation.

    A reconstruction module (1-D U-Net) fills randomly masked segments of the
    training spectra; the classification module (double-pyramid LeNet) learns
    from the originals and the reconstructions together. Because the
    reconstruction module is also trained to keep its repairs classifiable, the
    repairs are class-preserving variations of the few spectra there are.
    Prediction uses the classification module alone.

    The defaults train as the authors' code does where that was measured
    better (the reconstruction loss summed over each spectrum, masked copies
    drawn once per fit), with a slim U-Net, one copy per spectrum and 100
    epochs, sized for a CPU. The paper's whole recipe is
    ``TeaNetClassifier(**PAPER_SETTINGS["teanet"])`` (hours per fit on a CPU).
    The user guide's "TeaNet" page says what each choice does.

    Parameters
    ----------
    architecture : {"fig5b", "fig5a"}, default="fig5b"
        Classification module preset: Fig. 5b (one block, RRUFF_IR and ReLab) or
        Fig. 5a (five blocks and a dense layer, USGS and synthetic data).
    channels : sequence of int or None, default=None
        Channels per block of the classification module, overriding the preset.
    kernel_size : int or None, default=None
        First kernel size of the classification module, overriding the preset.
    masker : SpectrumMasker or None, default=None
        Masking scheme; None means the paper's MS4 with tau ~ U(0.3, 0.7) and
        masked points set to -1. Grid-search it as ``masker__tau``.
    n_masks : int, default=1
        Masked copies of every training spectrum per epoch (the paper's x n,
        10 in the paper).
    masks : {"fresh", "fixed"}, default="fixed"
        "fixed" draws ``n_masks`` masks per training spectrum once per fit, from
        ``random_state``, and reuses them in every epoch (the authors' code);
        "fresh" draws new masks for every step.
    reconstruction_depth : int, default=4
        Down (and up) steps of the U-Net (5 in the paper).
    reconstruction_channels : int, default=8
        Channels of the U-Net's first stage (16 in the paper).
    reconstruction_width : int, default=2
        Convolutions per U-Net stage (3 in the paper).
    reconstruction_kernel_size : int, default=9
        Kernel size of the U-Net's convolutions.
    reconstruction_checkpoint : bool, default=False
        Recompute the U-Net's inner activations in the backward pass instead of
        keeping them: less peak memory for about a third more U-Net compute
        (the user guide's "Performance" page).
    reconstruction_max_channels : int or None, default=None
        Stop doubling the U-Net's channels at this many (None: double at every
        down step, as the paper does): its depth at a fraction of its cost.
    gamma : float, default=0.3
        Weight of the reconstruction loss in the reconstruction module's loss
        ``gamma * L_R + (1 - gamma) * L_C``.
    training : {"joint", "alternating", "separate", "warm"}, default="joint"
        Schedule; see :class:`~sklearn_teanet.training.teanet_net.TeaNetNet`.
        ``"warm"`` pre-trains the reconstruction module on masked
        reconstruction alone, then trains both modules jointly.
    reconstruction_epochs : int or None, default=None
        For ``training="separate"`` or ``"warm"``, epochs of reconstruction-only
        training before ``max_epochs`` of classifier (or joint) training; None
        means ``max_epochs_`` for "separate" and ``max_epochs_ // 4`` for "warm".
    reconstruction_loss : {"mse", "sse", "l2"}, default="sse"
        ``L_R``, averaged over the batch: the squared error per point ("mse"),
        summed over each spectrum ("sse", the authors' code: the number of
        points times "mse", so ``L_R`` weighs that much more against the
        cross-entropy), or each spectrum's Euclidean error norm ("l2",
        Algorithm 1 as printed).
    inpaint : bool, default=False
        Keep each masked copy's unmasked points in its repair, so that only
        the masked segment comes from the reconstruction module
        (``m * x + (1 - m) * R(x_bar)``); the paper uses the whole ``R(x_bar)``.
    repair_weight : float, default=1.0
        Weight of a repair's term in the classifier's cross-entropy against an
        original's; 1 weighs every spectrum of the batch alike, as the paper does.
    augmentation : {None, "mixup"}, default=None
        ``"mixup"`` mixes the classifier's batch of originals and reconstructions
        with a shuffled copy of itself (MixUp on top of TeaNet; not in the paper).
    mixup_alpha : float, default=1.0
        MixUp draws its weight from Beta(alpha, alpha).
    test_time_masks : int, default=0
        Test-time augmentation with the reconstruction module: average the
        classifier's probabilities over each spectrum and this many repairs of
        masked copies of it (masks drawn from a fixed seed, so predictions are
        reproducible). 0 classifies the spectrum alone, as the paper does. It
        only changes prediction, so it can be set on a fitted model.
    max_epochs : int or "auto", default="auto"
        Training epochs (300 in the paper). "auto" trains 100 epochs, or more
        on a small data set, so that training takes at least 300 optimizer
        steps (the fitted ``max_epochs_``).
    batch_size : int or "auto", default="auto"
        Original spectra per step; each step also reconstructs
        ``n_masks`` masked copies of each. "auto" takes 64, or a quarter of the
        training spectra when that is smaller (at least 8), so that a small data
        set still gives several optimizer steps per epoch.
    lr : float, default=1e-3
        Adam learning rate of the classification module (1e-4 in the paper).
    reconstruction_lr : float, default=1e-3
        Adam learning rate of the reconstruction module.
    {shared_parameters}
    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_features_in_ : int
        Points per spectrum.
    net_ : TeaNetNet
        The fitted skorch net; ``net_.module_`` is the classification module and
        ``net_.reconstruction_module_`` the reconstruction module.
    history_ : skorch.History
        Losses and accuracies per epoch.
    best_epoch_ : int or None
        Epoch chosen on validation.
    batch_size_ : int
        Original spectra per step (``batch_size``, or the one "auto" chose).
    max_epochs_ : int
        Epochs planned (``max_epochs``, or the number "auto" chose).
    masker_ : SpectrumMasker
        The fitted masker.
    intensity_scale_ : float
        Largest absolute intensity of the training spectra. Both modules (and
        the masker's ``fill_value``) see spectra divided by it, so raw counts
        train as normalised spectra do; :meth:`reconstruct` and :meth:`augment`
        return spectra in the caller's unit.

    Examples
    --------
    >>> from sklearn_teanet import LorentzSpectraGenerator, TeaNetClassifier
    >>> data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=6, n_points=64,
    ...                                theta=10, random_state=0).generate()
    >>> clf = TeaNetClassifier(channels=(4,), reconstruction_depth=2, reconstruction_channels=4,
    ...                        n_masks=2, max_epochs=2, random_state=0)
    >>> clf.fit(data.data, data.target).predict(data.data[:2]).shape
    (2,)
    """

    #: Epochs of ``max_epochs="auto"`` on a data set large enough to give 300 steps in them.
    _auto_epochs = 100

    _parameter_constraints: dict = {
        **BaseNeuralClassifier._parameter_constraints,
        "reconstruction_depth": [Interval(Integral, 1, None, closed="left")],
        "reconstruction_channels": [Interval(Integral, 1, None, closed="left")],
        "reconstruction_width": [Interval(Integral, 1, None, closed="left")],
        "reconstruction_kernel_size": [Interval(Integral, 1, None, closed="left")],
        "reconstruction_checkpoint": ["boolean"],
        "reconstruction_max_channels": [Interval(Integral, 1, None, closed="left"), None],
        "test_time_masks": [Interval(Integral, 0, None, closed="left")],
        "gamma": [Interval(Real, 0, 1, closed="both")],
        "training": [StrOptions({"joint", "alternating", "separate", "warm"})],
        "reconstruction_epochs": [Interval(Integral, 0, None, closed="left"), None],
        "reconstruction_loss": [StrOptions({"mse", "sse", "l2"})],
        "reconstruction_lr": [Interval(Real, 0, None, closed="neither")],
        "inpaint": ["boolean"],
        "repair_weight": [Interval(Real, 0, None, closed="left")],
        "augmentation": [StrOptions({"mixup"}), None],
        "mixup_alpha": [Interval(Real, 0, None, closed="neither")],
    }

    def __init__(
        self,
        architecture: str = "fig5b",
        channels=None,
        kernel_size: int | None = None,
        masker: SpectrumMasker | None = None,
        n_masks: int = 1,
        reconstruction_depth: int = 4,
        reconstruction_channels: int = 8,
        reconstruction_width: int = 2,
        reconstruction_kernel_size: int = 9,
        reconstruction_checkpoint: bool = False,
        reconstruction_max_channels: int | None = None,
        gamma: float = 0.3,
        training: str = "joint",
        reconstruction_epochs: int | None = None,
        reconstruction_loss: str = "sse",
        inpaint: bool = False,
        repair_weight: float = 1.0,
        augmentation: str | None = None,
        mixup_alpha: float = 1.0,
        test_time_masks: int = 0,
        max_epochs: int | str = "auto",
        batch_size: int | str = "auto",
        lr: float = 1e-3,
        lr_schedule: str = "cosine",
        masks: str = "fixed",
        reconstruction_lr: float = 1e-3,
        validation_fraction: float = 0.0,
        refit: bool = False,
        max_time: float | None = None,
        callbacks: list | None = None,
        shift: int = 0,
        noise: float = 0.0,
        combine: float = 0.0,
        precision: str = "fp32",
        device: str | torch.device = "cpu",
        n_threads: int | None = None,
        class_weight: dict | str | None = None,
        random_state=None,
        verbose: int = 0,
    ) -> None:
        self.architecture = architecture
        self.channels = channels
        self.kernel_size = kernel_size
        self.masker = masker
        self.n_masks = n_masks
        self.reconstruction_depth = reconstruction_depth
        self.reconstruction_channels = reconstruction_channels
        self.reconstruction_width = reconstruction_width
        self.reconstruction_kernel_size = reconstruction_kernel_size
        self.reconstruction_checkpoint = reconstruction_checkpoint
        self.reconstruction_max_channels = reconstruction_max_channels
        self.gamma = gamma
        self.training = training
        self.reconstruction_epochs = reconstruction_epochs
        self.reconstruction_loss = reconstruction_loss
        self.inpaint = inpaint
        self.repair_weight = repair_weight
        self.augmentation = augmentation
        self.mixup_alpha = mixup_alpha
        self.test_time_masks = test_time_masks
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.lr_schedule = lr_schedule
        self.masks = masks
        self.reconstruction_lr = reconstruction_lr
        self.validation_fraction = validation_fraction
        self.refit = refit
        self.max_time = max_time
        self.callbacks = callbacks
        self.shift = shift
        self.noise = noise
        self.combine = combine
        self.precision = precision
        self.device = device
        self.n_threads = n_threads
        self.class_weight = class_weight
        self.random_state = random_state
        self.verbose = verbose

    def _default_masker(self) -> SpectrumMasker:
        return SpectrumMasker() if self.masker is None else self.masker

    def _implicit_masker(self) -> SpectrumMasker:
        return SpectrumMasker()

    def _check_common(self, X: np.ndarray, y: np.ndarray) -> None:
        super()._check_common(X, y)
        # Each down step halves the spectrum; below one point the deepest stages pool nothing real.
        deepest = X.shape[1] / 2**self.reconstruction_depth
        if deepest < 1 and X.shape[1] > 1:  # one point is the masker's error to report
            fits = int(np.log2(X.shape[1]))
            raise ValueError(
                f"reconstruction_depth={self.reconstruction_depth} halves {X.shape[1]}-point spectra to "
                f"{deepest:.2g} points at the bottom of the U-Net; use reconstruction_depth <= {fits}."
            )

    def _net_class(self):
        return TeaNetNet

    def _pretrain_epochs(self) -> int:
        if self.reconstruction_epochs is not None and self.training in ("separate", "warm"):
            return self.reconstruction_epochs
        return {"separate": self.max_epochs_, "warm": self.max_epochs_ // 4}.get(self.training, 0)

    def _net_params(self) -> dict:
        return {
            "reconstruction_module__depth": self.reconstruction_depth,
            "reconstruction_module__base_channels": self.reconstruction_channels,
            "reconstruction_module__width": self.reconstruction_width,
            "reconstruction_module__kernel_size": self.reconstruction_kernel_size,
            "reconstruction_module__checkpoint": self.reconstruction_checkpoint,
            "reconstruction_module__max_channels": self.reconstruction_max_channels,
            "reconstruction_optimizer__lr": self.reconstruction_lr,
            "reconstruction_optimizer__fused": True,
            "gamma": self.gamma,
            "training": self.training,
            "reconstruction_epochs": self._pretrain_epochs(),
            "reconstruction_loss": self.reconstruction_loss,
            "inpaint": self.inpaint,
            "repair_weight": self.repair_weight,
            "augmentation": self.augmentation,
            "mixup_alpha": self.mixup_alpha,
            "max_epochs": self.max_epochs_ + self._pretrain_epochs(),
        }

    # ------------------------------------------------------------- prediction
    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, averaged over ``test_time_masks`` repairs if that is set.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra to classify, one per row.

        Returns
        -------
        proba : ndarray of shape (n_spectra, n_classes)
            Columns follow ``classes_``.
        """
        X = self._validate_X(X)
        proba = self._proba(X)
        rng = np.random.RandomState(0)  # the same masks at every call: predictions are reproducible
        for _ in range(self.test_time_masks):
            proba += self._proba(self._repair(X, self.masker_.sample_masks(*X.shape, random_state=rng)))
        return proba / (1 + self.test_time_masks)

    # ------------------------------------------------------------ augmentation
    def reconstruct(self, X, masks: np.ndarray | None = None, random_state=None) -> tuple[np.ndarray, np.ndarray]:
        """Mask spectra and let the fitted reconstruction module repair them.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra.
        masks : ndarray of bool of shape (n_spectra, n_points), default=None
            Points to mask; drawn with the fitted masker when None.
        random_state : int, RandomState instance or None, default=None
            Seed of the drawn masks.

        Returns
        -------
        X_reconstructed : ndarray of shape (n_spectra, n_points)
            The repaired spectra (augmented samples, as in the paper's Fig. 9).
        masks : ndarray of bool of shape (n_spectra, n_points)
            The masks that were applied.
        """
        return self._reconstruct(self._validate_X(X), masks, random_state)

    def _reconstruct(self, X: np.ndarray, masks, random_state) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`reconstruct` of validated spectra; the repairs come back in the caller's intensity unit."""
        if masks is None:
            masks = self.masker_.sample_masks(*X.shape, random_state=check_random_state(random_state))
        masks = np.asarray(masks, dtype=bool)
        if masks.shape != X.shape:
            raise ValueError(f"masks has shape {masks.shape}, but X has shape {X.shape}.")
        return self._repair(X, masks) * np.float32(self.intensity_scale_), masks

    def _repair(self, X: np.ndarray, masks: np.ndarray) -> np.ndarray:
        """The reconstruction module's repair of validated spectra (in units of the training peak) under masks."""
        X_masked = np.where(masks, np.float32(self.masker_.fill_value), X)
        net = self.net_
        net.reconstruction_module_.eval()
        # Prediction batches, not training ones: a small set trains in batches of 8, which repairs slowly.
        n_chunks = max(1, len(X_masked) // PREDICT_BATCH_SIZE)
        with torch_threads(self.n_threads), torch.inference_mode():
            chunks = zip(np.array_split(X_masked, n_chunks), np.array_split(masks, n_chunks))
            out = [net.repairs(*(torch.as_tensor(a, device=net.device) for a in pair)).float() for pair in chunks]
        return torch.cat(out).cpu().numpy()

    def augment(self, X, n_augment: int = 4, random_state=None) -> tuple[np.ndarray, np.ndarray]:
        """Draw ``n_augment`` augmented versions of every spectrum.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra.
        n_augment : int, default=4
            Augmented spectra per input spectrum.
        random_state : int, RandomState instance or None, default=None
            Seed of the masks.

        Returns
        -------
        X_augmented : ndarray of shape (n_spectra, n_augment, n_points)
        masks : ndarray of bool of shape (n_spectra, n_augment, n_points)
        """
        X = self._validate_X(X)
        n, n_points = X.shape
        if not isinstance(n_augment, Integral) or n_augment < 1:
            raise ValueError(f"n_augment must be a positive integer, got {n_augment!r}.")
        X_hat, masks = self._reconstruct(np.repeat(X, n_augment, axis=0), None, random_state)
        return X_hat.reshape(n, n_augment, n_points), masks.reshape(n, n_augment, n_points)
