"""The paper's response metrics: similarity S (Eq. 4) and attention A (Eq. 5) over regions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["region_mask", "response_similarity", "attention"]


def region_mask(n_points: int, regions: Sequence[tuple[float, float]], wavenumbers=None) -> np.ndarray:
    """Boolean mask of the points inside any of ``regions``.

    Parameters
    ----------
    n_points : int
        Spectrum length.
    regions : sequence of (start, stop)
        Index intervals ``[start, stop)`` or, with ``wavenumbers``, closed
        wavenumber intervals ``[low, high]`` (as the paper's tables give them).
    wavenumbers : array-like of shape (n_points,), default=None
        Axis of the spectrum.

    Returns
    -------
    mask : ndarray of bool of shape (n_points,)
    """
    mask = np.zeros(n_points, dtype=bool)
    axis = None if wavenumbers is None else np.asarray(wavenumbers, dtype=float)
    if axis is not None and axis.shape != (n_points,):
        raise ValueError(f"wavenumbers has {axis.size} values for spectra of {n_points} points.")
    for start, stop in regions:
        if axis is None:
            mask[int(start) : int(stop)] = True
        else:
            low, high = sorted((float(start), float(stop)))
            mask |= (axis >= low) & (axis <= high)
    return mask


def response_similarity(v_r, v_s, regions=None, wavenumbers=None) -> float:
    """S of Eq. 4: cosine similarity of two responses, over ``regions`` or the whole spectrum.

    1 means the network reacts alike to both spectra there; lower is better for
    telling them apart. Two all-zero responses have similarity 0.
    """
    v_r, v_s = np.asarray(v_r, dtype=float), np.asarray(v_s, dtype=float)
    if v_r.shape != v_s.shape:
        raise ValueError(f"responses differ in shape: {v_r.shape} and {v_s.shape}.")
    if regions is not None:
        mask = region_mask(v_r.shape[-1], regions, wavenumbers)
        v_r, v_s = v_r[..., mask], v_s[..., mask]
    norm = np.linalg.norm(v_r, axis=-1) * np.linalg.norm(v_s, axis=-1)
    dot = (v_r * v_s).sum(axis=-1)
    return np.divide(dot, norm, out=np.zeros_like(dot), where=norm > 0)


def attention(v, regions, wavenumbers=None) -> np.ndarray:
    """A of Eq. 5: share of a response's L1 mass inside ``regions`` (their union).

    Parameters
    ----------
    v : array-like of shape (n_points,) or (n_spectra, n_points)
        Responses.
    regions : sequence of (start, stop)
        See :func:`region_mask`. Pass one region for ``A_j``, several for their union.
    wavenumbers : array-like, default=None
        Axis, for wavenumber regions.

    Returns
    -------
    A : float or ndarray of shape (n_spectra,)
        In [0, 1]; 0 for an all-zero response.
    """
    v = np.abs(np.asarray(v, dtype=float))
    mask = region_mask(v.shape[-1], regions, wavenumbers)
    total = v.sum(axis=-1)
    inside = v[..., mask].sum(axis=-1)
    return np.divide(inside, total, out=np.zeros_like(total), where=total > 0)
