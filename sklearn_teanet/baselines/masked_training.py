"""Train any scikit-learn classifier on spectra plus masked copies of them."""

from __future__ import annotations

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, _fit_context, clone
from sklearn.utils import check_random_state
from sklearn.utils._available_if import available_if
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from ..masking import SpectrumMasker
from ..utils._targets import check_few_shot_targets, few_shot_warnings_silenced

__all__ = ["MaskedTrainingClassifier"]


def _estimator_has(attr: str):
    def check(self) -> bool:
        return hasattr(self.estimator, attr)

    return check


class MaskedTrainingClassifier(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Fit a classifier on the training spectra and on masked copies of them.

    Masking happens at fit time only; :meth:`predict` sees the spectra as they
    are. With ``masker=None`` this is the wrapped classifier, unchanged, which is
    how the shallow baselines of Table 3 are run. With a masker they become the
    "partial" variants, and ``GridSearchCV`` reaches its ratio as ``masker__tau``.

    Parameters
    ----------
    estimator : classifier
        A scikit-learn classifier, for example ``KNeighborsClassifier(1)``.
    masker : SpectrumMasker or None, default=None
        Draws the masks of the extra training copies.
    n_masks : int, default=1
        Masked copies per training spectrum.
    random_state : int, RandomState instance or None, default=None
        Seed of the masks.

    Attributes
    ----------
    estimator_ : classifier
        The fitted clone of ``estimator``.
    masker_ : SpectrumMasker or None
        The fitted clone of ``masker``.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_features_in_ : int
        Number of points per spectrum.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> from sklearn_teanet import MaskedTrainingClassifier, SpectrumMasker
    >>> X, y = np.random.RandomState(0).rand(6, 32), [0, 0, 1, 1, 2, 2]
    >>> clf = MaskedTrainingClassifier(KNeighborsClassifier(1), masker=SpectrumMasker(),
    ...                                n_masks=3, random_state=0).fit(X, y)
    >>> clf.estimator_.n_samples_fit_
    24
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict"])],
        "masker": [SpectrumMasker, None],
        "n_masks": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(self, estimator, masker: SpectrumMasker | None = None, n_masks: int = 1, random_state=None):
        self.estimator = estimator
        self.masker = masker
        self.n_masks = n_masks
        self.random_state = random_state

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y) -> MaskedTrainingClassifier:
        """Fit the classifier on the spectra and their masked copies.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Training spectra.
        y : array-like of shape (n_spectra,)
            Labels.

        Returns
        -------
        self : MaskedTrainingClassifier
        """
        X, y = validate_data(self, X, y)
        check_few_shot_targets(y)
        self.masker_ = None
        if self.masker is not None:
            self.masker_ = clone(self.masker).fit(X)
            X, y = self.masker_.augment(X, y, self.n_masks, check_random_state(self.random_state))
        with few_shot_warnings_silenced():
            self.estimator_ = clone(self.estimator).fit(X, y)
        self.classes_ = self.estimator_.classes_
        return self

    def _delegate(self, method: str, X) -> np.ndarray:
        check_is_fitted(self)
        return getattr(self.estimator_, method)(validate_data(self, X, reset=False))

    def predict(self, X) -> np.ndarray:
        """Predict with the fitted classifier, on unmasked spectra.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra to classify, one per row.

        Returns
        -------
        y_pred : ndarray of shape (n_spectra,)
        """
        return self._delegate("predict", X)

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities of the fitted classifier.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra to classify, one per row.

        Returns
        -------
        proba : ndarray of shape (n_spectra, n_classes)
        """
        return self._delegate("predict_proba", X)

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X) -> np.ndarray:
        """Decision function of the fitted classifier.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra to classify, one per row.

        Returns
        -------
        scores : ndarray
        """
        return self._delegate("decision_function", X)
