"""Torch set-up shared by the neural estimators: threads, seeds, hardware probes and intensity units."""

from __future__ import annotations

import contextlib

import numpy as np
import torch

__all__ = ["MAX_RELATIVE_INTENSITY", "intensity_scale", "in_units", "cpu_has_bf16", "torch_threads", "seeded"]


#: Largest |intensity|, in units of the training spectra's peak, that the networks take: batch-norm
#: variances of larger values overflow float32 (3.4e38), and the model then answers at chance, silently.
MAX_RELATIVE_INTENSITY = 1e15


def intensity_scale(X: np.ndarray) -> float:
    """The largest absolute intensity of training spectra, the unit in which the networks see spectra.

    Layers start at unit scale: a U-Net or a generator fed raw counts (1e4) learned near-zero spectra,
    which then trained the classifier as members of their classes.
    """
    peak = float(np.abs(X).max()) if X.size else 0.0
    return peak if peak > 0 else 1.0


def in_units(X: np.ndarray, scale: float) -> np.ndarray:
    """``X / scale`` (``X`` itself at scale 1), refused where it would overflow the networks' statistics."""
    X = X if scale == 1.0 else X / np.float32(scale)
    peak = float(np.abs(X).max()) if X.size else 0.0
    if peak > MAX_RELATIVE_INTENSITY:
        raise ValueError(
            f"X holds intensities up to {peak:.3g} times the training spectra's peak; the networks compute in "
            f"float32, whose statistics of values above {MAX_RELATIVE_INTENSITY:.0e} overflow. Give spectra in "
            "the training spectra's unit, or scale both, e.g. with SpectrumNormalizer('max') in a pipeline."
        )
    return X


def cpu_has_bf16() -> bool:
    """Whether this CPU computes bfloat16 in hardware (AVX512-BF16 or AMX); False where it cannot be told."""
    try:
        with open("/proc/cpuinfo") as info:
            flags = info.read()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


@contextlib.contextmanager
def torch_threads(n_threads: int | None):
    """Use ``n_threads`` torch threads inside the block; None keeps the current setting.

    Keeping the setting respects a limit set by the user, by threadpoolctl, or by
    joblib (whose workers start with one thread per job, so that
    ``GridSearchCV(n_jobs=2)`` on two cores runs 2 x 1 threads, not 2 x 2).
    """
    before = torch.get_num_threads()
    if n_threads is not None:
        torch.set_num_threads(n_threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@contextlib.contextmanager
def seeded(seed: int, device):
    """Seed torch inside the block without touching the caller's global generators."""
    device = torch.device(device)
    with torch.random.fork_rng(devices=[device.index or 0] if device.type == "cuda" else []):
        torch.manual_seed(seed)
        yield
