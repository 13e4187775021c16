"""Correlation matching against a spectral library (the "Correlation" row of Table 3)."""

from __future__ import annotations

from numbers import Real

import numpy as np
from scipy.special import softmax
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.preprocessing import LabelEncoder
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from ..utils._targets import check_few_shot_targets

__all__ = ["CorrelationClassifier", "standardize_rows"]


def standardize_rows(X: np.ndarray) -> np.ndarray:
    """Centre each row and scale it to unit norm, so a dot product is Pearson's r.

    A constant row has no defined correlation; it becomes all zeros, so it
    correlates 0 with everything rather than producing NaN.
    """
    X = X - X.mean(axis=1, keepdims=True)  # the one copy: the rest works in place (a 100,000-spectrum library)
    norm = np.sqrt(np.einsum("ij,ij->i", X, X))[:, None]  # without the squared copy np.linalg.norm makes
    constant = norm[:, 0] <= 0
    np.divide(X, norm, out=X, where=~constant[:, None])
    X[constant] = 0
    return X


class CorrelationClassifier(ClassifierMixin, BaseEstimator):
    """Assign each spectrum to the class of its best-correlated library spectrum.

    The score of a class is the largest Pearson correlation between the query
    and any training spectrum of that class; the prediction is the class with
    the highest score. This is the library search that spectroscopists use.

    Parameters
    ----------
    temperature : float, default=0.02
        Softness of :meth:`predict_proba`, a softmax over the class scores divided
        by ``temperature``. Correlations of good matches differ in the second
        decimal, hence the small default; the ranking never depends on it.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    library_ : ndarray of shape (n_spectra, n_features)
        Training spectra, centred and scaled to unit norm.
    library_classes_ : ndarray of shape (n_spectra,)
        Index into ``classes_`` of each library spectrum.
    n_features_in_ : int
        Number of points per spectrum.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_teanet import CorrelationClassifier
    >>> X = np.array([[0, 1, 0, 0], [0, 0, 1, 0], [0, 0.9, 0.1, 0]])
    >>> CorrelationClassifier().fit(X[:2], ["a", "b"]).predict(X[2:])
    array(['a'], dtype='<U1')
    """

    _parameter_constraints: dict = {"temperature": [Interval(Real, 0, None, closed="neither")]}

    def __init__(self, temperature: float = 0.02) -> None:
        self.temperature = temperature

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y) -> CorrelationClassifier:
        """Store the standardised training spectra as the library.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Training spectra.
        y : array-like of shape (n_spectra,)
            Labels.

        Returns
        -------
        self : CorrelationClassifier
        """
        X, y = validate_data(self, X, y)
        check_few_shot_targets(y)
        encoder = LabelEncoder().fit(y)
        if len(encoder.classes_) < 2:
            # As scikit-learn's classifiers do: one class is nothing to choose between.
            raise ValueError(
                f"CorrelationClassifier needs samples of at least 2 classes in the data, but the data "
                f"contains only one class: {encoder.classes_[0]!r}."
            )
        self.classes_ = encoder.classes_
        self.library_classes_ = encoder.transform(y)
        self.library_ = standardize_rows(X)
        return self

    def decision_function(self, X) -> np.ndarray:
        """Best correlation of each spectrum with each class.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra to classify, one per row.

        Returns
        -------
        scores : ndarray of shape (n_spectra, n_classes)
            Pearson correlations in [-1, 1]; for two classes, the score of the
            second minus that of the first, as scikit-learn expects.
        """
        scores = self._class_scores(X)
        return scores[:, 1] - scores[:, 0] if len(self.classes_) == 2 else scores

    def _class_scores(self, X) -> np.ndarray:
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        r = standardize_rows(X) @ self.library_.T
        scores = np.full((X.shape[0], len(self.classes_)), -np.inf)
        # Column-wise maximum over the library spectra of each class, without a loop.
        np.maximum.at(scores.T, self.library_classes_, r.T)
        return scores

    def predict_proba(self, X) -> np.ndarray:
        """Softmax of the class scores over ``temperature``.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra to classify, one per row.

        Returns
        -------
        proba : ndarray of shape (n_spectra, n_classes)
        """
        return softmax(self._class_scores(X) / self.temperature, axis=1)

    def predict(self, X) -> np.ndarray:
        """Class of the best-correlated library spectrum.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra to classify, one per row.

        Returns
        -------
        y_pred : ndarray of shape (n_spectra,)
        """
        scores = self._class_scores(X)  # checks fitting before classes_ is read
        return self.classes_[np.argmax(scores, axis=1)]
