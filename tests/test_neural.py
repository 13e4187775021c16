"""TeaNetClassifier and CNNClassifier: modules, Algorithm 1, scikit-learn integration, errors."""

import pickle

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from sklearn_teanet import (
    CNNClassifier,
    LeaveOneSamplePerClassOut,
    LorentzSpectraGenerator,
    SpectrumMasker,
    TeaNetClassifier,
)
from sklearn_teanet.classification import ClassificationModule
from sklearn_teanet.reconstruction import ReconstructionModule
from sklearn_teanet.training import few_shot_validation_indices
from sklearn_teanet.training.cnn_net import lr_factor
from sklearn_teanet.training.teanet_net import _scale_gradient

TINY_CNN = dict(channels=(8,), max_epochs=30, lr=1e-3, batch_size=32, validation_fraction=0.0, random_state=0)
TINY_TEANET = dict(TINY_CNN, n_masks=2, reconstruction_depth=2, reconstruction_channels=4)


@pytest.fixture(scope="module")
def spectra():
    data = LorentzSpectraGenerator(n_classes=6, n_samples_per_class=6, n_points=96, theta=10 / 3,
                                   fwhm=(5, 20), random_state=0).generate()
    names = np.array(["quartz", "calcite", "gypsum", "talc", "mica", "halite"])
    return data.data, names[data.target]


# ------------------------------------------------------------------ modules
def test_reconstruction_module_paper_size_and_any_length():
    unet = ReconstructionModule()
    assert sum(isinstance(m, torch.nn.Conv1d) for m in unet.modules()) == 34
    for length in (1024, 1023, 77):
        assert unet(torch.zeros(2, length)).shape == (2, length)


@pytest.mark.parametrize("preset", ["fig5a", "fig5b"])
@pytest.mark.parametrize("length", [1024, 101])
def test_classification_module_presets_any_length(preset, length):
    module = ClassificationModule.from_preset(preset, n_points=length, n_classes=7).eval()
    logits = module(torch.randn(3, length))
    assert logits.shape == (3, 7)
    # Logits, not probabilities: rows need not sum to one.
    assert not torch.allclose(logits.softmax(1).sum(1), logits.sum(1))


def test_fig5b_flatten_size_matches_reference():
    module = ClassificationModule.from_preset("fig5b", n_points=1024, n_classes=5)
    assert module.head[1].in_features == 8192


def test_scale_gradient():
    x = torch.ones(3, requires_grad=True)
    y = _scale_gradient(x, 0.7)
    assert torch.equal(y, x)
    y.sum().backward()
    assert torch.allclose(x.grad, torch.full((3,), 0.7))


# ---------------------------------------------------------- validation split
def test_validation_never_takes_a_class_last_spectrum():
    y = np.repeat(np.arange(50), np.random.RandomState(0).randint(1, 4, size=50))
    for seed in range(20):
        valid = few_shot_validation_indices(y, 0.5, seed)
        left = np.bincount(np.delete(y, valid), minlength=50)
        assert (left >= 1).all()
    assert few_shot_validation_indices(np.arange(10), 0.2, 0).size == 0


# ------------------------------------------------------------ Algorithm 1
@pytest.mark.parametrize("augmentation", [None, "mixup"])
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
    if augmentation == "mixup":
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
    clf = TeaNetClassifier(**dict(TINY_TEANET, max_epochs=1, training=training, reconstruction_epochs=1)).fit(X, y)
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
    clf = TeaNetClassifier(**dict(TINY_TEANET, max_epochs=3, training="warm", reconstruction_epochs=2)).fit(X, y)
    assert len(clf.history_) == 5
    net, history = clf.net_, clf.net_.history
    phases = []
    for epoch in range(1, 6):
        net.history = history[:epoch]
        phases.append(net.phase())
    net.history = history
    assert phases == ["pretrain", "pretrain", "both", "both", "both"]
    # Without reconstruction_epochs, a quarter of max_epochs pre-trains.
    assert len(TeaNetClassifier(**dict(TINY_TEANET, max_epochs=8, training="warm")).fit(X, y).history_) == 10


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
    clf = TeaNetClassifier(**dict(TINY_TEANET, max_epochs=1, training="separate", reconstruction_epochs=0)).fit(X, y)
    assert all(p.grad is None for p in clf.net_.reconstruction_module_.parameters())


