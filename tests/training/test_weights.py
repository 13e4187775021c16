"""weights: tests moved from test_instrument_data.py."""

import numpy as np
import pytest
import torch
from sklearn.pipeline import make_pipeline

from sklearn_teanet import (
    CNNClassifier,
    CorrelationClassifier,
    CutMix,
    DoublePyramidLeNet,
    LorentzSpectraGenerator,
    MaskedCopies,
    MixUp,
    SpectrumNormalizer,
    SpectrumResampler,
    TeaNetClassifier,
    UNetReconstructor,
)

GRID = np.linspace(400, 4000, 1024)


def _peaks(axis, centres):
    return sum(np.exp(-0.5 * ((axis - c) / 15) ** 2) for c in centres)


@pytest.mark.parametrize("class_weight", [{"b": 3.0}, "balanced"])
def test_class_weight_weighs_the_cross_entropy_as_computed_by_hand(class_weight):
    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=6, n_points=32, theta=10, random_state=0).generate()
    keep = np.r_[0:6, 6:9, 12:18]  # class "b" has 3 spectra, the others 6
    X, y = data.data[keep], np.array(["a", "b", "c"])[data.target[keep]]
    clf = CNNClassifier(
        module=DoublePyramidLeNet(channels=(4,)), max_epochs=2, class_weight=class_weight, random_state=0
    ).fit(X, y)
    counts = {c: (y == c).sum() for c in "abc"}
    expected = [1.0, 3.0, 1.0] if class_weight != "balanced" else [len(y) / (3 * counts[c]) for c in "abc"]
    np.testing.assert_allclose(clf.class_weights_, expected)
    # The loss the net trains on, against the weighted mean by hand.
    net = clf.net_
    logits = net.module_.eval()(torch.as_tensor(X, dtype=torch.float32)).detach()
    codes = torch.as_tensor(np.searchsorted(clf.classes_, y))
    loss = net.get_loss(logits, codes, training=False).item()
    log_p = torch.log_softmax(logits, dim=1)[torch.arange(len(y)), codes].numpy()
    w = np.asarray(expected)[codes.numpy()]
    assert loss == pytest.approx(-(w * log_p).sum() / w.sum(), rel=1e-5)
    with pytest.raises(ValueError):
        CNNClassifier(class_weight={"zzz": 2.0}, max_epochs=1).fit(X, y)


def test_spectrum_normalizer_agrees_with_sklearn_normalizer_as_documented():
    from sklearn.preprocessing import Normalizer

    X = np.random.RandomState(0).rand(4, 20)
    np.testing.assert_allclose(SpectrumNormalizer("max").fit_transform(X), Normalizer("max").fit_transform(X))
    np.testing.assert_allclose(SpectrumNormalizer("vector").fit_transform(X), Normalizer("l2").fit_transform(X))


def test_pipeline_predict_routes_wavenumbers_of_another_axis():
    import sklearn

    X = np.vstack([_peaks(GRID, [1000, 2000]), _peaks(GRID, [1500, 3000])])
    other = np.linspace(4000, 400, 726)
    with sklearn.config_context(enable_metadata_routing=True):
        resampler = (
            SpectrumResampler(grid=GRID).set_fit_request(wavenumbers=True).set_transform_request(wavenumbers=True)
        )
        model = make_pipeline(resampler, CorrelationClassifier()).fit(X, ["a", "b"], wavenumbers=GRID)
        X_other = np.vstack([_peaks(other, [1500, 3000]), _peaks(other, [1000, 2000])])
        assert list(model.predict(X_other, wavenumbers=other)) == ["b", "a"]


