"""Compare methods with one cross-validation protocol, as in the paper's Table 3."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import cross_validate

__all__ = ["compare_methods", "paired_differences", "summarize"]


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
    top_k = {f"top{k}_%": grouped[f"top{k}_accuracy"].mean() * 100 for k in (3, 5) if f"top{k}_accuracy" in results}
    table = pd.DataFrame(
        {
            "accuracy_%": grouped["accuracy"].mean() * 100,
            "std_%": grouped["accuracy"].std(ddof=0) * 100,
            **top_k,
            "fit_time_s": grouped["fit_time"].mean(),
            "predict_time_s": grouped["predict_time"].mean(),
            "n_parameters": grouped["n_parameters"].first(),
            "n_splits": grouped.size(),
        }
    )
    return table.round({"accuracy_%": 2, "std_%": 2, "top3_%": 2, "top5_%": 2, "fit_time_s": 2, "predict_time_s": 3})


def paired_differences(
    results: pd.DataFrame, reference: str, metric: str = "accuracy", confidence: float = 0.95
) -> pd.DataFrame:
    """Each method's paired difference to ``reference`` over the splits both ran, with a t interval.

    Methods scored on the same splits differ less from split to split than
    their accuracies do, so the paired difference can tell a 1-point gap from
    noise where two means with their standard deviations cannot.

    Parameters
    ----------
    results : DataFrame
        One row per fit with ``method``, ``split`` and ``metric``.
    reference : str
        The method every other is compared with.
    metric : str, default="accuracy"
    confidence : float, default=0.95

    Returns
    -------
    table : DataFrame
        Indexed by method: ``n_splits``, ``mean_%`` (the method's mean on the
        shared splits), ``diff_%`` (method minus reference, in points) and the
        interval's ``ci_low_%`` and ``ci_high_%`` (Student t over the splits).
    """
    from scipy import stats

    wide = results.pivot_table(index="split", columns="method", values=metric, aggfunc="mean")
    if reference not in wide:
        raise ValueError(f"reference {reference!r} is not among the methods {sorted(wide.columns)}.")
    rows = {}
    for method in dict.fromkeys(results["method"]):
        if method == reference:
            continue
        pair = wide[[method, reference]].dropna()
        diff = (pair[method] - pair[reference]).to_numpy() * 100
        n = len(diff)
        half = (stats.t.ppf(0.5 + confidence / 2, n - 1) * diff.std(ddof=1) / np.sqrt(n)) if n > 1 else np.nan
        mean = diff.mean() if n else np.nan
        rows[method] = {
            "n_splits": n,
            "mean_%": pair[method].mean() * 100,
            "diff_%": mean,
            "ci_low_%": mean - half,
            "ci_high_%": mean + half,
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = f"vs {reference}"
    return table.round(2)
