"""Keep one or several wavenumber ranges of every spectrum."""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ["WavenumberRanges"]


class WavenumberRanges(TransformerMixin, BaseEstimator):
    """Keep the points of every spectrum that lie in the given wavenumber ranges.

    For example, drop the CO2 band and the water region, or keep only the
    fingerprint region. The axis comes from ``wavenumbers``, or from the
    column names of a DataFrame (a ``SpectrumResampler`` before it with
    ``set_output(transform="pandas")`` names its columns by wavenumber).

    Parameters
    ----------
    ranges : sequence of (float, float)
        Inclusive ``(low, high)`` ranges in cm-1.
    wavenumbers : array-like or None, default=None
        The axis of the columns; None reads it from a DataFrame's column names,
        or, for an array without them, takes point indices 0, 1, 2, ... with a
        warning.

    Attributes
    ----------
    support_ : ndarray of bool of shape (n_points,)
        The kept points.
    wavenumbers_ : ndarray of shape (n_kept,)
        Their wavenumbers.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_teanet.preprocessing import WavenumberRanges
    >>> cut = WavenumberRanges([(400, 600), (900, 1000)], wavenumbers=np.arange(400, 1100, 100))
    >>> cut.fit_transform(np.arange(7.0)[None])
    array([[0., 1., 2., 5., 6.]])
    """

    _parameter_constraints: dict = {
        "ranges": ["array-like"],
        "wavenumbers": ["array-like", None],
    }

    def __init__(self, ranges, wavenumbers=None) -> None:
        self.ranges = ranges
        self.wavenumbers = wavenumbers

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None) -> "WavenumberRanges":
        """Find the points inside the ranges.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_spectra, n_points)
            Spectra, one per row.
        y : None
            Ignored.

        Returns
        -------
        self
        """
        columns = getattr(X, "columns", None)
        X = validate_data(self, X, dtype=np.float64)
        if self.wavenumbers is not None:
            axis = np.asarray(self.wavenumbers, dtype=float)
        elif columns is not None:
            try:
                axis = np.array([float(c) for c in columns])
            except ValueError:
                raise ValueError("The DataFrame's column names are not wavenumbers; pass wavenumbers=.") from None
        else:
            # As elsewhere in the package, spectra without an axis are on 0, 1, 2, ...; say so, since
            # ranges meant in cm-1 would then cut the wrong points.
            axis = np.arange(X.shape[1], dtype=float)
            warnings.warn("WavenumberRanges got no wavenumber axis: the ranges are taken as point indices. Pass "
                          "wavenumbers=, or a DataFrame whose column names are wavenumbers (e.g. "
                          "SpectrumResampler().set_output(transform='pandas')).", UserWarning, stacklevel=2)
        if axis.shape != (X.shape[1],):
            raise ValueError(f"wavenumbers has {axis.size} values but X has {X.shape[1]} points.")
        try:
            bounds = np.asarray(self.ranges, dtype=float).reshape(-1, 2)
        except ValueError:
            raise ValueError(f"ranges must be (low, high) pairs, got {self.ranges!r}.") from None
        if bounds.size == 0 or np.any(bounds[:, 0] >= bounds[:, 1]):
            raise ValueError(f"ranges must be non-empty (low, high) pairs with low < high, got {self.ranges!r}.")
        self.support_ = np.zeros(axis.size, dtype=bool)
        for low, high in bounds:
            self.support_ |= (axis >= low) & (axis <= high)
        if not self.support_.any():
            raise ValueError(f"No point of the axis ({axis.min():g} to {axis.max():g}) lies in ranges {self.ranges!r}.")
        self.wavenumbers_ = axis[self.support_]
        return self

    def transform(self, X) -> np.ndarray:
        """The points inside the ranges.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra, one per row.

        Returns
        -------
        X_cut : ndarray of shape (n_spectra, n_kept)
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return X[:, self.support_]

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The kept wavenumbers, as strings.

        Parameters
        ----------
        input_features : None
            Ignored: the names come from the fitted wavenumbers.

        Returns
        -------
        names : ndarray of str
        """
        check_is_fitted(self)
        return np.asarray([f"{w:g}" for w in self.wavenumbers_], dtype=object)
