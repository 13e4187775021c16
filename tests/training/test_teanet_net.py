"""teanet net: tests moved from test_neural.py."""

import numpy as np
import pytest
import torch
from tiny_networks import TINY_CNN

from sklearn_teanet import MixUp, TeaNetClassifier, UNetReconstructor
from sklearn_teanet.nn import ReconstructionModule

# Fresh masks: these tests step the net by hand on batches of any rows.
TINY_TEANET = dict(TINY_CNN, n_masks=2, reconstructor=UNetReconstructor(depth=2, channels=4), masks="fresh")


def unet(**settings) -> UNetReconstructor:
    """The tiny U-Net with ``settings``."""
    return UNetReconstructor(depth=2, channels=4, **settings)


@pytest.mark.parametrize("augmentation", [None, MixUp()])
def test_joint_step_updates_both_modules_with_the_right_gradients(spectra, augmentation):
    X, y = spectra
    clf = TeaNetClassifier(**dict(TINY_TEANET, max_epochs=1, gamma=0.3, augmentation=augmentation)).fit(X, y)
    net = clf.net_
    net._set_training(True)
    batch = (torch.tensor(X[:8], dtype=torch.float32), torch.tensor(np.arange(8) % len(clf.classes_)))
    params_c, params_r = list(net.module_.parameters()), list(net.reconstruction_module_.parameters())
    # Reference gradients from two separate backward passes, with the same masks and mixing.
    net._rng = np.random.RandomState(5)
    torch.manual_seed(1)
    for p in params_c + params_r:
        p.grad = None
    net.train_step_single(batch)
    joint_r = [p.grad.clone() for p in params_r]
    joint_c = [p.grad.clone() for p in params_c]

    net._rng = np.random.RandomState(5)
    torch.manual_seed(1)
    X_b, y_b = batch
    X_rep, X_masked = net.masked_copies(X_b)
    X_hat = net.reconstruction_module_(X_masked)
    loss_r = net.get_reconstruction_loss(X_hat, X_rep)
    X_in, y_in = torch.cat([X_b, X_hat]), y_b.repeat(1 + net.n_masks)
    if isinstance(augmentation, MixUp):
        perm = torch.randperm(len(X_in))
        lam = net._rng.beta(1.0, 1.0)
        X_in = lam * X_in + (1 - lam) * X_in[perm]
        n_classes = len(clf.classes_)
        one_hot = torch.nn.functional.one_hot
        y_in = lam * one_hot(y_in, n_classes) + (1 - lam) * one_hot(y_in[perm], n_classes)
    loss_c = torch.nn.functional.cross_entropy(net.module_(X_in), y_in)
    g_c = torch.autograd.grad(loss_c, params_c, retain_graph=True)
    g_r = torch.autograd.grad(0.3 * loss_r + 0.7 * loss_c, params_r)
    for a, b in zip(joint_c + joint_r, list(g_c) + list(g_r)):
        # float32 rounding of the one-pass gradient scaling and of oneDNN's blocked
        # sums, relative to the tensor's scale (a wrong gamma would be off by ~100 %)
        assert (a - b).abs().max() <= 1e-4 * a.abs().max() + 1e-7


@pytest.mark.parametrize("training", ["joint", "alternating", "separate", "warm"])
def test_schedules_update_the_right_module(spectra, training):
    X, y = spectra
    clf = TeaNetClassifier(
        **dict(TINY_TEANET, max_epochs=1, reconstructor=unet(schedule=training, pretrain_epochs=1))
    ).fit(X, y)
    net = clf.net_
    before_c = [p.detach().clone() for p in net.module_.parameters()]
    before_r = [p.detach().clone() for p in net.reconstruction_module_.parameters()]
    # Continue for one epoch from where training ended, as warm start would.
    net.partial_fit(X.astype(np.float32), np.searchsorted(clf.classes_, y))
    changed_c = any(not torch.equal(a, b) for a, b in zip(before_c, net.module_.parameters()))
    changed_r = any(not torch.equal(a, b) for a, b in zip(before_r, net.reconstruction_module_.parameters()))
    # The epoch after training ended: joint and warm (after its reconstruction epoch) update both,
    # alternating (an odd epoch) and separate (after its reconstruction epoch) only the classifier.
    assert changed_c
    assert changed_r == (training in ("joint", "warm"))


