"""Normalise each spectrum on its own: by its maximum, its norm, or SNV."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin, _fit_context
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .axis import with_axis

__all__ = ["SpectrumNormalizer"]


class SpectrumNormalizer(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Normalise each spectrum on its own.

    Parameters
    ----------
    method : {"max", "vector", "snv"}, default="max"
        ``"max"`` divides by the largest absolute intensity, ``"vector"`` by the
        Euclidean norm, ``"snv"`` (standard normal variate) subtracts the mean and
        divides by the standard deviation. A flat spectrum is left at zero
        rather than divided by zero.

    Notes
    -----
    scikit-learn's :class:`sklearn.preprocessing.Normalizer` also works row by
    row: ``Normalizer("max")`` equals ``"max"`` and ``Normalizer("l2")`` equals
    ``"vector"``; either can stand in a pipeline instead. SNV has no scikit-learn
    counterpart (``StandardScaler`` scales columns, across spectra, which mixes
    samples). chemotools' ``StandardNormalVariate`` computes the same SNV.

    Examples
    --------
    >>> from sklearn_teanet.preprocessing import SpectrumNormalizer
    >>> SpectrumNormalizer("max").fit_transform([[1.0, 2.0, 4.0]])
    array([[0.25, 0.5 , 1.  ]])
    """

    _parameter_constraints: dict = {"method": [StrOptions({"max", "vector", "snv"})]}

    def __init__(self, method: str = "max") -> None:
        self.method = method

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None) -> SpectrumNormalizer:
        """Check the input; nothing is learnt.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra, one per row.
        y : None
            Ignored.

        Returns
        -------
        self : SpectrumNormalizer
        """
        validate_data(self, X)
        return self

    def transform(self, X) -> np.ndarray:
        """Normalise every row.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra, one per row.

        Returns
        -------
        X_normalised : ndarray of shape (n_spectra, n_points)
        """
        spectra = X  # its axis, if it carries one, goes on with the output
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64, copy=True)
        if self.method == "snv":
            X -= X.mean(axis=1, keepdims=True)
            scale = X.std(axis=1, keepdims=True)
        elif self.method == "vector":
            scale = np.sqrt(np.einsum("ij,ij->i", X, X))[:, None]
        else:  # without the |X| copy: a 100,000-spectrum library is 0.8 GB a copy
            scale = np.maximum(X.max(axis=1), -X.min(axis=1))[:, None]
        # In place, in the copy validate_data made; a flat row becomes zeros.
        np.divide(X, scale, out=X, where=scale > 0)
        X[scale[:, 0] <= 0] = 0
        return with_axis(X, spectra)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        return tags
