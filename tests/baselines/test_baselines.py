"""Shallow baselines: correlation matching, masked training, the registry."""

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KNeighborsClassifier

from sklearn_teanet import (
    CorrelationClassifier,
    LeaveOneSamplePerClassOut,
    LorentzSpectraGenerator,
    MaskedTrainingClassifier,
    SpectrumMasker,
)
from sklearn_teanet.paper import METHODS, SHALLOW_METHODS, make_method


def test_correlation_matches_pearson():
    rng = np.random.RandomState(0)
    library = rng.rand(6, 40)
    labels = np.array(["x", "x", "y", "y", "z", "z"])
    query = rng.rand(3, 40)
    clf = CorrelationClassifier().fit(library, labels)
    r = np.corrcoef(query, library)[:3, 3:]
    best = np.stack([r[:, labels == c].max(axis=1) for c in clf.classes_], axis=1)
    assert np.allclose(clf.decision_function(query), best)
    assert (clf.predict(query) == clf.classes_[best.argmax(axis=1)]).all()
    proba = clf.predict_proba(query)
    assert np.allclose(proba.sum(axis=1), 1) and (proba.argmax(axis=1) == best.argmax(axis=1)).all()


def test_correlation_is_invariant_to_offset_and_scale():
    rng = np.random.RandomState(1)
    library = rng.rand(4, 30)
    clf = CorrelationClassifier().fit(library, [0, 1, 2, 3])
    assert list(clf.predict(3 * library + 7)) == [0, 1, 2, 3]


def test_constant_spectrum_gives_no_nan():
    clf = CorrelationClassifier().fit(np.array([[1.0, 2, 3], [3, 2, 1]]), [0, 1])
    assert np.isfinite(clf.predict_proba(np.ones((1, 3)))).all()


def test_masked_training_masks_at_fit_only():
    X = np.random.RandomState(0).rand(6, 32)
    y = [0, 0, 1, 1, 2, 2]
    clf = MaskedTrainingClassifier(
        KNeighborsClassifier(1), masker=SpectrumMasker(fill_value=0.0), n_masks=3, random_state=0
    ).fit(X, y)
    assert clf.estimator_.n_samples_fit_ == 24
    assert list(clf.predict(X)) == y  # the originals are in the library, unmasked
    plain = MaskedTrainingClassifier(KNeighborsClassifier(1)).fit(X, y)
    assert plain.estimator_.n_samples_fit_ == 6


def test_grid_search_reaches_masker_tau():
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=4, n_points=64, theta=10, random_state=0).generate()
    search = GridSearchCV(
        make_method("knn", masker=SpectrumMasker(), random_state=0),
        {"masker__tau": [(0.1, 0.2), (0.3, 0.7)]},
        cv=LeaveOneSamplePerClassOut(n_repeats=2, random_state=0),
    ).fit(data.data, data.target)
    assert search.best_params_["masker__tau"] in [(0.1, 0.2), (0.3, 0.7)]


@pytest.mark.parametrize("name", SHALLOW_METHODS)
def test_registry_shallow_methods_fit(name):
    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=4, n_points=64, theta=10, random_state=0).generate()
    clf = make_method(name, random_state=0).fit(data.data, data.target)
    assert clf.score(data.data, data.target) > 0.9


def test_registry_knows_table3_and_rejects_unknown():
    assert set(METHODS) >= {
        "knn",
        "svm_linear",
        "svm_rbf",
        "random_forest",
        "correlation",
        "mixup",
        "cutmix",
        "cnn_full",
        "cnn_partial",
        "teanet",
    }
    with pytest.raises(ValueError, match="Unknown method 'lstm'"):
        make_method("lstm")
