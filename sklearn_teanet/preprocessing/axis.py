"""The wavenumber axis that travels with spectra from one pipeline step to the next."""

from __future__ import annotations

import numpy as np

__all__ = ["AxisArray", "axis_of", "axis_of_columns", "grid_of", "with_axis"]


class AxisArray(np.ndarray):
    """A 2-D array of spectra that knows the wavenumbers of its columns (``.wavenumbers``).

    :class:`~sklearn_teanet.SpectrumResampler` returns one, and the
    one-to-one transformers keep it, so that a
    :class:`~sklearn_teanet.WavenumberRanges` later in a pipeline
    cuts by wavenumber without being told the axis. Everywhere else it is a plain
    ndarray: scikit-learn's validation and torch read it as one. An array derived
    from it (a slice, a sum) does not claim the axis.
    """

    def __new__(cls, values, wavenumbers) -> AxisArray:
        array = np.asarray(values).view(cls)
        array.wavenumbers = np.asarray(wavenumbers, dtype=float)
        return array

    def __array_finalize__(self, obj) -> None:
        # A slice or a result of arithmetic has other columns than its parent, or none: no axis.
        self.wavenumbers = None

    def __repr__(self) -> str:
        return repr(np.asarray(self))

    def __reduce__(self):
        # Pickled as the plain array it is to everything but the next step of a pipeline.
        return np.asarray(self).__reduce__()


def axis_of_columns(columns) -> np.ndarray | None:
    """The wavenumbers a DataFrame's column names spell, or None if they are not all numbers."""
    try:
        axis = np.array([float(c) for c in columns])
    except (TypeError, ValueError):
        return None
    if not np.isfinite(axis).all() or np.unique(axis).size != axis.size:
        raise ValueError(
            f"The DataFrame's column names look like wavenumbers but repeat or are not finite: {list(columns)[:6]}..."
        )
    # Integer names 0, 1, 2, ... are pandas' default labels, not an axis.
    return None if np.array_equal(axis, np.arange(axis.size)) else axis


def axis_of(X) -> np.ndarray | None:
    """The wavenumbers of ``X``'s columns: an :class:`AxisArray`'s, or a DataFrame's numeric column names."""
    if isinstance(X, AxisArray) and X.wavenumbers is not None and X.ndim == 2 and X.shape[1] == X.wavenumbers.size:
        return X.wavenumbers
    columns = getattr(X, "columns", None)
    return None if columns is None else axis_of_columns(columns)


def with_axis(values: np.ndarray, like) -> np.ndarray:
    """``values`` (the output of a one-to-one transform of ``like``) with ``like``'s axis, if it had one."""
    axis = axis_of(like) if isinstance(like, AxisArray) else None
    return values if axis is None or values.shape[-1] != axis.size else AxisArray(values, axis)


def grid_of(estimator) -> np.ndarray | None:
    """The wavenumbers of a pipeline's last step's input: its last resampler's grid; None for anything else."""
    steps = getattr(estimator, "steps", None)
    if not isinstance(steps, list):
        return None
    grids = [step.grid_ for _, step in steps[:-1] if hasattr(step, "grid_")]
    return grids[-1] if grids else None
