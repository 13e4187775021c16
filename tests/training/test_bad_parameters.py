"""bad parameters: tests moved from test_neural.py."""

import numpy as np
import pytest
from tiny_networks import TINY_CNN, TINY_TEANET

from sklearn_teanet import (
    CNNClassifier,
    CutMix,
    DoublePyramidLeNet,
    Jitter,
    MaskedCopies,
    MixUp,
    SpectrumMasker,
    TeaNetClassifier,
    UNetReconstructor,
)


@pytest.mark.parametrize(
    "make,X_bad,match",
    [
        (lambda: CNNClassifier(**TINY_CNN), "nan", "NaN"),
        (lambda: CNNClassifier(**TINY_CNN), "inf", "infinity"),
        (lambda: CNNClassifier(**TINY_CNN), "1d", "2D array"),
    ],
)
def test_bad_spectra(spectra, make, X_bad, match):
    X, y = spectra
    X = X.copy()
    if X_bad == "nan":
        X[3, 5] = np.nan
    elif X_bad == "inf":
        X[3, 5] = np.inf
    else:
        X = X[0]
        y = y[:1]
    with pytest.raises(ValueError, match=match):
        make().fit(X, y)


def test_feature_mismatch_and_single_class(spectra):
    X, y = spectra
    clf = CNNClassifier(**dict(TINY_CNN, max_epochs=1)).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        clf.predict(X[:, :50])
    with pytest.raises(ValueError, match="at least two classes"):
        CNNClassifier(**TINY_CNN).fit(X[:6], ["talc"] * 6)


@pytest.mark.parametrize(
    "params,match",
    [
        (dict(gamma=1.5), "gamma"),
        (dict(max_epochs=0), "max_epochs"),
        (dict(batch_size=-1), "batch_size"),
        (dict(masker=SpectrumMasker(tau=(0.3, 1.2))), "tau"),
        (dict(reconstructor=UNetReconstructor(schedule="sometimes")), "'schedule' parameter of UNetReconstructor"),
        (dict(augmentation=CutMix()), "augmentation takes None, or one or a list of Jitter, MixUp; got CutMix"),
        (dict(augmentation=MixUp(alpha=0)), "'alpha' parameter of MixUp"),
        (dict(augmentation=[Jitter(), Jitter(shift=2)]), "two Jitter steps"),
        (dict(module=DoublePyramidLeNet(architecture="fig6")), "'architecture' parameter of DoublePyramidLeNet"),
        (dict(module=DoublePyramidLeNet(inputs=("spectrum", "third_derivative"))), "inputs must be distinct names"),
        (dict(module=DoublePyramidLeNet(inputs=())), "inputs must be distinct names"),
        (dict(module=DoublePyramidLeNet(inputs=("spectrum", "spectrum"))), "inputs must be distinct names"),
        (dict(module=DoublePyramidLeNet(derivative_window=20)), "derivative_window must be odd"),
        (dict(module=DoublePyramidLeNet(derivative_window=1)), "'derivative_window' parameter of DoublePyramidLeNet"),
    ],
)
def test_bad_parameters(spectra, params, match):
    X, y = spectra
    with pytest.raises(ValueError, match=match):
        TeaNetClassifier(**dict(TINY_TEANET, **params)).fit(X, y)


def test_two_batch_level_augmentations_are_an_error(spectra):
    X, y = spectra
    with pytest.raises(ValueError, match="augmentation holds two batch-level kinds"):
        CNNClassifier(augmentation=[MixUp(), MaskedCopies()], **TINY_CNN).fit(X, y)
