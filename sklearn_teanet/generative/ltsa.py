"""LTSA (Jenni & Favaro 2018): features learned by spotting artifacts initialise the classification module."""

from __future__ import annotations

from numbers import Real

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.utils._param_validation import Interval
from skorch.callbacks import Callback

from ..classification import DoublePyramidLeNet
from ..nn import ClassificationModule
from ..training import BaseNeuralClassifier
from ..utils._docstring import Substitution
from .base import SHARED_PARAMETERS_DOC, GenerativeAugmentationClassifier, mean_epoch_loss, shuffled_batches
from .networks import EncoderDecoder

__all__ = ["LTSAClassifier", "InitialFeatures", "starting_from"]


class InitialFeatures(Callback):
    """Load the classification module's convolution blocks from a state dict when training begins."""

    def __init__(self, state: dict | None = None) -> None:
        self.state = state

    def on_train_begin(self, net, X=None, y=None, **kwargs) -> None:
        net.module_.features.load_state_dict({k: torch.as_tensor(v) for k, v in self.state.items()})

    def __getstate__(self) -> dict:
        # As arrays: a saved model (the safe format holds no torch objects) keeps the classifier's callbacks.
        return {"state": None if self.state is None else {k: np.asarray(v) for k, v in self.state.items()}}


def starting_from(classifier, features: torch.nn.Module, name: str):
    """``classifier`` with a callback that starts its training from a copy of ``features``' weights."""
    state = {k: v.detach().cpu().clone() for k, v in features.state_dict().items()}
    callbacks = list(classifier.get_params()["callbacks"] or [])
    return classifier.set_params(callbacks=[*callbacks, (name, InitialFeatures(state))])


@Substitution(shared_parameters=SHARED_PARAMETERS_DOC)
class LTSAClassifier(GenerativeAugmentationClassifier):
    """LTSA baseline of the paper's Table 3: a discriminator that spots repaired spectra teaches the features.

    A damage-and-repair network encodes a spectrum, zeroes a random share
    ``damage`` of its latent positions and decodes it: a spectrum with global
    artifacts. A discriminator learns to tell such spectra from real ones while
    the repair network learns to fool it and, on undamaged latents, to
    reproduce its input (Jenni & Favaro 2018, "Learning to spot artifacts",
    ref. [47] of the paper). The discriminator has the classification module's
    convolution blocks; after this self-supervised stage they initialise the
    classification module, which is then trained on the labelled spectra.
    No spectra are added.

    Choices the paper leaves open, made here for 1-D spectra: the repair network
    is a three-stage encoder-decoder without skips (skips would bypass the
    damage); damage zeroes latent positions across all channels; the losses are
    the mean squared reconstruction error plus ``adversarial_weight`` times the
    non-saturating GAN loss, and the discriminator's binary cross-entropy.

    Parameters
    ----------
    damage : float, default=0.5
        Share of the latent positions zeroed in a damaged spectrum.
    adversarial_weight : float, default=0.1
        Weight of the repair network's adversarial loss against its
        reconstruction loss.
    {shared_parameters}
    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    classifier_ : classifier
        The fitted classifier, which predicts.
    repair_ : EncoderDecoder
        The damage-and-repair network.
    discriminator_ : ClassificationModule
        The discriminator (one output: real or repaired).
    discriminator_losses_ : ndarray of shape (generator_epochs,)
    n_generated_ : int
        Always 0.
    intensity_scale_ : float
        Largest absolute intensity of the training spectra; the networks train on the spectra divided by it.

    Examples
    --------
    >>> from sklearn_teanet import CNNClassifier, DoublePyramidLeNet, LTSAClassifier, LorentzSpectraGenerator
    >>> data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=4, n_points=64,
    ...                                theta=10, random_state=0).generate()
    >>> cnn = CNNClassifier(DoublePyramidLeNet(channels=(4,)), max_epochs=2)
    >>> clf = LTSAClassifier(cnn, generator_epochs=2, random_state=0)
    >>> clf.fit(data.data, data.target).predict(data.data[:2]).shape
    (2,)
    """

    _parameter_constraints: dict = {
        **GenerativeAugmentationClassifier._parameter_constraints,
        "classifier": [BaseNeuralClassifier, None],
        "damage": [Interval(Real, 0, 1, closed="neither")],
        "adversarial_weight": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(
        self,
        classifier=None,
        damage: float = 0.5,
        adversarial_weight: float = 0.1,
        generator_epochs: int = 100,
        generator_lr: float = 1e-4,
        batch_size: int = 64,
        device: str | torch.device = "cpu",
        n_threads: int | None = None,
        random_state=None,
        verbose: int = 0,
    ) -> None:
        self.classifier = classifier
        self.damage = damage
        self.adversarial_weight = adversarial_weight
        self.generator_epochs = generator_epochs
        self.generator_lr = generator_lr
        self.batch_size = batch_size
        self.device = device
        self.n_threads = n_threads
        self.random_state = random_state
        self.verbose = verbose

    def _train_generator(self, X, codes, rng, classifier) -> None:
        n_points = X.shape[1]
        self.repair_ = EncoderDecoder(n_points, skips=False).to(X.device)
        # The classifier's own blocks (its architecture, channels, kernel), with one output.
        module = classifier.module if classifier.module is not None else DoublePyramidLeNet()
        self.discriminator_ = ClassificationModule(**module.module_params(n_points, 1)).to(X.device)
        r_opt = torch.optim.Adam(self.repair_.parameters(), lr=self.generator_lr, betas=(0.5, 0.999))
        d_opt = torch.optim.Adam(self.discriminator_.parameters(), lr=self.generator_lr, betas=(0.5, 0.999))
        losses = []
        for epoch in range(1, self.generator_epochs + 1):
            epoch_loss = []
            for idx in shuffled_batches(rng, len(X), self.batch_size):
                real = X[torch.as_tensor(idx, device=X.device)]
                kept = torch.rand(len(real), self.repair_.latent_length, device=X.device) >= self.damage
                repaired = self.repair_(real, latent_mask=kept.float())
                ones, zeros = torch.ones(len(real), 1, device=X.device), torch.zeros(len(real), 1, device=X.device)
                d_loss = F.binary_cross_entropy_with_logits(
                    self.discriminator_(real), ones
                ) + F.binary_cross_entropy_with_logits(self.discriminator_(repaired.detach()), zeros)
                d_opt.zero_grad(set_to_none=True)
                d_loss.backward()
                d_opt.step()
                r_loss = F.mse_loss(
                    self.repair_(real), real
                ) + self.adversarial_weight * F.binary_cross_entropy_with_logits(self.discriminator_(repaired), ones)
                r_opt.zero_grad(set_to_none=True)
                r_loss.backward()
                r_opt.step()
                epoch_loss.append(d_loss.item())
            losses.append(mean_epoch_loss(epoch_loss, epoch, "discriminator"))
        self.discriminator_losses_ = np.asarray(losses)
        self._log(losses, "discriminator")

    def _prepare_classifier(self, classifier):
        return starting_from(classifier, self.discriminator_.features, "ltsa_features")