def test_history_records_both_losses(spectra):
    X, y = spectra
    clf = TeaNetClassifier(**dict(TINY_TEANET, max_epochs=2, validation_fraction=0.2)).fit(X, y)
    row = clf.history_[-1]
    assert {"train_loss", "valid_loss", "reconstruction_loss"} <= set(row)
    assert clf.best_epoch_ in (1, 2)


# ------------------------------------------------------------ estimators
@pytest.mark.parametrize(
    "estimator",
    [
        CNNClassifier(**TINY_CNN),
        CNNClassifier(masker=SpectrumMasker(), n_masks=2, **TINY_CNN),
        CNNClassifier(augmentation="mixup", **TINY_CNN),
        CNNClassifier(augmentation="cutmix", **TINY_CNN),
        TeaNetClassifier(**TINY_TEANET),
    ],
    ids=["cnn_full", "cnn_partial", "mixup", "cutmix", "teanet"],
)
def test_well_above_chance_and_labels_kept(spectra, estimator):
    X, y = spectra
    cv = LeaveOneSamplePerClassOut(n_repeats=2, random_state=0)
    scores = cross_val_score(estimator, X, y, cv=cv)
    assert scores.mean() > 0.5  # chance is 1/6
    fitted = clone(estimator).fit(X, y)
    assert set(fitted.predict(X)) <= set(y)
    proba = fitted.predict_proba(X)
    assert proba.shape == (len(X), 6) and np.allclose(proba.sum(1), 1, atol=1e-5)


def test_same_seed_bitwise_identical_and_pickle(spectra):
    X, y = spectra
    a = TeaNetClassifier(**dict(TINY_TEANET, max_epochs=3)).fit(X, y)
    b = TeaNetClassifier(**dict(TINY_TEANET, max_epochs=3)).fit(X, y)
    assert np.array_equal(a.predict_proba(X), b.predict_proba(X))
    restored = pickle.loads(pickle.dumps(a))
    assert np.array_equal(restored.predict_proba(X), a.predict_proba(X))
    c = TeaNetClassifier(**dict(TINY_TEANET, max_epochs=3, random_state=1)).fit(X, y)
    assert not np.array_equal(a.predict_proba(X), c.predict_proba(X))


def test_fit_leaves_global_torch_rng_alone(spectra):
    X, y = spectra
    torch.manual_seed(123)
    expected = torch.rand(1)
    torch.manual_seed(123)
    CNNClassifier(**dict(TINY_CNN, max_epochs=1)).fit(X, y)
    assert torch.equal(torch.rand(1), expected)


def test_refit_trains_on_all_spectra_for_chosen_epochs(spectra):
    X, y = spectra
    clf = CNNClassifier(**dict(TINY_CNN, max_epochs=4, validation_fraction=0.3, refit=True)).fit(X, y)
    assert clf.best_epoch_ is not None
    assert len(clf.history_) == clf.best_epoch_
    assert clf.net_.train_split is None
    assert clf.net_.max_epochs == clf.best_epoch_  # the cosine schedule spans the refit


def test_reconstruct_and_augment(spectra):
    X, y = spectra
    clf = TeaNetClassifier(**TINY_TEANET).fit(X, y)
    X_hat, masks = clf.reconstruct(X[:5], random_state=0)
    assert X_hat.shape == masks.shape == (5, X.shape[1])
    assert 0.25 < masks.mean() < 0.75
    given = np.zeros((5, X.shape[1]), dtype=bool)
    given[:, 10:20] = True
    X_hat2, masks2 = clf.reconstruct(X[:5], masks=given)
    assert masks2 is not None and np.array_equal(masks2, given)
    X_aug, masks_aug = clf.augment(X[:3], n_augment=4, random_state=0)
    assert X_aug.shape == (3, 4, X.shape[1]) and masks_aug.shape == X_aug.shape
    assert not np.allclose(X_aug[:, 0], X_aug[:, 1])


