"""Masked pretraining: the classification module's blocks first learn to fill masked segments of every spectrum at
hand, labelled or not, then the module is trained on the labelled spectra from there."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.base import clone
from sklearn.utils import check_array
from torch import nn

from ..classification import DoublePyramidLeNet
from ..masking import SpectrumMasker
from ..nn import ClassificationModule
from ..training import BaseNeuralClassifier
from ..utils._docstring import Substitution
from ..utils._torch import in_units
from .base import SHARED_PARAMETERS_DOC, GenerativeAugmentationClassifier, mean_epoch_loss, shuffled_batches
from .ltsa import starting_from

__all__ = ["MaskedPretrainingClassifier"]


class FillHead(nn.Module):
    """Feature maps back to a spectrum: linear upsampling to ``n_points`` and one convolution to one channel."""

    def __init__(self, channels: int, n_points: int, kernel_size: int = 9) -> None:
        super().__init__()
        self.n_points = n_points
        self.conv = nn.Conv1d(channels, 1, kernel_size, padding="same")

    def forward(self, maps: torch.Tensor) -> torch.Tensor:
        maps = maps.reshape(maps.shape[0], maps.shape[1], maps.shape[-1])  # either layout
        return self.conv(F.interpolate(maps, size=self.n_points, mode="linear", align_corners=False))[:, 0]


@Substitution(shared_parameters=SHARED_PARAMETERS_DOC)
class MaskedPretrainingClassifier(GenerativeAugmentationClassifier):
    """The paper's idea without the augmentation: pretrain the classifier's blocks on filling masked spectra.

    TeaNet trains a separate U-Net to fill masked segments and feeds its repairs
    to the classifier. Here the classifier's own convolution blocks learn to
    fill them, with a light head (linear upsampling and one convolution), on the
    training spectra and on ``unlabeled`` spectra (every spectrum of the same
    axis at hand, labels not needed: a whole collection, or Lorentz spectra from
    :class:`~sklearn_teanet.LorentzSpectraGenerator`). The loss is the mean squared error on the masked points.
    The blocks then start the classifier's training on the labelled spectra;
    the head is dropped. No spectra are added.

    Parameters
    ----------
    unlabeled : array-like of shape (n_unlabeled, n_points) or None, default=None
        Extra spectra for pretraining, on the training spectra's axis, in their
        unit (they are divided by the training spectra's ``intensity_scale_``).
        Spectra that are also in a test split may be given: their labels are
        never used.
    masker : SpectrumMasker or None, default=None
        Draws the masked segments, fresh in every step; None is ``SpectrumMasker()`` (MS4, 30-70 %).
    {shared_parameters}
    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    classifier_ : classifier
        The fitted classifier, which predicts.
    pretraining_losses_ : ndarray of shape (generator_epochs,)
        Mean squared error on the masked points, per pretraining epoch.
    n_pretraining_spectra_ : int
        Training plus unlabeled spectra pretrained on.
    n_generated_ : int
        Always 0.
    intensity_scale_ : float
        Largest absolute intensity of the training spectra.

    Examples
    --------
    >>> from sklearn_teanet import CNNClassifier, DoublePyramidLeNet, LorentzSpectraGenerator
    >>> from sklearn_teanet import MaskedPretrainingClassifier
    >>> data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=4, n_points=64,
    ...                                theta=10, random_state=0).generate()
    >>> cnn = CNNClassifier(DoublePyramidLeNet(channels=(4,)), max_epochs=2)
    >>> clf = MaskedPretrainingClassifier(cnn, unlabeled=data.data, generator_epochs=2, random_state=0)
    >>> clf.fit(data.data, data.target).n_pretraining_spectra_
    24
    """

    _parameter_constraints: dict = {
        **GenerativeAugmentationClassifier._parameter_constraints,
        "classifier": [BaseNeuralClassifier, None],
        "unlabeled": ["array-like", None],
        "masker": [SpectrumMasker, None],
    }

    def __init__(
        self,
        classifier=None,
        unlabeled=None,
        masker: SpectrumMasker | None = None,
        generator_epochs: int = 100,
        generator_lr: float = 1e-3,
        batch_size: int = 64,
        device: str | torch.device = "cpu",
        n_threads: int | None = None,
        random_state=None,
        verbose: int = 0,
    ) -> None:
        self.classifier = classifier
        self.unlabeled = unlabeled
        self.masker = masker
        self.generator_epochs = generator_epochs
        self.generator_lr = generator_lr
        self.batch_size = batch_size
        self.device = device
        self.n_threads = n_threads
        self.random_state = random_state
        self.verbose = verbose

    def _pretraining_spectra(self, X: torch.Tensor) -> torch.Tensor:
        if self.unlabeled is None:
            return X
        extra = check_array(self.unlabeled, dtype=np.float32, input_name="unlabeled")
        if extra.shape[1] != X.shape[1]:
            raise ValueError(
                f"unlabeled has {extra.shape[1]} points per spectrum, but the training spectra have {X.shape[1]}; "
                "resample them onto the same axis."
            )
        return torch.cat([X, torch.as_tensor(in_units(extra, self.intensity_scale_), device=X.device)])

    def _train_generator(self, X, codes, rng, classifier) -> None:
        spectra = self._pretraining_spectra(X)
        n_points = X.shape[1]
        module = classifier.module if classifier.module is not None else DoublePyramidLeNet()
        params = module.module_params(n_points, 1)
        # The classifier's own blocks (architecture, channels, kernel, input channels); its dense head is unused.
        encoder = ClassificationModule(**params).to(X.device)
        head = FillHead(list(params["channels"])[-1], n_points).to(X.device)
        masker = clone(self.masker if self.masker is not None else SpectrumMasker())
        optimizer = torch.optim.Adam([*encoder.features.parameters(), *head.parameters()], lr=self.generator_lr)
        seeds = np.random.RandomState(rng.integers(np.iinfo(np.int32).max))
        losses = []
        for epoch in range(1, self.generator_epochs + 1):
            epoch_loss = []
            for idx in shuffled_batches(rng, len(spectra), self.batch_size):
                batch = spectra[torch.as_tensor(idx, device=X.device)]
                masked, masks = masker.mask_tensor(batch, random_state=seeds)
                filled = head(encoder.feature_maps(masked))
                loss = (filled - batch).square()[masks].mean() if masks.any() else filled.sum() * 0
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                epoch_loss.append(loss.item())
            losses.append(mean_epoch_loss(epoch_loss, epoch, "pretraining"))
        self.pretraining_losses_ = np.asarray(losses)
        self.n_pretraining_spectra_ = len(spectra)
        self._encoder = encoder  # its blocks start the classifier; dropped once they have
        self._log(losses, "pretraining")

    def _prepare_classifier(self, classifier):
        encoder = self.__dict__.pop("_encoder")
        return starting_from(classifier, encoder.features, "pretrained_features")
