"""What the neural classifiers share: validation, seeding, threads and prediction."""

from __future__ import annotations

import warnings
from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context, clone
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data
from skorch.callbacks import Callback

from ..augmentation import AugmentationPlan, plan_augmentation
from ..classification import DoublePyramidLeNet
from ..masking import SpectrumMasker
from ..nn import ClassificationModule
from ..utils._predict import MostProbableClassMixin
from ..utils._targets import check_few_shot_targets, class_weight_vector
from ..utils._torch import cpu_has_bf16, in_units, intensity_scale, seeded, torch_threads
from .batches import TensorBatches
from .callbacks import KeepBestClassifier, RecomputeBatchNormStatistics, TimeBudget
from .parameters import SettingsPartsMixin
from .persistence import WeightsAsArraysMixin
from .validation_split import FewShotValidSplit, few_shot_validation_indices

__all__ = ["BaseNeuralClassifier"]

#: batch_size="auto": this many spectra per step, or a quarter of the training set when that is
#: smaller (but at least MIN_AUTO_BATCH_SIZE), so that small sets still get several steps per epoch.
AUTO_BATCH_SIZE = 64
MIN_AUTO_BATCH_SIZE = 8
#: max_epochs="auto": at least this many optimizer steps (60 epochs of 5 batches, CNN_Full on RRUFF_IR).
MIN_STEPS = 300

#: Spectra per forward pass when predicting (and scoring a validation split).
PREDICT_BATCH_SIZE = 256  # measured faster than 1024 (the maps stay in cache)


def _fit_to_the_end(net, X, y, epochs: int) -> None:
    """Fit a skorch net for ``epochs`` epochs (or its time budget), and let Ctrl-C through.

    skorch swallows KeyboardInterrupt and returns a half-trained net; a
    scikit-learn estimator must not pass that off as fitted (a benchmark would
    record it as a finished fit), so the interruption is raised again.
    """
    net.fit(X, y, epochs=epochs)
    completed = sum("train_loss" in row for row in net.history)  # written at each epoch's end
    spent = any(isinstance(cb, TimeBudget) and cb.exhausted_ for _, cb in net.callbacks_)
    if completed < epochs and not spent:
        raise KeyboardInterrupt(f"training interrupted in epoch {completed + 1} of {epochs}")


