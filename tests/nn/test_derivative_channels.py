"""The spectrum and its Savitzky-Golay derivatives as input channels of the classification module."""

import numpy as np
import pytest
import torch
from scipy.signal import savgol_filter

from sklearn_teanet import CNNClassifier, DoublePyramidLeNet, LorentzSpectraGenerator, TeaNetClassifier
from sklearn_teanet.nn import ClassificationModule, DerivativeChannels
from sklearn_teanet.nn.layers import MAX_2D_CHANNELS

ALL = ("spectrum", "first_derivative", "second_derivative")


@pytest.mark.parametrize("widest", [16, MAX_2D_CHANNELS + 1], ids=["2d", "1d"])
def test_channels_are_scipy_derivatives_scaled_to_unit_rms(widest):
    x = np.random.default_rng(0).random((3, 150)).astype(np.float32)
    maps = DerivativeChannels(ALL, 15, widest)(torch.as_tensor(x))
    assert maps.dim() == (4 if widest <= MAX_2D_CHANNELS else 3)
    maps = maps.reshape(3, 3, 150).numpy()
    np.testing.assert_array_equal(maps[:, 0], x)
    for channel, order in ((1, 1), (2, 2)):
        expected = savgol_filter(x, 15, 2, deriv=order, mode="nearest", axis=1)
        expected /= np.sqrt((expected**2).mean(axis=1, keepdims=True))
        np.testing.assert_allclose(maps[:, channel], expected, atol=1e-5)


def test_channels_keep_the_order_asked_for_and_ignore_the_spectrums_scale():
    x = torch.rand(2, 80)
    d2_first = DerivativeChannels(("second_derivative", "spectrum"), 11)(x).reshape(2, 2, 80)
    d2_only = DerivativeChannels(("second_derivative",), 11)(10 * x).reshape(2, 80)
    torch.testing.assert_close(d2_first[:, 1], x)
    torch.testing.assert_close(d2_first[:, 0], d2_only, atol=1e-4, rtol=1e-4)


def test_a_flat_spectrum_gives_zero_derivatives_not_nan():
    maps = DerivativeChannels(ALL, 11)(torch.ones(1, 50))
    assert torch.isfinite(maps).all()
    assert maps.reshape(3, 50)[1:].abs().max() < 1e-2


def test_the_spectrum_alone_adds_no_layer_and_derivatives_add_only_first_layer_weights():
    plain = ClassificationModule(200, 4)
    with_d2 = ClassificationModule(200, 4, inputs=("spectrum", "second_derivative"))
    assert plain.inputs is None
    assert set(plain.state_dict()) == set(with_d2.state_dict())
    assert with_d2.features[0][0].in_channels == 2
    assert with_d2(torch.rand(5, 200)).shape == (5, 4)


@pytest.mark.parametrize("estimator", [CNNClassifier, TeaNetClassifier])
def test_estimators_train_on_derivative_channels(estimator):
    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=6, n_points=64, theta=10, random_state=0).generate()
    module = DoublePyramidLeNet(channels=(4,), inputs=("spectrum", "second_derivative"), derivative_window=7)
    clf = estimator(module, max_epochs=2, batch_size=8, random_state=0).fit(data.data, data.target)
    assert clf.net_.module_.features[0][0].in_channels == 2  # TeaNet's module_ is its classifier too
    assert clf.predict_proba(data.data).shape == (18, 3)


def test_the_spectrum_and_second_derivative_method_averages_two_views_given_the_same_settings():
    from sklearn_teanet.paper import make_method

    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=6, n_points=64, theta=10, random_state=0).generate()
    clf = make_method("cnn_spectrum_d2", random_state=0, module=DoublePyramidLeNet(channels=(4,), derivative_window=7),
                      max_epochs=2, batch_size=8).fit(data.data, data.target)  # fmt: skip
    spectrum, second = (clf.named_estimators_[name] for name in ("spectrum", "second_derivative"))
    assert spectrum.module.inputs == ("spectrum",) and second.module.inputs == ("second_derivative",)
    assert spectrum.module.derivative_window == second.module.derivative_window == 7  # the settings reach both
    assert spectrum.max_epochs == second.max_epochs == 2 and spectrum.random_state == second.random_state == 0
    # A plain average of the two networks' probabilities.
    mean = (spectrum.predict_proba(data.data) + second.predict_proba(data.data)) / 2
    np.testing.assert_allclose(clf.predict_proba(data.data), mean, rtol=1e-6)
