"""What TeaNet's augmentation is: how its repairs differ from the spectra they repair."""

from __future__ import annotations

import numpy as np
from sklearn.utils.validation import check_is_fitted

__all__ = ["repair_statistics"]


def _second_difference(X: np.ndarray) -> float:
    return float(np.abs(np.diff(X, n=2, axis=1)).mean())


def repair_statistics(estimator, X, y=None, n_masks: int = 1, random_state=0) -> dict[str, float]:
    """Measure the repairs of a fitted TeaNet on spectra ``X``.

    Each spectrum gets ``n_masks`` masks from the fitted masker; the reconstruction
    module repairs them (as in training, but in evaluation mode). Errors are squared
    errors per point divided by each spectrum's own variance, so 0 is a perfect
    repair and 1 is no better than the spectrum's mean level.

    Parameters
    ----------
    estimator : fitted TeaNetClassifier
        The model whose repairs are measured.
    X : array-like of shape (n_spectra, n_points)
        Spectra, in the unit the model was trained in.
    y : array-like of shape (n_spectra,) or None, default=None
        Their labels; with them the classifier's accuracy on repaired and on
        masked spectra is measured too.
    n_masks : int, default=1
        Masked copies per spectrum.
    random_state : int, RandomState instance or None, default=0
        Seed of the masks.

    Returns
    -------
    statistics : dict
        ``error_inside`` and ``error_outside`` (relative squared error per point
        inside and outside the mask), ``roughness`` (mean absolute second
        difference of the repairs over that of the spectra: 1 is as smooth as
        the spectra, above 1 noisier), and with ``y`` also
        ``accuracy_repaired`` and ``accuracy_masked``.
    """
    check_is_fitted(estimator, "net_")
    X = np.repeat(np.asarray(X, dtype=np.float32), n_masks, axis=0)
    repaired, masks = estimator.reconstruct(X, random_state=random_state)
    variance = X.var(axis=1, keepdims=True)
    variance[variance == 0] = 1.0  # a flat spectrum's error stays in its own unit
    relative = (repaired - X) ** 2 / variance
    statistics = {
        "error_inside": float(relative[masks].mean()),
        "error_outside": float(relative[~masks].mean()) if (~masks).any() else float("nan"),
        "roughness": _second_difference(repaired) / max(_second_difference(X), np.finfo(float).tiny),
    }
    if y is not None:
        y = np.repeat(np.asarray(y), n_masks)
        masked = np.where(masks, np.float32(estimator.masker_.fill_value * estimator.intensity_scale_), X)
        statistics["accuracy_repaired"] = float(np.mean(estimator.predict(repaired) == y))
        statistics["accuracy_masked"] = float(np.mean(estimator.predict(masked) == y))
    return statistics
