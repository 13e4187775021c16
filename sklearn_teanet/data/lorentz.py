"""Synthetic few-shot problems from the Lorentz peak model (paper Sec. 4.1, Eq. 2-3)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.model_selection import train_test_split
from sklearn.utils import Bunch, check_random_state
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

__all__ = ["LorentzSpectraGenerator", "lorentz", "paper_grid", "PAPER_THETAS", "PAPER_FWHM_RANGES", "SIZE_MINIMUMS"]

#: Height ratios theta of characteristic to non-characteristic peaks in Fig. 8.
PAPER_THETAS = (10.0, 10.0 / 3.0, 1.0, 0.3, 0.1)
#: FWHM ranges (in points) of the characteristic peaks in Fig. 8.
PAPER_FWHM_RANGES = ((0.0, 50.0), (50.0, 100.0), (100.0, 150.0), (150.0, 200.0))

# A FWHM of zero makes a peak vanish between grid points; one point is the narrowest
# peak a 1024-point grid can show.
_MIN_FWHM = 1.0


def lorentz(points: np.ndarray, center, fwhm, height) -> np.ndarray:
    """Sum of Lorentz peaks (Eq. 2 without the constant C), evaluated on ``points``.

    ``center``, ``fwhm`` and ``height`` broadcast against each other; their last
    axis indexes the peaks, which are summed.
    """
    center, fwhm, height = (np.asarray(a, dtype=float)[..., None] for a in (center, fwhm, height))
    return (height / (1.0 + ((points - center) / (fwhm / 2.0)) ** 2)).sum(axis=-2)


def _check_range(value, name: str, low: float, integer: bool = False) -> tuple:
    try:
        a, b = value
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a (low, high) pair, got {value!r}.") from None
    if integer and not all(isinstance(v, Integral) for v in (a, b)):
        raise ValueError(f"{name} must hold integers, got {value!r}.")
    if not low <= a <= b:
        raise ValueError(f"{name} must satisfy {low} <= low <= high, got {value!r}.")
    return a, b


#: The smallest problem the generator makes (a command line names its own options with these limits).
SIZE_MINIMUMS = {"n_classes": 2, "n_samples_per_class": 1, "n_points": 8}


class LorentzSpectraGenerator(BaseEstimator):
    """Synthetic few-shot classification problems built from Lorentz peaks.

    Each class owns ``K1`` characteristic peaks (``n_characteristic``), shared by all
    its spectra. Each spectrum adds ``K2`` non-characteristic peaks
    (``n_noncharacteristic``) at random positions. Characteristic peaks are
    ``theta`` times higher than non-characteristic ones (Eq. 3), so a small
    ``theta`` hides the class signal under interference, and a wide ``fwhm``
    blurs it.

    Where the paper is silent, this generator makes the following choices:

    - Non-characteristic peaks have height 1 and a FWHM drawn from
      ``noncharacteristic_fwhm``. The default (1, 200) points spans all the
      characteristic widths that the paper tries.
    - Within a class, each characteristic peak moves by a Gaussian jitter of
      ``position_jitter`` points and its height by a relative factor
      ``1 + amplitude_jitter * N(0, 1)``. Without any jitter, one spectrum per
      class would be a perfect template.
    - Gaussian ``noise`` (absolute, before normalisation) is added last.
    - With ``normalize="max"`` every spectrum is divided by its maximum, as
      real spectra usually are.

    Positions and widths are in points, on a grid ``0 .. n_points - 1``.

    Parameters
    ----------
    n_classes : int, default=100
        Number of classes ``N_s``.
    n_samples_per_class : int, default=20
        Spectra per class ``M_s``.
    n_points : int, default=1024
        Length of every spectrum.
    n_characteristic : (int, int), default=(1, 3)
        Inclusive range of the number of characteristic peaks per class, ``K1``.
    n_noncharacteristic : (int, int), default=(3, 5)
        Inclusive range of the number of non-characteristic peaks per spectrum, ``K2``.
    theta : float, default=1.0
        Height of a characteristic peak over that of a non-characteristic one.
    fwhm : (float, float), default=(0, 50)
        Range of the characteristic peaks' FWHM, in points.
    noncharacteristic_fwhm : (float, float), default=(1, 200)
        Range of the non-characteristic peaks' FWHM, in points.
    position_jitter : float, default=2.0
        Standard deviation, in points, of a characteristic peak's position within
        its class.
    amplitude_jitter : float, default=0.1
        Relative standard deviation of a characteristic peak's height within its class.
    noise : float, default=0.0
        Standard deviation of additive Gaussian noise.
    C : float, default=0.0
        The constant baseline of Eq. 2 (zero in the paper).
    normalize : {"max", None}, default="max"
        Divide every spectrum by its maximum.
    random_state : int, RandomState instance or None, default=None
        Seed.

    Examples
    --------
    >>> from sklearn_teanet import LorentzSpectraGenerator
    >>> data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=4,
    ...                                random_state=0).generate()
    >>> data.data.shape, data.target.shape, len(data.peaks)
    ((12, 1024), (12,), 3)
    """

    _parameter_constraints: dict = {
        **{name: [Interval(Integral, low, None, closed="left")] for name, low in SIZE_MINIMUMS.items()},
        "n_characteristic": [tuple, list],
        "n_noncharacteristic": [tuple, list],
        "theta": [Interval(Real, 0, None, closed="neither")],
        "fwhm": [tuple, list],
        "noncharacteristic_fwhm": [tuple, list],
        "position_jitter": [Interval(Real, 0, None, closed="left")],
        "amplitude_jitter": [Interval(Real, 0, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
        "C": [Real],
        "normalize": [StrOptions({"max"}), None],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        n_classes: int = 100,
        n_samples_per_class: int = 20,
        n_points: int = 1024,
        n_characteristic: tuple[int, int] = (1, 3),
        n_noncharacteristic: tuple[int, int] = (3, 5),
        theta: float = 1.0,
        fwhm: tuple[float, float] = (0.0, 50.0),
        noncharacteristic_fwhm: tuple[float, float] = (1.0, 200.0),
        position_jitter: float = 2.0,
        amplitude_jitter: float = 0.1,
        noise: float = 0.0,
        C: float = 0.0,
        normalize: str | None = "max",
        random_state: int | np.random.RandomState | None = None,
    ) -> None:
        self.n_classes = n_classes
        self.n_samples_per_class = n_samples_per_class
        self.n_points = n_points
        self.n_characteristic = n_characteristic
        self.n_noncharacteristic = n_noncharacteristic
        self.theta = theta
        self.fwhm = fwhm
        self.noncharacteristic_fwhm = noncharacteristic_fwhm
        self.position_jitter = position_jitter
        self.amplitude_jitter = amplitude_jitter
        self.noise = noise
        self.C = C
        self.normalize = normalize
        self.random_state = random_state

    def generate(self) -> Bunch:
        """Draw the spectra.

        Returns
        -------
        data : Bunch
            - ``data``: ndarray of shape (n_classes * n_samples_per_class, n_points);
            - ``target``: ndarray of int class labels, grouped by class;
            - ``wavenumbers``: the point grid ``0 .. n_points - 1``;
            - ``peaks``: list with, for every class, a ``Bunch(center, fwhm, height)``
              of its characteristic peaks (the ground truth for interpretation);
            - ``regions``: list with, for every class, an array of ``(start, stop)``
              point intervals spanning each characteristic peak's FWHM.
        """
        self._validate_params()
        k1_low, k1_high = _check_range(self.n_characteristic, "n_characteristic", 1, integer=True)
        k2_low, k2_high = _check_range(self.n_noncharacteristic, "n_noncharacteristic", 0, integer=True)
        fwhm = _check_range(self.fwhm, "fwhm", 0.0)
        nc_fwhm = _check_range(self.noncharacteristic_fwhm, "noncharacteristic_fwhm", 0.0)
        rng = check_random_state(self.random_state)
        n_cls, n_per, n_pts = self.n_classes, self.n_samples_per_class, self.n_points
        points = np.arange(n_pts, dtype=float)

        # Class templates, padded to k1_high peaks; a padded peak has zero height.
        k1 = rng.randint(k1_low, k1_high + 1, size=n_cls)
        present = np.arange(k1_high)[None, :] < k1[:, None]
        centers = rng.uniform(0, n_pts - 1, size=(n_cls, k1_high))
        widths = np.maximum(rng.uniform(*fwhm, size=(n_cls, k1_high)), _MIN_FWHM)
        heights = np.where(present, self.theta, 0.0)

        # Every spectrum: its class template with jitter, plus its own interference.
        y = np.repeat(np.arange(n_cls), n_per)
        c = centers[y] + self.position_jitter * rng.standard_normal((y.size, k1_high))
        h = heights[y] * np.clip(1 + self.amplitude_jitter * rng.standard_normal((y.size, k1_high)), 0, None)
        X = lorentz(points, c, widths[y], h)

        k2 = rng.randint(k2_low, k2_high + 1, size=y.size)
        nc_present = np.arange(max(k2_high, 1))[None, :] < k2[:, None]
        nc_centers = rng.uniform(0, n_pts - 1, size=nc_present.shape)
        nc_widths = np.maximum(rng.uniform(*nc_fwhm, size=nc_present.shape), _MIN_FWHM)
        X += lorentz(points, nc_centers, nc_widths, nc_present.astype(float))
        X += self.C + self.noise * rng.standard_normal(X.shape)
        if self.normalize == "max":
            X /= np.abs(X).max(axis=1, keepdims=True)

        peaks = [
            Bunch(center=centers[i, present[i]], fwhm=widths[i, present[i]], height=heights[i, present[i]])
            for i in range(n_cls)
        ]
        regions = [_fwhm_regions(p.center, p.fwhm, n_pts) for p in peaks]
        return Bunch(data=X, target=y, wavenumbers=points, peaks=peaks, regions=regions)


def _fwhm_regions(center: np.ndarray, fwhm: np.ndarray, n_points: int) -> np.ndarray:
    """Point intervals ``[start, stop)`` covering each peak's full width at half maximum."""
    start = np.clip(np.floor(center - fwhm / 2), 0, n_points - 1).astype(int)
    stop = np.clip(np.ceil(center + fwhm / 2) + 1, 1, n_points).astype(int)
    return np.stack([start, stop], axis=1)


