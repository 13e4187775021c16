"""What the generative baselines share: train a generator, then the classification module on more spectra."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, _fit_context, clone
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from ..training import CNNClassifier
from ..utils._interrupt import raise_if_interrupted
from ..utils._predict import MostProbableClassMixin
from ..utils._targets import check_few_shot_targets
from ..utils._torch import in_units, intensity_scale, seeded, torch_threads

__all__ = ["GenerativeAugmentationClassifier", "SHARED_PARAMETERS_DOC", "shuffled_batches", "mean_epoch_loss"]


def shuffled_batches(rng: np.random.Generator, n: int, batch_size: int) -> list[np.ndarray]:
    """The index arrays of one epoch's batches, in a fresh random order."""
    order = rng.permutation(n)
    return [order[start : start + batch_size] for start in range(0, n, batch_size)]


def mean_epoch_loss(batch_losses: list[float], epoch: int, network: str) -> float:
    """Mean loss of an epoch; a non-finite one stops training with the cause named, as does a stop (Ctrl-C)
    whose KeyboardInterrupt a finalizer swallowed (every generator's loop ends its epochs here)."""
    raise_if_interrupted()
    loss = float(np.mean(batch_losses))
    if not np.isfinite(loss):
        raise FloatingPointError(
            f"the {network}'s loss became {loss} in epoch {epoch}; "
            "lower generator_lr or check the spectra for non-finite values."
        )
    return loss


#: Parameters the generative baselines document alike, substituted for ``{shared_parameters}``.
SHARED_PARAMETERS_DOC = """    classifier : classifier or None, default=None
        The classification module's estimator, trained on the originals and
        the generated spectra; None is ``CNNClassifier()`` (Fig. 5b, the same
        module as every other method). Its parameters are reachable as
        ``classifier__max_epochs`` and so on.
    generator_epochs : int, default=100
        Passes over the training spectra while the generator trains.
    generator_lr : float, default=1e-4
        Adam learning rate of the generator and its critic or discriminator.
    batch_size : int, default=64
        Spectra per generator step.
    device : str or torch.device, default="cpu"
        Where the generator trains ("cpu" or "cuda"); the classifier has its own.
    n_threads : int or None, default=None
        Torch threads while fitting, for the generator and the classifier.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator's training and, when the classifier has none, of
        the classifier.
    verbose : int, default=0
        1 prints the generator's loss per epoch."""


