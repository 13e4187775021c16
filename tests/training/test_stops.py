"""A stop that a finalizer swallows still ends the fit and the identify loop."""

import signal
import sys

import pytest
from swallowed_stop import StoppedInItsFinalizer
from tiny_networks import TINY_CNN

from sklearn_teanet import CNNClassifier
from sklearn_teanet.utils._interrupt import raise_if_interrupted, remembered_stops


def _swallowed_stop():
    StoppedInItsFinalizer()  # made and finalized at once: the stop lands and is dropped
    return "went on"


def test_a_stop_a_finalizer_swallowed_still_ends_the_fit(spectra, monkeypatch):
    X, y = spectra
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)  # what prints "Exception ignored in ..."
    with remembered_stops():
        assert _swallowed_stop() == "went on"  # the exception itself did not come through
        assert reported == []  # nor its traceback: the stop is not an error
        with pytest.raises(KeyboardInterrupt, match="in epoch 1 of 50"):
            CNNClassifier(**dict(TINY_CNN, max_epochs=50)).fit(X, y)
    raise_if_interrupted()  # forgotten when the block ends: later fits are not stopped by an old signal
    CNNClassifier(**dict(TINY_CNN, max_epochs=1)).fit(X, y)


def test_outside_the_block_sigterm_is_left_alone():
    before = signal.getsignal(signal.SIGTERM)
    with remembered_stops():
        assert signal.getsignal(signal.SIGTERM) is not before
    assert signal.getsignal(signal.SIGTERM) is before


GENERATORS = ["CWGANClassifier", "DAGANClassifier", "LTSAClassifier", "MaskedPretrainingClassifier"]


@pytest.mark.parametrize("name", GENERATORS)
def test_a_swallowed_stop_ends_a_generators_training_too(spectra, name):
    import sklearn_teanet

    X, y = spectra
    clf = getattr(sklearn_teanet, name)(CNNClassifier(**TINY_CNN), generator_epochs=50, random_state=0)
    with remembered_stops():
        StoppedInItsFinalizer()
        with pytest.raises(KeyboardInterrupt) as stopped:
            clf.fit(X, y)
    # Stopped in the generator's first epoch, not 50 epochs later at the classifier's first batch.
    assert any(entry.name == "mean_epoch_loss" for entry in stopped.traceback)
