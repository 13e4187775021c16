"""SpectrumMasker: the schemes' distributions, both code paths, and bad parameters."""

import numpy as np
import pytest
import torch

from sklearn_teanet import SpectrumMasker

N, L = 20000, 1000


def segment_lengths(masker, n=N, length=L):
    starts, stops = masker.sample_segments(n, length, random_state=0)
    return starts, stops, stops - starts


def test_ms1_is_fixed():
    masks = SpectrumMasker("MS1", tau=0.25, start=0.5).sample_masks(5, 100, random_state=0)
    expected = np.zeros(100, dtype=bool)
    expected[50:75] = True
    assert (masks == expected).all()


def test_ms2_fixed_start_uniform_tau():
    starts, _, lengths = segment_lengths(SpectrumMasker("MS2", tau=(0.1, 0.4), start=0.5))
    assert (starts == 500).all()
    tau = lengths[:, 0] / L
    assert tau.min() >= 0.1 - 1e-3 and tau.max() <= 0.4 + 1e-3
    # Uniform on (0.1, 0.4): mean 0.25, variance 0.3**2 / 12.
    assert abs(tau.mean() - 0.25) < 0.003
    assert abs(tau.var() - 0.09 / 12) < 0.0005


def test_ms3_fixed_tau_uniform_start_reaches_both_ends():
    starts, stops, lengths = segment_lengths(SpectrumMasker("MS3", tau=0.5))
    assert (lengths == 500).all()
    # 501 possible starts 0..500, each with probability 1/501.
    counts = np.bincount(starts[:, 0], minlength=501)
    assert counts.size == 501 and counts[0] > 0 and counts[500] > 0
    assert stops.max() == L
    expected = N / 501
    chi2 = ((counts - expected) ** 2 / expected).sum()
    assert chi2 < 501 + 5 * np.sqrt(2 * 501)


def test_ms4_paper_default():
    masker = SpectrumMasker()
    starts, stops, lengths = segment_lengths(masker)
    tau = lengths[:, 0] / L
    assert 0.3 - 1e-3 <= tau.min() and tau.max() <= 0.7 + 1e-3
    assert abs(tau.mean() - 0.5) < 0.003
    assert stops.max() <= L and starts.min() >= 0
    # Given its length, the start is uniform over the L - length + 1 fitting positions.
    relative = starts[:, 0] / (L - lengths[:, 0])
    assert abs(relative.mean() - 0.5) < 0.01
    assert abs(relative.var() - 1 / 12) < 0.005


def test_ms5_union_of_segments():
    masker = SpectrumMasker("MS5", tau=(0.3, 0.7), segment_tau=(0.1, 0.3))
    starts, stops, lengths = segment_lengths(masker, n=5000)
    used = lengths > 0
    share = lengths[used] / L
    assert share.min() >= 0.1 - 1e-3 and share.max() <= 0.3 + 1e-3
    total = lengths.sum(axis=1) / L
    assert total.min() >= 0.3 - 5e-3 and total.max() <= 0.7 + 5e-3
    assert abs(total.mean() - 0.5) < 0.01
    assert (used.sum(axis=1) >= 2).mean() > 0.9
    # Segments are disjoint and in order, so the painted mask covers their total length.
    masks = masker.sample_masks(5000, L, random_state=0)
    assert (masks.sum(axis=1) == lengths.sum(axis=1)).all()
    assert (starts[:, 1:] >= stops[:, :-1]).all()


@pytest.mark.parametrize("scheme,params", [("MS1", dict(tau=0.3, start=0.2)), ("MS4", {}), ("MS5", {})])
def test_numpy_and_torch_paths_agree(scheme, params):
    masker = SpectrumMasker(scheme, fill_value=-1.0, **params)
    X = np.random.RandomState(0).rand(64, 300)
    masker.fit(X)
    numpy_masks = masker.sample_masks(64, 300, random_state=3)
    X_t, torch_masks = masker.mask_tensor(torch.tensor(X), random_state=3)
    assert (torch_masks.numpy() == numpy_masks).all()
    assert np.array_equal(X_t.numpy(), masker.transform(X, masks=numpy_masks))
    assert (X_t.numpy()[numpy_masks] == -1).all()
    assert np.array_equal(X_t.numpy()[~numpy_masks], X[~numpy_masks])


def test_transform_is_repeatable_with_int_seed_and_fresh_with_generator():
    X = np.random.RandomState(0).rand(10, 50)
    masker = SpectrumMasker(random_state=1).fit(X)
    assert np.array_equal(masker.transform(X), masker.transform(X))
    masker.set_params(random_state=np.random.RandomState(1))
    assert not np.array_equal(masker.transform(X), masker.transform(X))


def test_augment_adds_masked_copies():
    X = np.random.RandomState(0).rand(4, 50)
    X_aug, y_aug = SpectrumMasker(fill_value=0.0).augment(X, [0, 1, 2, 3], n_masks=3, random_state=0)
    assert X_aug.shape == (16, 50) and list(y_aug) == [0, 1, 2, 3] * 4
    assert np.array_equal(X_aug[:4], X)
    assert ((X_aug[4:] == 0).mean(axis=1) >= 0.29).all()


@pytest.mark.parametrize(
    "params,match",
    [
        (dict(tau=1.2), "tau"),
        (dict(tau=(0.0, 0.5)), "tau"),
        (dict(tau=(0.5, 1.0)), "tau"),
        (dict(scheme="MS3", tau=(0.3, 0.7)), "tau"),
        (dict(scheme="MS1", tau=0.6, start=0.5), "start \\+ tau"),
        (dict(scheme="MS2", tau=(0.1, 0.6), start=0.5), "start \\+ tau"),
        (dict(scheme="MS1", tau=0.3), "start must be given"),
        (dict(scheme="MS4", start=0.1), "start must be None"),
        (dict(scheme="MS6"), "scheme"),
        (dict(scheme="MS5", segment_tau=(0.1, 0.11)), "segment_tau"),
    ],
)
def test_bad_parameters_name_the_parameter(params, match):
    with pytest.raises(ValueError, match=match):
        SpectrumMasker(**params).fit(np.zeros((2, 10)))
