"""Top-k accuracy that works on few-shot test folds, where most classes are absent."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["top_k_accuracies", "top_k_scorer"]


def class_scores(estimator, X) -> np.ndarray:
    """Scores of every class, higher is better: ``predict_proba``, else ``decision_function``
    (a binary one as the pair ``(-d, d)``)."""
    if hasattr(estimator, "predict_proba"):
        return np.asarray(estimator.predict_proba(X), dtype=float)
    if not hasattr(estimator, "decision_function"):
        raise TypeError(f"{type(estimator).__name__} has neither predict_proba nor decision_function.")
    scores = np.asarray(estimator.decision_function(X), dtype=float)
    return np.column_stack([-scores, scores]) if scores.ndim == 1 else scores


def top_k_accuracies(estimator, X, y, ks: Sequence[int] = (1, 3, 5)) -> dict[int, float]:
    """Share of spectra whose true class is among the ``k`` best-scored classes, for each ``k``.

    Unlike ``sklearn.metrics.top_k_accuracy_score``, the classes are the
    estimator's (``classes_``), not those present in ``y``, so a test fold that
    holds one spectrum of a few classes scores correctly. Ties rank in the
    order of ``classes_``. A true class the estimator never saw counts as a miss.

    Parameters
    ----------
    estimator : fitted classifier
        With ``classes_`` and ``predict_proba`` (or a 2-D ``decision_function``).
    X : array-like of shape (n_spectra, n_points)
    y : array-like of shape (n_spectra,)
    ks : sequence of int, default=(1, 3, 5)

    Returns
    -------
    accuracies : dict of int to float
    """
    scores = class_scores(estimator, X)
    classes = np.asarray(estimator.classes_)
    y = np.asarray(y)
    position = {label: i for i, label in enumerate(classes.tolist())}
    rank = np.full(len(y), np.iinfo(np.int64).max)
    for row, label in enumerate(y.tolist()):
        if label in position:
            i, s = position[label], scores[row]
            # Classes scored higher, and tied classes before it (which argmax would pick first).
            rank[row] = np.count_nonzero(s > s[i]) + np.count_nonzero(s[:i] == s[i])
    return {k: float(np.mean(rank < k)) for k in ks}


def top_k_scorer(k: int = 3):
    """A scorer for ``cross_val_score`` and ``GridSearchCV``: top-``k`` accuracy over the
    estimator's classes (scikit-learn's ``"top_k_accuracy"`` gives NaN when test
    folds lack classes, as every leave-one-sample-per-class-out fold does)."""
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}.")

    def score(estimator, X, y) -> float:
        return top_k_accuracies(estimator, X, y, ks=(k,))[k]

    return score
