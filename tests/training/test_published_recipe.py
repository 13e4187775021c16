"""TeaNet as the authors trained it: loss scale, fixed masks, per-module schedules, and what is measured of it."""

import numpy as np
import pytest
import torch

from sklearn_teanet import DoublePyramidLeNet, LorentzSpectraGenerator, TeaNetClassifier, UNetReconstructor
from sklearn_teanet.interpretation import repair_statistics
from sklearn_teanet.paper import PAPER_SETTINGS
from sklearn_teanet.training import TeaNetNet
from sklearn_teanet.training.callbacks import GradientBalance
from sklearn_teanet.training.cnn_net import STEP_GAMMA

TINY = dict(module=DoublePyramidLeNet(channels=(4,)), n_masks=2, batch_size=8, random_state=0)


def tiny(**unet) -> dict:
    """TINY with a two-step, four-channel U-Net of these settings."""
    return dict(TINY, reconstructor=UNetReconstructor(depth=2, channels=4, **unet))


@pytest.fixture(scope="module")
def spectra():
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=6, n_points=64, theta=10, random_state=0).generate()
    return data.data, data.target


@pytest.mark.parametrize(
    "loss, expected",
    [
        # errors (3, 4) and (0, 1): per point 26/4; per spectrum summed (25 + 1)/2; per spectrum norm (5 + 1)/2
        ("mse", 26 / 4),
        ("sse", 26 / 2),
        ("l2", 6 / 2),
    ],
)
def test_reconstruction_loss_is_the_authors_definition_by_hand(loss, expected):
    net = TeaNetNet(torch.nn.Linear, reconstructor=UNetReconstructor(loss=loss))
    X = torch.tensor([[1.0, 1.0], [2.0, 2.0]])
    X_hat = X + torch.tensor([[3.0, 4.0], [0.0, 1.0]])
    assert net.get_reconstruction_loss(X_hat, X).item() == pytest.approx(expected)


def test_sse_weighs_the_reconstruction_loss_n_points_times_mse(spectra):
    X, y = spectra
    net = TeaNetNet(torch.nn.Linear, reconstructor=UNetReconstructor(loss="sse"))
    X_t = torch.as_tensor(X[:4], dtype=torch.float32)
    noisy = X_t + 0.1 * torch.randn_like(X_t)
    mse = torch.nn.functional.mse_loss(noisy, X_t).item()
    assert net.get_reconstruction_loss(noisy, X_t).item() == pytest.approx(mse * X.shape[1], rel=1e-5)


def _recorded_masks(monkeypatch):
    """Record (rows, masks) of every training step's masked copies."""
    seen = []
    original = TeaNetNet.masked_copies_and_masks

    def recording(self, X, rows=None):
        out = original(self, X, rows)
        if torch.is_grad_enabled():  # training steps, not the batch-norm pass after them
            seen.append((len(self.history), None if rows is None else rows.clone(), out[2].clone()))
        return out

    monkeypatch.setattr(TeaNetNet, "masked_copies_and_masks", recording)
    return seen


def test_fixed_masks_are_the_same_in_every_epoch_and_differ_between_seeds(spectra, monkeypatch):
    X, y = spectra
    seen = _recorded_masks(monkeypatch)
    TeaNetClassifier(**tiny(), max_epochs=3, masks="fixed").fit(X, y)
    by_epoch = {}
    for epoch, rows, masks in seen:
        n = len(rows)
        for copy in range(2):  # n_masks copies follow one another
            for row, mask in zip(rows.tolist(), masks[copy * n : (copy + 1) * n]):
                by_epoch.setdefault(epoch, {})[(row, copy)] = mask
    assert sorted(by_epoch) == [1, 2, 3] and len(by_epoch[1]) == 2 * len(y)
    for key, mask in by_epoch[1].items():
        assert torch.equal(mask, by_epoch[2][key]) and torch.equal(mask, by_epoch[3][key])
    # The copies of a spectrum differ from each other, and another seed draws other masks.
    assert not torch.equal(by_epoch[1][(0, 0)], by_epoch[1][(0, 1)])
    other = TeaNetClassifier(**dict(tiny(), random_state=1), max_epochs=1, masks="fixed").fit(X, y)
    first = TeaNetClassifier(**tiny(), max_epochs=1, masks="fixed").fit(X, y)
    assert not torch.equal(other.net_.fixed_masks_, first.net_.fixed_masks_)
    # Fresh masks differ from epoch to epoch.
    seen.clear()
    TeaNetClassifier(**tiny(), max_epochs=2, masks="fresh").fit(X, y)
    fresh = {}
    for epoch, _, masks in seen:
        fresh.setdefault(epoch, set()).update(bytes(m.numpy()) for m in masks)
    assert fresh[1] != fresh[2]


def test_fixed_masks_work_with_a_validation_split(spectra):
    X, y = spectra
    clf = TeaNetClassifier(**tiny(), max_epochs=3, masks="fixed", validation_fraction=0.25).fit(X, y)
    assert clf.best_epoch_ is not None
    assert clf.net_.fixed_masks_.shape == (2, len(y), X.shape[1])
    assert all(0 <= row["valid_acc"] <= 1 for row in clf.history_)


