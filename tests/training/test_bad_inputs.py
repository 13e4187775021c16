"""bad inputs: tests moved from test_bad_inputs.py."""

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV
from tiny_networks import THREE_EPOCHS

from sklearn_teanet import (
    CNNClassifier,
    CorrelationClassifier,
    DoublePyramidLeNet,
    LorentzSpectraGenerator,
    MaskedCopies,
    SpectrumIdentifier,
    SpectrumMasker,
    TeaNetClassifier,
    UNetReconstructor,
)

TINY = THREE_EPOCHS


@pytest.fixture(scope="module")
def spectra(four_substances):
    return four_substances


TINY_TEANET = dict(TINY, reconstructor=UNetReconstructor(depth=1, channels=2))


@pytest.mark.parametrize("fill_value", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_fill_value_is_rejected(fill_value, spectra):
    X, y = spectra
    with pytest.raises(ValueError, match="fill_value must be a finite number"):
        SpectrumMasker(fill_value=fill_value).fit(X)
    with pytest.raises(ValueError, match="fill_value must be a finite number"):
        TeaNetClassifier(masker=SpectrumMasker(fill_value=fill_value), **TINY_TEANET).fit(X, y)


@pytest.mark.parametrize("lr", [1e8, 1e30])
def test_a_diverging_fit_stops_with_the_epoch_and_the_cause(spectra, lr):
    X, y = spectra
    with pytest.raises(FloatingPointError, match=r"training loss became .* in epoch \d+, batch \d+.*lr=1e\+"):
        CNNClassifier(**{**TINY, "max_epochs": 20}, lr=lr).fit(X, y)


@pytest.mark.slow  # a subprocess or a real fit: in make test, not test-fast
def test_a_fit_on_fewer_spectra_than_a_batch_predicts_its_own_training_spectra():
    """48 spectra, one batch per epoch: the running batch-norm statistics lagged behind the
    weights and the model predicted its own training spectra at chance (issue 14, point 7)."""
    data = LorentzSpectraGenerator(
        n_classes=3, n_samples_per_class=16, n_points=512, theta=3, fwhm=(5, 40), random_state=0
    ).generate()
    clf = CNNClassifier(random_state=0).fit(data.data, data.target)
    last_loss = clf.history_[-1, "train_loss"]
    assert last_loss < 0.5
    # A loss below 0.5 means the right class has most of the probability on most spectra.
    assert clf.score(data.data, data.target) >= 0.9


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: CNNClassifier(**TINY, validation_fraction=0.5), "validation_fraction=0.5 holds out no spectrum"),
        (
            lambda: TeaNetClassifier(**{**TINY_TEANET, "reconstructor": UNetReconstructor(depth=10)}),
            "reconstructor.depth=10 halves 64-point spectra.*use depth <= 6",
        ),
        (lambda: CNNClassifier(**TINY, device="cuda"), "device='cuda', but torch finds no CUDA device"),
        (
            lambda: CNNClassifier(**{**TINY, "module": DoublePyramidLeNet(channels=(0,))}),
            r"channels must be a non-empty sequence of positive",
        ),
        (lambda: CNNClassifier(**TINY, callbacks=[object()]), "callbacks must hold skorch callbacks"),
    ],
)
def test_bad_settings_fail_at_fit_start_naming_the_parameter(make, message):
    import torch

    if "cuda" in message and torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=1, n_points=64, theta=10, random_state=0).generate()
    with pytest.raises(ValueError, match=message):
        make().fit(data.data, data.target)


def test_masker_tau_is_reachable_from_the_default_masker(spectra):
    X, y = spectra
    teanet = TeaNetClassifier(**TINY_TEANET).set_params(masker__tau=(0.2, 0.4))
    assert teanet.masker.tau == (0.2, 0.4)
    search = GridSearchCV(
        TeaNetClassifier(**{**TINY_TEANET, "max_epochs": 1}), {"masker__tau": [(0.1, 0.3), (0.5, 0.7)]}, cv=2
    ).fit(X, y)
    assert search.best_params_["masker__tau"] in [(0.1, 0.3), (0.5, 0.7)]
    # CNN_Partial's masker sits in its MaskedCopies, whose None masker is the default one.
    partial = CNNClassifier(augmentation=MaskedCopies()).set_params(augmentation__masker__tau=(0.2, 0.4))
    assert partial.augmentation.masker.tau == (0.2, 0.4)
    with pytest.raises(ValueError, match="augmentation=None, so augmentation__masker__tau has nothing to set"):
        CNNClassifier().set_params(augmentation__masker__tau=(0.2, 0.4))


def test_one_point_spectra_are_too_short_to_mask():
    with pytest.raises(ValueError, match="X has 1 feature\\(s\\): one point per spectrum; masking needs at least 2"):
        SpectrumMasker().fit(np.ones((3, 1)))


def test_any_intensity_unit_trains_alike_and_an_overflowing_one_is_refused(spectra):
    X, y = spectra
    # Raw 1e30 once overflowed batch-norm variances: a flat loss and a chance-level model, silently.
    unit = CNNClassifier(**TINY).fit(X, y)
    huge = CNNClassifier(**TINY).fit(X * 2.0**100, y)  # a power of 2: the same spectra in units of their peak
    assert huge.intensity_scale_ == 2.0**100 * unit.intensity_scale_
    np.testing.assert_allclose(huge.predict_proba(X * 2.0**100), unit.predict_proba(X), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match=r"X holds intensities up to 1e\+20 times the training spectra's peak"):
        unit.predict(X * 1e20)


def test_mixed_type_labels_say_what_is_wrong(spectra):
    X, _ = spectra
    y = np.array([1, "1"] * (len(X) // 2), dtype=object)
    with pytest.raises(ValueError, match=r"Labels mix types \(int, str\)"):
        CorrelationClassifier().fit(X, y)
    # The identifier counts the spectra per class first, which used to fail on sorting mixed labels.
    with pytest.raises(ValueError, match=r"Labels mix types \(NoneType, str\)"):
        SpectrumIdentifier().fit(X, np.array(["a", None] * (len(X) // 2), dtype=object))


def test_bf16_on_a_cpu_without_bf16_warns(spectra, monkeypatch):
    import sklearn_teanet.training.base as base

    monkeypatch.setattr(base, "cpu_has_bf16", lambda: False)
    X, y = spectra
    with pytest.warns(UserWarning, match="precision='bf16' on a CPU without bf16 instructions"):
        CNNClassifier(**{**TINY, "max_epochs": 1}, precision="bf16").fit(X, y)
