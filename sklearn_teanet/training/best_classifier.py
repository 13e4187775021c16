"""Model selection of Algorithm 1: keep the classifier with the smallest validation loss."""

from __future__ import annotations

from skorch.callbacks import Callback

__all__ = ["KeepBestClassifier"]


class KeepBestClassifier(Callback):
    """Remember the classification module's weights at its best validation loss.

    The weights are copied in memory (no checkpoint files to clean up) and put
    back when training ends.

    Attributes
    ----------
    best_epoch_ : int or None
        1-based epoch of the smallest validation loss.
    """

    def initialize(self):
        self.best_epoch_ = None
        self._state = None
        return self

    def on_epoch_end(self, net, **kwargs):
        row = net.history[-1]
        if row.get("valid_loss_best"):
            self.best_epoch_ = row["epoch"]
            self._state = {k: v.detach().clone() for k, v in net.module_.state_dict().items()}

    def on_train_end(self, net, **kwargs):
        if self._state is not None:
            net.module_.load_state_dict(self._state)