@dataclass(frozen=True)
class GridCell:
    """One synthetic problem of the paper's Fig. 8 grid, split 60 / 20 / 20."""

    theta: float
    fwhm: tuple[float, float]
    X_train: np.ndarray
    y_train: np.ndarray
    X_valid: np.ndarray
    y_valid: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    data: Bunch


@validate_params(
    {
        "thetas": ["array-like"],
        "fwhm_ranges": ["array-like"],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def paper_grid(
    thetas=PAPER_THETAS,
    fwhm_ranges=PAPER_FWHM_RANGES,
    random_state: int | None = 0,
    **generator_params,
) -> Iterator[GridCell]:
    """Yield the paper's synthetic problems: theta x FWHM, each split 60 / 20 / 20.

    Each cell is a fresh set of ``n_classes`` classes (100 by default) with
    ``n_samples_per_class`` spectra (20 by default), split at random but
    stratified into training, validation and test sets.

    Parameters
    ----------
    thetas : sequence of float, default=PAPER_THETAS
        Height ratios (10, 10/3, 1, 0.3, 0.1).
    fwhm_ranges : sequence of (float, float), default=PAPER_FWHM_RANGES
        FWHM ranges of the characteristic peaks.
    random_state : int or None, default=0
        Seed of the whole grid; each cell draws its own seed from it.
    **generator_params
        Further parameters of :class:`~sklearn_teanet.LorentzSpectraGenerator`.

    Yields
    ------
    cell : GridCell
    """
    rng = check_random_state(random_state)
    for theta in thetas:
        for fwhm in fwhm_ranges:
            seed = rng.randint(np.iinfo(np.int32).max)
            data = LorentzSpectraGenerator(
                theta=theta, fwhm=tuple(fwhm), random_state=seed, **generator_params
            ).generate()
            X_tv, X_te, y_tv, y_te = train_test_split(
                data.data, data.target, test_size=0.2, stratify=data.target, random_state=seed
            )
            X_tr, X_va, y_tr, y_va = train_test_split(X_tv, y_tv, test_size=0.25, stratify=y_tv, random_state=seed)
            yield GridCell(float(theta), tuple(fwhm), X_tr, y_tr, X_va, y_va, X_te, y_te, data)
