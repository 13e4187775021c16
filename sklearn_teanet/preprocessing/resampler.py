"""Put spectra measured on different axes onto one wavenumber grid."""

from __future__ import annotations

import warnings
from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from .axis import AxisArray, axis_of

__all__ = ["PartialCoverageWarning", "SpectrumResampler", "as_spectrum_list"]


def _is_ragged(X) -> bool:
    """A sequence of per-spectrum ``(wavenumbers, intensities)`` pairs or ``(n, 2)`` arrays."""
    if not isinstance(X, (list, tuple)) or not X:
        return False
    first = X[0]
    return isinstance(first, tuple) or (isinstance(first, np.ndarray) and first.ndim == 2)


def as_spectrum_list(X, wavenumbers=None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Turn spectra into a list of ``(wavenumbers, intensities)`` pairs, sorted by wavenumber.

    Descending or unsorted axes are sorted; a wavenumber given twice gets the
    mean of its intensities; NaN or infinite values are an error naming the spectrum.

    ``X`` is either a 2-D array whose columns share ``wavenumbers`` (by default
    0, 1, 2, ...), or a sequence of per-spectrum pairs or ``(n, 2)`` arrays, each on
    its own axis.
    """
    if isinstance(X, np.ndarray) and X.ndim == 2 and not (X.dtype == object):
        axis = np.arange(X.shape[1], dtype=float) if wavenumbers is None else np.asarray(wavenumbers, dtype=float)
        if axis.shape != (X.shape[1],):
            raise ValueError(f"wavenumbers has {axis.size} values but X has {X.shape[1]} columns.")
        pairs = [(axis, row) for row in X.astype(float)]
    else:
        pairs = []
        for i, item in enumerate(X):
            w, v = (item[:, 0], item[:, 1]) if isinstance(item, np.ndarray) and item.ndim == 2 else item
            w, v = np.asarray(w, dtype=float), np.asarray(v, dtype=float)
            if w.shape != v.shape or w.ndim != 1 or w.size < 2:
                raise ValueError(
                    f"spectrum {i}: need two 1-D arrays of equal length >= 2, got {w.shape} and {v.shape}."
                )
            pairs.append((w, v))
    out = []
    for i, (w, v) in enumerate(pairs):
        for name, values in (("wavenumbers", w), ("intensities", v)):
            if not np.isfinite(values).all():
                bad = int(np.flatnonzero(~np.isfinite(values))[0])
                raise ValueError(f"spectrum {i}: its {name} hold NaN or infinite values (first at point {bad}).")
        step = np.diff(w)
        if not (step > 0).all():  # sorted already (most files): no copy of a large library's spectra
            order = np.argsort(w, kind="stable")
            w, v, step = w[order], v[order], np.diff(w[order])
        if np.any(step == 0):
            # A wavenumber measured twice: its mean, as parse_rruff does, so interpolation is defined.
            w, inverse = np.unique(w, return_inverse=True)
            v = np.bincount(inverse, weights=v) / np.bincount(inverse)
        out.append((w, v))
    return out


#: Share of the grid a spectrum may leave uncovered without a warning.
MATERIAL_GAP = 0.01


class PartialCoverageWarning(UserWarning):
    """Some spectra do not cover the whole grid: their uncovered points were filled, not measured.

    Its own class so that a caller that reports coverage per spectrum (``identify`` does) can silence it
    without silencing other warnings.
    """


def _checked_grid(grid) -> np.ndarray:
    """The grid sorted, or a ValueError naming what is wrong with it (a NaN point would give a NaN column)."""
    try:
        values = np.asarray(grid, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"grid must be numbers (wavenumbers), got {grid!r}.") from None
    if values.ndim != 1 or values.size < 2:
        raise ValueError(f"grid must be a 1-D sequence of at least 2 wavenumbers, got shape {values.shape}.")
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise ValueError(f"grid[{bad[0]}] is {values[bad[0]]}; every grid point must be a finite wavenumber.")
    values = np.sort(values)
    repeated = np.flatnonzero(np.diff(values) == 0)
    if repeated.size:
        raise ValueError(f"grid holds the wavenumber {values[repeated[0]]:g} twice.")
    return values


class SpectrumResampler(TransformerMixin, BaseEstimator):
    """Resample spectra onto one wavenumber grid by linear interpolation.

    The grid is ``grid`` if given, else ``n_points`` evenly spaced points over
    ``wavenumber_range``, else over the range that every training spectrum covers.

    Parameters
    ----------
    grid : array-like or None, default=None
        Target wavenumbers.
    n_points : int, default=1024
        Grid size when ``grid`` is None.
    wavenumber_range : (float, float) or None, default=None
        Grid limits when ``grid`` is None.
    outside : {"edge", "zero", "error"}, default="edge"
        Value where a spectrum was not measured: its nearest measured value, zero,
        or a ValueError naming the spectrum. "edge" is the default because a
        zero-filled edge is a step that no library spectrum has (it cut the
        correlation hits of spectra covering 600-3500 cm-1 of a 400-4000 grid
        from 5/5 to 2/5). Either fill is reported by a warning with the share,
        when it exceeds 1 % of the grid.

    Attributes
    ----------
    grid_ : ndarray of shape (n_points,)
        The target wavenumbers.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_teanet.preprocessing import SpectrumResampler
    >>> spectra = [(np.array([0.0, 10.0]), np.array([0.0, 1.0])),
    ...            (np.array([0.0, 5.0, 10.0]), np.array([1.0, 1.0, 1.0]))]
    >>> SpectrumResampler(n_points=3).fit_transform(spectra)
    array([[0. , 0.5, 1. ],
           [1. , 1. , 1. ]])
    """

    _parameter_constraints: dict = {
        "grid": ["array-like", None],
        "n_points": [Interval(Integral, 2, None, closed="left")],
        "wavenumber_range": [tuple, list, None],
        "outside": [StrOptions({"zero", "edge", "error"})],
    }

    def __init__(self, grid=None, n_points: int = 1024, wavenumber_range=None, outside: str = "edge") -> None:
        self.grid = grid
        self.n_points = n_points
        self.wavenumber_range = wavenumber_range
        self.outside = outside

    def _spectra(self, X, wavenumbers, reset: bool) -> list[tuple[np.ndarray, np.ndarray]]:
        """Ragged input as it is; a 2-D array validated as scikit-learn does."""
        if _is_ragged(X):
            if reset:
                self.input_wavenumbers_ = None
            return as_spectrum_list(X)
        if wavenumbers is None:
            wavenumbers = axis_of(X)
        if wavenumbers is not None and not reset:
            # Spectra on their own axis: any number of points, which is the point of resampling.
            X = check_array(X, dtype=np.float64)
        else:
            X = validate_data(self, X, reset=reset, dtype=np.float64)
        if X.shape[1] < 2:
            raise ValueError(f"Resampling needs at least 2 points per spectrum; got {X.shape[1]} feature(s).")
        if reset:
            if wavenumbers is None and self.grid is not None and np.size(self.grid) == X.shape[1]:
                wavenumbers = _checked_grid(self.grid)  # spectra already on the grid
            self.input_wavenumbers_ = (
                np.arange(X.shape[1], dtype=float) if wavenumbers is None else np.asarray(wavenumbers, dtype=float)
            )
            wavenumbers = self.input_wavenumbers_
        elif wavenumbers is None:
            # An array without its axis: the axis it was fitted with, if it has as many points.
            known = getattr(self, "input_wavenumbers_", None)
            if known is not None and known.size == X.shape[1]:
                wavenumbers = known
            elif X.shape[1] == self.grid_.size:
                wavenumbers = self.grid_  # already on the grid
            else:
                raise ValueError(
                    f"X has {X.shape[1]} points and no wavenumbers; pass wavenumbers=, a DataFrame whose columns "
                    "are the wavenumbers, or (wavenumbers, intensities) pairs."
                )
        return as_spectrum_list(X, wavenumbers)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, wavenumbers=None) -> SpectrumResampler:
        """Choose the grid.

        Parameters
        ----------
        X : 2-D array or sequence of (wavenumbers, intensities)
            Spectra.
        y : None
            Ignored.
        wavenumbers : array-like, default=None
            Shared axis of a 2-D ``X``.

        Returns
        -------
        self : SpectrumResampler
        """
        spectra = self._spectra(X, wavenumbers, reset=True)
        if self.grid is not None:
            self.grid_ = _checked_grid(self.grid)
            return self
        if self.wavenumber_range is not None:
            low, high = (float(v) for v in self.wavenumber_range)
            if not low < high:
                raise ValueError(f"wavenumber_range must be (low, high) with low < high, got {self.wavenumber_range}.")
        else:
            low = max(w[0] for w, _ in spectra)
            high = min(w[-1] for w, _ in spectra)
        if not low < high:
            raise ValueError(
                f"The spectra share no wavenumber range ({low:g} to {high:g}); pass wavenumber_range or grid."
            )
        self.grid_ = np.linspace(low, high, self.n_points)
        return self

    def transform(self, X, wavenumbers=None) -> np.ndarray:
        """Resample every spectrum onto ``grid_``.

        Parameters
        ----------
        X : 2-D array or sequence of (wavenumbers, intensities)
            Spectra.
        wavenumbers : array-like, default=None
            Shared axis of a 2-D ``X``.

        Returns
        -------
        X_resampled : AxisArray of shape (n_spectra, n_points)
            An ndarray that carries ``grid_`` as its ``wavenumbers``, for a
            :class:`~sklearn_teanet.WavenumberRanges` after it.
        """
        check_is_fitted(self, "grid_")
        grid = self.grid_
        spectra = self._spectra(X, wavenumbers, reset=False)
        out = np.empty((len(spectra), grid.size))
        for i, (w, v) in enumerate(spectra):
            if w[-1] < grid[0] or w[0] > grid[-1]:
                # Every value would be a fill: a row that looks like a spectrum but holds none of it.
                raise ValueError(
                    f"spectrum {i} covers {w[0]:g} to {w[-1]:g}, entirely outside the grid {grid[0]:g} to "
                    f"{grid[-1]:g}; nothing of it would remain. Check its axis and units, or the grid."
                )
            if self.outside == "error" and (grid[0] < w[0] or grid[-1] > w[-1]):
                raise ValueError(
                    f"spectrum {i} covers {w[0]:g} to {w[-1]:g}, which does not span the grid "
                    f"{grid[0]:g} to {grid[-1]:g}; use outside='zero' or 'edge'."
                )
            fill = None if self.outside == "edge" else 0.0
            out[i] = np.interp(grid, w, v, left=fill, right=fill)
        uncovered = np.array([np.mean((grid < w[0]) | (grid > w[-1])) for w, _ in spectra])
        # A file that ends a point or two short of the grid (most instrument files do) is not worth a warning.
        uncovered[uncovered < MATERIAL_GAP] = 0
        if uncovered.any():
            worst = np.argsort(-uncovered)[: min(3, int((uncovered > 0).sum()))]
            listed = ", ".join(f"spectrum {i} ({uncovered[i]:.1%})" for i in worst)
            # Filled points look like measured ones to every later step: say so.
            warnings.warn(
                f"{int((uncovered > 0).sum())} spectra do not cover the whole grid ({grid[0]:g} to {grid[-1]:g}); "
                f"the uncovered points were filled with {'the edge value' if self.outside == 'edge' else 'zeros'}. "
                f"Most uncovered: {listed}. Cut the grid to the measured range, or use outside='error'.",
                PartialCoverageWarning,
                stacklevel=2,
            )
        return AxisArray(out, grid)

    def fit_transform(self, X, y=None, wavenumbers=None) -> np.ndarray:
        """Fit the grid, then resample onto it; ``wavenumbers`` serves both steps.

        Parameters
        ----------
        X, wavenumbers
            As in :meth:`fit`.
        y : None
            Ignored.

        Returns
        -------
        X_new : ndarray of shape (n_spectra, n_points)
        """
        return self.fit(X, y, wavenumbers=wavenumbers).transform(X, wavenumbers=wavenumbers)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The grid's wavenumbers, as strings.

        Parameters
        ----------
        input_features : None
            Ignored: the output features are the grid's points, whatever came in.

        Returns
        -------
        names : ndarray of str
        """
        check_is_fitted(self, "grid_")
        return np.asarray([f"{w:g}" for w in self.grid_], dtype=object)
