"""The channels-last 2-D layout computes exactly what plain conv1d modules compute."""

import copy
import pickle

import pytest
import torch

from sklearn_teanet.nn import ClassificationModule, ReconstructionModule, layers


def _run(module, x, layout, monkeypatch):
    """Output and parameter gradients of ``module`` on ``x`` with the CPU set to ``layout``."""
    monkeypatch.setitem(layers.LAYOUTS, "cpu", layout)
    module.zero_grad(set_to_none=True)
    x = x.clone().requires_grad_(True)
    torch.manual_seed(2)  # the same dropout masks in both runs
    out = module(x)
    # A random projection, so that the backward pass sees a dense, unstructured gradient.
    weights = torch.randn(out.shape, generator=torch.Generator().manual_seed(1))
    (out * weights).sum().backward()
    grads = {name: p.grad.clone() for name, p in module.named_parameters()}
    return out.detach(), x.grad, grads


def _assert_same(module, x, monkeypatch):
    reference = copy.deepcopy(module)
    out_1d, dx_1d, grads_1d = _run(reference, x, "1d", monkeypatch)
    out_2d, dx_2d, grads_2d = _run(module, x, "2d", monkeypatch)
    torch.testing.assert_close(out_2d, out_1d, rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(dx_2d, dx_1d, rtol=1e-4, atol=1e-5)
    assert grads_2d.keys() == grads_1d.keys()
    for name in grads_1d:
        torch.testing.assert_close(grads_2d[name], grads_1d[name], rtol=1e-3, atol=1e-4, msg=name)
    # Batch norm's running statistics move alike in both layouts.
    for (name, a), (_, b) in zip(module.named_buffers(), reference.named_buffers()):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-6, msg=name)


@pytest.mark.parametrize("n_points", [64, 67, 100, 129])
@pytest.mark.parametrize("training", [True, False])
def test_reconstruction_module_same_in_both_layouts(n_points, training, monkeypatch):
    # Depth 3 on odd lengths exercises the rounding-up pools, the transposed
    # convolutions' crop and the skip concatenations.
    torch.manual_seed(0)
    module = ReconstructionModule(depth=3, base_channels=4, width=2, kernel_size=5).train(training)
    _assert_same(module, torch.randn(6, n_points), monkeypatch)


@pytest.mark.parametrize("preset", ["fig5a", "fig5b"])
@pytest.mark.parametrize("n_points", [64, 75])
def test_classification_module_same_in_both_layouts(preset, n_points, monkeypatch):
    torch.manual_seed(0)
    overrides = {"channels": (4, 8), "hidden_units": 16} if preset == "fig5a" else {"channels": (4,)}
    module = ClassificationModule.from_preset(preset, n_points, 5, **overrides)
    _assert_same(module, torch.randn(6, n_points), monkeypatch)


def test_checkpointed_reconstruction_same_in_both_layouts(monkeypatch):
    torch.manual_seed(0)
    module = ReconstructionModule(depth=2, base_channels=4, width=2, kernel_size=5, checkpoint=True)
    _assert_same(module, torch.randn(4, 33), monkeypatch)


def test_feature_maps_stay_channels_last_on_the_cpu():
    module = ClassificationModule(64, 3, channels=(4,))
    seen = []
    for layer in module.features.modules():
        if not list(layer.children()):
            layer.register_forward_hook(lambda m, i, o: seen.append(o.is_contiguous(memory_format=torch.channels_last)))
    module(torch.randn(2, 64))
    assert layers.spectrum_layout("cpu") == "2d"
    assert seen and all(seen)


def test_parameters_keep_conv1d_shapes_and_load_into_plain_torch_layers():
    """state_dict holds Conv1d-shaped weights, so saved models stay portable."""
    module = ReconstructionModule(depth=2, base_channels=4, width=1, kernel_size=3)
    state = module.state_dict()
    assert state["inlet.0.0.weight"].shape == (4, 1, 3)
    assert state["upsample.0.weight"].shape == (16, 8, 2)  # (in, out, kernel), as ConvTranspose1d
    plain = torch.nn.Conv1d(1, 4, 3, padding="same", bias=False)
    plain.load_state_dict({"weight": state["inlet.0.0.weight"]})
    clone = pickle.loads(pickle.dumps(module))
    x = torch.randn(3, 16)
    torch.testing.assert_close(clone.eval()(x), module.eval()(x))


def test_cuda_other_devices_and_wide_modules_keep_conv1d():
    assert layers.spectrum_layout("cuda") == "1d"
    assert layers.spectrum_layout("meta") == "1d"
    # The paper's U-Net (512 channels at the bottom) ran slower in the 2-D layout.
    paper = ReconstructionModule(depth=5, base_channels=16, width=1, kernel_size=3)
    maps = []
    paper.inlet.register_forward_hook(lambda m, i, o: maps.append(o.dim()))
    paper(torch.randn(2, 64))
    assert maps == [3]


@pytest.mark.parametrize("n_points", [64, 75])
def test_prediction_shortcuts_give_the_same_output(n_points):
    """Folded batch norm and the index-free max-pool, used under inference mode only."""
    torch.manual_seed(0)
    module = ClassificationModule(n_points, 4, channels=(4, 8))
    module.train()
    module(torch.randn(16, n_points))  # running statistics away from their initial values
    module.eval()
    x = torch.randn(5, n_points)
    with torch.enable_grad():
        expected = module(x)
    with torch.inference_mode():
        torch.testing.assert_close(module(x), expected, rtol=1e-4, atol=1e-5)
