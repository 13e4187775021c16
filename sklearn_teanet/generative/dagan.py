"""DAGAN (Antoniou et al. 2017): a generator that varies a given spectrum, judged on same-class pairs."""

from __future__ import annotations

import torch

from ..augmentation import same_class_partners
from ..utils._docstring import Substitution
from .base import SHARED_PARAMETERS_DOC
from .networks import Critic, EncoderDecoder
from .wasserstein import WassersteinAugmentation

__all__ = ["DAGANClassifier"]


@Substitution(shared_parameters=SHARED_PARAMETERS_DOC)
class DAGANClassifier(WassersteinAugmentation):
    """DAGAN baseline of the paper's Table 3: a data-augmentation GAN varies each training spectrum.

    The generator takes a real spectrum and a noise vector through an
    encoder-decoder and returns a new spectrum of the same class. The critic
    sees pairs: a real spectrum with another real spectrum of its class is
    "real", a real spectrum with its generated variant is "fake" (Antoniou et
    al. 2017, ref. [8] of the paper). After training, ``n_generated`` variants of
    every training spectrum join the originals to train the classification
    module.

    Choices the paper leaves open, made here for 1-D spectra: the generator is
    a three-stage strided-convolution encoder and upsampling decoder with U-Net
    skips (DAGAN's UResNet, shallower), the noise projected onto its latent map;
    the critic (WGAN-GP, no batch norm) stacks the pair as two channels. A
    class with a single training spectrum pairs it with itself as the real
    pair, which asks the generator for small variations of it.

    Parameters
    ----------
    n_generated : int, default=2
        Generated variants per training spectrum.
    latent_dim : int, default=64
        Size of the noise vector.
    n_critic : int, default=5
        Critic steps per generator step.
    {shared_parameters}
    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    classifier_ : classifier
        The fitted classifier, which predicts.
    generator_ : EncoderDecoder
    critic_ : torch.nn.Module
    critic_losses_ : ndarray of shape (generator_epochs,)
    n_generated_ : int
    intensity_scale_ : float
        Largest absolute intensity of the training spectra; the networks train on the spectra divided by it.

    Examples
    --------
    >>> from sklearn_teanet import CNNClassifier, DAGANClassifier, DoublePyramidLeNet, LorentzSpectraGenerator
    >>> data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=4, n_points=64,
    ...                                theta=10, random_state=0).generate()
    >>> cnn = CNNClassifier(DoublePyramidLeNet(channels=(4,)), max_epochs=2)
    >>> clf = DAGANClassifier(cnn, generator_epochs=2, random_state=0)
    >>> clf.fit(data.data, data.target).predict(data.data[:2]).shape
    (2,)
    """

    def _networks(self, n_points, n_classes):
        return EncoderDecoder(n_points, latent_dim=self.latent_dim, skips=True), Critic(n_points, in_channels=2)

    def _draw(self, X, codes):
        return self.generator_(X, z=self._noise(len(X), X.device))

    def _critic_batch(self, X, codes, idx):
        # Partners are drawn over the whole training set: a batch rarely holds two spectra of a class.
        idx = torch.as_tensor(idx, device=X.device)
        source, partner = X[idx], X[same_class_partners(codes)[idx]]
        return torch.stack([source, partner], 1), torch.stack([source, self._draw(source, None)], 1), None
