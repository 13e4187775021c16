"""validation split: tests moved from test_neural.py."""

import numpy as np

from sklearn_teanet.training import few_shot_validation_indices


def test_validation_never_takes_a_class_last_spectrum():
    y = np.repeat(np.arange(50), np.random.RandomState(0).randint(1, 4, size=50))
    for seed in range(20):
        valid = few_shot_validation_indices(y, 0.5, seed)
        left = np.bincount(np.delete(y, valid), minlength=50)
        assert (left >= 1).all()
    assert few_shot_validation_indices(np.arange(10), 0.2, 0).size == 0
