"""An internal validation split that suits few-shot data."""

from __future__ import annotations

import numpy as np
from sklearn.utils import check_random_state
from torch.utils.data import Subset

__all__ = ["few_shot_validation_indices", "FewShotValidSplit"]


def few_shot_validation_indices(y, fraction: float, random_state=None) -> np.ndarray:
    """Pick about ``fraction`` of the spectra for validation, never a class's last one.

    Only classes with two or more spectra give any, and each keeps at least one
    in training: on RRUFF_IR most classes have one or two spectra, and a random
    split would leave many classes with nothing to learn from.

    Parameters
    ----------
    y : array-like of shape (n_spectra,)
        Labels.
    fraction : float
        Target share of all spectra; fewer are taken when too few are eligible.
    random_state : int, RandomState instance or None, default=None
        Seed.

    Returns
    -------
    indices : ndarray of int
        Sorted indices of the validation spectra.
    """
    y = np.asarray(y)
    rng = check_random_state(random_state)
    _, codes = np.unique(y, return_inverse=True)
    # Shuffle, then group by class: the first spectrum of each class group stays in
    # training and the others are eligible.
    order = rng.permutation(y.size)
    order = order[np.argsort(codes[order], kind="stable")]
    first = np.ones(y.size, dtype=bool)
    first[1:] = codes[order][1:] != codes[order][:-1]
    eligible = order[~first]
    n_valid = min(int(round(fraction * y.size)), eligible.size)
    return np.sort(rng.choice(eligible, size=n_valid, replace=False))


class FewShotValidSplit:
    """skorch ``train_split`` built on :func:`few_shot_validation_indices`.

    Parameters
    ----------
    fraction : float
        Target share of validation spectra.
    random_state : int or None, default=None
        Seed.
    """

    def __init__(self, fraction: float, random_state: int | None = None) -> None:
        self.fraction = fraction
        self.random_state = random_state

    def __call__(self, dataset, y=None, **fit_params):
        if y is None:
            raise ValueError("FewShotValidSplit needs the labels y.")
        y = np.asarray(y)
        labels = y[:, 0] if y.ndim == 2 else y  # a target table's first column holds the classes
        valid = few_shot_validation_indices(labels, self.fraction, self.random_state)
        train = np.setdiff1d(np.arange(len(dataset)), valid)
        return Subset(dataset, train), Subset(dataset, valid)

    def __repr__(self) -> str:
        return f"FewShotValidSplit(fraction={self.fraction!r}, random_state={self.random_state!r})"
