"""Moved to :mod:`sklearn_teanet.nn.layers` in 0.3; importable from here, with a FutureWarning, until 0.4."""

import warnings

from .nn.layers import *  # noqa: F403
from .nn.layers import __all__  # noqa: F401

warnings.warn(
    "sklearn_teanet.layers moved to sklearn_teanet.nn.layers in 0.3; import it from there (the old name goes in 0.4).",
    FutureWarning,
    stacklevel=2,
)
