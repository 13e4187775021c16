"""The paper's evaluation protocol (Sec. 5.2) as a scikit-learn cross-validation splitter."""

from __future__ import annotations

from numbers import Integral

import numpy as np
from sklearn.model_selection import BaseCrossValidator
from sklearn.utils import check_random_state
from sklearn.utils.validation import _num_samples, column_or_1d

__all__ = ["LeaveOneSamplePerClassOut"]


class LeaveOneSamplePerClassOut(BaseCrossValidator):
    """Hold out one random sample of every class, repeatedly.

    Each split's test set holds exactly one randomly chosen sample of every class
    that has at least two; a class with a single sample always stays in training,
    since nothing could be learnt about it otherwise. This is the protocol of the
    paper's Table 3, repeated ``n_repeats`` times.

    With ``groups`` (for example the id of the physical specimen each spectrum
    was measured on), the unit held out is a group: every spectrum of one
    randomly chosen group per class goes to the test set, so one specimen never
    lands on both sides. Classes with a single group stay in training.

    Parameters
    ----------
    n_repeats : int, default=10
        Number of splits.
    random_state : int, RandomState instance or None, default=None
        Seed of the draws; an int gives the same splits on every call.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_teanet import LeaveOneSamplePerClassOut
    >>> y = np.array(["a", "a", "b", "b", "b", "c"])
    >>> cv = LeaveOneSamplePerClassOut(n_repeats=2, random_state=0)
    >>> [sorted(y[test].tolist()) for _, test in cv.split(np.zeros((6, 1)), y)]
    [['a', 'b'], ['a', 'b']]
    """

    def __init__(self, n_repeats: int = 10, random_state=None) -> None:
        if not isinstance(n_repeats, Integral) or isinstance(n_repeats, bool) or n_repeats < 1:
            raise ValueError(f"n_repeats must be a positive integer, got {n_repeats!r}.")
        self.n_repeats = n_repeats
        self.random_state = random_state

    def get_n_splits(self, X=None, y=None, groups=None) -> int:
        """Return the number of splits, ``n_repeats``.

        Parameters
        ----------
        X, y, groups : object
            Ignored, as in scikit-learn's splitters.

        Returns
        -------
        n_splits : int
        """
        return self.n_repeats

    def split(self, X, y, groups=None):
        """Generate train and test indices.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Spectra; only their number is used.
        y : array-like of shape (n_samples,)
            Class labels.
        groups : array-like of shape (n_samples,), default=None
            Specimen of each spectrum; every group must belong to one class.

        Yields
        ------
        train, test : ndarray of int
        """
        if y is None:
            raise ValueError("LeaveOneSamplePerClassOut needs the class labels y.")
        y = column_or_1d(y)
        n_samples = y.shape[0]
        if X is not None and _num_samples(X) != n_samples:  # _num_samples: also sparse matrices and DataFrames
            raise ValueError(f"X has {_num_samples(X)} rows but y has {n_samples} labels.")
        _, y_codes = np.unique(y, return_inverse=True)
        # A "unit" is what gets held out: a spectrum, or a group of them.
        units = np.arange(n_samples) if groups is None else self._group_codes(y_codes, groups)
        unit_class = np.zeros(units.max() + 1, dtype=np.int64)
        unit_class[units] = y_codes
        units_per_class = np.bincount(unit_class)
        eligible = units_per_class[unit_class] >= 2
        if not eligible.any():
            what = "group" if groups is not None else "sample"
            raise ValueError(
                f"LeaveOneSamplePerClassOut needs at least one class with two or more "
                f"{what}s; every class has only one."
            )
        rng = check_random_state(self.random_state)
        for _ in range(self.n_repeats):
            # A random key per unit; the unit with the smallest key in its class is held out.
            keys = np.where(eligible, rng.random_sample(unit_class.size), np.inf)
            order = np.lexsort((keys, unit_class))
            first = np.ones(order.size, dtype=bool)
            first[1:] = unit_class[order][1:] != unit_class[order][:-1]
            held_out = np.zeros(unit_class.size, dtype=bool)
            held_out[order[first]] = True
            held_out &= eligible
            test_mask = held_out[units]
            yield np.flatnonzero(~test_mask), np.flatnonzero(test_mask)

    @staticmethod
    def _group_codes(y_codes: np.ndarray, groups) -> np.ndarray:
        groups = column_or_1d(groups)
        if groups.shape[0] != y_codes.shape[0]:
            raise ValueError(f"groups has {groups.shape[0]} entries but y has {y_codes.shape[0]}.")
        _, codes = np.unique(groups, return_inverse=True)
        classes_per_group = np.unique(np.stack([codes, y_codes], axis=1), axis=0)[:, 0]
        counts = np.bincount(classes_per_group)
        if (counts > 1).any():
            bad = np.unique(groups)[np.flatnonzero(counts > 1)[0]]
            raise ValueError(f"group {bad!r} holds spectra of more than one class.")
        return codes
