"""SeedEnsembleClassifier: the same network trained from several seeds, its probabilities averaged."""

from __future__ import annotations

from numbers import Integral

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, _fit_context, clone
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.validation import check_is_fitted

from ..utils._predict import MostProbableClassMixin

__all__ = ["SeedEnsembleClassifier"]


def _fit_member(estimator, X, y, sample_weight):
    return estimator.fit(X, y) if sample_weight is None else estimator.fit(X, y, sample_weight=sample_weight)


class SeedEnsembleClassifier(MostProbableClassMixin, MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Average the class probabilities of one classifier trained from several seeds.

    A few-shot network's accuracy varies from seed to seed by about as much as
    the differences between methods; the average of a few seeds varies less and
    is usually more accurate. Any classifier with ``random_state`` and
    ``predict_proba`` works, so every neural method can be ensembled alike and
    compared at the same number of fits.

    Parameters
    ----------
    estimator : classifier
        Cloned for every member, whose ``random_state`` is set to its own seed.
    n_estimators : int, default=5
        Members (fits).
    random_state : int, RandomState instance or None, default=None
        Draws the members' seeds.
    n_jobs : int or None, default=None
        Members fitted in parallel (joblib); a neural member then gets one torch
        thread per job when joblib's workers limit it.

    Attributes
    ----------
    estimators_ : list of classifiers
        The fitted members.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_features_in_ : int
        Points per spectrum.

    Examples
    --------
    >>> from sklearn_teanet import CNNClassifier, DoublePyramidLeNet, LorentzSpectraGenerator, SeedEnsembleClassifier
    >>> data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=6, n_points=64,
    ...                                theta=10, random_state=0).generate()
    >>> cnn = CNNClassifier(DoublePyramidLeNet(channels=(4,)), max_epochs=2)
    >>> ensemble = SeedEnsembleClassifier(cnn, n_estimators=2, random_state=0)
    >>> ensemble.fit(data.data, data.target).predict_proba(data.data[:2]).shape
    (2, 3)
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict_proba"])],
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "n_jobs": [Integral, None],
    }

    def __init__(self, estimator, n_estimators: int = 5, random_state=None, n_jobs: int | None = None) -> None:
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.random_state = random_state
        self.n_jobs = n_jobs

    @_fit_context(prefer_skip_nested_validation=False)  # the members validate the data
    def fit(self, X, y, sample_weight=None):
        """Fit ``n_estimators`` clones of ``estimator``, each from its own seed.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Training spectra, one per row.
        y : array-like of shape (n_spectra,)
            Their classes.
        sample_weight : array-like of shape (n_spectra,) or None, default=None
            Passed to every member.

        Returns
        -------
        self
        """
        if "random_state" not in self.estimator.get_params():
            raise ValueError(
                f"estimator {type(self.estimator).__name__} has no random_state, so its members "
                "would all be the same model; ensemble a classifier that takes a seed."
            )
        seeds = check_random_state(self.random_state).randint(np.iinfo(np.int32).max, size=self.n_estimators)
        members = [clone(self.estimator).set_params(random_state=int(seed)) for seed in seeds]
        self.estimators_ = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_member)(member, X, y, sample_weight) for member in members
        )
        first = self.estimators_[0]
        self.classes_ = first.classes_
        self.n_features_in_ = first.n_features_in_
        if hasattr(first, "feature_names_in_"):
            self.feature_names_in_ = first.feature_names_in_
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Mean class probabilities of the members.

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
        return np.mean([member.predict_proba(X) for member in self.estimators_], axis=0)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        member = self.estimator.__sklearn_tags__()
        tags.input_tags = member.input_tags
        tags.non_deterministic = self.random_state is None
        return tags
