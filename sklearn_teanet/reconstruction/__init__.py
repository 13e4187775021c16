"""Reconstruction module: the U-Net that repairs masked spectra (paper Fig. 6), as settings TeaNet takes."""

from ..utils._deprecation import moved_names
from .unet_reconstructor import UNetReconstructor

__all__ = ["UNetReconstructor"]

# The torch module itself lives with the other torch modules.
__getattr__ = moved_names(__name__, ["ReconstructionModule"], "sklearn_teanet.nn")
