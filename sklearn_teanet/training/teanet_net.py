"""skorch net that trains the reconstruction and classification modules: Algorithm 1."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from skorch.callbacks import PassthroughScoring

from ..reconstruction import ReconstructionModule
from .spectrum_net import SpectrumNet, repeat_rows

__all__ = ["TeaNetNet"]


def _scale_gradient(x: torch.Tensor, factor: float) -> torch.Tensor:
    """Identity in the forward pass; multiplies the incoming gradient by ``factor``."""
    return x * factor + x.detach() * (1.0 - factor)


class TeaNetNet(SpectrumNet):
    """TeaNet on skorch: masked spectra are repaired by the reconstruction module and the
    classifier learns from the originals and the repairs together.

    The reconstruction module and its optimizer are skorch attributes
    (``reconstruction_module_``, ``reconstruction_optimizer_``), so
    ``reconstruction_module__depth=4`` or ``reconstruction_optimizer__lr=1e-3``
    work as with any skorch component, and both follow ``device``.

    One training step on a batch ``x`` with labels ``l``:

    1. ``x_bar``: ``n_masks`` freshly masked copies of every spectrum;
    2. ``x_hat = R(x_bar)``; ``L_R`` is the reconstruction error against ``x``;
    3. ``L_C`` is the cross-entropy of the classifier on ``[x; x_hat]`` (mixed
       up first with ``augmentation="mixup"``);
    4. the reconstruction module descends ``gamma * L_R + (1 - gamma) * L_C``
       and the classifier descends ``L_C``.

    Step 4 takes a single backward pass: the classifier's input ``x_hat`` passes
    the gradient of ``L_C`` back scaled by ``1 - gamma``, and ``gamma * L_R`` is
    added to the loss.

    Parameters
    ----------
    module : torch module class or instance
        The classification module.
    reconstruction_module : torch module class or instance, default=ReconstructionModule
        The reconstruction module.
    reconstruction_optimizer : torch optimizer class, default=torch.optim.Adam
        Optimizer of the reconstruction module; its learning rate is
        ``reconstruction_optimizer__lr``.
    gamma : float, default=0.3
        Weight of ``L_R`` in the reconstruction module's loss.
    training : {"joint", "alternating", "separate"}, default="joint"
        ``"joint"`` updates both modules on every step (Algorithm 1).
        ``"alternating"`` is the authors' schedule: even epochs update only the
        reconstruction module, odd epochs only the classifier.
        ``"separate"`` trains the reconstruction module on ``L_R`` alone for
        ``reconstruction_epochs`` epochs, then freezes it while the classifier
        trains (Table 5). ``"warm"`` pre-trains the same way, then trains both
        modules jointly (a warm start for the reconstruction module).
    reconstruction_epochs : int, default=0
        Epochs of reconstruction-only training before the classifier, for
        ``training="separate"`` or ``"warm"``; they come first within ``max_epochs``.
    reconstruction_loss : {"mse", "sse"}, default="mse"
        Mean squared error per point, or the authors' sum over the spectrum.
    **kwargs
        Passed on to :class:`SpectrumNet`.
    """

    def __init__(
        self,
        module,
        *args,
        reconstruction_module=ReconstructionModule,
        reconstruction_optimizer=torch.optim.Adam,
        gamma: float = 0.3,
        training: str = "joint",
        reconstruction_epochs: int = 0,
        reconstruction_loss: str = "mse",
        **kwargs,
    ) -> None:
        super().__init__(module, *args, **kwargs)
        self.reconstruction_module = reconstruction_module
        self.reconstruction_optimizer = reconstruction_optimizer
        self.gamma = gamma
        self.training = training
        self.reconstruction_epochs = reconstruction_epochs
        self.reconstruction_loss = reconstruction_loss

    @property
    def _default_callbacks(self):
        return super()._default_callbacks + [
            ("reconstruction_loss", PassthroughScoring(name="reconstruction_loss", on_train=True)),
        ]

    # ------------------------------------------------------------ components
    def initialize_module(self):
        super().initialize_module()
        params = self.get_params_for("reconstruction_module")
        self.reconstruction_module_ = self.initialized_instance(self.reconstruction_module, params)
        return self

    def initialize_optimizer(self, triggered_directly=None):
        # Each module gets its own optimizer, so that each has its own learning rate.
        for name, module in (("optimizer", self.module_), ("reconstruction_optimizer", self.reconstruction_module_)):
            args, kwargs = self.get_params_for_optimizer(name, module.named_parameters())
            setattr(self, name + "_", getattr(self, name)(*args, **kwargs))
        return self

    # --------------------------------------------------------------- schedule
    def phase(self) -> str:
        """What the current epoch trains: "both", "reconstruction", "classifier" or "pretrain"."""
        epoch = len(self.history) - 1
        if self.training == "alternating":
            return "reconstruction" if epoch % 2 == 0 else "classifier"
        if self.training in ("separate", "warm") and epoch < self.reconstruction_epochs:
            return "pretrain"
        if self.training == "separate":
            return "classifier"
        return "both"

    def active_optimizers(self) -> list[str]:
        phase = self.phase()
        return {
            "both": ["optimizer", "reconstruction_optimizer"],
            "classifier": ["optimizer"],
        }.get(phase, ["reconstruction_optimizer"])

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
        """Originals and reconstructions of freshly masked copies (mixed up with ``augmentation="mixup"``)."""
        X, y = self.training_spectra(batch)
        reconstruction, was_training = self.reconstruction_module_, self.reconstruction_module_.training
        reconstruction.eval()  # its own running statistics stay as training left them
        try:
            X_hat = reconstruction(self.masked_copies(X)[1])
        finally:
            reconstruction.train(was_training)
        return self.joint_batch(X, y, X_hat)[0]

    def joint_batch(self, X: torch.Tensor, y: torch.Tensor, X_hat: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The classifier's batch: originals and reconstructions, mixed up with ``augmentation="mixup"``."""
        X_in, y_in = torch.cat([X, X_hat.to(X.dtype)]), repeat_rows(y, 1 + self.n_masks)
        # Mixing is linear, so L_C still reaches the reconstruction module through x_hat.
        return self.mixup(X_in, y_in) if self.augmentation == "mixup" else (X_in, y_in)

    # ------------------------------------------------------------------- step
    def get_reconstruction_loss(self, X_hat: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
        loss = F.mse_loss(X_hat.float(), X)
        return loss * X.shape[-1] if self.reconstruction_loss == "sse" else loss

    def train_step_single(self, batch, **fit_params):
        self._set_training(True)
        X, y = self.training_spectra(batch)
        phase = self.phase()
        X_rep, X_masked = self.masked_copies(X)
        with self.autocast():
            if phase == "classifier":
                # The reconstruction module is frozen: no graph is built through it.
                with torch.no_grad():
                    X_hat = self.reconstruction_module_(X_masked)
            else:
                X_hat = self.reconstruction_module_(X_masked)
                loss_r = self.get_reconstruction_loss(X_hat, X_rep)
                self.history.record_batch("reconstruction_loss", loss_r.item())
                if phase == "pretrain":
                    loss_r.backward()
                    return {"loss": loss_r, "y_pred": None}
                X_hat = _scale_gradient(X_hat, 1.0 - self.gamma)
            X_in, y_in = self.joint_batch(X, y, X_hat)
            logits = self.module_(X_in)
            loss_c = self.get_loss(logits, y_in, X=X_in, training=True)
        total = loss_c if phase == "classifier" else loss_c + self.gamma * loss_r
        total.backward()
        return {"loss": loss_c, "y_pred": logits[: len(X)]}
