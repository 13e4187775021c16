"""LeaveOneSamplePerClassOut: the protocol's invariants."""

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, cross_val_score, cross_validate
from sklearn.neighbors import KNeighborsClassifier

from sklearn_teanet import LeaveOneSamplePerClassOut


def labels():
    return np.repeat(np.array(["a", "b", "c", "d", "e"]), [1, 2, 3, 5, 1])


def test_one_test_sample_per_class_with_two_or_more():
    y = labels()
    cv = LeaveOneSamplePerClassOut(n_repeats=50, random_state=0)
    held = []
    for train, test in cv.split(np.zeros((y.size, 3)), y):
        assert sorted(y[test]) == ["b", "c", "d"]
        assert np.intersect1d(train, test).size == 0
        assert np.union1d(train, test).size == y.size
        held.append(test)
    # Every sample of a class is drawn as test sample, roughly uniformly.
    d_test = np.concatenate(held)[np.isin(np.concatenate(held), np.flatnonzero(y == "d"))]
    assert set(d_test) == set(np.flatnonzero(y == "d"))


def test_reproducible_and_n_splits():
    y = labels()
    a = [t for _, t in LeaveOneSamplePerClassOut(5, random_state=3).split(None, y)]
    b = [t for _, t in LeaveOneSamplePerClassOut(5, random_state=3).split(None, y)]
    assert all(np.array_equal(u, v) for u, v in zip(a, b))
    assert LeaveOneSamplePerClassOut(7).get_n_splits() == 7


def test_groups_never_straddle():
    y = np.array([0, 0, 0, 0, 1, 1, 1, 2])
    groups = np.array([10, 10, 11, 11, 20, 21, 21, 30])
    for train, test in LeaveOneSamplePerClassOut(20, random_state=0).split(None, y, groups):
        assert not set(groups[train]) & set(groups[test])
        assert sorted(set(y[test])) == [0, 1]


def test_errors():
    with pytest.raises(ValueError, match="two or more samples"):
        next(LeaveOneSamplePerClassOut().split(None, np.array([0, 1, 2])))
    with pytest.raises(ValueError, match="more than one class"):
        next(LeaveOneSamplePerClassOut().split(None, np.array([0, 1, 1]), groups=[5, 5, 6]))
    with pytest.raises(ValueError, match="n_repeats"):
        LeaveOneSamplePerClassOut(n_repeats=0)
    with pytest.raises(ValueError, match="X has 2 rows but y has 3 labels"):
        next(LeaveOneSamplePerClassOut().split(np.zeros((2, 4)), np.array([0, 0, 1])))


def test_sparse_spectra_are_counted_by_rows():
    from scipy import sparse

    y = labels()
    dense = list(LeaveOneSamplePerClassOut(3, random_state=0).split(np.zeros((y.size, 3)), y))
    for X in (sparse.csr_matrix((y.size, 3)), sparse.csr_array((y.size, 3))):  # len() of these raises
        split = list(LeaveOneSamplePerClassOut(3, random_state=0).split(X, y))
        assert all(np.array_equal(a, b) for (_, a), (_, b) in zip(split, dense))


def test_works_in_model_selection():
    rng = np.random.RandomState(0)
    y = np.repeat(np.arange(6), 3)
    X = y[:, None] + 0.1 * rng.randn(18, 4)
    cv = LeaveOneSamplePerClassOut(n_repeats=3, random_state=0)
    assert cross_val_score(KNeighborsClassifier(1), X, y, cv=cv).mean() == 1.0
    assert len(cross_validate(KNeighborsClassifier(1), X, y, cv=cv)["test_score"]) == 3
    search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 2]}, cv=cv).fit(X, y)
    assert search.best_params_["n_neighbors"] in (1, 2)
