"""Library search whose memory grows with the library, not its square, and gives the dense search's answers
(issue 39, points 2 and 3)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sklearn_teanet import LorentzSpectraGenerator
from sklearn_teanet.baselines import standardize_rows
from sklearn_teanet.identification.calibration import calibrate, hqi_matrix
from sklearn_teanet.identification.class_maxima import best_per_class
from sklearn_teanet.identification.matching import copy_groups
from sklearn_teanet.identification.mixtures import best_pairs


def _features(n_classes=40, per_class=4, n_points=256, seed=0):
    data = LorentzSpectraGenerator(n_classes=n_classes, n_samples_per_class=per_class, n_points=n_points, theta=10,
                                   fwhm=(5, 20), random_state=seed).generate()  # fmt: skip
    return data.data, data.target


def _dense(features, library, classes, groups, max_points):
    """The calibration as the whole n x n matrix gives it (the code before blocks)."""
    hqi = hqi_matrix(features, library, max_points)
    same, others = classes[:, None] == classes[None, :], groups[:, None] != groups[None, :]
    own = np.where(same & others, hqi, -np.inf).max(axis=1)
    top = np.where(others, hqi, -np.inf).max(axis=1)
    foreign = np.where(~same, hqi, -np.inf).max(axis=1)
    known = (same & others).any(axis=1)
    return own[known], top[known], foreign


@pytest.mark.parametrize("block", [7, 64, 10_000])
def test_calibration_in_blocks_equals_the_whole_matrix(block):
    X, y = _features()
    X = np.vstack([X, X[:5]])  # copies, held out together
    y = np.concatenate([y, y[:5]])
    library = standardize_rows(X)
    groups = copy_groups(library, y)
    blocked = calibrate(X, library, y, groups, max_points=2, block=block)
    own, top, foreign = _dense(X, library, y, groups, 2)
    np.testing.assert_allclose(blocked.known_true, own, rtol=1e-12)  # BLAS sums blocks in another order
    np.testing.assert_allclose(blocked.known_top, top, rtol=1e-12)
    np.testing.assert_allclose(blocked.foreign_top, foreign, rtol=1e-12)


def test_the_mixture_shortlist_finds_the_pairs_the_exhaustive_search_finds():
    X, y = _features(n_classes=150, per_class=4)  # 600 library spectra: twice the shortlist
    library = standardize_rows(X)
    rng = np.random.RandomState(0)
    pairs = [tuple(rng.choice(len(X), 2, replace=False)) for _ in range(40)]
    pairs = [(i, j) for i, j in pairs if y[i] != y[j]]
    mixtures = np.array([0.5 * X[i] + 0.5 * X[j] for i, j in pairs])
    exhaustive = best_pairs(mixtures, library, y, shortlist=10**6)
    shortlisted = best_pairs(mixtures, library, y)
    found = [{y[p["first"]], y[p["second"]] if p["second"] >= 0 else None} for p in shortlisted]
    assert sum(f == {y[i], y[j]} for f, (i, j) in zip(found, pairs)) >= 0.95 * len(pairs)
    assert [{p["first"], p["second"]} for p in shortlisted] == [{p["first"], p["second"]} for p in exhaustive]
    np.testing.assert_allclose([p["hqi"] for p in shortlisted], [p["hqi"] for p in exhaustive])


@given(st.integers(0, 2**32 - 1))
def test_the_best_of_each_class_is_the_loops_answer(seed):
    rng = np.random.RandomState(seed)
    m, k = rng.randint(1, 40), rng.randint(1, 10)
    classes, r = rng.randint(0, k, m), np.round(rng.randn(rng.randint(1, 5), m), 1)  # rounded: ties happen
    best, which = best_per_class(r, classes, k)
    for c in range(k):
        members = np.flatnonzero(classes == c)
        if members.size == 0:
            assert (which[:, c] == -1).all() and np.isneginf(best[:, c]).all()  # a class left out of the library
        else:
            np.testing.assert_array_equal(best[:, c], r[:, members].max(axis=1))
            np.testing.assert_array_equal(which[:, c], members[np.argmax(r[:, members], axis=1)])  # first of ties
