"""TeaNetClassifier: task-enhanced augmentation network (paper Sec. 3, Algorithm 1)."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import torch
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions

from ..augmentation import Jitter, MixUp
from ..classification import DoublePyramidLeNet
from ..masking import SpectrumMasker
from ..reconstruction import UNetReconstructor
from ..utils._docstring import Substitution
from ..utils._torch import torch_threads
from .base import PREDICT_BATCH_SIZE, BaseNeuralClassifier
from .docstrings import SHARED_PARAMETERS_DOC
from .parameters import with_shared_parameters
from .teanet_net import TeaNetNet

__all__ = ["TeaNetClassifier"]


@with_shared_parameters
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
    module : DoublePyramidLeNet or None, default=None
        The classification module's shape; None is ``DoublePyramidLeNet()``,
        the paper's Fig. 5b. Grid-search it as ``module__channels``.
    masker : SpectrumMasker or None, default=None
        Masking scheme; None means the paper's MS4 with tau ~ U(0.3, 0.7) and
        masked points set to -1. Grid-search it as ``masker__tau``.
    n_masks : int, default=1
        Masked copies of every training spectrum per epoch (the paper's x n,
        10 in the paper).
    masks : {"fixed", "fresh"}, default="fixed"
        "fixed" draws ``n_masks`` masks per training spectrum once per fit, from
        ``random_state``, and reuses them in every epoch (the authors' code);
        "fresh" draws new masks for every step.
    reconstructor : UNetReconstructor or None, default=None
        The reconstruction module and how it learns (its shape, learning rate,
        loss ``L_R``, schedule, inpainting); None is ``UNetReconstructor()``, a
        slim U-Net. Grid-search it as ``reconstructor__depth``.
    gamma : float, default=0.3
        Weight of the reconstruction loss in the reconstruction module's loss
        ``gamma * L_R + (1 - gamma) * L_C``.
    repair_weight : float, default=1.0
        Weight of a repair's term in the classifier's cross-entropy against an
        original's; 1 weighs every spectrum of the batch alike, as the paper does.
    augmentation : Jitter, MixUp, a list of them, or None, default=None
        Augmentation besides the repairs: a :class:`~sklearn_teanet.Jitter`
        of the originals (before masking) and :class:`~sklearn_teanet.MixUp`
        of the classifier's batch of originals and repairs (not in the paper).
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
        Adam learning rate of the classification module (1e-4 in the paper);
        the reconstruction module's is ``reconstructor.lr``.
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
    >>> from sklearn_teanet import (DoublePyramidLeNet, LorentzSpectraGenerator, TeaNetClassifier,
    ...                             UNetReconstructor)
    >>> data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=6, n_points=64,
    ...                                theta=10, random_state=0).generate()
    >>> clf = TeaNetClassifier(DoublePyramidLeNet(channels=(4,)), n_masks=2,
    ...                        reconstructor=UNetReconstructor(depth=2, channels=4), max_epochs=2, random_state=0)
    >>> clf.fit(data.data, data.target).predict(data.data[:2]).shape
    (2,)
    """

    #: Epochs of ``max_epochs="auto"`` on a data set large enough to give 300 steps in them.
    _auto_epochs = 100

    _parameter_constraints: dict = {
        **BaseNeuralClassifier._parameter_constraints,
        "masker": [SpectrumMasker, None],
        "n_masks": [Interval(Integral, 1, None, closed="left")],
        "masks": [StrOptions({"fresh", "fixed"})],
        "reconstructor": [UNetReconstructor, None],
        "gamma": [Interval(Real, 0, 1, closed="both")],
        "repair_weight": [Interval(Real, 0, None, closed="left")],
        "test_time_masks": [Interval(Integral, 0, None, closed="left")],
    }
    _implicit_parts = {
        **BaseNeuralClassifier._implicit_parts,
        "masker": SpectrumMasker,
        "reconstructor": UNetReconstructor,
    }
    _augmentation_kinds = (Jitter, MixUp)

    def __init__(
        self,
        module: DoublePyramidLeNet | None = None,
        masker: SpectrumMasker | None = None,
        n_masks: int = 1,
        masks: str = "fixed",
        reconstructor: UNetReconstructor | None = None,
        gamma: float = 0.3,
        repair_weight: float = 1.0,
        augmentation: Jitter | MixUp | list | None = None,
        test_time_masks: int = 0,
        **params,
    ) -> None:
        self.module = module
        self.masker = masker
        self.n_masks = n_masks
        self.masks = masks
        self.reconstructor = reconstructor
        self.gamma = gamma
        self.repair_weight = repair_weight
        self.augmentation = augmentation
        self.test_time_masks = test_time_masks
        self._set_shared(params)  # max_epochs, lr, ..., random_state: declared once, in parameters.py

    @property
    def _unet(self) -> UNetReconstructor:
        return UNetReconstructor() if self.reconstructor is None else self.reconstructor

    def _default_masker(self) -> SpectrumMasker:
        return SpectrumMasker() if self.masker is None else self.masker

    def _masking(self) -> tuple[int, str]:
        return self.n_masks, self.masks

    def _check_common(self, X: np.ndarray, y: np.ndarray) -> None:
        super()._check_common(X, y)
        self._unet.checked().check_points(X.shape[1])

    def _net_class(self):
        return TeaNetNet

    def _net_params(self) -> dict:
        pretrain = self._unet.epochs_before(self.max_epochs_)
        return {
            "reconstructor": self._unet,
            "reconstruction_optimizer__fused": True,
            "gamma": self.gamma,
            "pretrain_epochs": pretrain,
            "repair_weight": self.repair_weight,
            "max_epochs": self.max_epochs_ + pretrain,
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