class GenerativeAugmentationClassifier(MostProbableClassMixin, MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Base of CWGAN, DAGAN and LTSA; not meant to be used directly.

    :meth:`fit` trains the subclass's networks on the training spectra
    divided by their largest absolute intensity (``intensity_scale_``), so
    that any intensity unit trains them alike (:meth:`_train_generator`),
    adds the spectra they generate, scaled back (:meth:`_generate`), and fits
    ``classifier`` on all of them (prepared by :meth:`_prepare_classifier`).
    Prediction is the classifier's alone.
    """

    _parameter_constraints: dict = {
        "classifier": [HasMethods(["fit", "predict_proba"]), None],
        "generator_epochs": [Interval(Integral, 1, None, closed="left")],
        "generator_lr": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "device": [str, torch.device],
        "n_threads": [Interval(Integral, 1, None, closed="left"), None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    # ------------------------------------------------------------ subclass API
    def _train_generator(self, X: torch.Tensor, codes: torch.Tensor, rng: np.random.Generator, classifier) -> None:
        """Train the subclass's networks on the training spectra (``classifier`` is not fitted yet)."""
        raise NotImplementedError

    def _generate(self, X: torch.Tensor, codes: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
        """Generated spectra and their class codes; none by default."""
        return np.empty((0, X.shape[1]), dtype=np.float32), np.empty(0, dtype=np.int64)

    def _prepare_classifier(self, classifier):
        return classifier

    def _log(self, epoch_losses: list[float], what: str) -> None:
        if self.verbose:
            for epoch, loss in enumerate(epoch_losses, 1):
                print(f"{type(self).__name__} {what} epoch {epoch}: loss {loss:.4f}")

    # ---------------------------------------------------------------- fitting
    @_fit_context(prefer_skip_nested_validation=False)  # the classifier validates its own parameters
    def fit(self, X, y):
        """Train the generator, then the classifier on the originals and the generated spectra.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Training spectra.
        y : array-like of shape (n_spectra,)
            Labels, strings or integers.

        Returns
        -------
        self
        """
        X, y = validate_data(self, X, y, dtype=np.float32)
        check_few_shot_targets(y)
        encoder = LabelEncoder().fit(y)
        self.classes_ = encoder.classes_
        if len(self.classes_) < 2:
            raise ValueError(
                f"{type(self).__name__} needs at least two classes, but y has only one class: {self.classes_[0]!r}."
            )
        device = torch.device(self.device)
        if device.type == "cuda" and not torch.cuda.is_available():
            raise ValueError(f"device={self.device!r}, but torch finds no CUDA device here; use device='cpu'.")
        codes = encoder.transform(y).astype(np.int64)
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        classifier = clone(self.classifier if self.classifier is not None else CNNClassifier())
        own = classifier.get_params()
        if "random_state" in own and own["random_state"] is None:
            classifier.set_params(random_state=seed)
        if self.n_threads is not None and "n_threads" in own:
            classifier.set_params(n_threads=self.n_threads)
        self.intensity_scale_ = intensity_scale(X)
        with torch_threads(self.n_threads), seeded(seed, device):
            X_t = torch.as_tensor(in_units(X, self.intensity_scale_), device=device)
            codes_t = torch.as_tensor(codes, device=device)
            self._train_generator(X_t, codes_t, np.random.default_rng(seed), classifier)
            X_new, codes_new = self._generate(X_t, codes_t)
        X_new = X_new * np.float32(self.intensity_scale_)
        if not np.isfinite(X_new).all():
            raise FloatingPointError(
                f"{type(self).__name__}'s generator produced non-finite spectra; "
                "lower generator_lr or check the training spectra."
            )
        self.n_generated_ = len(X_new)
        X_all = np.concatenate([X, X_new]) if len(X_new) else X
        y_all = np.concatenate([y, self.classes_[codes_new]]) if len(X_new) else y
        self.classifier_ = self._prepare_classifier(classifier).fit(X_all, y_all)
        return self

    # ------------------------------------------------------------- prediction
    def __getstate__(self) -> dict:
        # The generator and its critic serve only fit; a saved model keeps the classifier that predicts
        # (a model file in the safe format holds arrays, not torch modules).
        state = dict(super().__getstate__())
        return {k: v for k, v in state.items() if not isinstance(v, torch.nn.Module)}

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities of the classifier.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra to classify, one per row.

        Returns
        -------
        proba : ndarray of shape (n_spectra, n_classes)
            Columns follow ``classes_``.
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float32)
        return self.classifier_.predict_proba(X)

    def explain(self, X, target=None, **params) -> np.ndarray:
        """The classifier's Grad-CAM responses; see :meth:`sklearn_teanet.CNNClassifier.explain`.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra to explain, one per row.
        target : label, array-like of labels, or None, default=None
            Class to explain; None explains each spectrum's predicted class.
        **params
            ``layer`` and ``method`` of the classifier's ``explain``.

        Returns
        -------
        responses : ndarray of shape (n_spectra, n_points)
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float32)
        return self.classifier_.explain(X, target=target, **params)

    @property
    def net_(self):
        """The classifier's skorch net (what prediction runs)."""
        check_is_fitted(self, "classifier_")
        return self.classifier_.net_

    @property
    def history_(self):
        """The classifier's training history."""
        check_is_fitted(self, "classifier_")
        return self.classifier_.history_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = self.random_state is None
        return tags
