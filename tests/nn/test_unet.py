"""unet: tests moved from test_neural.py."""

import torch

from sklearn_teanet.nn import ReconstructionModule


def test_reconstruction_module_paper_size_and_any_length():
    unet = ReconstructionModule()
    assert sum(isinstance(m, torch.nn.Conv1d) for m in unet.modules()) == 34
    for length in (1024, 1023, 77):
        assert unet(torch.zeros(2, length)).shape == (2, length)
