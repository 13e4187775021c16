"""The error of a spectrum file that cannot be read."""

from __future__ import annotations

__all__ = ["SpectrumFormatError"]


class SpectrumFormatError(ValueError):
    """A spectrum file that cannot be read; the message names the file and, where it can, the line."""
