"""Keep one or several wavenumber ranges of every spectrum: a feature selector, as chemotools' are."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, _fit_context
from sklearn.feature_selection import SelectorMixin
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .axis import AxisArray, axis_of

__all__ = ["WavenumberRanges"]


class WavenumberRanges(SelectorMixin, BaseEstimator):
    """Keep the points of every spectrum that lie in the given wavenumber ranges.

    For example, drop the CO2 band and the water region, or keep only the
    fingerprint region. The axis comes from ``wavenumbers``; else from the
    spectra themselves: a :class:`~sklearn_teanet.SpectrumResampler`
    earlier in the pipeline hands its grid on (through the one-to-one
    transformers of this package), and a DataFrame's column names can be the
    wavenumbers. Spectra without any axis are an error: ranges meant in cm-1
    would otherwise cut point indices.

    Parameters
    ----------
    ranges : sequence of (float, float)
        Inclusive ``(low, high)`` ranges in cm-1.
    wavenumbers : array-like, "index" or None, default=None
        The axis of the columns; None takes it from the spectra; "index" says
        that the columns have no axis and ``ranges`` are point indices.

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
        "wavenumbers": ["array-like", StrOptions({"index"}), None],
    }

    def __init__(self, ranges, wavenumbers=None) -> None:
        self.ranges = ranges
        self.wavenumbers = wavenumbers

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None) -> WavenumberRanges:
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
        axis = (
            axis_of(X)
            if self.wavenumbers is None or isinstance(self.wavenumbers, str)
            else np.asarray(self.wavenumbers, dtype=float)
        )
        X = validate_data(self, X, dtype=np.float64)
        if isinstance(self.wavenumbers, str):  # "index": the columns are points 0, 1, 2, ...
            axis = np.arange(X.shape[1], dtype=float)
        if axis is None:
            raise ValueError(
                f"WavenumberRanges got {X.shape[1]}-point spectra without their wavenumbers, so ranges in cm-1 "
                "would cut point indices. Pass wavenumbers=, put a SpectrumResampler before it in the pipeline, "
                "give a DataFrame whose column names are the wavenumbers, or pass wavenumbers='index' if the "
                "ranges are point indices."
            )
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

    def _get_support_mask(self) -> np.ndarray:
        check_is_fitted(self)
        return self.support_

    def transform(self, X):
        """The points inside the ranges.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra, one per row.

        Returns
        -------
        X_cut : AxisArray of shape (n_spectra, n_kept)
            An ndarray that carries ``wavenumbers_``.
        """
        kept = super().transform(X)
        return kept if hasattr(kept, "columns") else AxisArray(kept, self.wavenumbers_)

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
