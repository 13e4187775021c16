"""Identification: hit lists, "no match", saved models, explanations through pipelines."""

from .explain import explain, explained_wavenumbers
from .identifier import SpectrumIdentifier
from .model_file import load_model, save_model

__all__ = ["SpectrumIdentifier", "explain", "explained_wavenumbers", "load_model", "save_model"]
