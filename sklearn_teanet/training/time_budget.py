"""Stop training when a time budget is spent (the benchmark's ``--max-time-per-fit``)."""

from __future__ import annotations

import time

from skorch.callbacks import Callback

__all__ = ["TimeBudget"]


class TimeBudget(Callback):
    """End training after the epoch during which ``max_time`` seconds have passed.

    Parameters
    ----------
    max_time : float
        Seconds of training, counted from the start of ``fit``.

    Attributes
    ----------
    exhausted_ : bool
        Whether the budget ended training before ``max_epochs``.
    """

    def __init__(self, max_time: float) -> None:
        self.max_time = max_time

    def initialize(self):
        self.exhausted_ = False
        self._start = None
        return self

    def on_train_begin(self, net, **kwargs):
        self._start = time.perf_counter()

    def on_epoch_end(self, net, **kwargs):
        if time.perf_counter() - self._start >= self.max_time:
            self.exhausted_ = True
            # skorch's own way to end training early (as its EarlyStopping does).
            raise KeyboardInterrupt
