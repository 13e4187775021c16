"""CutMix: masked segments filled with the same points of another spectrum (Yun et al. 2019)."""

from __future__ import annotations

from ..masking import SpectrumMasker
from ..utils._settings import Settings

__all__ = ["CutMix"]


class CutMix(Settings):
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
    _implicit_parts = {"masker": SpectrumMasker}

    def __init__(self, masker: SpectrumMasker | None = None) -> None:
        self.masker = masker

    def masker_or_default(self) -> SpectrumMasker:
        """The masker that draws the segments.

        Returns
        -------
        masker : SpectrumMasker
            ``masker``, or the paper's MS4 when it is None.
        """
        return SpectrumMasker() if self.masker is None else self.masker