@pytest.mark.slow  # a subprocess or a real fit: in make test, not test-fast
def test_alternating_schedule_decays_each_module_in_its_own_epochs(spectra):
    X, y = spectra
    lr, lr_r = 1e-3, 2e-3
    clf = TeaNetClassifier(**tiny(schedule="alternating", lr=lr_r), max_epochs=44, lr_schedule="step", lr=lr).fit(X, y)
    net = clf.net_
    # Epoch 43 (the last, the classifier's) comes after 21 classifier epochs: one decay, not two (43 // 20).
    assert net.schedule_position("optimizer", 43) == (21, 22)
    assert net.optimizer_.param_groups[0]["lr"] == pytest.approx(lr * STEP_GAMMA)
    # The U-Net's last epoch (42) also comes after 21 of its own.
    assert net.schedule_position("reconstruction_optimizer", 42) == (21, 22)
    assert net.reconstruction_optimizer_.param_groups[0]["lr"] == pytest.approx(lr_r * STEP_GAMMA)
    # Joint training steps both modules in every epoch, on one clock.
    joint = TeaNetClassifier(**tiny(), max_epochs=2).fit(X, y).net_
    assert joint.schedule_position("reconstruction_optimizer", 1) == (1, 2)


def test_separate_training_starts_the_classifier_schedule_when_the_classifier_starts(spectra):
    X, y = spectra
    net = TeaNetClassifier(**tiny(schedule="separate", pretrain_epochs=4), max_epochs=4).fit(X, y).net_
    assert net.schedule_position("optimizer", 4) == (0, 4)
    assert net.schedule_position("reconstruction_optimizer", 4) == (4, 4)


def test_paper_settings_are_the_published_recipe():
    teanet = PAPER_SETTINGS["teanet"]
    unet = teanet["reconstructor"]
    assert unet.loss == "sse" and teanet["masks"] == "fixed"
    assert unet.schedule == "alternating" and teanet["lr_schedule"] == "step"
    assert teanet["n_masks"] * teanet["batch_size"] == pytest.approx(256, abs=10)
    assert (unet.channels, unet.depth, unet.width) == (16, 5, 3)
    TeaNetClassifier(**teanet)._validate_params()


def test_inpainting_keeps_the_spectrum_outside_its_mask(spectra):
    X, y = spectra
    clf = TeaNetClassifier(**tiny(inpaint=True), max_epochs=2, masks="fresh").fit(X, y)  # masks of any rows
    X_t = torch.as_tensor(X[:5] / clf.intensity_scale_, dtype=torch.float32)
    X_rep, X_masked, masks = clf.net_.masked_copies_and_masks(X_t)
    with torch.no_grad():
        repairs = clf.net_.repairs(X_masked, masks)
    assert torch.equal(repairs[~masks], X_rep[~masks])
    assert not torch.equal(repairs[masks], X_masked[masks])


def test_repair_weight_scales_the_repairs_terms_of_the_cross_entropy(spectra):
    X, y = spectra
    net = TeaNetClassifier(**tiny(), max_epochs=1, repair_weight=0.25).fit(X, y).net_
    y_t = torch.tensor([0, 1])
    _, targets = net.joint_batch(torch.zeros(2, 64), y_t, torch.zeros(4, 64))
    assert targets.sum(dim=1).tolist() == [1.0, 1.0, 0.25, 0.25, 0.25, 0.25]


def test_gradient_balance_measures_without_changing_the_fit(spectra):
    X, y = spectra
    per_point = dict(tiny(loss="mse"), masks="fresh")  # the gradients of any batch, then sse
    plain = TeaNetClassifier(**per_point, max_epochs=4).fit(X, y)
    measured = TeaNetClassifier(**per_point, max_epochs=4, callbacks=[GradientBalance(every=2)]).fit(X, y)
    np.testing.assert_array_equal(plain.predict_proba(X), measured.predict_proba(X))
    rows = [row for row in measured.history_ if "gradient_norm_r" in row]
    assert [row["epoch"] for row in rows] == [1, 3]
    assert all(row["gradient_norm_r"] > 0 and row["gradient_norm_c"] > 0 for row in rows)
    # sse multiplies L_R, and so its gradient, by the number of points.
    net = measured.net_
    batch = (torch.as_tensor(X[:8] / measured.intensity_scale_, dtype=torch.float32), torch.as_tensor(y[:8]))
    r_mse, c_mse = net.gradient_norms(batch)
    net.reconstructor = UNetReconstructor(depth=2, channels=4, loss="sse")
    r_sse, c_sse = net.gradient_norms(batch)
    assert r_sse == pytest.approx(64 * r_mse, rel=1e-3) and c_sse == pytest.approx(c_mse, rel=1e-4)


def test_repair_statistics_of_an_inpainting_model(spectra):
    X, y = spectra
    clf = TeaNetClassifier(**tiny(inpaint=True), max_epochs=3).fit(X, y)
    stats = repair_statistics(clf, X, y, n_masks=2)
    assert stats["error_outside"] == pytest.approx(0, abs=1e-10)
    assert stats["error_inside"] > 0 and stats["roughness"] > 0
    assert 0 <= stats["accuracy_repaired"] <= 1 and 0 <= stats["accuracy_masked"] <= 1
    whole = repair_statistics(TeaNetClassifier(**tiny(), max_epochs=3).fit(X, y), X, y)
    assert whole["error_outside"] > 0