class BaseNeuralClassifier(
    SettingsPartsMixin, WeightsAsArraysMixin, MostProbableClassMixin, ClassifierMixin, BaseEstimator
):
    """Base of the neural classifiers; not meant to be used directly.

    Subclasses define ``_net_class`` and ``_net_params``; this class
    validates the data, encodes the labels, seeds torch, fits the skorch net
    (``net_``), and predicts with it. The parameters every neural classifier
    shares are declared here once (``_parameter_constraints``) and documented
    once (``docstrings.SHARED_PARAMETERS_DOC``).
    """

    #: Settings objects that ``part__name`` may set while the part is None (None means their defaults).
    _implicit_parts: dict = {"module": DoublePyramidLeNet}
    #: Kinds of ``augmentation`` the classifier takes.
    _augmentation_kinds: tuple = ()

    #: Epochs of ``max_epochs="auto"`` on a large data set; subclasses set their own.
    _auto_epochs = 100

    _parameter_constraints: dict = {
        "module": [DoublePyramidLeNet, None],
        "augmentation": [object, None],  # checked by plan_augmentation, which names what is wrong
        "max_epochs": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "batch_size": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "lr": [Interval(Real, 0, None, closed="neither")],
        "lr_schedule": [StrOptions({"constant", "cosine", "step"})],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "refit": ["boolean"],
        "callbacks": [list, None],
        "precision": [StrOptions({"fp32", "bf16"})],
        "device": [str, torch.device],
        "n_threads": [Interval(Integral, 1, None, closed="left"), None],
        "class_weight": [dict, StrOptions({"balanced"}), None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    # ------------------------------------------------------------ subclass API
    def _net_class(self):
        raise NotImplementedError

    def _net_params(self) -> dict:
        """Keyword arguments of the skorch net specific to the subclass."""
        return {}

    def _default_masker(self) -> SpectrumMasker | None:
        """The masker of the masked copies (and of CutMix's segments), or None."""
        return None

    def _masking(self) -> tuple[int, str]:
        """``n_masks`` and ``masks`` (fresh or fixed) of the masked copies."""
        return 1, "fresh"

    def _augmentation_plan(self) -> AugmentationPlan:
        return plan_augmentation(self.augmentation, self._augmentation_kinds)

    # ---------------------------------------------------------------- fitting
    def _build_net(self, n_points: int, n_classes: int, seed: int, validation_fraction: float, masker):
        train_split = FewShotValidSplit(validation_fraction, seed) if validation_fraction > 0 else None
        callbacks = [("keep_best", KeepBestClassifier())] if train_split is not None else []
        # After the best epoch's weights are back, before the user's callbacks see the model.
        callbacks.append(("batch_norm_statistics", RecomputeBatchNormStatistics()))
        # Cloned, so that fitting never changes the estimator's own parameters.
        callbacks += [clone(cb, safe=False) for cb in self.callbacks or []]
        module = DoublePyramidLeNet() if self.module is None else self.module
        params = {f"module__{k}": v for k, v in module.module_params(n_points, n_classes).items()}
        if getattr(self, "class_weights_", None) is not None:
            params["criterion__weight"] = torch.as_tensor(
                self.class_weights_, dtype=torch.float32, device=torch.device(self.device)
            )
        n_masks, masks = self._masking()
        plan = self._augmentation_plan()
        params.update(
            # Given, not inferred from y, which holds sample weights in a weighted fit.
            classes=list(range(n_classes)),
            criterion=torch.nn.CrossEntropyLoss,
            optimizer=torch.optim.Adam,
            # One fused kernel over all parameters: 4x faster than Adam's default
            # per-tensor loop for the dense head's 3.5 M weights (benchmarks/README.md).
            optimizer__fused=True,
            lr=self.lr,
            max_epochs=self.max_epochs_,
            batch_size=self.batch_size_,
            iterator_train=TensorBatches,
            iterator_train__shuffle=True,
            iterator_valid=TensorBatches,
            # Prediction needs no gradients, so larger batches fit in the same memory.
            iterator_valid__batch_size=PREDICT_BATCH_SIZE,
            train_split=train_split,
            callbacks=callbacks,
            device=self.device,
            verbose=self.verbose,
            masker=masker,
            n_masks=n_masks,
            masks=masks,
            jitter=plan.jitter,
            augmentation=plan.batch,
            precision=self.precision,
            lr_schedule=self.lr_schedule,
            random_state=seed,
        )
        # The subclass's settings come last and may override the shared ones.
        params.update(self._net_params())
        return self._net_class()(ClassificationModule, **params)

    def _check_params(self) -> None:
        """Checks that span several parameters; single parameters are checked by constraints."""

    def _check_common(self, X: np.ndarray, y: np.ndarray) -> None:
        """Checks every neural classifier needs, with the data: settings objects, callbacks, device, validation."""
        if self.module is not None:
            self.module.checked()
        self._augmentation_plan()
        for cb in self.callbacks or []:
            callback = cb[1] if isinstance(cb, tuple) and len(cb) == 2 and isinstance(cb[0], str) else cb
            if not isinstance(callback, Callback):
                raise ValueError(
                    f"callbacks must hold skorch callbacks or (name, callback) pairs; got {cb!r} "
                    f"of type {type(cb).__name__}."
                )
        device = torch.device(self.device)
        if self.precision == "bf16" and device.type == "cpu" and not cpu_has_bf16():
            warnings.warn(
                "precision='bf16' on a CPU without bf16 instructions (no avx512_bf16 or amx_bf16): bfloat16 is "
                "emulated here and was measured 17x slower than fp32 (benchmarks/README.md). Use precision='fp32'.",
                UserWarning,
                stacklevel=3,
            )
        if device.type == "cuda" and not torch.cuda.is_available():
            raise ValueError(f"device={self.device!r}, but torch finds no CUDA device here; use device='cpu'.")
        if self.validation_fraction > 0 and few_shot_validation_indices(y, self.validation_fraction, 0).size == 0:
            raise ValueError(
                f"validation_fraction={self.validation_fraction} holds out no spectrum: a class's last spectrum "
                "is never held out, and no class here has two. Use validation_fraction=0."
            )

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Train the network.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Training spectra.
        y : array-like of shape (n_spectra,)
            Labels, strings or integers.
        sample_weight : array-like of shape (n_spectra,) or None, default=None
            Non-negative weight of each spectrum's term in the training loss (and of its
            masked copies, reconstructions and MixUp partners, in proportion).
            The loss of a batch is the mean of the weighted terms, as in
            scikit-learn's SGD estimators. Not combined with a validation split.

        Returns
        -------
        self
        """
        X, y = validate_data(self, X, y, dtype=np.float32)
        self.intensity_scale_ = intensity_scale(X)
        X = in_units(X, self.intensity_scale_)
        if sample_weight is not None:
            # A negative weight would train the network away from that spectrum's class.
            sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float32, ensure_non_negative=True)
            if self.validation_fraction > 0:
                raise ValueError(
                    "sample_weight cannot be combined with validation_fraction > 0 yet; use validation_fraction=0."
                )
        check_few_shot_targets(y)
        self._check_params()
        self._check_common(X, y)
        encoder = LabelEncoder().fit(y)
        self.classes_ = encoder.classes_
        if len(self.classes_) < 2:
            raise ValueError(
                f"{type(self).__name__} needs at least two classes, but y has only one class: {self.classes_[0]!r}."
            )
        y_fit = self._fit_targets(encoder.transform(y).astype(np.int64), sample_weight)
        self.class_weights_ = class_weight_vector(self.class_weight, self.classes_, y)
        self._plan_steps(len(y) - self._n_held_out(y))
        masker = self._default_masker()
        self.masker_ = None if masker is None else clone(masker).fit(X)
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        self.best_epoch_ = None
        with torch_threads(self.n_threads), seeded(seed, self.device):
            self.net_ = self._build_net(X.shape[1], len(self.classes_), seed, self.validation_fraction, self.masker_)
            _fit_to_the_end(self.net_, X, y_fit, self.net_.max_epochs)
            if self.validation_fraction > 0:
                self.best_epoch_ = dict(self.net_.callbacks_)["keep_best"].best_epoch_
            if self.refit and self.best_epoch_ is not None:
                # Train again on every spectrum, for the number of epochs validation chose
                # (max_epochs too, so that a cosine schedule ends where the run ends).
                self.net_ = self._build_net(X.shape[1], len(self.classes_), seed, 0.0, self.masker_)
                self.net_.set_params(max_epochs=self.best_epoch_)
                _fit_to_the_end(self.net_, X, y_fit, self.best_epoch_)
        self.history_ = self.net_.history
        return self

    def _fit_targets(self, codes: np.ndarray, sample_weight: np.ndarray | None) -> np.ndarray:
        """The net's targets: class codes, or rows ``(code, weight, row)`` when weights or fixed masks need
        them (see ``CNNNet.training_spectra``)."""
        if sample_weight is None and self._masking()[1] == "fresh":
            return codes
        weights = np.ones(len(codes)) if sample_weight is None else sample_weight
        return np.column_stack([codes, weights, np.arange(len(codes))]).astype(np.float32)

    def _n_held_out(self, y: np.ndarray) -> int:
        if self.validation_fraction == 0:
            return 0
        return few_shot_validation_indices(y, self.validation_fraction, 0).size

    def _plan_steps(self, n_train: int) -> None:
        """Scale the training to the data: ``batch_size_``, and ``max_epochs_`` of at least MIN_STEPS steps.

        With a fixed batch of 64, a set of 48 spectra gives one optimizer step
        per epoch: a CNN trained so for 60 epochs predicted at chance, and a
        TeaNet's U-Net repaired masks with an error 6x that of 6 steps per epoch.
        """
        auto = min(AUTO_BATCH_SIZE, max(MIN_AUTO_BATCH_SIZE, n_train // 4))
        self.batch_size_ = auto if self.batch_size == "auto" else self.batch_size
        steps_per_epoch = -(-n_train // self.batch_size_)
        self.max_epochs_ = (
            max(self._auto_epochs, -(-MIN_STEPS // steps_per_epoch)) if self.max_epochs == "auto" else self.max_epochs
        )

    # ------------------------------------------------------------- prediction
    def _validate_X(self, X) -> np.ndarray:
        check_is_fitted(self)
        return in_units(validate_data(self, X, reset=False, dtype=np.float32), self.intensity_scale_)

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra to classify, one per row.

        Returns
        -------
        proba : ndarray of shape (n_spectra, n_classes)
            Columns follow ``classes_``.
        """
        return self._proba(self._validate_X(X))

    def _proba(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities of spectra that ``_validate_X`` has checked."""
        with torch_threads(self.n_threads):
            return self.net_.predict_proba(X).astype(np.float64)

    def explain(
        self, X, target=None, layer: int = -1, method: str = "hirescam", before_relu: bool = False
    ) -> np.ndarray:
        """Grad-CAM responses: how much each point of each spectrum drove the prediction.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra to explain, one per row.
        target : label, array-like of labels, or None, default=None
            Class to explain; None explains each spectrum's predicted class.
        layer : int, default=-1
            Convolution block of the classification module (-1: the last).
        method : {"hirescam", "gradcam", "absgradcam"}, default="hirescam"
            See :func:`sklearn_teanet.interpretation.grad_cam`.
        before_relu : bool, default=False
            Read the block's maps before its ReLU; see
            :func:`sklearn_teanet.interpretation.grad_cam`.

        Returns
        -------
        responses : ndarray of shape (n_spectra, n_points)
            Non-negative, aligned with the spectra's points.
        """
        from ..interpretation import conv_layers, grad_cam

        check_is_fitted(self)
        n_layers = len(conv_layers(self.net_.module_))
        if not isinstance(layer, Integral) or not -n_layers <= layer < n_layers:
            raise ValueError(
                f"layer must be an integer in [{-n_layers}, {n_layers - 1}] (the classification "
                f"module has {n_layers} convolution blocks), got {layer!r}."
            )
        return grad_cam(self, X, target=target, layer=layer, method=method, before_relu=before_relu)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = self.random_state is None
        return tags
