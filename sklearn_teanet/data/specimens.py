"""Specimen groups: the spectra of one physical sample, kept together on one side of a split."""

from __future__ import annotations

import warnings

import numpy as np

__all__ = ["specimen_groups"]


def specimen_groups(ids, y) -> np.ndarray:
    """Group ids for :class:`~sklearn_teanet.LeaveOneSamplePerClassOut`, split where one id carries several classes.

    A specimen that was re-identified (RRUFF holds some under two mineral
    names, such as albite and anorthoclase) has spectra of two classes under
    one id. A group must belong to one class, so such an id becomes one group
    per class (``"R050654|albite"``), with a warning that lists them: those
    spectra can then sit on both sides of a split.

    Parameters
    ----------
    ids : array-like of shape (n_spectra,)
        Specimen id of every spectrum (e.g. the RRUFF id).
    y : array-like of shape (n_spectra,)
        Class labels.

    Returns
    -------
    groups : ndarray of str of shape (n_spectra,)
    """
    ids, y = np.asarray(ids).astype(str), np.asarray(y).astype(str)
    if ids.shape != y.shape:
        raise ValueError(f"ids has {ids.size} entries but y has {y.size}.")
    mixed = sorted({i for i in np.unique(ids) if np.unique(y[ids == i]).size > 1})
    if mixed:
        listed = ", ".join(f"{i} ({'/'.join(np.unique(y[ids == i]))})" for i in mixed[:10])
        warnings.warn(
            f"{len(mixed)} specimen id(s) carry spectra of more than one class and are grouped by id and "
            f"class instead: {listed}{' ...' if len(mixed) > 10 else ''}.",
            UserWarning,
            stacklevel=2,
        )
    split = np.isin(ids, mixed)
    return np.where(split, np.char.add(np.char.add(ids, "|"), y), ids)
