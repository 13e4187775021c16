"""defaults: tests moved from test_neural.py."""

import numpy as np
import pytest
from sklearn.base import clone
from tiny_networks import TINY_CNN

from sklearn_teanet import (
    CNNClassifier,
    DoublePyramidLeNet,
    LorentzSpectraGenerator,
    TeaNetClassifier,
)
from sklearn_teanet.training import few_shot_validation_indices


@pytest.mark.slow  # a subprocess or a real fit: in make test, not test-fast
def test_auto_batch_and_epochs_scale_to_the_data(spectra):
    X, y = spectra  # 36 spectra: a fixed batch of 64 would give one step per epoch
    clf = CNNClassifier(module=DoublePyramidLeNet(channels=(8,)), random_state=0).fit(X, y)
    assert (clf.batch_size_, clf.max_epochs_) == (9, 75)
    assert len(clf.history_) == 75 and sum(len(row["batches"]) for row in clf.history_) == 300
    assert clf.net_.batch_size == 9
    given = CNNClassifier(**dict(TINY_CNN, max_epochs=3)).fit(X, y)
    assert (given.batch_size_, given.max_epochs_, len(given.history_)) == (32, 3, 3)
    # RRUFF_IR-sized training sets keep 64 spectra per step and the preset epochs.
    for estimator, epochs in ((CNNClassifier(), 60), (TeaNetClassifier(), 100)):
        estimator._plan_steps(271)
        assert (estimator.batch_size_, estimator.max_epochs_) == (64, epochs)
    held_out = CNNClassifier(module=DoublePyramidLeNet(channels=(8,)), validation_fraction=0.3, random_state=0).fit(
        X, y
    )
    n_train = len(y) - few_shot_validation_indices(y, 0.3, 0).size  # 25: a quarter is 6, and 8 the least
    assert held_out.batch_size_ == max(8, n_train // 4) == 8


def test_small_set_defaults_do_not_fall_to_chance():
    from sklearn.model_selection import train_test_split

    from sklearn_teanet import CorrelationClassifier

    # Fewer training spectra than the old fixed batch of 64, as on a user's first ATR set.
    data = LorentzSpectraGenerator(
        n_classes=3, n_samples_per_class=20, n_points=256, theta=10 / 3, fwhm=(0, 50), random_state=1
    ).generate()
    X_train, X_test, y_train, y_test = train_test_split(
        data.data, data.target, test_size=0.25, stratify=data.target, random_state=0
    )
    correlation = CorrelationClassifier().fit(X_train, y_train).score(X_test, y_test)
    clf = CNNClassifier(module=DoublePyramidLeNet(channels=(8,)), random_state=0).fit(X_train, y_train)
    assert clf.score(X_train, y_train) == 1.0
    assert clf.score(X_test, y_test) >= correlation - 0.02


def test_seed_ensemble_averages_members_from_their_own_seeds(spectra):
    from sklearn_teanet import CorrelationClassifier, SeedEnsembleClassifier

    X, y = spectra
    ensemble = SeedEnsembleClassifier(
        CNNClassifier(**dict(TINY_CNN, max_epochs=3)), n_estimators=3, random_state=0
    ).fit(X, y)
    seeds = [member.random_state for member in ensemble.estimators_]
    assert len(set(seeds)) == 3
    probas = [member.predict_proba(X) for member in ensemble.estimators_]
    assert not np.allclose(probas[0], probas[1])
    assert np.allclose(ensemble.predict_proba(X), np.mean(probas, axis=0))
    assert list(ensemble.classes_) == sorted(set(y)) and ensemble.n_features_in_ == X.shape[1]
    again = clone(ensemble).fit(X, y)
    assert np.array_equal(again.predict_proba(X), ensemble.predict_proba(X))
    with pytest.raises(ValueError, match="has no random_state"):
        SeedEnsembleClassifier(CorrelationClassifier()).fit(X, y)
