"""Grad-CAM, the S and A metrics, and discriminant regions."""

import numpy as np
import pytest
import torch

from sklearn_teanet import CNNClassifier, DoublePyramidLeNet, TeaNetClassifier, UNetReconstructor
from sklearn_teanet.interpretation import (
    attention,
    conv_layers,
    discriminant_regions,
    grad_cam,
    region_mask,
    response_similarity,
    top_regions,
)

REGION = (40, 50)


@pytest.fixture(scope="module")
def region_data():
    """Two classes told apart only by a bump in points 40-49; elsewhere shared noise."""
    rng = np.random.RandomState(0)
    n, length = 80, 96
    X = rng.rand(n, length) * 0.5
    y = np.repeat([0, 1], n // 2)
    X[y == 1, REGION[0] : REGION[1]] += 1.0
    return X, y


def test_response_lights_only_the_region_a_constructed_model_reads(region_data):
    X, y = region_data
    clf = CNNClassifier(
        module=DoublePyramidLeNet(channels=(4,)), max_epochs=1, validation_fraction=0.0, random_state=0
    ).fit(X, y)
    head = clf.net_.module_.head[1]
    pooled = head.in_features // 4
    with torch.no_grad():
        weights = head.weight.view(2, 4, pooled)
        keep = torch.zeros(pooled, dtype=torch.bool)
        keep[REGION[0] // 2 : REGION[1] // 2] = True
        weights[:, :, ~keep] = 0.0  # the logits now read only points 40-49
    responses = clf.explain(X, target=1)
    inside = region_mask(96, [REGION])
    assert responses[:, ~inside].max() == 0.0
    assert responses[:, inside].sum() > 0


def test_response_of_a_trained_model_concentrates_on_the_region(region_data):
    X, y = region_data
    clf = CNNClassifier(
        module=DoublePyramidLeNet(channels=(8,)), max_epochs=40, lr=3e-3, validation_fraction=0.0, random_state=0
    ).fit(X, y)
    assert clf.score(X, y) == 1.0
    responses = clf.explain(X[y == 1], target=1)
    share = attention(responses.mean(axis=0), [REGION])
    assert share > 3 * (REGION[1] - REGION[0]) / 96  # well above a flat response's share
    assert clf.explain(X[:4], target=1, method="gradcam").shape == (4, 96)


def test_explain_shapes_targets_and_layers(region_data):
    X, y = region_data
    clf = TeaNetClassifier(
        module=DoublePyramidLeNet(channels=(4, 4)),
        n_masks=1,
        reconstructor=UNetReconstructor(depth=1, channels=2),
        max_epochs=2,
        validation_fraction=0.0,
        random_state=0,
    ).fit(X, np.array(["a", "b"])[y])
    assert len(conv_layers(clf.net_.module_)) == 4
    for layer in (0, -1):
        r = clf.explain(X[:5], layer=layer)
        assert r.shape == (5, 96) and (r >= 0).all()
    assert grad_cam(clf, X[:3], target=["a", "b", "a"]).shape == (3, 96)
    with pytest.raises(ValueError, match="does not know"):
        clf.explain(X[:2], target="zebra")
    with pytest.raises(ValueError, match="method"):
        clf.explain(X[:2], method="lime")
    # Explaining leaves no gradients and no train mode behind.
    assert all(p.grad is None for p in clf.net_.module_.parameters())
    assert not clf.net_.module_.training


@pytest.mark.parametrize("before_relu", [False, True])
@pytest.mark.parametrize("layer", [0, -1])
def test_responses_match_captum(region_data, layer, before_relu):
    """Our Grad-CAM variants against captum's layer gradients and activations (and its LayerGradCam)."""
    captum_attr = pytest.importorskip("captum.attr", reason="captum is in the test extra")
    X, y = region_data
    clf = CNNClassifier(
        module=DoublePyramidLeNet(channels=(4, 4)), max_epochs=3, validation_fraction=0.0, random_state=0
    ).fit(X, y)
    module = clf.net_.module_.eval()
    block = conv_layers(module)[layer]
    layer_module = block[1] if before_relu else block
    # The module sees spectra in units of the training peak, as the classifier feeds them.
    x, target = torch.as_tensor(X[:6] / clf.intensity_scale_, dtype=torch.float32), torch.as_tensor(y[:6])
    block[2].inplace = False  # captum keeps the hooked maps, which an in-place ReLU would overwrite
    try:
        grads = (
            captum_attr.LayerGradientXActivation(module, layer_module, multiply_by_inputs=False)
            .attribute(x, target=target)
            .flatten(2)
        )
        products = captum_attr.LayerGradientXActivation(module, layer_module).attribute(x, target=target).flatten(2)
        captum_gradcam = (
            captum_attr.LayerGradCam(module, layer_module)
            .attribute(x, target=target, relu_attributions=True)
            .flatten(2)
        )
        # Without gradients the block folds its batch norm and never calls it: only the block's output is seen.
        maps = None if before_relu else captum_attr.LayerActivation(module, layer_module).attribute(x).flatten(2)
    finally:
        block[2].inplace = True
    upsample = lambda cam: (
        torch.nn.functional.interpolate(  # noqa: E731
            cam.detach(), size=96, mode="linear"
        )
        .squeeze(1)
        .numpy()
    )
    expected = {"gradcam": upsample(captum_gradcam), "hirescam": upsample(torch.relu(products.sum(1, keepdim=True)))}
    if maps is not None:
        weights = grads.mean(2, keepdim=True)
        assert np.allclose(expected["gradcam"], upsample(torch.relu((weights * maps).sum(1, keepdim=True))), atol=1e-6)
        expected["absgradcam"] = upsample(torch.relu((weights.abs() * maps).sum(1, keepdim=True)))
    for method, response in expected.items():
        ours = clf.explain(X[:6], target=y[:6], layer=layer, method=method, before_relu=before_relu)
        assert np.allclose(ours, response, rtol=1e-4, atol=1e-6 * response.max()), method
    assert not module.training


def test_discriminant_regions(region_data):
    X, y = region_data
    clf = CNNClassifier(
        module=DoublePyramidLeNet(channels=(8,)), max_epochs=40, lr=3e-3, validation_fraction=0.0, random_state=0
    ).fit(X, y)
    regions = discriminant_regions(clf, X, y, n_regions=1, threshold=0.5)
    start, stop = regions[1][0]
    assert start < REGION[1] and stop > REGION[0]
    axis = np.linspace(400, 4000, 96)
    in_wavenumbers = discriminant_regions(clf, X, y, n_regions=1, wavenumbers=axis)
    assert in_wavenumbers[1][0][0] == axis[start]


# ------------------------------------------------------------------ metrics
def test_attention_by_hand():
    v = np.array([0.0, 1.0, 2.0, 3.0, 4.0])  # L1 mass 10
    assert attention(v, [(1, 3)]) == pytest.approx(0.3)
    assert attention(v, [(1, 3), (4, 5)]) == pytest.approx(0.7)
    assert attention(-v, [(0, 5)]) == pytest.approx(1.0)
    assert attention(np.zeros(5), [(0, 2)]) == 0.0
    # Wavenumber intervals are closed: 200-300 holds points at 200, 250 and 300.
    axis = np.array([100.0, 150.0, 200.0, 250.0, 300.0])
    assert attention(v, [(200, 300)], wavenumbers=axis) == pytest.approx(0.9)
    assert np.allclose(attention(np.stack([v, v]), [(1, 3)]), [0.3, 0.3])


def test_similarity_by_hand():
    assert response_similarity([1, 0], [0, 1]) == 0.0
    assert response_similarity([1, 1], [2, 2]) == pytest.approx(1.0)
    assert response_similarity([3, 4, 0], [4, 3, 9], regions=[(0, 2)]) == pytest.approx(24 / 25)
    assert response_similarity([0, 0], [1, 1]) == 0.0
    with pytest.raises(ValueError, match="shape"):
        response_similarity([1, 2], [1, 2, 3])


def test_top_regions():
    r = np.array([0, 5, 6, 0, 0, 9, 9, 9, 0, 1])
    assert top_regions(r, n_regions=2, threshold=0.5).tolist() == [[5, 8], [1, 3]]
    assert top_regions(np.zeros(4)).shape == (0, 2)


def test_plot_response(tmp_path):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from sklearn_teanet.interpretation.plotting import plot_response

    ax = plot_response(np.sin(np.arange(50) / 5), np.arange(50.0), regions=[(10, 20)], peaks=[15.0])
    ax.figure.savefig(tmp_path / "r.png")
    assert (tmp_path / "r.png").stat().st_size > 1000
