"""CWGAN, DAGAN and LTSA: they generate what they should, train the same classifier, and refuse bad input."""

import pickle

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_teanet import (
    CNNClassifier,
    CWGANClassifier,
    DAGANClassifier,
    DoublePyramidLeNet,
    LorentzSpectraGenerator,
    LTSAClassifier,
    MaskedTrainingClassifier,
)
from sklearn_teanet.generative.networks import Critic, EncoderDecoder, LabelledGenerator
from sklearn_teanet.paper import make_method

TINY_CNN = dict(module=DoublePyramidLeNet(channels=(4,), kernel_size=5), max_epochs=3, lr=1e-2, random_state=0)
GENERATIVE = [CWGANClassifier, DAGANClassifier, LTSAClassifier]


@pytest.fixture(scope="module")
def spectra():
    data = LorentzSpectraGenerator(
        n_classes=3, n_samples_per_class=6, n_points=128, theta=10, random_state=0
    ).generate()
    names = np.array(["quartz", "calcite", "gypsum"])
    return data.data.astype(np.float32), names[data.target]


def class_of_nearest_mean(generated, X, y):
    """Class whose mean spectrum each generated spectrum correlates with best."""
    classes = np.unique(y)
    means = np.stack([X[y == c].mean(0) for c in classes])
    corr = np.corrcoef(np.vstack([generated, means]))[: len(generated), len(generated) :]
    return classes[corr.argmax(1)]


@pytest.mark.parametrize("cls", GENERATIVE)
def test_fits_the_same_classifier_and_predicts_labels(cls, spectra):
    X, y = spectra
    clf = cls(CNNClassifier(**TINY_CNN), generator_epochs=2, random_state=0).fit(X, y)
    assert set(clf.predict(X)) <= set(y)
    assert list(clf.classes_) == sorted(set(y)) == list(clf.classifier_.classes_)
    assert clf.predict_proba(X).shape == (len(X), 3)
    assert clf.explain(X[:2]).shape == (2, X.shape[1])
    assert clf.n_generated_ == (0 if cls is LTSAClassifier else 2 * len(X))
    assert clf.history_ is clf.classifier_.history_


