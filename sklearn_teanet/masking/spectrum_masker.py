"""Random masking of spectra: the masking schemes MS1-MS5 of the paper (Sec. 3.3)."""

from __future__ import annotations

from numbers import Real

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .segments import as_fraction, as_range, paint

__all__ = ["SpectrumMasker"]

SCHEMES = ("MS1", "MS2", "MS3", "MS4", "MS5")


class SpectrumMasker(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Mask random segments of spectra, as in the paper's masking schemes MS1-MS5.

    A mask is a union of segments ``[a_i, b_i)`` in relative coordinates (0 is the
    first point of the spectrum, 1 the end); ``tau`` is the total masked fraction.
    Masked points are replaced by ``fill_value``.

    ======  =====================  ==========================================
    scheme  start ``a``            mask ratio ``tau``
    ======  =====================  ==========================================
    MS1     fixed (``start``)      fixed (a float)
    MS2     fixed (``start``)      drawn from ``U(low, high)``
    MS3     drawn                  fixed (a float)
    MS4     drawn                  drawn from ``U(low, high)`` (paper default)
    MS5     drawn, several         total drawn from ``U(low, high)``, each
                                   segment's share from ``segment_tau``
    ======  =====================  ==========================================

    A drawn start is uniform over the positions where the segment fits. The
    masker is the one masking implementation of the package: the shallow
    baselines, CNN_Partial, CutMix and TeaNet all draw their masks here.

    Parameters
    ----------
    scheme : {"MS1", "MS2", "MS3", "MS4", "MS5"}, default="MS4"
        Masking scheme of Sec. 3.3.
    tau : float or (float, float), default=(0.3, 0.7)
        Mask ratio: a float for the fixed-ratio schemes MS1 and MS3, a
        ``(low, high)`` range for MS2, MS4 and MS5 (for MS5 it bounds the total).
    start : float or None, default=None
        Relative start ``a`` in [0, 1) of the segment for MS1 and MS2; must be
        None for the other schemes.
    segment_tau : (float, float), default=(0.1, 0.3)
        Range of each segment's share of the spectrum for MS5.
    fill_value : float, default=-1.0
        Value written into masked points. The default of -1 (as in the authors'
        code) lies outside the range of max-normalised spectra, so the
        reconstruction module can tell a masked point from a true zero. Inside
        the neural classifiers it is in units of the training spectra's peak
        (they divide spectra by ``intensity_scale_``), whatever the data's unit.
    random_state : int, RandomState instance or None, default=None
        Seed of the masks drawn by :meth:`transform` and :meth:`sample_masks`
        when no generator is passed to them.

    Attributes
    ----------
    n_features_in_ : int
        Number of points per spectrum seen during :meth:`fit`.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_teanet import SpectrumMasker
    >>> X = np.ones((2, 10))
    >>> masker = SpectrumMasker(scheme="MS1", tau=0.3, start=0.5, fill_value=0.0)
    >>> masker.fit_transform(X)[0]
    array([1., 1., 1., 1., 1., 0., 0., 0., 1., 1.])
    """

    _parameter_constraints: dict = {
        "scheme": [StrOptions(set(SCHEMES))],
        "tau": [Interval(Real, 0, 1, closed="neither"), tuple, list],
        "start": [Interval(Real, 0, 1, closed="left"), None],
        "segment_tau": [tuple, list],
        "fill_value": [Real],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        scheme: str = "MS4",
        tau: float | tuple[float, float] = (0.3, 0.7),
        start: float | None = None,
        segment_tau: tuple[float, float] = (0.1, 0.3),
        fill_value: float = -1.0,
        random_state: int | np.random.RandomState | None = None,
    ) -> None:
        self.scheme = scheme
        self.tau = tau
        self.start = start
        self.segment_tau = segment_tau
        self.fill_value = fill_value
        self.random_state = random_state

    # ------------------------------------------------------------------ checks
    def _check_scheme_params(self) -> None:
        """Check the combination of ``scheme``, ``tau`` and ``start``, and ``fill_value``."""
        if not np.isfinite(self.fill_value):
            raise ValueError(
                f"fill_value must be a finite number, got {self.fill_value!r}: a NaN or infinite fill "
                "makes every loss non-finite."
            )
        fixed_start = self.scheme in ("MS1", "MS2")
        if fixed_start and self.start is None:
            raise ValueError(f"start must be given (a float in [0, 1)) for scheme={self.scheme!r}.")
        if not fixed_start and self.start is not None:
            raise ValueError(
                f"start must be None for scheme={self.scheme!r}, which draws the start; got start={self.start!r}."
            )
        if self.scheme in ("MS1", "MS3"):
            longest = as_fraction(self.tau, "tau")
        else:
            longest = as_range(self.tau, "tau")[1]
        if fixed_start and self.start + longest > 1.0:
            raise ValueError(
                f"start + tau must not exceed 1 for scheme={self.scheme!r}: "
                f"start={self.start!r} with tau={self.tau!r} runs past the end of the spectrum."
            )
        if self.scheme == "MS5":
            seg_low, seg_high = as_range(self.segment_tau, "segment_tau")
            low, high = as_range(self.tau, "tau")
            totals = np.linspace(low, high, 1001)
            if np.any(np.ceil(totals / seg_high - 1e-12) > np.floor(totals / seg_low + 1e-12)):
                raise ValueError(
                    f"segment_tau={self.segment_tau!r} cannot add up to every total tau in "
                    f"{self.tau!r}: widen segment_tau."
                )

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None) -> SpectrumMasker:
        """Check the parameters and record the number of points per spectrum.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra.
        y : None
            Ignored.

        Returns
        -------
        self : SpectrumMasker
        """
        self._check_scheme_params()
        X = validate_data(self, X)
        if X.shape[1] < 2:
            raise ValueError(
                f"X has {X.shape[1]} feature(s): one point per spectrum; masking needs at least 2 "
                "points (one masked, one kept)."
            )
        return self

    # ---------------------------------------------------------------- sampling
    def sample_segments(self, n_spectra: int, n_points: int, random_state=None) -> tuple[np.ndarray, np.ndarray]:
        """Draw the masked segments of ``n_spectra`` masks, in point indices.

        Parameters
        ----------
        n_spectra : int
            Number of masks.
        n_points : int
            Length of each spectrum.
        random_state : int, RandomState instance or None, default=None
            Generator; falls back to the masker's ``random_state``.

        Returns
        -------
        starts, stops : ndarray of int of shape (n_spectra, n_segments)
            Segment ``j`` of mask ``i`` covers ``starts[i, j] <= p < stops[i, j]``.
            Unused segments of MS5 are empty (``start == stop``).
        """
        self._check_scheme_params()
        rng = check_random_state(self.random_state if random_state is None else random_state)
        if self.scheme == "MS5":
            return self._sample_union(n_spectra, n_points, rng)
        if self.scheme in ("MS1", "MS3"):
            tau = np.full(n_spectra, float(self.tau))
        else:
            low, high = as_range(self.tau, "tau")
            tau = rng.uniform(low, high, size=n_spectra)
        # Lengths round to whole points but never vanish nor cover the whole spectrum.
        lengths = np.clip(np.rint(tau * n_points).astype(np.int64), 1, n_points - 1)
        if self.start is not None:
            starts = np.full(n_spectra, int(np.rint(self.start * n_points)))
            starts = np.minimum(starts, n_points - lengths)
        else:
            # Uniform over the n_points - length + 1 positions where the segment fits.
            starts = (rng.random_sample(n_spectra) * (n_points - lengths + 1)).astype(np.int64)
        return starts[:, None], (starts + lengths)[:, None]

    def _sample_union(self, n_spectra: int, n_points: int, rng) -> tuple[np.ndarray, np.ndarray]:
        """MS5: disjoint segments, each in ``segment_tau``, adding up to a total in ``tau``."""
        seg_low, seg_high = as_range(self.segment_tau, "segment_tau")
        low, high = as_range(self.tau, "tau")
        max_segments = int(high // seg_low)
        total = rng.uniform(low, high, size=n_spectra)
        # The count k must allow k * seg_low <= total <= k * seg_high; draw it uniformly
        # among the counts that do.
        k_min = np.ceil(total / seg_high - 1e-12).astype(np.int64)
        k_max = np.floor(total / seg_low + 1e-12).astype(np.int64)
        k = k_min + (rng.random_sample(n_spectra) * (k_max - k_min + 1)).astype(np.int64)
        slots = np.arange(max_segments)
        used = slots[None, :] < k[:, None]
        # Shares: seg_low each plus the slack spread by a flat Dirichlet. A share that
        # would pass seg_high is capped and its excess handed to the uncapped ones;
        # k rounds always suffice because total <= k * seg_high.
        weights = rng.exponential(size=(n_spectra, max_segments)) * used
        slack = (total - k * seg_low)[:, None]
        shares = np.where(used, seg_low, 0.0) + slack * weights / weights.sum(axis=1, keepdims=True)
        for _ in range(max_segments):
            excess = np.clip(shares - seg_high, 0.0, None).sum(axis=1, keepdims=True)
            shares = np.minimum(shares, seg_high)
            open_weights = weights * (shares < seg_high - 1e-12)
            norm = open_weights.sum(axis=1, keepdims=True)
            shares += excess * np.divide(open_weights, norm, out=np.zeros(open_weights.shape), where=norm > 0)
        lengths = np.rint(shares * n_points).astype(np.int64)
        free = np.maximum(n_points - lengths.sum(axis=1), 0)
        # Place the segments in order, with the free points split into k + 1 random gaps.
        cuts = np.sort(rng.random_sample((n_spectra, max_segments)) * free[:, None], axis=1)
        cuts = np.where(used, np.floor(cuts).astype(np.int64), free[:, None])
        gaps = np.diff(np.concatenate([np.zeros((n_spectra, 1), np.int64), cuts], axis=1), axis=1)
        starts = np.cumsum(gaps + lengths, axis=1) - lengths
        return starts, starts + lengths

    def sample_masks(self, n_spectra: int, n_points: int, random_state=None) -> np.ndarray:
        """Draw boolean masks; True marks a masked point.

        Parameters
        ----------
        n_spectra, n_points : int
            Shape of the masks.
        random_state : int, RandomState instance or None, default=None
            Generator; falls back to the masker's ``random_state``.

        Returns
        -------
        masks : ndarray of bool of shape (n_spectra, n_points)
        """
        starts, stops = self.sample_segments(n_spectra, n_points, random_state)
        return paint(starts, stops, np.arange(n_points))

    # --------------------------------------------------------------- transform
    def transform(self, X, masks: np.ndarray | None = None) -> np.ndarray:
        """Return masked copies of the spectra.

        With an integer ``random_state`` every call draws the same masks, so
        ``transform`` is deterministic; pass a ``RandomState`` for fresh masks.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra.
        masks : ndarray of bool of shape (n_spectra, n_points), default=None
            Masks to apply; drawn with :meth:`sample_masks` when None.

        Returns
        -------
        X_masked : ndarray of shape (n_spectra, n_points)
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, copy=True)
        if masks is None:
            masks = self.sample_masks(*X.shape)
        elif masks.shape != X.shape:
            raise ValueError(f"masks has shape {masks.shape}, but X has shape {X.shape}.")
        X[masks] = self.fill_value
        return X

    def augment(self, X, y, n_masks: int = 1, random_state=None) -> tuple[np.ndarray, np.ndarray]:
        """Return the spectra followed by ``n_masks`` masked copies of each, with labels.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Training spectra.
        y : array-like of shape (n_spectra,)
            Their labels.
        n_masks : int, default=1
            Masked copies per spectrum.
        random_state : int, RandomState instance or None, default=None
            Generator; falls back to the masker's ``random_state``.

        Returns
        -------
        X_aug : ndarray of shape ((1 + n_masks) * n_spectra, n_points)
        y_aug : ndarray of shape ((1 + n_masks) * n_spectra,)
        """
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        copies = np.tile(X, (n_masks, 1))
        copies[self.sample_masks(*copies.shape, random_state=random_state)] = self.fill_value
        return np.concatenate([X, copies]), np.concatenate([y] + [y] * n_masks)

    def mask_tensor(self, X, random_state=None):
        """Mask a batch tensor on its own device, for fresh masks in every training step.

        The segments are drawn on the host (a few numbers per spectrum); the masks
        are painted on ``X.device``, so no spectrum-sized array crosses devices.

        Parameters
        ----------
        X : torch.Tensor of shape (n_spectra, n_points)
            Batch of spectra, on any device.
        random_state : int, RandomState instance or None, default=None
            Generator; falls back to the masker's ``random_state``.

        Returns
        -------
        X_masked : torch.Tensor
            Masked copy of ``X``.
        masks : torch.Tensor of bool
            True where a point was masked.
        """
        import torch

        starts, stops = self.sample_segments(X.shape[0], X.shape[-1], random_state)
        device = X.device
        points = torch.arange(X.shape[-1], device=device)
        masks = paint(torch.as_tensor(starts, device=device), torch.as_tensor(stops, device=device), points)
        return X.masked_fill(masks, self.fill_value), masks

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # Masks are random by design; an int random_state makes them repeatable.
        tags.non_deterministic = self.random_state is None
        return tags
