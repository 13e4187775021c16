"""CutMix: masked segments filled with the same points of another spectrum (Yun et al. 2019)."""

from __future__ import annotations

from ..masking import SpectrumMasker
from .masker_part import WithMasker

__all__ = ["CutMix"]


class CutMix(WithMasker):
    """Fill the masker's segments of each spectrum with the same points of another spectrum of the batch;
    labels mix by the share of points kept.

    Parameters
    ----------
    masker : SpectrumMasker or None, default=None
        Draws the cut segments; None is the paper's MS4 (``SpectrumMasker()``).

    Examples
    --------
    >>> from sklearn_teanet import CNNClassifier, CutMix, SpectrumMasker
    >>> CNNClassifier(augmentation=CutMix(SpectrumMasker(tau=0.2))).get_params()["augmentation__masker__tau"]
    0.2
    """

    _parameter_constraints: dict = {"masker": [SpectrumMasker, None]}

    def __init__(self, masker: SpectrumMasker | None = None) -> None:
        self.masker = masker
