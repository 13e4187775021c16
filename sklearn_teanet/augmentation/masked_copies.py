"""MaskedCopies: training on randomly masked copies of the spectra besides the spectra (CNN_Partial)."""

from __future__ import annotations

from numbers import Integral

from sklearn.utils._param_validation import Interval, StrOptions

from ..masking import SpectrumMasker
from .masker_part import WithMasker

__all__ = ["MaskedCopies"]


class MaskedCopies(WithMasker):
    """Add ``n_masks`` masked copies of every spectrum to each training batch: the paper's CNN_Partial,
    TeaNet's batches without the reconstruction module.

    Parameters
    ----------
    masker : SpectrumMasker or None, default=None
        Draws the masks; None is the paper's MS4 (``SpectrumMasker()``).
    n_masks : int, default=1
        Masked copies of each spectrum per step.
    masks : {"fresh", "fixed"}, default="fresh"
        "fresh" draws new masks for every step; "fixed" draws ``n_masks`` masks
        per training spectrum once per fit, from the classifier's
        ``random_state``, and reuses them in every epoch (the authors' code).

    Examples
    --------
    >>> from sklearn_teanet import CNNClassifier, MaskedCopies
    >>> cnn_partial = CNNClassifier(augmentation=MaskedCopies(n_masks=2))
    >>> cnn_partial.get_params()["augmentation__masker"] is None
    True
    """

    _parameter_constraints: dict = {
        "masker": [SpectrumMasker, None],
        "n_masks": [Interval(Integral, 1, None, closed="left")],
        "masks": [StrOptions({"fresh", "fixed"})],
    }

    def __init__(self, masker: SpectrumMasker | None = None, n_masks: int = 1, masks: str = "fresh") -> None:
        self.masker = masker
        self.n_masks = n_masks
        self.masks = masks
