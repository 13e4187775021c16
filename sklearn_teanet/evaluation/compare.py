"""Compare methods with one cross-validation protocol, as in the paper's Table 3."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import cross_validate

__all__ = ["compare_methods", "summarize"]


def _n_parameters(estimator) -> float:
    """Trainable parameters of a fitted neural estimator; NaN for the shallow ones."""
    net = getattr(estimator, "net_", None)
    if net is None:
        return float("nan")
    return float(sum(p.numel() for name in net._modules for p in getattr(net, name + "_").parameters()))


def compare_methods(
    methods: Mapping[str, object],
    X,
    y,
    cv,
    groups=None,
    on_result: Callable[[str, pd.DataFrame], None] | None = None,
) -> pd.DataFrame:
    """Score every method on the same splits.

    Parameters
    ----------
    methods : mapping of str to estimator
        Estimators by name; each is cloned for every split.
    X : array-like of shape (n_spectra, n_points)
        Spectra.
    y : array-like of shape (n_spectra,)
        Labels.
    cv : cross-validation splitter
        For example ``LeaveOneSamplePerClassOut(n_repeats=10, random_state=0)``;
        with an integer ``random_state`` every method sees the same splits.
    groups : array-like, default=None
        Passed to ``cv.split``.
    on_result : callable, default=None
        Called as ``on_result(name, rows)`` after each method, for progress.

    Returns
    -------
    results : DataFrame
        One row per method and split: ``method``, ``split``, ``accuracy``,
        ``fit_time`` and ``predict_time`` in seconds, ``n_parameters``.
    """
    splits = list(cv.split(X, y, groups))
    frames = []
    for name, estimator in methods.items():
        scores = cross_validate(clone(estimator), X, y, cv=splits, return_estimator=True, error_score="raise")
        rows = pd.DataFrame(
            {
                "method": name,
                "split": np.arange(len(splits)),
                "accuracy": scores["test_score"],
                "fit_time": scores["fit_time"],
                "predict_time": scores["score_time"],
                "n_parameters": [_n_parameters(e) for e in scores["estimator"]],
            }
        )
        if on_result is not None:
            on_result(name, rows)
        frames.append(rows)
    return pd.concat(frames, ignore_index=True)


def summarize(results: pd.DataFrame) -> pd.DataFrame:
    """Mean and standard deviation per method of :func:`compare_methods`'s results.

    Accuracy is in percent; the table keeps the order of the methods.
    """
    grouped = results.groupby("method", sort=False)
    table = pd.DataFrame(
        {
            "accuracy_%": grouped["accuracy"].mean() * 100,
            "std_%": grouped["accuracy"].std(ddof=0) * 100,
            "fit_time_s": grouped["fit_time"].mean(),
            "predict_time_s": grouped["predict_time"].mean(),
            "n_parameters": grouped["n_parameters"].first(),
            "n_splits": grouped.size(),
        }
    )
    return table.round({"accuracy_%": 2, "std_%": 2, "fit_time_s": 2, "predict_time_s": 3})
