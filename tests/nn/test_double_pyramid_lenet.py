"""double pyramid lenet: tests moved from test_neural.py."""

import pytest
import torch

from sklearn_teanet.nn import ClassificationModule
from sklearn_teanet.training.teanet_net import _scale_gradient


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