def test_bf16_trains(spectra):
    X, y = spectra
    clf = TeaNetClassifier(**dict(TINY_TEANET, precision="bf16", max_epochs=2)).fit(X, y)
    assert np.isfinite(clf.predict_proba(X)).all()


# ----------------------------------------------------- scikit-learn tools
def test_pipeline_and_grid_search_over_tau(spectra):
    X, y = spectra
    pipe = make_pipeline(
        FunctionTransformer(lambda Z: Z / np.abs(Z).max(axis=1, keepdims=True)),
        TeaNetClassifier(masker=SpectrumMasker(), **dict(TINY_TEANET, max_epochs=5)),
    )
    search = GridSearchCV(
        pipe,
        {"teanetclassifier__masker__tau": [(0.1, 0.9), (0.3, 0.7)]},
        cv=LeaveOneSamplePerClassOut(n_repeats=2, random_state=0),
    ).fit(X, y)
    assert search.best_params_["teanetclassifier__masker__tau"] in [(0.1, 0.9), (0.3, 0.7)]
    assert search.predict(X).shape == (len(X),)


def test_parallel_jobs_get_one_thread_each(spectra):
    X, y = spectra

    class ThreadSpy(CNNClassifier):
        def fit(self, X, y):
            super().fit(X, y)
            self.torch_threads_seen_ = torch.get_num_threads()
            return self

    from sklearn.model_selection import cross_validate

    out = cross_validate(ThreadSpy(**dict(TINY_CNN, max_epochs=1)), X, y,
                         cv=LeaveOneSamplePerClassOut(2, random_state=0), n_jobs=2, return_estimator=True)
    import os

    expected = max(1, (os.cpu_count() or 1) // 2)
    assert all(e.torch_threads_seen_ <= expected for e in out["estimator"])


# -------------------------------------------------------------- bad input
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
        (dict(training="sometimes"), "training"),
        (dict(augmentation="cutmix"), "augmentation"),
        (dict(mixup_alpha=0), "mixup_alpha"),
    ],
)
def test_bad_parameters(spectra, params, match):
    X, y = spectra
    with pytest.raises(ValueError, match=match):
        TeaNetClassifier(**dict(TINY_TEANET, **params)).fit(X, y)


def test_mixup_with_masker_is_an_error(spectra):
    X, y = spectra
    with pytest.raises(ValueError, match="masker is unused"):
        CNNClassifier(augmentation="mixup", masker=SpectrumMasker(), **TINY_CNN).fit(X, y)


# ------------------------------------------------------- plain augmentation
def test_same_class_partners():
    from sklearn_teanet.training.plain_augmentation import same_class_partners

    y = torch.tensor([0, 1, 0, 2, 1, 0, 1])
    for seed in range(10):
        torch.manual_seed(seed)
        partners = same_class_partners(y)
        assert torch.equal(y[partners], y)
        singles = y.bincount()[y] == 1
        assert torch.equal(partners[singles], torch.arange(7)[singles])
        assert (partners[~singles] != torch.arange(7)[~singles]).all()


def test_plain_augment_shift_noise_combine():
    from sklearn_teanet.training.plain_augmentation import plain_augment

    X = torch.zeros(4, 50)
    X[:, 25] = 1.0
    y = torch.tensor([0, 0, 1, 1])
    shifted = plain_augment(X, y, shift=3)
    peaks = shifted.argmax(dim=1)
    assert ((peaks - 25).abs() <= 3).all() and torch.allclose(shifted.sum(1), X.sum(1))
    noisy = plain_augment(X, y, noise=0.1)
    assert (noisy[:, :25] == 0).all() and not torch.equal(noisy, X)  # proportional to intensity
    A = torch.stack([torch.full((50,), float(v)) for v in (0, 1, 10, 20)])
    mixed = plain_augment(A, y, combine=0.5)
    assert (mixed[:2] <= 1).all() and (mixed[2:] >= 10).all()  # mixes within the class only


