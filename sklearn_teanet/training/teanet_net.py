"""skorch net that trains the reconstruction and classification modules: Algorithm 1."""

from __future__ import annotations

import torch
from skorch.callbacks import PassthroughScoring

from ..augmentation import MixUp
from ..nn import ReconstructionModule
from ..reconstruction import UNetReconstructor
from .cnn_net import CNNNet, repeat_rows

__all__ = ["TeaNetNet"]


def _scale_gradient(x: torch.Tensor, factor: float) -> torch.Tensor:
    """Identity in the forward pass; multiplies the incoming gradient by ``factor``."""
    return x * factor + x.detach() * (1.0 - factor)


class TeaNetNet(CNNNet):
    """TeaNet on skorch: masked spectra are repaired by the reconstruction module and the
    classifier learns from the originals and the repairs together.

    The reconstruction module and its optimizer are skorch attributes
    (``reconstruction_module_``, ``reconstruction_optimizer_``), built from
    ``reconstructor`` (a :class:`~sklearn_teanet.UNetReconstructor`,
    whose settings the net reads: the U-Net's shape, ``loss``, ``schedule``,
    ``inpaint``), and both follow ``device``.

    One training step on a batch ``x`` with labels ``l``:

    1. ``x_bar``: ``n_masks`` masked copies of every spectrum (fresh masks, or
       with ``masks="fixed"`` the ones drawn for it when training began);
    2. ``x_hat = R(x_bar)``; ``L_R`` is the reconstruction error against ``x``;
    3. ``L_C`` is the cross-entropy of the classifier on ``[x; x_hat]`` (mixed
       up first with a :class:`~sklearn_teanet.MixUp` augmentation);
    4. the reconstruction module descends ``gamma * L_R + (1 - gamma) * L_C``
       and the classifier descends ``L_C``.

    Step 4 takes a single backward pass: the classifier's input ``x_hat`` passes
    the gradient of ``L_C`` back scaled by ``1 - gamma``, and ``gamma * L_R`` is
    added to the loss.

    Parameters
    ----------
    module : torch module class or instance
        The classification module.
    reconstructor : UNetReconstructor or None, default=None
        The reconstruction module's settings (None: ``UNetReconstructor()``).
    reconstruction_optimizer : torch optimizer class, default=torch.optim.Adam
        Optimizer of the reconstruction module; its learning rate is
        ``reconstructor.lr`` unless ``reconstruction_optimizer__lr`` is given.
    gamma : float, default=0.3
        Weight of ``L_R`` in the reconstruction module's loss.
    pretrain_epochs : int, default=0
        Reconstruction-only epochs that come first within ``max_epochs``, for
        the schedules "separate" and "warm" (the estimator works them out).
    repair_weight : float, default=1.0
        Weight of a repair's cross-entropy term against an original's.
    **kwargs
        Passed on to :class:`CNNNet`.
    """

    SAVED_MODULES = ("module", "reconstruction_module")

    def __init__(
        self,
        module,
        *args,
        reconstructor: UNetReconstructor | None = None,
        reconstruction_module=ReconstructionModule,
        reconstruction_optimizer=torch.optim.Adam,
        gamma: float = 0.3,
        pretrain_epochs: int = 0,
        repair_weight: float = 1.0,
        **kwargs,
    ) -> None:
        super().__init__(module, *args, **kwargs)
        self.reconstructor = reconstructor
        self.reconstruction_module = reconstruction_module
        self.reconstruction_optimizer = reconstruction_optimizer
        self.gamma = gamma
        self.pretrain_epochs = pretrain_epochs
        self.repair_weight = repair_weight

    @property
    def unet(self) -> UNetReconstructor:
        """The reconstruction module's settings (``reconstructor``, or the default ones)."""
        return UNetReconstructor() if self.reconstructor is None else self.reconstructor

    @property
    def _default_callbacks(self):
        return super()._default_callbacks + [
            ("reconstruction_loss", PassthroughScoring(name="reconstruction_loss", on_train=True)),
        ]

    # ------------------------------------------------------------ components
    def initialize_module(self):
        super().initialize_module()
        params = {**self.unet.module_params(), **self.get_params_for("reconstruction_module")}
        self.reconstruction_module_ = self.initialized_instance(self.reconstruction_module, params)
        return self

    def initialize_optimizer(self, triggered_directly=None):
        # Each module gets its own optimizer, so that each has its own learning rate.
        for name, module in (("optimizer", self.module_), ("reconstruction_optimizer", self.reconstruction_module_)):
            args, kwargs = self.get_params_for_optimizer(name, module.named_parameters())
            if name == "reconstruction_optimizer" and "lr" not in self.get_params_for(name):
                kwargs["lr"] = self.unet.lr
            setattr(self, name + "_", getattr(self, name)(*args, **kwargs))
        return self

    # --------------------------------------------------------------- schedule
    def phase(self, epoch: int | None = None) -> str:
        """What ``epoch`` (from 0; None: the current one) trains: "both", "reconstruction", "classifier"
        or "pretrain"."""
        epoch = len(self.history) - 1 if epoch is None else epoch
        schedule = self.unet.schedule
        if schedule == "alternating":
            return "reconstruction" if epoch % 2 == 0 else "classifier"
        if schedule in ("separate", "warm") and epoch < self.pretrain_epochs:
            return "pretrain"
        if schedule == "separate":
            return "classifier"
        return "both"

    def active_optimizers(self, epoch: int | None = None) -> list[str]:
        return {
            "both": ["optimizer", "reconstruction_optimizer"],
            "classifier": ["optimizer"],
        }.get(self.phase(epoch), ["reconstruction_optimizer"])

    def on_epoch_begin(self, net, dataset_train=None, dataset_valid=None, **kwargs):
        super().on_epoch_begin(net, dataset_train, dataset_valid, **kwargs)
        # A module that does not learn this epoch needs no weight gradients at all.
        phase = self.phase()
        self.module_.requires_grad_(phase in ("both", "classifier"))
        self.reconstruction_module_.requires_grad_(phase != "classifier")

    def on_train_end(self, net, X=None, y=None, **kwargs):
        self.module_.requires_grad_(True)
        self.reconstruction_module_.requires_grad_(True)
        super().on_train_end(net, X, y, **kwargs)

    def classifier_inputs(self, batch) -> torch.Tensor:
        """Originals and repairs of masked copies (mixed up with a MixUp augmentation)."""
        X, y, rows = self.training_spectra(batch)
        reconstruction, was_training = self.reconstruction_module_, self.reconstruction_module_.training
        reconstruction.eval()  # its own running statistics stay as training left them
        try:
            X_hat = self.repairs(*self.masked_copies_and_masks(X, rows)[1:])
        finally:
            reconstruction.train(was_training)
        return self.joint_batch(X, y, X_hat)[0]

    def repairs(self, X_masked: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
        """The reconstruction module's repairs of masked copies; with ``inpaint`` only their masked points."""
        X_hat = self.reconstruction_module_(X_masked)
        return torch.where(masks, X_hat, X_masked.to(X_hat.dtype)) if self.unet.inpaint else X_hat

    def joint_batch(self, X: torch.Tensor, y: torch.Tensor, X_hat: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The classifier's batch: originals and repairs, mixed up with a MixUp augmentation."""
        X_in = torch.cat([X, X_hat.to(X.dtype)])
        if self.repair_weight != 1.0:
            # Weighted one-hot targets scale each term of the cross-entropy, as sample weights do.
            y_in = torch.cat([self.targets(y), self.repair_weight * repeat_rows(self.targets(y), self.n_masks)])
        else:
            y_in = repeat_rows(y, 1 + self.n_masks)
        # Mixing is linear, so L_C still reaches the reconstruction module through x_hat.
        return self.mixup(X_in, y_in) if isinstance(self.augmentation, MixUp) else (X_in, y_in)

    # ------------------------------------------------------------------- step
    def get_reconstruction_loss(self, X_hat: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
        """``L_R``: per point ("mse"), per spectrum summed ("sse") or its norm ("l2"), averaged over the batch."""
        error = X_hat.float() - X
        loss = self.unet.loss
        if loss == "mse":
            return error.square().mean()
        if loss == "sse":
            return error.square().sum(dim=-1).mean()
        return torch.linalg.vector_norm(error, dim=-1).mean()

    def losses(self, batch, phase: str) -> dict:
        """The step's forward pass: ``loss_r`` (None if the module is frozen), ``loss_c`` (None in
        pre-training), the classifier's ``logits`` on the batch and the number ``n`` of originals."""
        X, y, rows = self.training_spectra(batch)
        X_rep, X_masked, masks = self.masked_copies_and_masks(X, rows)
        out = {"loss_r": None, "loss_c": None, "logits": None, "n": len(X)}
        with self.autocast():
            if phase == "classifier":
                # The reconstruction module is frozen: no graph is built through it.
                with torch.no_grad():
                    X_hat = self.repairs(X_masked, masks)
            else:
                X_hat = self.repairs(X_masked, masks)
                out["loss_r"] = self.get_reconstruction_loss(X_hat, X_rep)
                if phase == "pretrain":
                    return out
                X_hat = _scale_gradient(X_hat, 1.0 - self.gamma)
            X_in, y_in = self.joint_batch(X, y, X_hat)
            out["logits"] = self.module_(X_in)
            out["loss_c"] = self.get_loss(out["logits"], y_in, X=X_in, training=True)
        return out

    def train_step_single(self, batch, **fit_params):
        self._set_training(True)
        step = self.losses(batch, self.phase())
        loss_r, loss_c = step["loss_r"], step["loss_c"]
        if loss_r is not None:
            self.history.record_batch("reconstruction_loss", loss_r.item())
        if loss_c is None:
            loss_r.backward()
            return {"loss": loss_r, "y_pred": None}
        (loss_c if loss_r is None else loss_c + self.gamma * loss_r).backward()
        return {"loss": loss_c, "y_pred": step["logits"][: step["n"]]}

    def gradient_norms(self, batch) -> tuple[float, float]:
        """Norms of the gradients that ``gamma * L_R`` and ``(1 - gamma) * L_C`` send to the
        reconstruction module on ``batch``, at the current weights.

        Their ratio says which loss trains the U-Net: far above 1, repairs are
        copies of the spectrum; far below 1, they are whatever helps the
        classifier. A measurement only: no weight, batch-norm statistic or
        random generator is left changed, so a measured fit trains as an
        unmeasured one does.
        """
        modules = (self.module_, self.reconstruction_module_)
        buffers = [
            {k: v.clone() for k, v in m.state_dict().items() if "running" in k or "num_batches" in k} for m in modules
        ]
        states = [m.training for m in modules]
        requires = [[p.requires_grad for p in m.parameters()] for m in modules]
        rng_state = self._rng.get_state()
        parameters = list(self.reconstruction_module_.parameters())
        try:
            with torch.random.fork_rng(devices=[]):
                self.reconstruction_module_.requires_grad_(True)
                self._set_training(True)
                step = self.losses(batch, "both")
                norms = []
                for loss in (self.gamma * step["loss_r"], step["loss_c"]):
                    grads = torch.autograd.grad(loss, parameters, retain_graph=True, allow_unused=True)
                    per_tensor = torch.stack([torch.linalg.vector_norm(g) for g in grads if g is not None])
                    norms.append(float(torch.linalg.vector_norm(per_tensor)))
        finally:
            self._rng.set_state(rng_state)
            for module, saved, training, flags in zip(modules, buffers, states, requires):
                module.load_state_dict(saved, strict=False)
                module.train(training)
                for p, flag in zip(module.parameters(), flags):
                    p.requires_grad_(flag)
        return norms[0], norms[1]
