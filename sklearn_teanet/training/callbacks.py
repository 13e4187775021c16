"""The skorch callbacks of the neural classifiers, in one place (as skorch keeps its own).

Each says why a skorch callback does not serve:

- :class:`KeepBestClassifier`: skorch's ``Checkpoint(load_best=True)`` writes
  files and restores the whole net; only the classification module's weights
  need to come back, and a fit must leave no files behind.
- :class:`TimeBudget`: skorch has no time-based stop.
- :class:`RecomputeBatchNormStatistics`: no skorch counterpart.
- :class:`GradientBalance`: a measurement of TeaNet's two losses, no skorch counterpart.
- :class:`ResumableCheckpoint`: skorch's ``Checkpoint`` with ``LoadInitState``
  restores modules, optimizers and history, but not the other callbacks' state
  (the best validation loss so far, the best weights), the net's random
  generators, or the epoch count, so a resumed fit would not end where an
  uninterrupted one does.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import numpy as np
import torch
from skorch.callbacks import Callback

from .batches import TensorBatches

__all__ = ["KeepBestClassifier", "TimeBudget", "RecomputeBatchNormStatistics", "GradientBalance", "ResumableCheckpoint"]


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

    def __repr__(self) -> str:
        # A stable repr: benchmarks key their fits by the estimator's parameters.
        return f"TimeBudget({self.max_time!r})"

    def initialize(self):
        if isinstance(self.max_time, bool) or not isinstance(self.max_time, int | float) or not self.max_time > 0:
            raise ValueError(f"TimeBudget's max_time must be a positive number of seconds, got {self.max_time!r}.")
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


class ResumableCheckpoint(Callback):
    """Save a fit's whole training state after every epoch, and resume from it when the same fit starts again.

    A fit of many hours (``PAPER_SETTINGS`` on a CPU) then survives a stopped
    process: fitting the same estimator on the same spectra again continues
    from the last finished epoch and ends where an uninterrupted fit would
    have, at ``max_epochs``. The state saved is every module and optimizer,
    the history, the other callbacks' state (best validation loss, best
    weights) and the random generators. The file is written whole or not at
    all (a temporary file renamed over it) and is removed when training ends.

    Parameters
    ----------
    directory : str or path-like
        Folder of the checkpoint files, one per fit, named by a fingerprint
        of the training spectra, the labels, the modules' layout and the seed,
        so that one callback serves every split of a benchmark and never
        resumes another fit's state.
    keep : bool, default=False
        Keep the file after training ends (to inspect it).
    """

    def __init__(self, directory: str | os.PathLike, keep: bool = False) -> None:
        self.directory = directory
        self.keep = keep

    def __repr__(self) -> str:
        # Benchmarks key their fits by the estimator's repr; where the state is kept changes no result.
        return "ResumableCheckpoint()"

    def initialize(self):
        self.path_ = None
        self.resumed_epochs_ = 0
        return self

    def checkpoint_path(self, net, X, y) -> Path:
        digest = hashlib.sha1()
        for array in (np.ascontiguousarray(np.asarray(X)), np.ascontiguousarray(np.asarray(y))):
            digest.update(str((array.shape, array.dtype)).encode())
            digest.update(array.tobytes())
        for name in net._modules:
            digest.update(repr(getattr(net, name + "_")).encode())
        digest.update(repr((net.random_state, net.max_epochs, net.batch_size)).encode())
        return Path(self.directory) / f"fit-{digest.hexdigest()[:20]}.pt"

    def _other_callbacks(self, net):
        # TimeBudget's clock starts anew with each process; every other callback's state carries over.
        return {name: cb for name, cb in net.callbacks_ if cb is not self and not isinstance(cb, TimeBudget)}

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        self.path_ = self.checkpoint_path(net, X, y)
        if not self.path_.exists():
            return
        # Our own file, written by save() below; it holds callbacks and a history, not only tensors.
        state = torch.load(self.path_, map_location=net.device, weights_only=False)
        for name in net._modules:
            getattr(net, name + "_").load_state_dict(state["modules"][name])
        for name in net._optimizers:
            getattr(net, name + "_").load_state_dict(state["optimizers"][name])
        net.history.clear()
        net.history.extend(state["history"])
        for name, callback in self._other_callbacks(net).items():
            if name in state["callbacks"]:
                vars(callback).update(state["callbacks"][name])
        net._rng.set_state(state["numpy_rng"])
        torch.set_rng_state(state["torch_rng"])
        self.resumed_epochs_ = len(net.history)

    def on_epoch_begin(self, net, **kwargs):
        # A checkpoint of a finished fit: the epoch skorch just opened is one too many.
        if len(net.history) > net.max_epochs:
            del net.history[-1]
            raise KeyboardInterrupt  # skorch's way to end training early

    def on_epoch_end(self, net, **kwargs):
        self.save(net)
        if len(net.history) >= net.max_epochs:
            raise KeyboardInterrupt

    def save(self, net) -> None:
        state = {
            "modules": {name: getattr(net, name + "_").state_dict() for name in net._modules},
            "optimizers": {name: getattr(net, name + "_").state_dict() for name in net._optimizers},
            "history": list(net.history),
            "callbacks": {name: dict(vars(cb)) for name, cb in self._other_callbacks(net).items()},
            "numpy_rng": net._rng.get_state(),
            "torch_rng": torch.get_rng_state(),
        }
        self.path_.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path_.with_name(self.path_.name + ".partial")
        torch.save(state, partial)
        os.replace(partial, self.path_)

    def on_train_end(self, net, **kwargs):
        if not self.keep and self.path_ is not None:
            self.path_.unlink(missing_ok=True)
