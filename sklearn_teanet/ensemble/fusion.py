"""CalibratedFusionClassifier: classifiers' log-probabilities added with weights fitted on held-out spectra."""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import log_softmax
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, _fit_context, clone
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import LabelEncoder
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.validation import check_is_fitted, validate_data

from ..baselines import CorrelationClassifier
from ..evaluation import LeaveOneSamplePerClassOut
from ..preprocessing import SavitzkyGolay
from ..training import CNNClassifier
from ..utils._predict import MostProbableClassMixin
from ..utils._targets import check_few_shot_targets

__all__ = ["CalibratedFusionClassifier", "default_members"]

#: log(p) is floored here: a network's probability of 1e-400 is 0 in float64, and log(0) would decide alone.
LOG_FLOOR = -700.0
#: The largest weight of a member's log-probabilities (a temperature of 1/50).
MAX_WEIGHT = 50.0


def default_members(random_state=None) -> list[tuple[str, object]]:
    """The network and correlation on the second derivative: the two that were each right most often on RRUFF_IR
    and, together, right on 90.7 % (issue 38)."""
    return [
        ("cnn", CNNClassifier(random_state=random_state)),
        # Ends filled with the nearest value: a polynomial fitted there gives them second derivatives that
        # outweigh the bands' in the correlation (87.5 against 81.7 % on RRUFF_IR's selection splits).
        ("second_derivative", make_pipeline(SavitzkyGolay(21, 2, deriv=2, mode="nearest"), CorrelationClassifier())),
    ]


class CalibratedFusionClassifier(MostProbableClassMixin, MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Add the members' log-probabilities, each with a weight fitted on spectra the members did not train on.

    A network's probabilities are so sharp that a plain average lets it decide
    alone. Here each member's log-probabilities are multiplied by a weight (its
    inverse temperature) and added, ``log p(c | x) = sum_i w_i log p_i(c | x) +
    const``. The weights minimise the log-loss of predictions on held-out
    spectra of the training set: ``cv`` splits it (one spectrum of every class
    with two or more held out, as the paper's protocol does), each member is fit
    on the rest and predicts the held-out spectra; then every member is fit on
    all spectra. A fit costs each member ``1 + cv.get_n_splits()`` fits.

    Parameters
    ----------
    estimators : list of (str, classifier) or None, default=None
        The members, each with ``predict_proba``. None: ``default_members``,
        a :class:`~sklearn_teanet.CNNClassifier` and Pearson correlation on
        the Savitzky-Golay second derivative (21 points, quadratic, ends filled with the nearest value).
    cv : cross-validation splitter or None, default=None
        Splits the training spectra to fit the weights; None:
        ``LeaveOneSamplePerClassOut(n_repeats=1)`` seeded by ``random_state``.
    random_state : int, RandomState instance or None, default=None
        Seed of the default members and of the default ``cv``.

    Attributes
    ----------
    estimators_ : list of (str, classifier)
        The members, fit on all training spectra.
    weights_ : ndarray of shape (n_members,)
        Each member's weight.
    held_out_log_loss_ : float
        The log-loss of the fused predictions on the held-out spectra, at ``weights_``.
    classes_ : ndarray of shape (n_classes,)
    n_features_in_ : int

    Examples
    --------
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> from sklearn_teanet import CalibratedFusionClassifier, CorrelationClassifier, LorentzSpectraGenerator
    >>> data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=4, n_points=64, random_state=0).generate()
    >>> fusion = CalibratedFusionClassifier([("corr", CorrelationClassifier()), ("knn", KNeighborsClassifier(1))])
    >>> fusion.fit(data.data, data.target).weights_.shape
    (2,)
    """

    _parameter_constraints: dict = {
        "estimators": [list, None],
        "cv": ["cv_object"],
        "random_state": ["random_state"],
    }

    def __init__(self, estimators: list | None = None, cv=None, random_state=None) -> None:
        self.estimators = estimators
        self.cv = cv
        self.random_state = random_state

    def _members(self) -> list[tuple[str, object]]:
        members = default_members(self.random_state) if self.estimators is None else self.estimators
        for i, member in enumerate(members):
            if not (isinstance(member, tuple) and len(member) == 2 and isinstance(member[0], str)):
                raise ValueError(f"estimators[{i}] must be a (name, classifier) pair, got {member!r}.")
            if not HasMethods(["fit", "predict_proba"]).is_satisfied_by(member[1]):
                raise ValueError(f"estimators[{i}] ({member[0]!r}) has no predict_proba, which fusion adds up.")
        if len(members) < 1:
            raise ValueError("estimators must hold at least one (name, classifier) pair.")
        return members

    def _log_proba(self, estimator, X, classes) -> np.ndarray:
        """Log-probabilities with columns in ``classes`` order (a class the member never saw gets LOG_FLOOR)."""
        proba = estimator.predict_proba(X)
        out = np.full((len(X), len(classes)), LOG_FLOOR)
        columns = np.searchsorted(classes, estimator.classes_)
        with np.errstate(divide="ignore"):
            out[:, columns] = np.maximum(np.log(proba), LOG_FLOOR)
        return out

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y) -> CalibratedFusionClassifier:
        """Fit the weights on held-out spectra, then every member on all spectra.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Training spectra.
        y : array-like of shape (n_spectra,)
            Their labels.

        Returns
        -------
        self
        """
        X, y = validate_data(self, X, y)
        check_few_shot_targets(y)
        members = self._members()
        self.classes_ = LabelEncoder().fit(y).classes_
        cv = LeaveOneSamplePerClassOut(n_repeats=1, random_state=self.random_state) if self.cv is None else self.cv
        held_out, codes = [], []
        for train, test in cv.split(X, y):
            fitted = [clone(estimator).fit(X[train], y[train]) for _, estimator in members]
            held_out.append(np.stack([self._log_proba(f, X[test], self.classes_) for f in fitted]))
            codes.append(np.searchsorted(self.classes_, y[test]))
        if not held_out:
            raise ValueError("cv held out no spectrum, so the weights cannot be fitted; give every class two spectra.")
        logs, codes = np.concatenate(held_out, axis=1), np.concatenate(codes)
        self.weights_, self.held_out_log_loss_ = _fit_weights(logs, codes)
        self.estimators_ = [(name, clone(estimator).fit(X, y)) for name, estimator in members]
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Fused class probabilities.

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
        X = validate_data(self, X, reset=False)
        logs = np.stack([self._log_proba(estimator, X, self.classes_) for _, estimator in self.estimators_])
        return np.exp(log_softmax(np.tensordot(self.weights_, logs, axes=1), axis=1))


def _fit_weights(logs: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, float]:
    """Weights in [0, MAX_WEIGHT] minimising the log-loss of ``softmax(sum_i w_i logs[i])`` on ``codes``."""
    rows = np.arange(len(codes))

    def loss_and_gradient(w):
        fused = log_softmax(np.tensordot(w, logs, axes=1), axis=1)
        p = np.exp(fused)
        loss = -fused[rows, codes].mean()
        # d/dw_i of -log p(true) = -(logs_i[true] - sum_c p_c logs_i[c])
        grad = -(logs[:, rows, codes] - np.einsum("nc,inc->in", p, logs)).mean(axis=1)
        return loss, grad

    start = np.full(len(logs), 1.0 / len(logs))
    result = minimize(loss_and_gradient, start, jac=True, method="L-BFGS-B", bounds=[(0.0, MAX_WEIGHT)] * len(logs))
    return result.x, float(result.fun)
