"""CNNNet: the skorch net of CNNClassifier, which trains the classification module alone (CNN_Full,
CNN_Partial, MixUp and CutMix); TeaNetNet builds on it."""

from __future__ import annotations

import contextlib
import math

import numpy as np
import torch
import torch.nn.functional as F
from skorch import NeuralNetClassifier
from skorch.callbacks import EpochScoring
from skorch.dataset import unpack_data
from skorch.utils import to_tensor

from ..augmentation import CutMix, Jitter, MixUp
from ..utils._interrupt import raise_if_interrupted

__all__ = ["CNNNet", "lr_factor", "repeat_rows"]

#: The authors' code multiplied both learning rates by 0.75 every 20 epochs (StepLR).
STEP_EPOCHS, STEP_GAMMA = 20, 0.75

#: A cross-entropy above this means the true class got a probability below e^-1000:
#: the training has diverged (lr=1e8 gave losses of 1e6-1e17), not merely started badly.
DIVERGED_LOSS = 1e3


def repeat_rows(y: torch.Tensor, times: int) -> torch.Tensor:
    """``times`` copies of a batch of targets, codes ``(n,)`` or soft rows ``(n, c)``, one after another."""
    return torch.cat([y] * times)


def valid_accuracy(net, X, y) -> float:
    """Accuracy on the validation spectra; a target table ``(code, weight, row)`` is scored by its codes."""
    y = np.asarray(y)
    codes = y[:, 0].astype(np.int64) if y.ndim == 2 else y
    return float(np.mean(net.predict(X) == codes))


