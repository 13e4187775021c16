"""MixUp: training on convex combinations of spectra and of their labels (Zhang et al. 2018)."""

from __future__ import annotations

from numbers import Real

from sklearn.utils._param_validation import Interval

from ..utils._settings import Settings

__all__ = ["MixUp"]


class MixUp(Settings):
    """Mix each training batch with a shuffled copy of itself, labels in the same proportion.

    With TeaNet it mixes the classifier's whole batch, originals and repairs
    (not in the paper).

    Parameters
    ----------
    alpha : float, default=1.0
        The mixing weight is drawn from Beta(alpha, alpha) once per step.

    Examples
    --------
    >>> from sklearn_teanet import CNNClassifier, MixUp
    >>> CNNClassifier(augmentation=MixUp(alpha=0.4)).get_params()["augmentation__alpha"]
    0.4
    """

    _parameter_constraints: dict = {"alpha": [Interval(Real, 0, None, closed="neither")]}

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = alpha