@pytest.mark.parametrize("cls", GENERATIVE)
def test_refits_identically_with_a_seed_and_survives_pickle(cls, spectra):
    X, y = spectra
    clf = cls(CNNClassifier(**TINY_CNN), generator_epochs=2, random_state=3)
    a = clone(clf).fit(X, y).predict_proba(X)
    fitted = clone(clf).fit(X, y)
    np.testing.assert_allclose(fitted.predict_proba(X), a, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(pickle.loads(pickle.dumps(fitted)).predict_proba(X), a, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("cls", GENERATIVE)
def test_the_intensity_unit_does_not_change_what_the_generators_learn(cls, spectra):
    """Raw counts (x 1e4) used to train CWGAN's generator to spectra near zero, labelled as classes."""
    X, y = spectra
    clf = cls(CNNClassifier(**TINY_CNN), generator_epochs=2, random_state=0)
    unit, counts = clone(clf).fit(X, y), clone(clf).fit(X * 2.0**14, y)  # a power of 2: exact in float32
    assert counts.intensity_scale_ == 2.0**14 * unit.intensity_scale_
    networks = [name for name in ("generator_", "critic_", "repair_", "discriminator_") if hasattr(unit, name)]
    for name in networks:
        for a, b in zip(getattr(unit, name).parameters(), getattr(counts, name).parameters()):
            torch.testing.assert_close(a, b)


@pytest.mark.slow  # a subprocess or a real fit: in make test, not test-fast
def test_cwgan_generates_spectra_of_the_requested_class(spectra):
    X, y = spectra
    clf = CWGANClassifier(
        CNNClassifier(**TINY_CNN), generator_epochs=120, batch_size=18, generator_lr=1e-3, random_state=0
    ).fit(X, y)
    codes = torch.arange(3).repeat(10)
    clf.generator_.eval()
    with torch.no_grad():
        generated = clf._draw(torch.as_tensor(X[:30]), codes).numpy()
    assert (class_of_nearest_mean(generated, X, y) == clf.classes_[codes.numpy()]).mean() >= 0.9
    # The critic's loss starts high and ends below zero: it learned to tell, then the generator caught up.
    assert clf.critic_losses_[0] > clf.critic_losses_[-1]


@pytest.mark.slow  # a subprocess or a real fit: in make test, not test-fast
def test_dagan_varies_a_spectrum_within_its_class(spectra):
    X, y = spectra
    clf = DAGANClassifier(
        CNNClassifier(**TINY_CNN), generator_epochs=120, batch_size=18, generator_lr=1e-3, random_state=0
    ).fit(X, y)
    clf.generator_.eval()
    with torch.no_grad():
        a = clf._draw(torch.as_tensor(X), None).numpy()
        b = clf._draw(torch.as_tensor(X), None).numpy()
    assert (class_of_nearest_mean(a, X, y) == y).mean() >= 0.8  # chance is 1/3; the originals score 1
    assert np.abs(a - b).max() > 1e-4, "the noise vector must change the variant"


def test_ltsa_starts_the_classifier_from_the_discriminators_features(spectra):
    X, y = spectra
    clf = LTSAClassifier(
        CNNClassifier(module=DoublePyramidLeNet(channels=(4,), kernel_size=5), max_epochs=1, lr=1e-12, random_state=0),
        generator_epochs=3,
        random_state=0,
    ).fit(X, y)
    learned = clf.discriminator_.features.state_dict()
    started = clf.classifier_.net_.module_.features.state_dict()
    conv_weights = [k for k in learned if k.endswith("weight") and learned[k].dim() == 3]
    assert conv_weights
    for k in conv_weights:  # a learning rate of 1e-12 leaves them where the discriminator left them
        torch.testing.assert_close(started[k], learned[k], rtol=0, atol=1e-6)
    assert clf.classifier.get_params()["callbacks"] is None, "fit must not change the given classifier"


def test_ltsa_damage_changes_the_repair():
    net = EncoderDecoder(100, skips=False).eval()
    x = torch.randn(4, 100)
    kept = torch.ones(4, net.latent_length)
    kept[:, ::2] = 0
    assert net(x).shape == (4, 100)
    assert not torch.allclose(net(x), net(x, latent_mask=kept))


@pytest.mark.parametrize("n_points", [1, 7, 64, 129])
def test_networks_take_any_length(n_points):
    x = torch.randn(3, n_points)
    labels = torch.tensor([0, 1, 0])
    assert EncoderDecoder(n_points, latent_dim=8)(x, z=torch.randn(3, 8)).shape == (3, n_points)
    assert LabelledGenerator(n_points, 2, latent_dim=8).eval()(torch.randn(3, 8), labels).shape == (3, n_points)
    assert Critic(n_points, in_channels=2)(torch.stack([x, x], 1)).shape == (3,)
    assert Critic(n_points, n_classes=2)(x.unsqueeze(1), labels).shape == (3,)


def test_registry_routes_classifier_parameters():
    clf = make_method(
        "dagan", random_state=1, max_epochs=7, module=DoublePyramidLeNet(channels=(8,)), generator_epochs=4
    )
    assert isinstance(clf, DAGANClassifier)
    assert clf.generator_epochs == 4 and clf.random_state == 1
    assert clf.classifier.max_epochs == 7 and clf.classifier.module.channels == (8,)
    assert make_method("ltsa").classifier is None


def test_bad_input_is_named(spectra):
    X, y = spectra
    with pytest.raises(InvalidParameterError, match="n_generated"):
        CWGANClassifier(n_generated=-1).fit(X, y)
    with pytest.raises(InvalidParameterError, match="damage"):
        LTSAClassifier(damage=1.0).fit(X, y)
    with pytest.raises(InvalidParameterError, match="classifier"):
        # LTSA moves learned convolution blocks into the classifier, so it must have them.
        LTSAClassifier(MaskedTrainingClassifier(CNNClassifier())).fit(X, y)
    with pytest.raises(ValueError, match="one class"):
        DAGANClassifier(generator_epochs=1).fit(X, np.full(len(X), "quartz"))
    bad = X.copy()
    bad[2, 5] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        CWGANClassifier(generator_epochs=1).fit(bad, y)
    with pytest.raises(FloatingPointError, match="generator_lr"):
        CWGANClassifier(CNNClassifier(**TINY_CNN), generator_epochs=3, generator_lr=1e30, random_state=0).fit(X, y)
