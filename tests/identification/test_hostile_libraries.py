"""Libraries and unknowns that once gave a confident wrong answer (issue 37, points 7, 8, 10)."""

import warnings

import numpy as np
import pytest

from sklearn_teanet import CorrelationClassifier, LorentzSpectraGenerator, SpectrumIdentifier
from sklearn_teanet.identification import library_model


def _library(n_classes=6, per_class=4, seed=0):
    data = LorentzSpectraGenerator(
        n_classes=n_classes, n_samples_per_class=per_class, n_points=256, theta=10, fwhm=(5, 20), random_state=seed
    ).generate()
    return data.data, data.target


def test_near_copies_in_the_library_are_calibrated_together():
    X, y = _library()
    # Each spectrum also re-exported with 5 significant digits: a near copy, not an exact one.
    copies = np.array([[float(f"{v:.5g}") for v in row] for row in X])
    library, labels = np.vstack([X, copies]), np.concatenate([y, y])
    fresh = X[::4] * (1 + 0.02 * np.random.RandomState(0).randn(*X[::4].shape))  # new measurements, HQI ~99
    with pytest.warns(UserWarning, match="24 library spectra are copies of others of their class"):
        identifier = SpectrumIdentifier(random_state=0).fit(library, labels)
    hits = identifier.identify(fresh, top_k=1)
    assert (hits["class"].to_numpy() == y[::4]).all()
    assert not hits["no_match"].any(), hits[["hqi", "p_value", "reason"]]


@pytest.mark.parametrize("per_class", [1, 2])
def test_noise_and_an_hqi_of_zero_are_never_an_identification(per_class):
    X, y = _library(per_class=per_class)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # too few spectra to calibrate, with one per class
        identifier = SpectrumIdentifier(random_state=0).fit(X, y)
    assert 0 < identifier.noise_hqi_ < 60 and identifier.hqi_floor_ == identifier.noise_hqi_
    rng = np.random.RandomState(1)
    noise = rng.standard_normal((5, X.shape[1]))
    unlike = -X.mean(axis=0, keepdims=True)  # anti-correlated with the library: HQI 0 for every class
    hits = identifier.identify(np.vstack([noise, unlike]), top_k=1)
    assert hits["no_match"].all(), hits[["hqi", "reason"]]
    assert hits["reason"].str.contains("which random noise reaches against this library").all()
    # The library's own spectra are still found.
    own = identifier.identify(X[:3] * 1.01, top_k=1)
    assert not own["no_match"].any() and (own["class"].to_numpy() == y[:3]).all()


def test_min_hqi_raises_the_floor_but_never_below_noise():
    X, y = _library()
    strict = SpectrumIdentifier(min_hqi=99.99, random_state=0).fit(X, y)
    assert strict.hqi_floor_ == 99.99
    blurred = X[:2] + 0.05 * np.random.RandomState(2).randn(2, X.shape[1])
    assert strict.identify(blurred, top_k=1)["no_match"].all()
    lax = SpectrumIdentifier(min_hqi=0, random_state=0).fit(X, y)
    assert lax.hqi_floor_ == lax.noise_hqi_ > 0
    with pytest.raises(ValueError, match="min_hqi"):
        SpectrumIdentifier(min_hqi=120).fit(X, y)


def test_a_flat_spectrum_is_no_mixture_either():
    # As train builds it: a derivative turns a constant into rounding noise, which some pair always "fits".
    X, y = _library()
    grid = np.linspace(400, 4000, X.shape[1])
    model = library_model(CorrelationClassifier(), grid)
    identifier = SpectrumIdentifier(model, random_state=0).fit([(grid, row) for row in X], y)
    flat = [(grid, np.full(X.shape[1], 0.5))]
    assert identifier.identify(flat, top_k=1)["no_match"].all()
    mixtures = identifier.identify_mixtures(flat)
    assert not mixtures["mixture"].any() and (mixtures["gain"] == 0).all()
