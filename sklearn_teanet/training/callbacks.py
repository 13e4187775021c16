"""The skorch callbacks of the neural classifiers, in one place (as skorch keeps its own).

Each says why a skorch callback does not serve:

- :class:`KeepBestClassifier`: skorch's ``Checkpoint(load_best=True)`` writes
  files and restores the whole net; only the classification module's weights
  need to come back, and a fit must leave no files behind.
- :class:`TimeBudget`: skorch has no time-based stop.
- :class:`RecomputeBatchNormStatistics`: no skorch counterpart.
- :class:`GradientBalance`: a measurement of TeaNet's two losses, no skorch counterpart.
"""

from __future__ import annotations

import time

import torch
from skorch.callbacks import Callback

from .batches import TensorBatches

__all__ = ["KeepBestClassifier", "TimeBudget", "RecomputeBatchNormStatistics", "GradientBalance"]


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


class RecomputeBatchNormStatistics(Callback):
    """Replace the classifier's running batch-norm statistics by their average over the training batches.

    During training, batch norm keeps an exponential average of the batch
    statistics of the last few steps, each taken with the weights of its own
    step. When the weights still move fast at the end (few steps: a small
    data set gives one batch per epoch), that average describes a network
    that no longer exists, and prediction normalises with the wrong numbers:
    a CNN trained on 48 spectra to a loss of 0.30 predicted its own training
    spectra at chance. One pass over the training batches, built as training
    builds them (with their masked copies, reconstructions or mixtures, which
    shift the statistics: CNN_Partial lost 8 points on RRUFF_IR when only the
    originals were used), in training mode, without gradients and with a
    cumulative average (``momentum=None``), gives the statistics of the final
    weights. It runs after the best epoch's
    weights are restored, costs about a third of one epoch's forward passes,
    and changes no weight.
    """

    def on_train_end(self, net, X=None, y=None, **kwargs):
        if X is None:
            return
        norms = [
            m
            for m in net.module_.modules()
            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm) and m.track_running_stats
        ]
        if not norms:
            return
        was_training = net.module_.training
        momenta = [m.momentum for m in norms]
        for m in norms:
            m.reset_running_stats()
            m.momentum = None  # cumulative average over the batches
        net.module_.train()
        try:
            with torch.no_grad():
                for batch in TensorBatches(net.get_dataset(X, y), batch_size=net.batch_size):
                    if len(batch[0]) > 1:  # batch norm cannot take the variance of one spectrum
                        # The batches as training built them (masked copies, reconstructions, mixtures):
                        # the statistics the weights were trained under.
                        net.module_(net.classifier_inputs(batch))
        finally:
            for m, momentum in zip(norms, momenta):
                m.momentum = momentum
            net.module_.train(was_training)


class GradientBalance(Callback):
    """Record how strongly each of TeaNet's losses pulls on the reconstruction module.

    On the first training batch of every ``every``-th epoch (and the first),
    :meth:`~sklearn_teanet.training.TeaNetNet.gradient_norms` measures the norms of the gradients that
    ``gamma * L_R`` and ``(1 - gamma) * L_C`` send to the reconstruction
    module; they go to the history as ``gradient_norm_r`` and ``gradient_norm_c``.
    The measurement changes nothing in the training.

    Parameters
    ----------
    every : int, default=10
        Measure every this many epochs.
    """

    def __init__(self, every: int = 10) -> None:
        self.every = every

    def __repr__(self) -> str:
        # A stable repr: benchmarks key their fits by the estimator's parameters.
        return f"GradientBalance(every={self.every})"

    def on_batch_begin(self, net, batch=None, training=False, **kwargs):
        epoch = len(net.history) - 1
        if not training or epoch % self.every or net.history[-1]["batches"][:-1]:
            return
        norm_r, norm_c = net.gradient_norms(batch)
        net.history.record("gradient_norm_r", norm_r)
        net.history.record("gradient_norm_c", norm_c)
