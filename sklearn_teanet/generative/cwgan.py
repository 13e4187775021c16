"""CWGAN (Luo & Lu 2018): a conditional Wasserstein GAN whose spectra of each class augment the training set."""

from __future__ import annotations

import torch

from ..utils._docstring import Substitution
from .base import SHARED_PARAMETERS_DOC
from .networks import Critic, LabelledGenerator
from .wasserstein import WassersteinAugmentation

__all__ = ["CWGANClassifier"]


@Substitution(shared_parameters=SHARED_PARAMETERS_DOC)
class CWGANClassifier(WassersteinAugmentation):
    """CWGAN baseline of the paper's Table 3: conditional WGAN-GP spectra train the classifier.

    The generator turns a noise vector and a class label into a spectrum; the
    critic scores a spectrum given a class label (the label enters both, as in
    Luo & Lu's CWGAN for EEG, ref. [27] of the paper), trained with the
    Wasserstein loss and a gradient penalty. After training, ``n_generated``
    spectra per training spectrum, of its class, join the originals to train
    the classification module.

    Choices the paper leaves open, made here for 1-D spectra: the generator is a
    dense layer to a short map and three upsampling convolutions (16-64
    channels); the critic has three strided convolutions (no batch norm) and
    takes the label as an extra channel, a learned profile along the spectrum;
    WGAN-GP's penalty weight 10, Adam(``generator_lr``, betas 0.5, 0.9) and
    ``n_critic`` critic steps per generator step.

    Parameters
    ----------
    n_generated : int, default=2
        Generated spectra per training spectrum (0 trains the classifier on the
        originals alone).
    latent_dim : int, default=64
        Size of the noise vector (and of the label embedding).
    n_critic : int, default=5
        Critic steps per generator step.
    {shared_parameters}
    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    classifier_ : classifier
        The fitted classifier, which predicts.
    generator_ : torch.nn.Module
    critic_ : torch.nn.Module
    critic_losses_ : ndarray of shape (generator_epochs,)
        The critic's mean loss per epoch (the negative Wasserstein estimate plus the penalty).
    n_generated_ : int
        Generated spectra the classifier saw.
    intensity_scale_ : float
        Largest absolute intensity of the training spectra; the networks train on the spectra divided by it.

    Examples
    --------
    >>> from sklearn_teanet import CNNClassifier, CWGANClassifier, DoublePyramidLeNet, LorentzSpectraGenerator
    >>> data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=4, n_points=64,
    ...                                theta=10, random_state=0).generate()
    >>> cnn = CNNClassifier(DoublePyramidLeNet(channels=(4,)), max_epochs=2)
    >>> clf = CWGANClassifier(cnn, generator_epochs=2, random_state=0)
    >>> clf.fit(data.data, data.target).predict(data.data[:2]).shape
    (2,)
    """

    def _networks(self, n_points, n_classes):
        return (
            LabelledGenerator(n_points, n_classes, self.latent_dim),
            Critic(n_points, in_channels=1, n_classes=n_classes),
        )

    def _draw(self, X, codes):
        return self.generator_(self._noise(len(codes), X.device), codes)

    def _critic_batch(self, X, codes, idx):
        idx = torch.as_tensor(idx, device=X.device)
        real, labels = X[idx], codes[idx]
        return real.unsqueeze(1), self._draw(real, labels).unsqueeze(1), labels
