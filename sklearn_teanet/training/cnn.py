"""CNNClassifier: the classification module alone (CNN_Full, CNN_Partial, MixUp, CutMix)."""

from __future__ import annotations

from numbers import Real

import torch
from sklearn.utils._param_validation import Interval, StrOptions

from ..masking import SpectrumMasker
from ..utils._docstring import Substitution
from .base import BaseNeuralClassifier
from .cnn_net import CNNNet
from .docstrings import SHARED_PARAMETERS_DOC

__all__ = ["CNNClassifier"]


@Substitution(shared_parameters=SHARED_PARAMETERS_DOC)
class CNNClassifier(BaseNeuralClassifier):
    """Double-pyramid LeNet trained alone: the paper's CNN baselines.

    ============================================  ==============
    settings                                      paper's name
    ============================================  ==============
    defaults                                      CNN_Full
    ``masker=SpectrumMasker()``                   CNN_Partial
    ``augmentation="mixup"``                      MixUp
    ``augmentation="cutmix"``                     CutMix
    ============================================  ==============

    CNN_Partial trains on every spectrum plus ``n_masks`` freshly masked copies
    of it per step, the same batches TeaNet builds, minus the reconstruction.
    CutMix fills the masker's segments (MS4 by default) with the same points of
    another spectrum of the batch.

    The defaults (learning rate 1e-3 annealed over 60 epochs) train CNN_Full on
    RRUFF_IR in about a minute on 2 cores; the paper's settings are
    ``CNNClassifier(**PAPER_SETTINGS["cnn"])``.

    Parameters
    ----------
    architecture : {"fig5b", "fig5a"}, default="fig5b"
        Classification module preset: Fig. 5b (one block, RRUFF_IR and ReLab) or
        Fig. 5a (five blocks and a dense layer, USGS and synthetic data).
    channels : sequence of int or None, default=None
        Channels per block, overriding the preset.
    kernel_size : int or None, default=None
        First kernel size, overriding the preset's 21.
    masker : SpectrumMasker or None, default=None
        Masks for CNN_Partial, or the cut segments of CutMix.
    n_masks : int, default=1
        Masked copies of each spectrum per step (CNN_Partial).
    masks : {"fresh", "fixed"}, default="fresh"
        With a masker: "fresh" draws new masks for every step; "fixed" draws
        ``n_masks`` masks per training spectrum once per fit, from
        ``random_state``, and reuses them in every epoch (the authors' code).
    augmentation : {None, "mixup", "cutmix"}, default=None
        Batch-level augmentation.
    mixup_alpha : float, default=1.0
        MixUp draws its weight from Beta(alpha, alpha).
    max_epochs : int or "auto", default="auto"
        Training epochs (300 in the paper). "auto" trains 60 epochs, or more
        on a small data set, so that training takes at least 300 optimizer
        steps (the fitted ``max_epochs_``).
    batch_size : int or "auto", default="auto"
        Original spectra per step. "auto" takes 64, or a quarter of the
        training spectra when that is smaller (at least 8), so that a small data
        set still gives several optimizer steps per epoch.
    lr : float, default=1e-3
        Adam learning rate (1e-4 in the paper).
    {shared_parameters}
    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_features_in_ : int
        Points per spectrum.
    net_ : CNNNet
        The fitted skorch net.
    history_ : skorch.History
        Losses and accuracies per epoch.
    best_epoch_ : int or None
        Epoch chosen on validation.
    batch_size_ : int
        Original spectra per step (``batch_size``, or the one "auto" chose).
    max_epochs_ : int
        Epochs planned (``max_epochs``, or the number "auto" chose).
    masker_ : SpectrumMasker or None
        The fitted masker.
    intensity_scale_ : float
        Largest absolute intensity of the training spectra. The network (and
        the masker's ``fill_value``) sees spectra divided by it, so any
        intensity unit trains alike.

    Examples
    --------
    >>> from sklearn_teanet import CNNClassifier, LorentzSpectraGenerator
    >>> data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=6, n_points=64,
    ...                                theta=10, random_state=0).generate()
    >>> clf = CNNClassifier(channels=(4,), max_epochs=2, random_state=0)
    >>> clf.fit(data.data, data.target).predict(data.data[:2]).shape
    (2,)
    """

    #: Epochs of ``max_epochs="auto"`` on a data set large enough to give 300 steps in them.
    _auto_epochs = 60

    _parameter_constraints: dict = {
        **BaseNeuralClassifier._parameter_constraints,
        "augmentation": [StrOptions({"mixup", "cutmix"}), None],
        "mixup_alpha": [Interval(Real, 0, None, closed="neither")],
    }

    def __init__(
        self,
        architecture: str = "fig5b",
        channels=None,
        kernel_size: int | None = None,
        masker: SpectrumMasker | None = None,
        n_masks: int = 1,
        augmentation: str | None = None,
        mixup_alpha: float = 1.0,
        max_epochs: int | str = "auto",
        batch_size: int | str = "auto",
        lr: float = 1e-3,
        lr_schedule: str = "cosine",
        masks: str = "fresh",
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
        self.augmentation = augmentation
        self.mixup_alpha = mixup_alpha
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.lr_schedule = lr_schedule
        self.masks = masks
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

    def _check_params(self) -> None:
        if self.augmentation == "mixup" and self.masker is not None:
            raise ValueError("masker is unused with augmentation='mixup'; set masker=None.")

    def _default_masker(self) -> SpectrumMasker | None:
        # CutMix needs segments to cut; the paper's MS4 unless told otherwise.
        if self.augmentation == "cutmix" and self.masker is None:
            return SpectrumMasker()
        return self.masker

    def _net_class(self):
        return CNNNet

    def _net_params(self) -> dict:
        return {"augmentation": self.augmentation, "mixup_alpha": self.mixup_alpha}
