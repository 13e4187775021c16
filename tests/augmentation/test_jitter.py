"""plain augmentation: tests moved from test_neural.py."""

import torch
from tiny_networks import TINY_CNN

from sklearn_teanet import (
    CNNClassifier,
    Jitter,
)


def test_same_class_partners():
    from sklearn_teanet.augmentation import same_class_partners

    y = torch.tensor([0, 1, 0, 2, 1, 0, 1])
    for seed in range(10):
        torch.manual_seed(seed)
        partners = same_class_partners(y)
        assert torch.equal(y[partners], y)
        singles = y.bincount()[y] == 1
        assert torch.equal(partners[singles], torch.arange(7)[singles])
        assert (partners[~singles] != torch.arange(7)[~singles]).all()


def test_plain_augment_shift_noise_combine():
    from sklearn_teanet.augmentation import plain_augment

    X = torch.zeros(4, 50)
    X[:, 25] = 1.0
    y = torch.tensor([0, 0, 1, 1])
    shifted = plain_augment(X, y, shift=3)
    peaks = shifted.argmax(dim=1)
    assert ((peaks - 25).abs() <= 3).all() and torch.allclose(shifted.sum(1), X.sum(1))
    noisy = plain_augment(X, y, noise=0.1)
    assert (noisy[:, :25] == 0).all() and not torch.equal(noisy, X)  # proportional to intensity
    A = torch.stack([torch.full((50,), float(v)) for v in (0, 1, 10, 20)])
    mixed = plain_augment(A, y, combine=0.5)
    assert (mixed[:2] <= 1).all() and (mixed[2:] >= 10).all()  # mixes within the class only


def test_plain_augmentation_trains(four_substances):
    X, y = four_substances
    clf = CNNClassifier(**TINY_CNN, augmentation=Jitter(shift=2, noise=0.01, combine=0.3)).fit(X, y)
    assert clf.score(X, y) > 0.5
