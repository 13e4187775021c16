"""CalibratedFusionClassifier: weights fitted on held-out training spectra, members refit on all of them."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline

from sklearn_teanet import (
    CalibratedFusionClassifier,
    CorrelationClassifier,
    LeaveOneSamplePerClassOut,
    LorentzSpectraGenerator,
    SpectrumNormalizer,
)
from sklearn_teanet.ensemble.fusion import _fit_weights


class Guess(ClassifierMixin, BaseEstimator):
    """A member that knows nothing: confident, random probabilities, and counts its fits."""

    fits = 0

    def __init__(self, seed=0):
        self.seed = seed

    def fit(self, X, y):
        type(self).fits += 1
        self.classes_ = np.unique(y)
        return self

    def predict_proba(self, X):
        rng = np.random.RandomState(self.seed + len(X))
        logits = 20 * rng.randn(len(X), len(self.classes_))
        p = np.exp(logits - logits.max(1, keepdims=True))
        return p / p.sum(1, keepdims=True)


@pytest.fixture(scope="module")
def spectra():
    data = LorentzSpectraGenerator(n_classes=8, n_samples_per_class=4, n_points=128, theta=10, random_state=0)
    data = data.generate()
    return data.data, np.array(list("abcdefgh"))[data.target]


def test_a_member_that_knows_nothing_gets_no_weight(spectra):
    X, y = spectra
    Guess.fits = 0
    fusion = CalibratedFusionClassifier([("corr", CorrelationClassifier()), ("guess", Guess())], random_state=0)
    fusion.fit(X, y)
    assert fusion.weights_[1] < 0.05 * fusion.weights_[0]
    assert Guess.fits == 2  # once on the held-in spectra of the one split, once on all of them
    proba = fusion.predict_proba(X)
    np.testing.assert_allclose(proba.sum(1), 1)
    assert list(fusion.classes_) == list("abcdefgh")
    corr = CorrelationClassifier().fit(X, y)
    assert fusion.score(X, y) >= corr.score(X, y)


def test_the_weights_minimise_the_held_out_log_loss():
    rng = np.random.RandomState(0)
    logs = np.log(rng.dirichlet(np.ones(5), size=(2, 40)))
    codes = rng.randint(0, 5, 40)
    weights, loss = _fit_weights(logs, codes)
    # The loss at the optimum is no worse than at any of a grid of weights.
    from scipy.special import log_softmax

    def at(w):
        return -log_softmax(np.tensordot(w, logs, axes=1), axis=1)[np.arange(40), codes].mean()

    grid = [np.array([a, b]) for a in np.linspace(0, 3, 13) for b in np.linspace(0, 3, 13)]
    assert loss <= min(at(w) for w in grid) + 1e-6
    assert loss == pytest.approx(at(weights))


def test_works_in_a_pipeline_grid_search_and_the_papers_protocol(spectra):
    X, y = spectra
    fusion = CalibratedFusionClassifier([("corr", CorrelationClassifier()), ("knn", KNeighborsClassifier(1))])
    pipe = make_pipeline(SpectrumNormalizer(), fusion)
    cv = LeaveOneSamplePerClassOut(n_repeats=2, random_state=0)
    assert cross_val_score(pipe, X, y, cv=cv).mean() > 0.5
    grid = {"calibratedfusionclassifier__cv": [LeaveOneSamplePerClassOut(1, random_state=0)]}
    GridSearchCV(pipe, grid, cv=2).fit(X, y)


@pytest.mark.parametrize(
    "estimators, message",
    [
        ([KNeighborsClassifier()], r"estimators\[0\] must be a \(name, classifier\) pair"),
        ([("svd", SpectrumNormalizer())], r"estimators\[0\] \('svd'\) has no predict_proba"),
        ([], "at least one"),
    ],
)
def test_bad_members_are_named(spectra, estimators, message):
    X, y = spectra
    with pytest.raises(ValueError, match=message):
        CalibratedFusionClassifier(estimators).fit(X, y)


def test_a_library_of_one_spectrum_per_class_cannot_fit_weights(spectra):
    X, y = spectra
    first = np.unique(y, return_index=True)[1]
    with pytest.raises(ValueError, match="at least one class with two or more"):
        CalibratedFusionClassifier([("corr", CorrelationClassifier())]).fit(X[first], y[first])


def test_the_default_fuses_the_network_with_second_derivative_correlation():
    fusion = CalibratedFusionClassifier(random_state=0)
    (name_a, cnn), (name_b, corr) = fusion._members()
    assert (name_a, name_b) == ("cnn", "second_derivative")
    assert cnn.random_state == 0 and corr.steps[0][1].deriv == 2
