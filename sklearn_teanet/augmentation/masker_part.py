"""What the augmentations that draw segments share: a masker that None stands for the paper's MS4."""

from __future__ import annotations

from ..masking import SpectrumMasker
from ..utils._settings import Settings

__all__: list[str] = []  # a base of CutMix and MaskedCopies, not a setting of its own


class WithMasker(Settings):
    """Settings with a ``masker`` parameter, None meaning ``SpectrumMasker()`` (also for ``masker__tau=``)."""

    _implicit_parts = {"masker": SpectrumMasker}

    def masker_or_default(self) -> SpectrumMasker:
        """The masker that draws the segments.

        Returns
        -------
        masker : SpectrumMasker
            ``masker``, or the paper's MS4 when it is None.
        """
        return SpectrumMasker() if self.masker is None else self.masker
