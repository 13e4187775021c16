"""Savitzky-Golay smoothing and derivatives, as a scikit-learn transformer."""

from __future__ import annotations

from numbers import Integral

import numpy as np
from scipy.signal import savgol_filter
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .axis import with_axis

__all__ = ["SavitzkyGolay"]


class SavitzkyGolay(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Smooth each spectrum, or take its derivative, with a Savitzky-Golay filter.

    A local polynomial of degree ``polyorder`` is fitted in a sliding window of
    ``window_length`` points. ``deriv=1`` or ``2`` gives the first or second
    derivative, which removes a constant or linear baseline.

    Parameters
    ----------
    window_length : int, default=11
        Odd number of points in the window; at most the number of points.
    polyorder : int, default=2
        Degree of the local polynomial; less than ``window_length``.
    deriv : int, default=0
        Order of the derivative (0 smooths).
    mode : {"interp", "mirror", "nearest", "constant", "wrap"}, default="interp"
        Edge handling of ``scipy.signal.savgol_filter``.

    Attributes
    ----------
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_teanet.preprocessing import SavitzkyGolay
    >>> SavitzkyGolay(window_length=5, polyorder=1, deriv=1).fit_transform([np.arange(8.0)]).round(6)
    array([[1., 1., 1., 1., 1., 1., 1., 1.]])
    """

    _parameter_constraints: dict = {
        "window_length": [Interval(Integral, 1, None, closed="left")],
        "polyorder": [Interval(Integral, 0, None, closed="left")],
        "deriv": [Interval(Integral, 0, None, closed="left")],
        "mode": [StrOptions({"interp", "mirror", "nearest", "constant", "wrap"})],
    }

    def __init__(self, window_length: int = 11, polyorder: int = 2, deriv: int = 0, mode: str = "interp") -> None:
        self.window_length = window_length
        self.polyorder = polyorder
        self.deriv = deriv
        self.mode = mode

    def _check(self, n_points: int) -> None:
        if self.window_length % 2 == 0:
            raise ValueError(f"window_length must be odd, got {self.window_length}.")
        if self.polyorder >= self.window_length:
            raise ValueError(f"polyorder ({self.polyorder}) must be less than window_length ({self.window_length}).")
        if self.deriv > self.polyorder:
            raise ValueError(f"deriv ({self.deriv}) must not exceed polyorder ({self.polyorder}).")
        if self.mode == "interp" and self.window_length > n_points:
            raise ValueError(f"window_length ({self.window_length}) is longer than the spectra ({n_points} points).")

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None) -> SavitzkyGolay:
        """Check the parameters against the spectra's length.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra, one per row.
        y : None
            Ignored.

        Returns
        -------
        self
        """
        X = validate_data(self, X, dtype=np.float64)
        self._check(X.shape[1])
        return self

    def transform(self, X) -> np.ndarray:
        """Filter every spectrum.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra, one per row.

        Returns
        -------
        X_filtered : ndarray of shape (n_spectra, n_points)
        """
        spectra = X  # its axis, if it carries one, goes on with the output
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return with_axis(
            savgol_filter(X, self.window_length, self.polyorder, deriv=self.deriv, axis=1, mode=self.mode), spectra
        )
