"""estimators: tests moved from test_neural.py."""

import pickle

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.model_selection import cross_val_score
from tiny_networks import TINY_CNN, TINY_TEANET

from sklearn_teanet import CNNClassifier, CutMix, LeaveOneSamplePerClassOut, MaskedCopies, MixUp, TeaNetClassifier


@pytest.mark.parametrize(
    "estimator",
    [
        CNNClassifier(**TINY_CNN),
        CNNClassifier(augmentation=MaskedCopies(n_masks=2), **TINY_CNN),
        CNNClassifier(augmentation=MixUp(), **TINY_CNN),
        CNNClassifier(augmentation=CutMix(), **TINY_CNN),
        TeaNetClassifier(**TINY_TEANET),
    ],
    ids=["cnn_full", "cnn_partial", "mixup", "cutmix", "teanet"],
)
def test_well_above_chance_and_labels_kept(spectra, estimator):
    X, y = spectra
    cv = LeaveOneSamplePerClassOut(n_repeats=2, random_state=0)
    scores = cross_val_score(estimator, X, y, cv=cv)
    assert scores.mean() > 0.5  # chance is 1/6
    fitted = clone(estimator).fit(X, y)
    assert set(fitted.predict(X)) <= set(y)
    proba = fitted.predict_proba(X)
    assert proba.shape == (len(X), 6) and np.allclose(proba.sum(1), 1, atol=1e-5)


def test_same_seed_bitwise_identical_and_pickle(spectra):
    X, y = spectra
    a = TeaNetClassifier(**dict(TINY_TEANET, max_epochs=3)).fit(X, y)
    b = TeaNetClassifier(**dict(TINY_TEANET, max_epochs=3)).fit(X, y)
    assert np.array_equal(a.predict_proba(X), b.predict_proba(X))
    restored = pickle.loads(pickle.dumps(a))
    assert np.array_equal(restored.predict_proba(X), a.predict_proba(X))
    c = TeaNetClassifier(**dict(TINY_TEANET, max_epochs=3, random_state=1)).fit(X, y)
    assert not np.array_equal(a.predict_proba(X), c.predict_proba(X))


def test_fit_leaves_global_torch_rng_alone(spectra):
    X, y = spectra
    torch.manual_seed(123)
    expected = torch.rand(1)
    torch.manual_seed(123)
    CNNClassifier(**dict(TINY_CNN, max_epochs=1)).fit(X, y)
    assert torch.equal(torch.rand(1), expected)


def test_refit_trains_on_all_spectra_for_chosen_epochs(spectra):
    X, y = spectra
    clf = CNNClassifier(**dict(TINY_CNN, max_epochs=4, validation_fraction=0.3, refit=True)).fit(X, y)
    assert clf.best_epoch_ is not None
    assert len(clf.history_) == clf.best_epoch_
    assert clf.net_.train_split is None
    assert clf.net_.max_epochs == clf.best_epoch_  # the cosine schedule spans the refit


def test_reconstruct_and_augment(spectra):
    X, y = spectra
    clf = TeaNetClassifier(**TINY_TEANET).fit(X, y)
    X_hat, masks = clf.reconstruct(X[:5], random_state=0)
    assert X_hat.shape == masks.shape == (5, X.shape[1])
    assert 0.25 < masks.mean() < 0.75
    given = np.zeros((5, X.shape[1]), dtype=bool)
    given[:, 10:20] = True
    X_hat2, masks2 = clf.reconstruct(X[:5], masks=given)
    assert masks2 is not None and np.array_equal(masks2, given)
    X_aug, masks_aug = clf.augment(X[:3], n_augment=4, random_state=0)
    assert X_aug.shape == (3, 4, X.shape[1]) and masks_aug.shape == X_aug.shape
    assert not np.allclose(X_aug[:, 0], X_aug[:, 1])


def test_bf16_trains(spectra):
    X, y = spectra
    clf = TeaNetClassifier(**dict(TINY_TEANET, precision="bf16", max_epochs=2)).fit(X, y)
    assert np.isfinite(clf.predict_proba(X)).all()
