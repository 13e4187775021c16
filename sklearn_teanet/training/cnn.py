"""CNNClassifier: the classification module alone (CNN_Full, CNN_Partial, MixUp, CutMix)."""

from __future__ import annotations

from ..augmentation import CutMix, Jitter, MaskedCopies, MixUp
from ..classification import DoublePyramidLeNet
from ..masking import SpectrumMasker
from ..utils._docstring import Substitution
from .base import BaseNeuralClassifier
from .cnn_net import CNNNet
from .docstrings import SHARED_PARAMETERS_DOC
from .parameters import with_shared_parameters

__all__ = ["CNNClassifier"]


@with_shared_parameters
@Substitution(shared_parameters=SHARED_PARAMETERS_DOC)
class CNNClassifier(BaseNeuralClassifier):
    """Double-pyramid LeNet trained alone: the paper's CNN baselines.

    ================================================  ==============
    settings                                          paper's name
    ================================================  ==============
    defaults                                          CNN_Full
    ``augmentation=MaskedCopies()``                   CNN_Partial
    ``augmentation=MixUp()``                          MixUp
    ``augmentation=CutMix()``                         CutMix
    ================================================  ==============

    CNN_Partial trains on every spectrum plus ``n_masks`` masked copies of it
    per step, the same batches TeaNet builds, minus the reconstruction.
    CutMix fills the masker's segments (MS4 by default) with the same points of
    another spectrum of the batch.

    The defaults (learning rate 1e-3 annealed over 60 epochs) train CNN_Full on
    RRUFF_IR in about a minute on 2 cores; the paper's settings are
    ``CNNClassifier(**PAPER_SETTINGS["cnn"])``.

    Parameters
    ----------
    module : DoublePyramidLeNet or None, default=None
        The classification module's shape; None is ``DoublePyramidLeNet()``,
        the paper's Fig. 5b. Grid-search it as ``module__channels``.
    augmentation : Jitter, MaskedCopies, MixUp, CutMix, a list of them, or None, default=None
        Augmentation of the training batches: a :class:`~sklearn_teanet.Jitter`
        of each spectrum and at most one batch-level kind. Grid-search its
        settings as ``augmentation__alpha`` (one object) or pass the whole list.
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
    >>> from sklearn_teanet import CNNClassifier, DoublePyramidLeNet, LorentzSpectraGenerator
    >>> data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=6, n_points=64,
    ...                                theta=10, random_state=0).generate()
    >>> clf = CNNClassifier(DoublePyramidLeNet(channels=(4,)), max_epochs=2, random_state=0)
    >>> clf.fit(data.data, data.target).predict(data.data[:2]).shape
    (2,)
    """

    #: Epochs of ``max_epochs="auto"`` on a data set large enough to give 300 steps in them.
    _auto_epochs = 60

    _augmentation_kinds = (Jitter, MaskedCopies, MixUp, CutMix)

    def __init__(
        self,
        module: DoublePyramidLeNet | None = None,
        augmentation: Jitter | MaskedCopies | MixUp | CutMix | list | None = None,
        **params,
    ) -> None:
        self.module = module
        self.augmentation = augmentation
        self._set_shared(params)  # max_epochs, lr, ..., random_state: declared once, in parameters.py

    def _default_masker(self) -> SpectrumMasker | None:
        batch = self._augmentation_plan().batch
        return batch.masker_or_default() if isinstance(batch, MaskedCopies | CutMix) else None

    def _masking(self) -> tuple[int, str]:
        batch = self._augmentation_plan().batch
        return (batch.n_masks, batch.masks) if isinstance(batch, MaskedCopies) else (1, "fresh")

    def _net_class(self):
        return CNNNet
