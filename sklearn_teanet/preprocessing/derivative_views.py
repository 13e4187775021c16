"""Two derivatives of each spectrum side by side: one row that a match must fit in both."""

from __future__ import annotations

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import _check_feature_names_in, check_is_fitted, validate_data

from .axis import AxisArray, axis_of
from .savitzky_golay import SavitzkyGolay

__all__ = ["DerivativeViews"]


class DerivativeViews(TransformerMixin, BaseEstimator):
    """The Savitzky-Golay derivatives of each spectrum, one after the other in one row, each view weighted alike.

    The first derivative follows a band's flanks, the second its curvature (its
    centre and width). A library spectrum that fits an unknown's flanks but not
    its curvature, as a related substance's often does, correlates less with the
    two views together than with the first alone: on RRUFF_IR the two views
    separate substances the library lacks from new specimens of those it holds
    better than the first derivative alone (``benchmarks/README.md``, "Two
    derivatives side by side").

    Each view is multiplied by one number learned in :meth:`fit`, the inverse of
    the median norm (about its mean) of that view over the fitted spectra, so
    that the views weigh alike and the Pearson correlation of two rows is close to
    the mean of the views' correlations. The weights are the same for every
    spectrum, so the transform stays linear: a mixture's views are the sum of its
    components' views, which the mixture search relies on.

    Parameters
    ----------
    derivatives : tuple of int, default=(1, 2)
        Orders of the views, distinct; 0 is the smoothed spectrum.
    window_length : int or tuple of int, default=(11, 15)
        Odd number of points of each view's window (one per view), or of every
        view's. A second derivative amplifies noise more than the first, so it is
        smoothed over more points: on RRUFF_IR (11, 15) gave a point more top-1 than
        (11, 11), and kept the views' advantage on noisy spectra, where (11, 11)
        lost it.
    mode : {"interp", "mirror", "nearest", "constant", "wrap"}, default="interp"
        Edge handling of ``scipy.signal.savgol_filter``.

    Attributes
    ----------
    filters_ : list of SavitzkyGolay
        One fitted filter per view (polynomial order ``max(2, derivative)``).
    weights_ : ndarray of shape (n_views,)
        Each view's weight.
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_teanet.preprocessing import DerivativeViews
    >>> x = np.exp(-0.5 * ((np.arange(40.0) - [[15.0], [20.0]]) / 3) ** 2)
    >>> DerivativeViews(window_length=(7, 9)).fit_transform(x).shape
    (2, 80)
    """

    _parameter_constraints: dict = {
        "derivatives": [tuple, list],
        "window_length": [Interval(Integral, 1, None, closed="left"), tuple, list],
        "mode": [StrOptions({"interp", "mirror", "nearest", "constant", "wrap"})],
    }

    def __init__(
        self,
        derivatives: tuple[int, ...] = (1, 2),
        window_length: int | tuple[int, ...] = (11, 15),
        mode: str = "interp",
    ) -> None:
        self.derivatives = derivatives
        self.window_length = window_length
        self.mode = mode

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None) -> DerivativeViews:
        """Check the views and learn their weights from the spectra.

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
        orders = list(self.derivatives)
        if not orders or not all(isinstance(d, Integral) and not isinstance(d, bool) and d >= 0 for d in orders):
            raise ValueError(f"derivatives must be non-negative integers, got {self.derivatives!r}.")
        if len(set(orders)) != len(orders):
            raise ValueError(f"derivatives must be distinct, got {self.derivatives!r}.")
        windows = list(self.window_length) if isinstance(self.window_length, (tuple, list)) else [self.window_length]
        if len(windows) == 1:
            windows *= len(orders)
        if len(windows) != len(orders) or not all(isinstance(w, Integral) and w >= 1 for w in windows):
            raise ValueError(
                f"window_length must be a positive integer or one per derivative ({len(orders)}), "
                f"got {self.window_length!r}."
            )
        X = validate_data(self, X, dtype=np.float64)
        self.filters_ = [SavitzkyGolay(w, max(2, d), d, self.mode).fit(X) for d, w in zip(orders, windows)]
        norms = [np.median(np.linalg.norm(v - v.mean(axis=1, keepdims=True), axis=1)) for v in self._views(X)]
        # A view that is flat for every spectrum (a library of constants) has nothing to weigh: left as it is.
        self.weights_ = np.array([1.0 / n if n > 0 else 1.0 for n in norms])
        return self

    def _views(self, X: np.ndarray) -> list[np.ndarray]:
        return [np.asarray(f.transform(X)) for f in self.filters_]

    def transform(self, X) -> np.ndarray:
        """Every spectrum's weighted views, one after the other.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra, one per row.

        Returns
        -------
        X_views : ndarray of shape (n_spectra, n_views * n_points)
            An :class:`~sklearn_teanet.preprocessing.AxisArray` whose axis is the spectra's, once per view,
            when they carried one.
        """
        check_is_fitted(self)
        axis = axis_of(X)  # the spectra's, if they carry one (a resampler's output, named DataFrame columns)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        views = np.hstack([w * v for w, v in zip(self.weights_, self._views(X))])
        return views if axis is None else AxisArray(views, np.tile(axis, len(self.filters_)))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """``d<order>_<input name>`` for every view and point.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            The input's names; None takes ``x0``, ``x1``, ...

        Returns
        -------
        names : ndarray of str
        """
        check_is_fitted(self)
        names = _check_feature_names_in(self, input_features)  # scikit-learn's: x0, x1, ... or the fitted names
        return np.asarray([f"d{d}_{name}" for d in self.derivatives for name in names], dtype=object)
