"""Reconstruction module: the U-Net that repairs masked spectra (paper Fig. 6)."""

from .unet import ReconstructionModule

__all__ = ["ReconstructionModule"]