def test_plain_augmentation_trains(spectra):
    X, y = spectra
    clf = CNNClassifier(**dict(TINY_CNN, shift=2, noise=0.01, combine=0.3)).fit(X, y)
    assert clf.score(X, y) > 0.5


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


# ---------------------------------------------- budgets, schedules, callbacks
def test_max_time_ends_training_early_and_is_fitted(spectra):
    X, y = spectra
    clf = CNNClassifier(**dict(TINY_CNN, max_epochs=100_000, max_time=0.5)).fit(X, y)
    assert 1 <= len(clf.history_) < 100_000
    assert clf.predict(X).shape == (len(X),)
    with pytest.raises(ValueError, match="max_time"):
        CNNClassifier(**dict(TINY_CNN, max_time=-1)).fit(X, y)


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
    clf.net_.partial_fit(X.astype(np.float32), np.searchsorted(clf.classes_, y), epochs=2)
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


# ------------------------------------------------------- data-size defaults
def test_auto_batch_and_epochs_scale_to_the_data(spectra):
    X, y = spectra  # 36 spectra: a fixed batch of 64 would give one step per epoch
    clf = CNNClassifier(channels=(8,), random_state=0).fit(X, y)
    assert (clf.batch_size_, clf.max_epochs_) == (9, 75)
    assert len(clf.history_) == 75 and sum(len(row["batches"]) for row in clf.history_) == 300
    assert clf.net_.batch_size == 9
    given = CNNClassifier(**dict(TINY_CNN, max_epochs=3)).fit(X, y)
    assert (given.batch_size_, given.max_epochs_, len(given.history_)) == (32, 3, 3)
    # RRUFF_IR-sized training sets keep 64 spectra per step and the preset epochs.
    for estimator, epochs in ((CNNClassifier(), 60), (TeaNetClassifier(), 100)):
        estimator._plan_steps(271)
        assert (estimator.batch_size_, estimator.max_epochs_) == (64, epochs)
    held_out = CNNClassifier(channels=(8,), validation_fraction=0.3, random_state=0).fit(X, y)
    n_train = len(y) - few_shot_validation_indices(y, 0.3, 0).size  # 25: a quarter is 6, and 8 the least
    assert held_out.batch_size_ == max(8, n_train // 4) == 8


def test_small_set_defaults_do_not_fall_to_chance():
    from sklearn.model_selection import train_test_split

    from sklearn_teanet import CorrelationClassifier

    # Fewer training spectra than the old fixed batch of 64, as on a user's first ATR set.
    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=20, n_points=256, theta=10 / 3,
                                   fwhm=(0, 50), random_state=1).generate()
    X_train, X_test, y_train, y_test = train_test_split(data.data, data.target, test_size=0.25,
                                                        stratify=data.target, random_state=0)
    correlation = CorrelationClassifier().fit(X_train, y_train).score(X_test, y_test)
    clf = CNNClassifier(channels=(8,), random_state=0).fit(X_train, y_train)
    assert clf.score(X_train, y_train) == 1.0
    assert clf.score(X_test, y_test) >= correlation - 0.02


def test_seed_ensemble_averages_members_from_their_own_seeds(spectra):
    from sklearn_teanet import CorrelationClassifier, SeedEnsembleClassifier

    X, y = spectra
    ensemble = SeedEnsembleClassifier(CNNClassifier(**dict(TINY_CNN, max_epochs=3)), n_estimators=3,
                                      random_state=0).fit(X, y)
    seeds = [member.random_state for member in ensemble.estimators_]
    assert len(set(seeds)) == 3
    probas = [member.predict_proba(X) for member in ensemble.estimators_]
    assert not np.allclose(probas[0], probas[1])
    assert np.allclose(ensemble.predict_proba(X), np.mean(probas, axis=0))
    assert list(ensemble.classes_) == sorted(set(y)) and ensemble.n_features_in_ == X.shape[1]
    again = clone(ensemble).fit(X, y)
    assert np.array_equal(again.predict_proba(X), ensemble.predict_proba(X))
    with pytest.raises(ValueError, match="has no random_state"):
        SeedEnsembleClassifier(CorrelationClassifier()).fit(X, y)
