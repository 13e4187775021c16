"""Training a generator against a critic with the Wasserstein loss and gradient penalty (WGAN-GP)."""

from __future__ import annotations

from collections.abc import Callable
from numbers import Integral

import numpy as np
import torch
from sklearn.utils._param_validation import Interval

from .base import GenerativeAugmentationClassifier, mean_epoch_loss, shuffled_batches
from .networks import Critic

__all__ = ["gradient_penalty", "train_wgan_gp", "WassersteinAugmentation"]

#: A batch of critic inputs: (real, fake, labels or None); ``fake`` carries the generator's graph.
CriticBatch = tuple[torch.Tensor, torch.Tensor, "torch.Tensor | None"]


def gradient_penalty(critic, real: torch.Tensor, fake: torch.Tensor, labels) -> torch.Tensor:
    """Mean of ``(||grad critic(x_hat)|| - 1) ** 2`` on random points between real and fake inputs."""
    eps = torch.rand(len(real), *([1] * (real.dim() - 1)), device=real.device)
    x_hat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    (grad,) = torch.autograd.grad(critic(x_hat, labels).sum(), x_hat, create_graph=True)
    return ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()


def train_wgan_gp(
    generator: torch.nn.Module,
    critic: torch.nn.Module,
    batches: Callable[[np.ndarray], CriticBatch],
    n_samples: int,
    epochs: int,
    batch_size: int,
    lr: float,
    rng: np.random.Generator,
    n_critic: int = 5,
    penalty: float = 10.0,
) -> list[float]:
    """Train ``generator`` and ``critic`` (Gulrajani et al. 2017); return the critic's loss per epoch.

    ``batches(indices)`` returns the real and the generated critic inputs for
    those training spectra. The critic takes a step on every batch, the
    generator on every ``n_critic``-th, with Adam(lr, betas=(0.5, 0.9)) as in
    WGAN-GP.
    """
    g_opt = torch.optim.Adam(generator.parameters(), lr=lr, betas=(0.5, 0.9))
    c_opt = torch.optim.Adam(critic.parameters(), lr=lr, betas=(0.5, 0.9))
    losses, step = [], 0
    for epoch in range(1, epochs + 1):
        epoch_loss = []
        for idx in shuffled_batches(rng, n_samples, batch_size):
            real, fake, labels = batches(idx)
            fake = fake.detach()
            loss = critic(fake, labels).mean() - critic(real, labels).mean()
            loss = loss + penalty * gradient_penalty(critic, real, fake, labels)
            c_opt.zero_grad(set_to_none=True)
            loss.backward()
            c_opt.step()
            epoch_loss.append(loss.item())
            step += 1
            if step % n_critic == 0:
                _, fake, labels = batches(idx)
                g_loss = -critic(fake, labels).mean()
                g_opt.zero_grad(set_to_none=True)
                g_loss.backward()
                g_opt.step()
        losses.append(mean_epoch_loss(epoch_loss, epoch, "critic"))
    return losses


class WassersteinAugmentation(GenerativeAugmentationClassifier):
    """Base of CWGAN and DAGAN: a generator trained against a WGAN-GP critic adds spectra.

    Subclasses build the two networks (:meth:`_networks`), say what the critic
    compares (:meth:`_critic_batch`) and draw spectra (:meth:`_draw`).
    """

    _parameter_constraints: dict = {
        **GenerativeAugmentationClassifier._parameter_constraints,
        "n_generated": [Interval(Integral, 0, None, closed="left")],
        "latent_dim": [Interval(Integral, 1, None, closed="left")],
        "n_critic": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        classifier=None,
        n_generated: int = 2,
        latent_dim: int = 64,
        n_critic: int = 5,
        generator_epochs: int = 100,
        generator_lr: float = 1e-4,
        batch_size: int = 64,
        device: str | torch.device = "cpu",
        n_threads: int | None = None,
        random_state=None,
        verbose: int = 0,
    ) -> None:
        self.classifier = classifier
        self.n_generated = n_generated
        self.latent_dim = latent_dim
        self.n_critic = n_critic
        self.generator_epochs = generator_epochs
        self.generator_lr = generator_lr
        self.batch_size = batch_size
        self.device = device
        self.n_threads = n_threads
        self.random_state = random_state
        self.verbose = verbose

    def _networks(self, n_points: int, n_classes: int) -> tuple[torch.nn.Module, Critic]:
        raise NotImplementedError

    def _critic_batch(self, X: torch.Tensor, codes: torch.Tensor, idx: np.ndarray) -> CriticBatch:
        raise NotImplementedError

    def _draw(self, X: torch.Tensor, codes: torch.Tensor) -> torch.Tensor:
        """One generated spectrum for each of the given spectra (and their classes)."""
        raise NotImplementedError

    def _noise(self, n: int, device) -> torch.Tensor:
        return torch.randn(n, self.latent_dim, device=device)

    def _train_generator(self, X, codes, rng, classifier) -> None:
        generator, critic = self._networks(X.shape[1], len(self.classes_))
        self.generator_ = generator.to(X.device)
        self.critic_ = critic.to(X.device)
        losses = train_wgan_gp(
            self.generator_,
            self.critic_,
            lambda idx: self._critic_batch(X, codes, idx),
            len(X),
            self.generator_epochs,
            self.batch_size,
            self.generator_lr,
            rng,
            n_critic=self.n_critic,
        )
        self.critic_losses_ = np.asarray(losses)
        self._log(losses, "critic")

    def _generate(self, X, codes):
        """``n_generated`` new spectra per training spectrum, of its class."""
        self.generator_.eval()
        X_rep, codes_rep = X.repeat(self.n_generated, 1), codes.repeat(self.n_generated)
        with torch.inference_mode():
            drawn = [self._draw(X_rep[i : i + 256], codes_rep[i : i + 256]) for i in range(0, len(X_rep), 256)]
        X_new = torch.cat(drawn) if drawn else X_rep
        return X_new.cpu().numpy().astype(np.float32), codes_rep.cpu().numpy()
