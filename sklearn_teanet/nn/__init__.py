"""The torch modules: the classification module (Fig. 5), the reconstruction module (Fig. 6) and their layers.

The estimators never take these directly; they build them from settings objects
(:class:`~sklearn_teanet.DoublePyramidLeNet`,
:class:`~sklearn_teanet.UNetReconstructor`) that scikit-learn can clone and grid-search.
The modules are imported when first used, so that settings objects (which read
:data:`PRESETS`) load without torch.
"""

import importlib

from .presets import INPUTS, PRESETS

#: Each torch name and the module that holds it.
_EXPORTS = {
    "ClassificationModule": "double_pyramid_lenet",
    "DerivativeChannels": "derivative_channels",
    "ReconstructionModule": "unet",
    "layers": None,
}

__all__ = ["ClassificationModule", "DerivativeChannels", "INPUTS", "PRESETS", "ReconstructionModule", "layers"]


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f".{_EXPORTS[name] or name}", __name__)
    value = module if _EXPORTS[name] is None else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