def test_sample_weight_weighs_each_spectrum_term_as_computed_by_hand():
    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=5, n_points=32, theta=10, random_state=0).generate()
    X, y = data.data, np.array(["a", "b", "c"])[data.target]
    w = np.linspace(0.5, 2.0, len(y))
    clf = CNNClassifier(module=DoublePyramidLeNet(channels=(4,)), max_epochs=2, random_state=0).fit(
        X, y, sample_weight=w
    )
    net = clf.net_
    codes = np.searchsorted(clf.classes_, y)
    batch = (torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(np.column_stack([codes, w]), dtype=torch.float32))
    X_t, targets, _ = net.training_spectra(batch)
    logits = net.module_.eval()(X_t).detach()
    loss = net.get_loss(logits, targets, training=False).item()
    log_p = torch.log_softmax(logits, dim=1)[torch.arange(len(y)), torch.as_tensor(codes)].numpy()
    assert loss == pytest.approx(-(w * log_p).mean(), rel=1e-5)
    # Unit weights train the same network as no weights, to float rounding.
    plain = CNNClassifier(module=DoublePyramidLeNet(channels=(4,)), max_epochs=2, random_state=0).fit(X, y)
    ones = CNNClassifier(module=DoublePyramidLeNet(channels=(4,)), max_epochs=2, random_state=0).fit(
        X, y, sample_weight=np.ones(len(y))
    )
    np.testing.assert_allclose(ones.predict_proba(X), plain.predict_proba(X), rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match="sample_weight cannot be combined with validation_fraction"):
        CNNClassifier(validation_fraction=0.2, max_epochs=1).fit(X, y, sample_weight=w)
    with pytest.raises(ValueError, match="Negative values in data passed to `sample_weight`"):
        CNNClassifier(validation_fraction=0, max_epochs=1).fit(X, y, sample_weight=w - 1)


@pytest.mark.parametrize(
    "augmentation", [MixUp(), CutMix(), MaskedCopies(n_masks=2)], ids=["mixup", "cutmix", "masked_copies"]
)
def test_sample_weight_follows_every_augmentation(augmentation):
    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=5, n_points=32, theta=10, random_state=0).generate()
    clf = CNNClassifier(DoublePyramidLeNet(channels=(4,)), augmentation, max_epochs=2, random_state=0)
    clf.fit(data.data, data.target, sample_weight=np.linspace(0.5, 2, len(data.target)))
    assert np.isfinite(clf.history_[-1, "train_loss"])
    teanet = TeaNetClassifier(
        module=DoublePyramidLeNet(channels=(4,)),
        reconstructor=UNetReconstructor(depth=1, channels=2),
        max_epochs=2,
        random_state=0,
        augmentation=augmentation if isinstance(augmentation, MixUp) else None,
    )
    teanet.fit(data.data, data.target, sample_weight=np.linspace(0.5, 2, len(data.target)))
    assert np.isfinite(teanet.history_[-1, "train_loss"])


def test_unsorted_and_repeated_wavenumbers_are_handled_and_nan_named():
    from sklearn_teanet.preprocessing.resampler import as_spectrum_list

    ((w, v),) = as_spectrum_list([(np.array([3.0, 1.0, 2.0, 2.0]), np.array([30.0, 10.0, 19.0, 21.0]))])
    assert w.tolist() == [1.0, 2.0, 3.0] and v.tolist() == [10.0, 20.0, 30.0]
    with pytest.raises(ValueError, match="spectrum 1: its intensities hold NaN or infinite values .first at point 1"):
        as_spectrum_list([(np.arange(3.0), np.ones(3)), (np.arange(3.0), np.array([1.0, np.nan, 1.0]))])


@pytest.mark.parametrize(
    "class_weight, message",
    [
        ({0: 2.0}, r"class_weight has the key 0 \(int\), which is not a class; the classes are '0', '01'"),
        ({"0": -1.0}, r"class_weight\['0'\] is -1.0"),
        ({"0": float("nan")}, r"class_weight\['0'\] is nan"),
        ({"0": 0.0, "01": 0.0, "1": 0.0, "2": 0.0}, "every class the weight 0"),
    ],
)
def test_class_weight_keys_and_values_are_named(class_weight, message):
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=3, n_points=32, random_state=0).generate()
    y = np.array(["0", "01", "1", "2"])[data.target]
    with pytest.raises(ValueError, match=message):
        CNNClassifier(module=DoublePyramidLeNet(channels=(2,)), max_epochs=1, class_weight=class_weight).fit(
            data.data, y
        )
    # A label such as "01" can be weighted as written.
    CNNClassifier(module=DoublePyramidLeNet(channels=(2,)), max_epochs=1, class_weight={"01": 3.0}).fit(data.data, y)
