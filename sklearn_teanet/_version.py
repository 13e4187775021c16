"""The package's version, in one place: the build reads it, and model files record it."""

__version__ = "0.3.0"  # 0.3: safe model files (skops), weights saved as arrays; the package's new shape