def test_warm_start_pretrains_the_unet_alone_then_trains_jointly(spectra):
    X, y = spectra
    clf = TeaNetClassifier(
        **dict(TINY_TEANET, max_epochs=3, reconstructor=unet(schedule="warm", pretrain_epochs=2))
    ).fit(X, y)
    assert len(clf.history_) == 5
    net, history = clf.net_, clf.net_.history
    phases = []
    for epoch in range(1, 6):
        net.history = history[:epoch]
        phases.append(net.phase())
    net.history = history
    assert phases == ["pretrain", "pretrain", "both", "both", "both"]
    # Without pretrain_epochs, a quarter of max_epochs pre-trains.
    warm = TeaNetClassifier(**dict(TINY_TEANET, max_epochs=8, reconstructor=unet(schedule="warm")))
    assert len(warm.fit(X, y).history_) == 10


def test_unet_channel_cap_keeps_depth_and_cuts_width():
    capped = ReconstructionModule(depth=5, base_channels=16, width=3, max_channels=64)
    widths = [stage[-1][-1][0].out_channels for stage in capped.down]
    assert widths == [32, 64, 64, 64, 64]
    assert sum(isinstance(m, torch.nn.Conv1d) for m in capped.modules()) == 34
    n_weights = lambda module: sum(p.numel() for p in module.parameters())  # noqa: E731
    assert n_weights(capped) < n_weights(ReconstructionModule()) / 10
    for length in (1024, 77):
        assert capped(torch.zeros(2, length)).shape == (2, length)


def test_test_time_masks_average_repairs_reproducibly(spectra):
    X, y = spectra
    clf = TeaNetClassifier(**TINY_TEANET).fit(X, y)
    plain = clf.predict_proba(X)
    clf.set_params(test_time_masks=3)  # a prediction setting: no refit needed
    tta = clf.predict_proba(X)
    assert np.allclose(tta.sum(1), 1) and not np.allclose(tta, plain)
    assert np.array_equal(tta, clf.predict_proba(X))
    # The mean of the spectrum's and three repairs' probabilities, the masks drawn from seed 0 in turn.
    clf.set_params(test_time_masks=0)
    rng = np.random.RandomState(0)
    repairs = [clf.predict_proba(clf.reconstruct(X, random_state=rng)[0]) for _ in range(3)]
    assert np.allclose(tta, np.mean([plain, *repairs], axis=0), atol=1e-6)
    # The spectra are checked once, not once more per repair.
    calls = []
    validate = clf._validate_X
    clf._validate_X = lambda X: calls.append(1) or validate(X)
    clf.set_params(test_time_masks=3).predict_proba(X)
    assert len(calls) == 1


@pytest.mark.slow  # a subprocess or a real fit: in make test, not test-fast
def test_raw_counts_train_teanet_as_normalised_spectra_do(spectra):
    """Fed raw counts, the U-Net (unit-scale layers) learned near-zero repairs that trained the classifier."""
    X, y = spectra
    unit = TeaNetClassifier(**TINY_TEANET).fit(X, y)
    counts = TeaNetClassifier(**TINY_TEANET).fit(X * 2.0**14, y)  # a power of 2: exact in float32
    for a, b in zip(unit.net_.reconstruction_module_.parameters(), counts.net_.reconstruction_module_.parameters()):
        torch.testing.assert_close(a, b)
    repaired, masks = counts.reconstruct(X * 2.0**14, random_state=0)
    expected, expected_masks = unit.reconstruct(X, random_state=0)
    assert np.array_equal(masks, expected_masks)
    np.testing.assert_allclose(repaired, expected * 2.0**14, rtol=1e-5)  # in the caller's unit
    augmented, _ = counts.augment(X[:2] * 2.0**14, n_augment=2, random_state=0)
    np.testing.assert_allclose(augmented, unit.augment(X[:2], n_augment=2, random_state=0)[0] * 2.0**14, rtol=1e-5)


def test_classifier_only_epochs_build_no_graph_through_the_unet(spectra):
    X, y = spectra
    clf = TeaNetClassifier(
        **dict(TINY_TEANET, max_epochs=1, reconstructor=unet(schedule="separate", pretrain_epochs=0))
    ).fit(X, y)
    assert all(p.grad is None for p in clf.net_.reconstruction_module_.parameters())


def test_history_records_both_losses(spectra):
    X, y = spectra
    clf = TeaNetClassifier(**dict(TINY_TEANET, max_epochs=2, validation_fraction=0.2)).fit(X, y)
    row = clf.history_[-1]
    assert {"train_loss", "valid_loss", "reconstruction_loss"} <= set(row)
    assert clf.best_epoch_ in (1, 2)
