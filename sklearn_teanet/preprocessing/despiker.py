"""Remove cosmic-ray spikes: single narrow points far above their neighbours, as Raman detectors record them."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from .axis import with_axis

__all__ = ["Despiker"]


class Despiker(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Replace spikes by the mean of their unspiked neighbours (Whitaker and Hayes, 2018).

    A point is a spike where the step into it is an outlier among the
    spectrum's steps: its modified z-score (the step's distance from the median
    step, in units of the median absolute deviation of the steps) exceeds
    ``threshold``. Bands are broad, so their steps are small; a cosmic ray is
    one or two points high, so its steps are huge.

    Parameters
    ----------
    threshold : float, default=6.0
        Modified z-score above which a step marks a spike.
    width : int, default=1
        Widest spike, in points; its unspiked neighbours within that distance
        replace it. A band a few points wide rises and falls in more steps than
        a one-point spike, and is left alone.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_teanet.preprocessing import Despiker
    >>> x = np.sin(np.linspace(0, 3, 50))[None]
    >>> x[0, 20] += 5.0  # a cosmic ray
    >>> bool(abs(Despiker().fit_transform(x)[0, 20] - x[0, 19]) < 0.2)
    True
    """

    _parameter_constraints: dict = {
        "threshold": [Interval(Real, 0, None, closed="neither")],
        "width": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, threshold: float = 6.0, width: int = 1) -> None:
        self.threshold = threshold
        self.width = width

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None) -> Despiker:
        """Check the input; nothing is learnt.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra, one per row.
        y : None
            Ignored.

        Returns
        -------
        self : Despiker
        """
        validate_data(self, X)
        return self

    def spikes(self, X) -> np.ndarray:
        """Where the spikes are.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra, one per row.

        Returns
        -------
        spikes : ndarray of bool of shape (n_spectra, n_points)
        """
        check_is_fitted(self)
        return self._spikes(validate_data(self, X, reset=False, dtype=np.float64))

    def _spikes(self, X: np.ndarray) -> np.ndarray:
        """:meth:`spikes` of validated spectra."""
        steps = np.diff(X, axis=1)
        median = np.median(steps, axis=1, keepdims=True)
        mad = np.median(np.abs(steps - median), axis=1, keepdims=True)
        z = 0.6745 * (steps - median) / np.where(mad > 0, mad, np.inf)
        spikes = np.zeros(X.shape, dtype=bool)
        # A spike is entered by an outlier step up and left, within ``width`` points, by an outlier step down:
        # a band's flank that rises steeply but does not fall back is not one.
        n = X.shape[1]
        for i, k in zip(*np.nonzero(z > self.threshold)):
            ends = np.flatnonzero(z[i, k + 1 : k + 1 + self.width] < -self.threshold)
            if not ends.size:
                continue
            first, last = k + 1, k + 1 + ends[0]
            # A band rounds off: its top stands out from the next points less than half as much as from the
            # points one further out. A spike stands out from both alike.
            near = (X[i, first - 1] + X[i, min(last + 1, n - 1)]) / 2
            far = min(X[i, max(first - 2, 0)], X[i, min(last + 2, n - 1)])
            top = X[i, first : last + 1].max()
            if top - near > 0.5 * (top - far):
                spikes[i, first : last + 1] = True
        return spikes

    def transform(self, X) -> np.ndarray:
        """Each spike replaced by the mean of the unspiked points within ``width``.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra, one per row.

        Returns
        -------
        X_despiked : ndarray of shape (n_spectra, n_points)
        """
        spectra = X  # its axis, if it carries one, goes on with the output
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64, copy=True)
        spikes = self._spikes(X)  # found before any is replaced, on the spectra validated once
        for i, j in zip(*np.nonzero(spikes)):
            low, high = max(0, j - self.width), min(X.shape[1], j + self.width + 1)
            clean = ~spikes[i, low:high]
            if clean.any():
                X[i, j] = X[i, low:high][clean].mean()
        return with_axis(X, spectra)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        return tags
