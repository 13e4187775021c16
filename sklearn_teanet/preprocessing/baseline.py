"""Baseline correction with pybaselines, as a scikit-learn transformer."""

from __future__ import annotations

import inspect

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin, _fit_context
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .axis import with_axis

__all__ = ["BaselineCorrector", "BASELINE_METHODS"]

#: pybaselines methods offered: Whittaker smoothers (asymmetric least squares and
#: relatives), polynomial fits, morphological and smoothing-based ones. Each takes
#: one spectrum and returns its baseline; their parameters go in ``method_params``.
BASELINE_METHODS = (
    "asls",
    "iasls",
    "airpls",
    "arpls",
    "drpls",
    "iarpls",
    "aspls",
    "psalsa",
    "derpsalsa",
    "poly",
    "modpoly",
    "imodpoly",
    "penalized_poly",
    "rolling_ball",
    "mor",
    "imor",
    "snip",
    "rubberband",
)


class BaselineCorrector(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Subtract a baseline estimated for each spectrum on its own (pybaselines).

    Fluorescence in Raman and sloping backgrounds in infrared spectra differ
    from one measurement to the next; a fitted baseline removes them before
    classification. The estimate uses each spectrum alone, so ``fit`` learns
    nothing but the number of points.

    Parameters
    ----------
    method : str, default="asls"
        A pybaselines method: asymmetric least squares ("asls") and its
        relatives ("airpls", "arpls", "iarpls", "aspls", "psalsa", ...),
        polynomials ("modpoly", "imodpoly"), or morphological and other
        methods ("snip", "rolling_ball", "rubberband"); see ``BASELINE_METHODS``.
    method_params : dict or None, default=None
        Keyword arguments of the method, e.g. ``{"lam": 1e6, "p": 0.01}`` for
        "asls" or ``{"poly_order": 3}`` for "modpoly".

    Attributes
    ----------
    n_features_in_ : int
        Points per spectrum.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_teanet.preprocessing import BaselineCorrector
    >>> x = np.linspace(0, 1, 200)
    >>> spectrum = np.exp(-0.5 * ((x - 0.5) / 0.02) ** 2) + 2 * x  # a peak on a slope
    >>> corrected = BaselineCorrector("modpoly", {"poly_order": 1}).fit_transform(spectrum[None])
    >>> bool(abs(corrected[0, 0]) < 0.05 and corrected[0, 100] > 0.9)
    True
    """

    _parameter_constraints: dict = {
        "method": [StrOptions(set(BASELINE_METHODS))],
        "method_params": [dict, None],
    }

    def __init__(self, method: str = "asls", method_params: dict | None = None) -> None:
        self.method = method
        self.method_params = method_params

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None) -> BaselineCorrector:
        """Check the parameters and record the number of points.

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
        validate_data(self, X, dtype=np.float64)
        self._fitter(self.n_features_in_)  # an unknown keyword fails here, not later
        return self

    def _fitter(self, n_points: int):
        from pybaselines import Baseline

        method = getattr(Baseline(np.arange(n_points, dtype=float), check_finite=False), self.method)
        params = dict(self.method_params or {})
        unknown = set(params) - set(inspect.signature(method).parameters)
        if unknown:
            raise ValueError(
                f"method_params has keyword(s) {sorted(unknown)} that pybaselines' {self.method!r} "
                f"does not take; it takes {sorted(inspect.signature(method).parameters)[:12]}."
            )
        return lambda spectrum: method(spectrum, **params)[0]

    def transform(self, X) -> np.ndarray:
        """Spectra minus their baselines.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra, one per row.

        Returns
        -------
        X_corrected : ndarray of shape (n_spectra, n_points)
        """
        spectra = X  # its axis, if it carries one, goes on with the output
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        baseline = self._fitter(X.shape[1])
        return with_axis(np.vstack([row - baseline(row) for row in X]) if len(X) else X.copy(), spectra)

    def baselines(self, X) -> np.ndarray:
        """The baselines themselves, for plotting.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra, one per row.

        Returns
        -------
        baselines : ndarray of shape (n_spectra, n_points)
        """
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return X - self.transform(X)
