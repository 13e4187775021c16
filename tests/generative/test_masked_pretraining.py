"""Masked pretraining: the blocks learn to fill masked segments of labelled and unlabeled spectra, then start the
classifier's training."""

import numpy as np
import pytest
import torch

from sklearn_teanet import (
    CNNClassifier,
    DoublePyramidLeNet,
    LorentzSpectraGenerator,
    MaskedPretrainingClassifier,
    SpectrumMasker,
)
from sklearn_teanet.generative import ltsa


@pytest.fixture(scope="module")
def data():
    return LorentzSpectraGenerator(n_classes=4, n_samples_per_class=5, n_points=96, theta=10, random_state=0).generate()


def _cnn(**params):
    return CNNClassifier(DoublePyramidLeNet(channels=(4,), kernel_size=5), batch_size=8, random_state=0,
                         **{"max_epochs": 2, **params})  # fmt: skip


def test_filling_is_learned_on_training_and_unlabeled_spectra(data):
    unlabeled = LorentzSpectraGenerator(n_classes=10, n_samples_per_class=4, n_points=96, random_state=1).generate()
    clf = MaskedPretrainingClassifier(_cnn(), unlabeled=unlabeled.data, generator_epochs=25, batch_size=16,
                                      random_state=0).fit(data.data, data.target)  # fmt: skip
    assert clf.n_pretraining_spectra_ == 20 + 40 and clf.n_generated_ == 0
    losses = clf.pretraining_losses_
    assert losses.shape == (25,) and losses[-5:].mean() < 0.5 * losses[:3].mean()


def test_the_classifier_starts_from_the_pretrained_blocks(data, monkeypatch):
    loaded = []
    begin = ltsa.InitialFeatures.on_train_begin
    monkeypatch.setattr(ltsa.InitialFeatures, "on_train_begin", lambda self, net, **kw: loaded.append(
        {k: v.clone() for k, v in self.state.items()}) or begin(self, net, **kw))  # fmt: skip
    # A learning rate of almost nothing: the fitted blocks are what training started from.
    clf = MaskedPretrainingClassifier(_cnn(lr=1e-12, max_epochs=1), generator_epochs=3, random_state=0)
    clf.fit(data.data, data.target)
    fitted = clf.classifier_.net_.module_.features.state_dict()
    (state,) = loaded
    weights = [k for k in state if k.endswith("weight")]
    assert weights and all(torch.allclose(fitted[k], state[k], atol=1e-6) for k in weights)
    alone = _cnn(lr=1e-12, max_epochs=1).fit(data.data, data.target).net_.module_.features.state_dict()
    assert not torch.allclose(alone[weights[0]], state[weights[0]])


def test_derivative_input_channels_are_pretrained_too(data):
    module = DoublePyramidLeNet(channels=(4,), kernel_size=5, inputs=("spectrum", "second_derivative"),
                                derivative_window=7)  # fmt: skip
    clf = MaskedPretrainingClassifier(CNNClassifier(module, max_epochs=1, batch_size=8), generator_epochs=2,
                                      masker=SpectrumMasker("MS1", tau=0.2, start=0.4), random_state=0)  # fmt: skip
    assert clf.fit(data.data, data.target).predict(data.data).shape == (20,)


def test_unlabeled_spectra_on_another_axis_are_refused_named(data):
    clf = MaskedPretrainingClassifier(_cnn(), unlabeled=np.zeros((3, 50)), generator_epochs=1)
    with pytest.raises(ValueError, match="unlabeled has 50 points per spectrum, but the training spectra have 96"):
        clf.fit(data.data, data.target)