def lr_factor(schedule: str, epoch: int, max_epochs: int) -> float:
    """The learning rate of ``epoch`` (from 0) as a fraction of the initial one."""
    if schedule == "cosine":
        # Late epochs fine-tune instead of jumping between minima, which a
        # constant Adam step does on few-shot data.
        return 0.5 * (1 + math.cos(math.pi * epoch / max_epochs))
    if schedule == "step":
        return STEP_GAMMA ** (epoch // STEP_EPOCHS)
    return 1.0


class CNNNet(NeuralNetClassifier):
    """Train the classification module on augmented batches.

    Every batch is built in :meth:`training_batch`, after the originals are
    jittered (``jitter``):

    - no ``augmentation`` and no masker: the spectra as they are (CNN_Full);
    - no ``augmentation`` with a masker: the spectra plus ``n_masks`` masked
      copies of each (CNN_Partial);
    - :class:`~sklearn_teanet.MixUp`: convex combinations of the
      batch with a shuffled copy of it, with soft labels;
    - :class:`~sklearn_teanet.CutMix`: the masker's segments filled
      with the same points of another spectrum of the batch, labels mixed by the
      masked fraction.

    The estimators hand their settings over as they are; the net documents
    only what it adds to skorch's.

    Parameters
    ----------
    module : torch module class or instance
        The classification module.
    masker : SpectrumMasker or None, default=None
        Draws masks on the batch's device (masked copies and CutMix's segments).
    n_masks : int, default=1
        Masked copies of each spectrum per step.
    masks : {"fresh", "fixed"}, default="fresh"
        See :class:`~sklearn_teanet.MaskedCopies`. Fixed masks need
        the row of each spectrum, a third column of the targets (see
        :meth:`training_spectra`).
    jitter : Jitter or None, default=None
        Applied to the originals of every batch first.
    augmentation : MixUp, CutMix or None, default=None
        Batch-level augmentation.
    precision : {"fp32", "bf16"}, default="fp32"
        "bf16" runs the training forward passes under bfloat16 autocast.
    lr_schedule : {"constant", "cosine", "step"}, default="constant"
        See the estimators' ``lr_schedule``; a module's schedule advances only in
        the epochs that update it.
    random_state : int or None, default=None
        Seed of the masks and mixing weights.
    **kwargs
        Passed on to :class:`skorch.NeuralNetClassifier`.
    """

    #: The modules whose weights a saved model keeps.
    SAVED_MODULES = ("module",)

    def __init__(
        self,
        module,
        *args,
        masker=None,
        n_masks: int = 1,
        masks: str = "fresh",
        jitter: Jitter | None = None,
        augmentation: MixUp | CutMix | None = None,
        precision: str = "fp32",
        lr_schedule: str = "constant",
        random_state: int | None = None,
        **kwargs,
    ) -> None:
        super().__init__(module, *args, **kwargs)
        self.masker = masker
        self.n_masks = n_masks
        self.masks = masks
        self.jitter = jitter
        self.augmentation = augmentation
        self.precision = precision
        self.lr_schedule = lr_schedule
        self.random_state = random_state

    def initialize(self):
        super().initialize()
        # Host-side generator of mask segments and mixing weights; permutations use
        # the torch RNG, which the estimator seeds.
        self._rng = np.random.RandomState(self.random_state)
        return self

    # ------------------------------------------------------------------ helpers
    def autocast(self):
        """bfloat16 autocast on the net's device when ``precision="bf16"``."""
        if self.precision != "bf16":
            return contextlib.nullcontext()
        return torch.autocast(device_type=torch.device(self.device).type, dtype=torch.bfloat16)

    def training_spectra(self, batch) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
        """A training batch on the net's device, jittered if ``jitter`` is set.

        Targets are class codes, or rows ``(code, weight, row)``: with sample
        weights or fixed masks the estimator passes that table. Codes then become
        weighted one-hot rows, which every augmentation mixes and repeats like
        labels, so each spectrum's weight follows its copies; ``row`` (the
        spectrum's index in the training set) picks its fixed masks.

        Returns
        -------
        X, y : torch.Tensor
            Spectra and targets (codes, or weighted one-hot rows).
        rows : torch.Tensor or None
            The spectra's rows, when the targets carry them.
        """
        Xi, yi = unpack_data(batch)
        X, y = to_tensor(Xi, device=self.device), to_tensor(yi, device=self.device)
        weights = rows = None
        if y.dim() == 2:
            table = y
            y, weights = table[:, 0].long(), table[:, 1].float()
            rows = table[:, 2].long() if table.shape[1] > 2 else None
        if self.jitter is not None:
            X = self.jitter.apply(X, y)
        if weights is not None:
            y = weights[:, None] * F.one_hot(y, len(self.classes_)).float()
        return X, y, rows

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        super().on_train_begin(net, X=X, y=y, **kwargs)
        self.fixed_masks_ = None
        if self.masks == "fixed" and self.masker is not None:
            # n_masks masks per spectrum, drawn once from the net's seed (the authors' masked set):
            # copy k of row i is fixed_masks_[k, i].
            n_rows, n_points = len(X), X.shape[-1]
            masks = self.masker.sample_masks(self.n_masks * n_rows, n_points, random_state=self.random_state)
            self.fixed_masks_ = torch.as_tensor(masks, device=self.device).reshape(self.n_masks, n_rows, n_points)

    def masked_copies(self, X: torch.Tensor, rows: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """``n_masks`` copies of every spectrum of the batch and their masked versions.

        The masks are fresh, or with ``masks="fixed"`` the ones drawn for ``rows`` when training began.
        """
        X_rep, X_masked, _ = self.masked_copies_and_masks(X, rows)
        return X_rep, X_masked

    def masked_copies_and_masks(
        self, X: torch.Tensor, rows: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """:meth:`masked_copies` and the masks (True where a point is masked)."""
        X_rep = X.repeat(self.n_masks, 1)
        if getattr(self, "fixed_masks_", None) is None:
            X_masked, masks = self.masker.mask_tensor(X_rep, self._rng)
            return X_rep, X_masked, masks
        if rows is None:
            raise ValueError("masks='fixed' needs each spectrum's row in the targets' third column.")
        masks = self.fixed_masks_[:, rows.to(self.fixed_masks_.device)].reshape(X_rep.shape).to(X_rep.device)
        return X_rep, X_rep.masked_fill(masks, self.masker.fill_value), masks

    def targets(self, y: torch.Tensor) -> torch.Tensor:
        """Class codes as one-hot rows; rows already soft (weighted) stay as they are."""
        return y if y.is_floating_point() else F.one_hot(y, len(self.classes_)).float()

    def soft_labels(self, y, y_other, weight) -> torch.Tensor:
        """Targets ``weight * onehot(y) + (1 - weight) * onehot(y_other)``."""
        weight = torch.as_tensor(weight, dtype=torch.float32, device=y.device).reshape(-1, 1)
        return weight * self.targets(y) + (1 - weight) * self.targets(y_other)

    def mixup(self, X: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Convex combinations of the batch with a shuffled copy of it, and their soft labels."""
        perm = torch.randperm(len(X), device=X.device)
        lam = float(self._rng.beta(self.augmentation.alpha, self.augmentation.alpha))
        return lam * X + (1 - lam) * X[perm], self.soft_labels(y, y[perm], lam)

    def training_batch(
        self, X: torch.Tensor, y: torch.Tensor, rows: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Inputs and targets of one training step, built from a batch of spectra (and their rows)."""
        if isinstance(self.augmentation, MixUp):
            return self.mixup(X, y)
        if isinstance(self.augmentation, CutMix):
            perm = torch.randperm(len(X), device=X.device)
            _, masks = self.masker.mask_tensor(X, self._rng)
            kept = 1 - masks.float().mean(dim=1)
            return torch.where(masks, X[perm], X), self.soft_labels(y, y[perm], kept)
        if self.masker is not None:
            _, X_masked = self.masked_copies(X, rows)
            return torch.cat([X, X_masked]), repeat_rows(y, 1 + self.n_masks)
        return X, y

    def classifier_inputs(self, batch) -> torch.Tensor:
        """The classification module's input for a training batch, built as a training step builds it."""
        return self.training_batch(*self.training_spectra(batch))[0]

    # ------------------------------------------------------------ skorch hooks
    @property
    def _default_callbacks(self):
        # skorch's valid_acc compares predictions with the targets as given, which may be a table.
        return [
            (
                name,
                EpochScoring(valid_accuracy, name="valid_acc", lower_is_better=False, use_caching=True)
                if name == "valid_acc"
                else callback,
            )
            for name, callback in super()._default_callbacks
        ]

    def on_epoch_begin(self, net, dataset_train=None, dataset_valid=None, **kwargs):
        super().on_epoch_begin(net, dataset_train, dataset_valid, **kwargs)
        # Not skorch's LRScheduler: it drives one optimizer on the net's epoch count, while TeaNet has two,
        # each of which may step only in some epochs and must decay on its own count of them.
        if self.lr_schedule == "constant":
            return
        # Epochs past max_epochs (warm starts, partial_fit) keep the last epoch's rate.
        epoch = min(len(self.history) - 1, self.max_epochs - 1)
        for name in self._optimizers:
            done, total = self.schedule_position(name, epoch)
            factor = lr_factor(self.lr_schedule, done, max(total, 1))
            for group in getattr(self, name + "_").param_groups:
                group.setdefault("initial_lr", group["lr"])
                group["lr"] = group["initial_lr"] * factor

    def schedule_position(self, name: str, epoch: int) -> tuple[int, int]:
        """Epochs before ``epoch`` that step optimizer ``name``, and epochs that step it in all.

        A module's schedule advances only in the epochs that update it, as each
        of the authors' two StepLR schedulers did under alternating epochs.
        """
        steps = [name in self.active_optimizers(e) for e in range(self.max_epochs)]
        return sum(steps[:epoch]), sum(steps)

    def train_step_single(self, batch, **fit_params):
        self._set_training(True)
        X, y, rows = self.training_spectra(batch)
        with self.autocast():
            X_in, y_in = self.training_batch(X, y, rows)
            logits = self.module_(X_in)
            loss = self.get_loss(logits, y_in, X=X_in, training=True)
        loss.backward()
        return {"loss": loss, "y_pred": logits[: len(X)]}

    def check_finite(self, loss: torch.Tensor, limit: float | None = None) -> None:
        """Stop at the first non-finite (or, with ``limit``, diverged) loss, before a step spreads
        it into every weight."""
        value = loss.item()
        if math.isfinite(value) and (limit is None or value <= limit):
            return
        epoch, batch = len(self.history), len(self.history[-1]["batches"])
        raise FloatingPointError(
            f"The training loss became {value:g} in epoch {epoch}, batch {batch}; the model would predict garbage. "
            f"Likely causes: a learning rate too high (lr={self.lr:g}), non-finite values in the spectra, "
            "or a masker whose fill_value is not finite."
        )

    def active_optimizers(self, epoch: int | None = None) -> list[str]:
        """Names of the optimizers that step in ``epoch`` (from 0; None: the current one)."""
        return self._optimizers

    def train_step(self, batch, **fit_params):
        # One forward and backward pass per batch, then every active optimizer
        # steps once (skorch's default would rerun the pass for each optimizer).
        raise_if_interrupted()  # a Ctrl-C whose KeyboardInterrupt a finalizer swallowed
        self._zero_grad_optimizer(set_to_none=True)
        step = self.train_step_single(batch, **fit_params)
        # A reconstruction-only step (y_pred None) has a loss of any scale; a classifier's cannot be huge.
        self.check_finite(step["loss"], limit=None if step["y_pred"] is None else DIVERGED_LOSS)
        for name in self.active_optimizers():
            getattr(self, name + "_").step()
        return step

    def validation_step(self, batch, **fit_params):
        self._set_training(False)
        Xi, yi = unpack_data(batch)
        yi = yi[:, 0].long() if yi.dim() == 2 else yi  # the codes, without sample weights
        with torch.inference_mode():
            y_pred = self.infer(Xi, **fit_params)
            loss = self.get_loss(y_pred, yi, X=Xi, training=False)
        return {"loss": loss, "y_pred": y_pred}

    def evaluation_step(self, batch, training=False):
        self.check_is_fitted()
        Xi, _ = unpack_data(batch)
        with torch.inference_mode():
            self._set_training(training)
            return self.infer(Xi)
