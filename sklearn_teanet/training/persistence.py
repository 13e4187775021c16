"""How a neural classifier is pickled and saved: its weights as arrays, so a model file holds only numbers
and names (the safe format), and the net rebuilt as fit built it."""

from __future__ import annotations

import torch

from ..utils._torch import seeded, torch_threads

__all__ = ["WeightsAsArraysMixin"]


class WeightsAsArraysMixin:
    """``__getstate__``/``__setstate__`` of a fitted classifier whose ``net_`` is a skorch net (with
    ``SAVED_MODULES``) that ``_build_net`` rebuilds."""

    def __getstate__(self) -> dict:
        # The skorch net pickles its modules with torch.save; a model file that holds only numbers and
        # names (the safe format) needs the weights as arrays. Pickling goes the same way.
        state = dict(super().__getstate__())  # object.__getstate__ hands out the instance's own __dict__
        net = state.pop("net_", None)
        if net is not None:
            state["net_weights_"] = {
                name: {k: v.detach().cpu().numpy() for k, v in getattr(net, name + "_").state_dict().items()}
                for name in net.SAVED_MODULES
            }
            state["history_"] = [dict(row) for row in net.history]
        return state

    def __setstate__(self, state: dict) -> None:
        from skorch.history import History

        weights = state.pop("net_weights_", None)
        super().__setstate__(state)
        if weights is None:
            return
        # The net as fit built it (the seed only draws initial weights, which the saved ones replace).
        with torch_threads(self.n_threads), seeded(0, self.device):
            self.net_ = self._build_net(self.n_features_in_, len(self.classes_), 0, 0.0, self.masker_).initialize()
        for name, arrays in weights.items():
            getattr(self.net_, name + "_").load_state_dict({k: torch.as_tensor(v) for k, v in arrays.items()})
        self.net_.history = self.history_ = History(self.history_)
