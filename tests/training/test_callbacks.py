"""callbacks: tests moved from test_neural.py."""

import numpy as np
import pytest
import torch
from sklearn.base import clone
from skorch.callbacks import Callback
from tiny_networks import TINY_CNN, TINY_TEANET

from sklearn_teanet import CNNClassifier, TeaNetClassifier, UNetReconstructor
from sklearn_teanet.nn import ReconstructionModule
from sklearn_teanet.training import TimeBudget
from sklearn_teanet.training.callbacks import ResumableCheckpoint
from sklearn_teanet.training.cnn_net import lr_factor


def test_time_budget_ends_training_early_and_is_fitted(spectra):
    X, y = spectra
    clf = CNNClassifier(**dict(TINY_CNN, max_epochs=100_000), callbacks=[TimeBudget(0.5)]).fit(X, y)
    assert 1 <= len(clf.history_) < 100_000
    assert clf.predict(X).shape == (len(X),)
    with pytest.raises(ValueError, match="max_time"):
        CNNClassifier(**TINY_CNN, callbacks=[TimeBudget(-1)]).fit(X, y)


def test_user_callbacks_run_and_are_not_mutated(spectra):
    from skorch.callbacks import Callback

    class CountEpochs(Callback):
        def initialize(self):
            self.count_ = 0
            return self

        def on_epoch_end(self, net, **kwargs):
            self.count_ += 1
            net.history.record("counted", self.count_)

    X, y = spectra
    callback = CountEpochs()
    clf = TeaNetClassifier(**dict(TINY_TEANET, max_epochs=3, callbacks=[("count", callback)])).fit(X, y)
    assert clf.history_[:, "counted"] == [1, 2, 3]
    assert not hasattr(callback, "count_")  # the estimator's parameter stays as given
    assert clone(clf).get_params()["callbacks"][0][0] == "count"


@pytest.mark.parametrize("make", [CNNClassifier, TeaNetClassifier])
def test_cosine_schedule_anneals_every_optimizer(spectra, make):
    X, y = spectra
    params = TINY_TEANET if make is TeaNetClassifier else TINY_CNN
    clf = make(**dict(params, max_epochs=4, lr_schedule="cosine")).fit(X, y)
    expected = 1e-3 * 0.5 * (1 + np.cos(np.pi * 3 / 4))  # the last epoch's factor
    for name in clf.net_._optimizers:
        assert getattr(clf.net_, name + "_").param_groups[0]["lr"] == pytest.approx(expected)
    # Training on past max_epochs (warm start) keeps the last rate, not a rising cosine.
    codes = np.searchsorted(clf.classes_, y)
    if clf.net_.masks == "fixed":  # the net finds each spectrum's fixed masks by its row (code, weight, row)
        codes = np.column_stack([codes, np.ones(len(codes)), np.arange(len(codes))]).astype(np.float32)
    clf.net_.partial_fit(X.astype(np.float32), codes, epochs=2)
    for name in clf.net_._optimizers:
        assert getattr(clf.net_, name + "_").param_groups[0]["lr"] == pytest.approx(expected)


def test_step_schedule_decays_as_the_authors_code(spectra):
    # The authors' StepLR(step_size=20, gamma=0.75), on every optimizer.
    assert [lr_factor("step", e, 300) for e in (0, 19, 20, 45)] == [1.0, 1.0, 0.75, 0.75**2]
    X, y = spectra
    clf = TeaNetClassifier(**dict(TINY_TEANET, max_epochs=21, lr=2e-3, lr_schedule="step")).fit(X, y)
    rates = {name: getattr(clf.net_, name + "_").param_groups[0]["lr"] for name in clf.net_._optimizers}
    assert len(rates) == 2 and sorted(rates.values()) == pytest.approx([0.75e-3, 1.5e-3])


def test_reconstruction_checkpoint_gives_the_same_step():
    import copy

    torch.manual_seed(0)
    plain = ReconstructionModule(depth=3, base_channels=4)
    saving = copy.deepcopy(plain)
    saving.checkpoint = True
    x = torch.rand(8, 101)
    for module in (plain, saving):
        ((module(x) - x) ** 2).mean().backward()
    for p, q in zip(plain.parameters(), saving.parameters()):
        assert torch.allclose(p.grad, q.grad, atol=1e-6)
    # The recomputation in the backward pass must not count the batch's statistics twice.
    for (name, a), b in zip(plain.state_dict().items(), saving.state_dict().values()):
        assert torch.equal(a, b), name


class _StopAfter(Callback):
    """A process killed after ``epochs`` epochs (after the checkpoint of the last was written)."""

    def __init__(self, epochs):
        self.epochs = epochs

    def on_epoch_end(self, net, **kwargs):
        if len(net.history) == self.epochs:
            raise RuntimeError("killed")


@pytest.mark.parametrize("training", ["alternating", "joint"])
def test_resumable_checkpoint_resumes_where_it_stopped(spectra, tmp_path, training):
    X, y = spectra
    unet = UNetReconstructor(depth=2, channels=4, schedule=training)
    params = dict(TINY_TEANET, max_epochs=6, validation_fraction=0.25, masks="fixed", reconstructor=unet)
    uninterrupted = TeaNetClassifier(**params).fit(X, y)
    with pytest.raises(RuntimeError, match="killed"):
        TeaNetClassifier(**params, callbacks=[ResumableCheckpoint(tmp_path), _StopAfter(3)]).fit(X, y)
    assert len(list(tmp_path.glob("fit-*.pt"))) == 1
    resumed = TeaNetClassifier(**params, callbacks=[ResumableCheckpoint(tmp_path)]).fit(X, y)
    # The same epochs, the same best epoch, the same weights; the file is gone once training ended.
    assert len(resumed.net_.history) == len(uninterrupted.net_.history) == 6
    assert resumed.net_.history[:, "valid_loss"] == pytest.approx(uninterrupted.net_.history[:, "valid_loss"])
    np.testing.assert_allclose(resumed.predict_proba(X), uninterrupted.predict_proba(X), atol=1e-6)
    assert not list(tmp_path.iterdir())


def test_resumable_checkpoint_never_resumes_another_fit(spectra, tmp_path):
    X, y = spectra
    params = dict(TINY_CNN, max_epochs=4)
    with pytest.raises(RuntimeError):
        CNNClassifier(**params, callbacks=[ResumableCheckpoint(tmp_path), _StopAfter(2)]).fit(X, y)
    # Other spectra: a fit of its own from epoch 1, and the first fit's state left for it.
    other = CNNClassifier(**params, callbacks=[ResumableCheckpoint(tmp_path, keep=True)]).fit(X[::-1], y[::-1])
    assert other.net_.history[0, "epoch"] == 1 and len(other.net_.history) == 4
    assert len(list(tmp_path.glob("fit-*.pt"))) == 2


def test_interrupted_training_is_not_passed_off_as_fitted(spectra, monkeypatch):
    X, y = spectra
    from sklearn_teanet.training import CNNNet

    original = CNNNet.on_epoch_begin

    def stop_in_second_epoch(self, net, **kwargs):
        original(self, net, **kwargs)
        if len(net.history) == 2:
            raise KeyboardInterrupt  # as Ctrl-C would, inside skorch's fit loop

    monkeypatch.setattr(CNNNet, "on_epoch_begin", stop_in_second_epoch)
    clf = CNNClassifier(**dict(TINY_CNN, max_epochs=5))
    with pytest.raises(KeyboardInterrupt, match="in epoch 2 of 5"):
        clf.fit(X, y)
