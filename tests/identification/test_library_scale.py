"""Library search whose memory grows with the library, not its square, and gives the dense search's answers
(issue 39, points 1 to 3)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sklearn_teanet import LorentzSpectraGenerator, SpectrumIdentifier
from sklearn_teanet.baselines import standardize_rows
from sklearn_teanet.identification.calibration import calibrate, hqi_matrix
from sklearn_teanet.identification.class_maxima import _class_runs, best_per_class, class_order, class_search
from sklearn_teanet.identification.matching import copy_groups, similarity
from sklearn_teanet.identification.mixtures import best_pairs
from sklearn_teanet.identification.shortlist import shortlisted_similarity


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


@given(st.integers(0, 2**32 - 1))
def test_a_library_in_class_order_gives_the_loops_answer(seed):
    rng = np.random.RandomState(seed)
    k = rng.randint(1, 12)
    classes = rng.randint(0, k, rng.randint(1, 60))
    classes = classes[class_order(classes)]  # as an identifier keeps its library: class by class, by class size
    r = np.asfortranarray(np.round(rng.randn(rng.randint(1, 5), classes.size), 1))  # as the search lays it out
    assert _class_runs(classes) is not None  # the fast path
    best, which = best_per_class(r, classes, k)
    for c in range(k):
        members = np.flatnonzero(classes == c)
        if members.size:
            np.testing.assert_array_equal(best[:, c], r[:, members].max(axis=1))
            np.testing.assert_array_equal(which[:, c], members[np.argmax(r[:, members], axis=1)])  # first of ties
        else:
            assert (which[:, c] == -1).all()


def test_a_class_of_many_spectra_takes_the_argmax_path():
    classes = np.r_[np.zeros(40, int), np.ones(3, int)]
    classes = classes[class_order(classes)]
    r = np.random.RandomState(0).randn(5, classes.size)
    best, which = best_per_class(r, classes, 2)
    for c in range(2):
        members = np.flatnonzero(classes == c)
        np.testing.assert_array_equal(which[:, c], members[np.argmax(r[:, members], axis=1)])


@pytest.mark.parametrize("max_points", [1, 3])
def test_the_shift_shortlist_finds_what_every_shift_against_every_spectrum_finds(max_points):
    X, y = _features(n_classes=200, per_class=3)  # 600 spectra: the shortlist of 32 is about 5 % of them
    library = standardize_rows(X).astype(np.float32)
    rng = np.random.RandomState(1)
    rows = rng.choice(len(X), 60, replace=False)
    unknowns = np.stack([np.roll(X[i], rng.randint(-max_points, max_points + 1)) for i in rows])
    unknowns *= 1 + 0.02 * rng.randn(*unknowns.shape)
    exhaustive, exhaustive_moves = similarity(unknowns, library, max_points)
    short, short_moves = shortlisted_similarity(unknowns, library, max_points, k=32)
    best = exhaustive.argmax(axis=1)
    np.testing.assert_array_equal(short.argmax(axis=1), best)
    np.testing.assert_allclose(short.max(axis=1), exhaustive.max(axis=1), atol=1e-5)
    np.testing.assert_array_equal(short_moves[np.arange(60), best], exhaustive_moves[np.arange(60), best])
    # Off the shortlist a spectrum keeps its blurred score: about the mean over the shifts, so not above its best
    # (but for the points moved in at the ends, which the blur and the shift fill alike only roughly).
    assert (short <= exhaustive + 0.01).all()


def test_the_shortlist_compares_short_spectra_on_the_points_both_measured():
    X, _ = _features(n_classes=50, per_class=2)
    library = standardize_rows(X).astype(np.float32)
    library_masks = np.ones(X.shape, bool)
    library_masks[::3, :60] = False  # every third library spectrum starts late
    masks = np.ones((10, X.shape[1]), bool)
    masks[:, -50:] = False  # the unknowns end early
    exhaustive, _ = similarity(X[:10], library, 2, masks, library_masks)
    short, _ = shortlisted_similarity(X[:10], library, 2, masks, library_masks, k=len(library))
    np.testing.assert_allclose(short, exhaustive, atol=1e-5)  # everything shortlisted: the exhaustive answer


def test_the_search_in_blocks_of_unknowns_equals_one_block():
    X, y = _features(n_classes=30, per_class=3)
    identifier = SpectrumIdentifier(max_shift=2.0, random_state=0).fit(X, y)
    whole = class_search(identifier, X[:40], None, block=10_000)
    blocked = class_search(identifier, X[:40], None, block=7)
    np.testing.assert_allclose(blocked[0], whole[0], atol=1e-6)  # float32 products of other sizes round apart
    np.testing.assert_array_equal(blocked[1], whole[1])
    np.testing.assert_array_equal(blocked[2], whole[2])


def test_the_library_is_kept_class_by_class_with_its_names():
    X, y = _features(n_classes=30, per_class=3)
    X, y = np.vstack([X, X[:4]]), np.r_[y, y[:2], 99, 99]  # two more of class y[0], a class of two
    names = [f"spectrum {i}" for i in range(len(y))]
    identifier = SpectrumIdentifier(random_state=0).fit(X, y, names=names)
    assert _class_runs(identifier.library_classes_) is not None
    hits = identifier.identify(X[[5, 40]], top_k=1)
    # Each library spectrum, as an unknown, finds itself (or its exact copy), named as it was given.
    assert hits["reference"].tolist()[0] == "spectrum 5"
    assert hits["hqi"].round(6).tolist() == [100.0, 100.0]
    assert identifier.classes_[identifier.library_classes_].tolist() == sorted(
        y.tolist(), key=lambda c: (np.sum(y == c), c)
    )
