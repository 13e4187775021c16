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

from ..classification import PRESETS, ClassificationModule
from ..masking import SpectrumMasker
from ..utils._predict import MostProbableClassMixin
from ..utils._targets import check_few_shot_targets, class_weight_vector
from ..utils._torch import cpu_has_bf16, in_units, intensity_scale, seeded, torch_threads
from .batches import TensorBatches
from .callbacks import KeepBestClassifier, RecomputeBatchNormStatistics, TimeBudget
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
    budget = dict(net.callbacks_).get("time_budget")
    if completed < epochs and not (budget is not None and budget.exhausted_):
        raise KeyboardInterrupt(f"training interrupted in epoch {completed + 1} of {epochs}")


class BaseNeuralClassifier(MostProbableClassMixin, ClassifierMixin, BaseEstimator):
    """Base of the neural classifiers; not meant to be used directly.

    Subclasses define :meth:`_net_class` and :meth:`_net_params`; this class
    validates the data, encodes the labels, seeds torch, fits the skorch net
    (``net_``), and predicts with it.
    """

    #: Epochs of ``max_epochs="auto"`` on a large data set; subclasses set their own.
    _auto_epochs = 100

    _parameter_constraints: dict = {
        "architecture": [StrOptions(set(PRESETS))],
        "channels": ["array-like", None],
        "kernel_size": [Interval(Integral, 1, None, closed="left"), None],
        "masker": [SpectrumMasker, None],
        "n_masks": [Interval(Integral, 1, None, closed="left")],
        "max_epochs": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "batch_size": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "lr": [Interval(Real, 0, None, closed="neither")],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "refit": ["boolean"],
        "max_time": [Interval(Real, 0, None, closed="neither"), None],
        "callbacks": [list, None],
        "shift": [Interval(Integral, 0, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
        "combine": [Interval(Real, 0, 1, closed="both")],
        "precision": [StrOptions({"fp32", "bf16"})],
        "lr_schedule": [StrOptions({"constant", "cosine", "step"})],
        "masks": [StrOptions({"fresh", "fixed"})],
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
        return self.masker

    # ---------------------------------------------------------------- fitting
    def _module_params(self, n_points: int, n_classes: int) -> dict:
        overrides = {k: v for k, v in (("channels", self.channels), ("kernel_size", self.kernel_size)) if v is not None}
        return {**PRESETS[self.architecture], **overrides, "n_points": n_points, "n_classes": n_classes}

    def _build_net(self, n_points: int, n_classes: int, seed: int, validation_fraction: float, masker):
        train_split = FewShotValidSplit(validation_fraction, seed) if validation_fraction > 0 else None
        callbacks = [("keep_best", KeepBestClassifier())] if train_split is not None else []
        if self.max_time is not None:
            callbacks.append(("time_budget", TimeBudget(self.max_time)))
        # After the best epoch's weights are back, before the user's callbacks see the model.
        callbacks.append(("batch_norm_statistics", RecomputeBatchNormStatistics()))
        # Cloned, so that fitting never changes the estimator's own parameters.
        callbacks += [clone(cb, safe=False) for cb in self.callbacks or []]
        params = {f"module__{k}": v for k, v in self._module_params(n_points, n_classes).items()}
        if getattr(self, "class_weights_", None) is not None:
            params["criterion__weight"] = torch.as_tensor(
                self.class_weights_, dtype=torch.float32, device=torch.device(self.device)
            )
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
            n_masks=self.n_masks,
            shift=self.shift,
            noise=self.noise,
            combine=self.combine,
            precision=self.precision,
            lr_schedule=self.lr_schedule,
            masks=self.masks,
            random_state=seed,
        )
        # The subclass's settings come last and may override the shared ones.
        params.update(self._net_params())
        return self._net_class()(ClassificationModule, **params)

    def _check_params(self) -> None:
        """Checks that span several parameters; single parameters are checked by constraints."""

    def _check_common(self, X: np.ndarray, y: np.ndarray) -> None:
        """Checks every neural classifier needs, with the data: channels, callbacks, device, validation."""
        if self.channels is not None:
            channels = list(self.channels)
            if not channels or not all(isinstance(c, Integral) and c >= 1 for c in channels):
                raise ValueError(f"channels must be a non-empty sequence of positive integers, got {self.channels!r}.")
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
        if sample_weight is None and self.masks == "fresh":
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

    # ------------------------------------------------------------- persistence
    def __getstate__(self) -> dict:
        # The skorch net pickles its modules with torch.save; a model file that holds only numbers and
        # names (the safe format) needs the weights as arrays. Pickling goes the same way.
        state = dict(super().__getstate__())  # object.__getstate__ hands out the instance's own __dict__
        net = state.pop("net_", None)
        if net is not None:
            state["net_weights_"] = {
                name: {k: v.detach().cpu().numpy() for k, v in getattr(net, name + "_").state_dict().items()}
                for name in net.SAVED_MODULES
            }
            state["history_"] = [dict(row) for row in net.history]
        return state

    def __setstate__(self, state: dict) -> None:
        from skorch.history import History

        weights = state.pop("net_weights_", None)
        super().__setstate__(state)
        if weights is None:
            return
        # The net as fit built it (the seed only draws initial weights, which the saved ones replace).
        with torch_threads(self.n_threads), seeded(0, self.device):
            self.net_ = self._build_net(self.n_features_in_, len(self.classes_), 0, 0.0, self.masker_).initialize()
        for name, arrays in weights.items():
            getattr(self.net_, name + "_").load_state_dict({k: torch.as_tensor(v) for k, v in arrays.items()})
        self.net_.history = self.history_ = History(self.history_)

    def set_params(self, **params):
        """Set parameters; ``masker__tau=...`` also works while ``masker`` is None.

        With ``masker=None`` TeaNet uses a default :class:`SpectrumMasker`, which
        nested parameters then set up (so ``GridSearchCV`` over ``masker__tau``
        works from the defaults). For a classifier whose None means "no
        masking", that would change the method, so it is an error that says how.

        Parameters
        ----------
        **params
            Parameters by name, nested ones as ``step__name``.

        Returns
        -------
        self
        """
        nested = [k for k in params if k.startswith("masker__")]
        if nested and params.get("masker", self.masker) is None:
            implicit = self._implicit_masker()
            if implicit is None:
                raise ValueError(
                    f"{type(self).__name__} has masker=None (no masking), so {nested[0]} has nothing to set; "
                    f"pass masker=SpectrumMasker(...) first, e.g. set_params(masker=SpectrumMasker(), {nested[0]}=...)."
                )
            params = {"masker": implicit, **params}
        return super().set_params(**params)

    def _implicit_masker(self) -> SpectrumMasker | None:
        """The masker that ``masker=None`` stands for, if it stands for one."""
        return None

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = self.random_state is None
        return tags
