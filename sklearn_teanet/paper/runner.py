"""A resumable benchmark: every finished fit is on disk at once, and a rerun skips it."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone
from tqdm.auto import tqdm  # a dependency of skorch, so always present

from ..evaluation import top_k_accuracies
from ..utils._atomic import replace_each, save_figure
from .compare import _n_parameters, summarize
from .records import RESULTS_FILE, _fingerprint, _fit_key, _lock, _repair_tail, _strict_json, fit_key, read_fits

__all__ = ["fit_key", "read_fits", "run_benchmark", "write_reports"]


def _fit_one(name, estimator, X, y, train, test, split, key, n_threads, predict_variants=(), measure=None):
    """Fit once and score the method, then each ``(name, key, params)`` of ``predict_variants`` on the same fit;
    ``measure(estimator, X_train, y_train, X_test, y_test)`` adds its dict to the method's record."""
    if n_threads is not None:  # the estimator's own, or its inner networks' (an ensemble's members)
        estimator.set_params(**{k: n_threads for k in estimator.get_params() if k.split("__")[-1] == "n_threads"})
    start = time.perf_counter()
    estimator.fit(X[train], y[train])
    fit_time = time.perf_counter() - start
    records = [_score(name, estimator, X[test], y[test], split, key, fit_time)]
    if measure is not None:
        records[0].update(measure(estimator, X[train], y[train], X[test], y[test]))
    for variant, variant_key, params in predict_variants:
        estimator.set_params(**params)
        records.append(_score(variant, estimator, X[test], y[test], split, variant_key, fit_time))
    return records


def _score(name, estimator, X_test, y_test, split, key, fit_time) -> dict:
    start = time.perf_counter()
    scores = top_k_accuracies(estimator, X_test, y_test, ks=(1, 3, 5))
    history = getattr(estimator, "history_", None)
    return {
        "key": key,
        "method": name,
        "split": split,
        "accuracy": scores[1],
        "top3_accuracy": scores[3],
        "top5_accuracy": scores[5],
        "fit_time": fit_time,
        "predict_time": time.perf_counter() - start,
        "n_parameters": _n_parameters(estimator),
        "epochs": None if history is None else len(history),
        "random_state": estimator.get_params().get("random_state")
        if _is_int(estimator.get_params().get("random_state"))
        else None,
    }


def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _run_fits(tasks, X, y, n_jobs: int, backend: str | None, scheduler: str | None, measure=None):
    """Yield the record of every task as soon as it finishes, in any order."""
    if backend is None:
        # Each local worker gets its share of the cores as torch threads: 2 jobs x 1 thread.
        n_threads = max(1, (os.cpu_count() or 1) // n_jobs) if n_jobs > 1 else None
        jobs = (
            delayed(_fit_one)(name, est, X, y, tr, te, sp, key, n_threads, variants, measure)
            for name, est, tr, te, sp, key, variants in tasks
        )
        yield from Parallel(n_jobs=n_jobs, return_as="generator_unordered")(jobs)
        return
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ImportError(
            "backend='dask' needs dask.distributed; install it with pip install 'sklearn-teanet[dask]'."
        ) from None
    if scheduler is None:
        raise ValueError("backend='dask' needs the address of a running scheduler, e.g. 'tcp://10.0.0.5:8786'.")
    # The fits go to the cluster directly rather than through joblib's dask backend,
    # which runs everything in this process when the cluster has a single thread.
    with Client(scheduler) as client:
        X_remote, y_remote = client.scatter([X, y], broadcast=True)
        futures = [
            # Wrapped, because dask would read the variants' tuples as tasks of its own.
            client.submit(
                partial(_fit_one, predict_variants=variants, measure=measure),
                name,
                est,
                X_remote,
                y_remote,
                tr,
                te,
                sp,
                key,
                None,
                key=f"fit-{key}",
            )
            for name, est, tr, te, sp, key, variants in tasks
        ]
        for future in as_completed(futures):
            yield future.result()


def run_benchmark(
    methods: Mapping[str, object],
    X,
    y,
    cv,
    out_dir: str | os.PathLike,
    n_jobs: int = 1,
    groups=None,
    verbose: int = 1,
    backend: str | None = None,
    scheduler: str | None = None,
    predict_variants: Mapping[str, tuple[str, dict]] | None = None,
    measure=None,
) -> pd.DataFrame:
    """Fit every method on every split, saving each result as it finishes.

    Results go to ``out_dir/fits.jsonl``, one line per fit, written and flushed
    as soon as the fit ends; Ctrl-C loses only the fits under way. A rerun with
    the same ``out_dir`` skips the fits already there, matched on the method's
    name and parameters, the data and the split.

    Parameters
    ----------
    methods : mapping of str to estimator
    X, y : arrays
        Spectra and labels.
    cv : splitter
        With an integer random state, so that a rerun draws the same splits.
    out_dir : path-like
        Folder of the results.
    n_jobs : int, default=1
        Fits in parallel (joblib). Each local worker gets ``cpu_count // n_jobs``
        torch threads, so 2 jobs on 2 cores run 2 x 1 threads, not 2 x 2. With
        dask, every fit is submitted at once and the cluster's workers decide
        how many run at a time.
    groups : array-like, default=None
        Passed to ``cv.split``.
    verbose : int, default=1
        0 is silent; 1 shows a progress bar over the fits with the time left;
        2 also prints a line per finished fit.
    backend : {None, "dask"}, default=None
        None runs the fits in local joblib workers; "dask" sends them to the
        dask.distributed cluster at ``scheduler`` (each fit then uses the
        worker's own torch thread setting).
    scheduler : str or None, default=None
        Address of the dask scheduler, for ``backend="dask"``.
    predict_variants : mapping of str to (str, dict), default=None
        Variants that differ from a method only at prediction, scored on the
        same fit: ``{"teanet_tta": ("teanet", {"test_time_masks": 8})}``. Their
        records carry the method's fit time.
    measure : callable or None, default=None
        ``measure(estimator, X_train, y_train, X_test, y_test) -> dict``, called
        after each fit; its items join the fit's record (what a model learned,
        beside its accuracy).

    Returns
    -------
    results : DataFrame
        One row per fit, as :func:`~sklearn_teanet.paper.compare_methods` returns.
    """
    X, y = np.asarray(X), np.asarray(y)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"out_dir {out} is a file; pass a folder for the results.")
    out.mkdir(parents=True, exist_ok=True)
    if not os.access(out, os.W_OK):
        raise PermissionError(f"out_dir {out} is not writable.")
    results_path = out / RESULTS_FILE
    lock = _lock(results_path)
    try:
        return _run_locked(
            methods,
            X,
            y,
            cv,
            results_path,
            n_jobs,
            groups,
            verbose,
            backend,
            scheduler,
            dict(predict_variants or {}),
            measure,
        )
    finally:
        lock.release()


def _run_locked(
    methods, X, y, cv, results_path, n_jobs, groups, verbose, backend, scheduler, predict_variants, measure
) -> pd.DataFrame:
    _repair_tail(results_path)
    done = {r["key"]: r for r in read_fits(results_path)}
    data_id = _fingerprint(X, y)
    splits = list(cv.split(X, y, groups))
    unknown = sorted({base for base, _ in predict_variants.values()} - set(methods))
    if unknown:
        raise ValueError(f"predict_variants refer to methods {unknown} that are not in methods {sorted(methods)}.")
    # A method name recorded here with other parameters (a default changed since) would mix two models in one row.
    recorded: dict[str, set] = {}
    for key in done:
        name, params, data = key.split("|")[:3]
        if data == data_id:
            recorded.setdefault(name, set()).add(params)
    tasks, keys = [], []
    for name, estimator in methods.items():
        variants = {v: params for v, (base, params) in predict_variants.items() if base == name}
        for split, (train, test) in enumerate(splits):
            key = _fit_key(name, estimator, data_id, split, test)
            if recorded.get(name, {key.split("|")[1]}) != {key.split("|")[1]}:
                raise ValueError(
                    f"Method {name!r} is recorded in {results_path} with other parameters than it has now "
                    "(did a default change?); its new fits would be mixed with the old in one row. "
                    "Give it another name or use another results folder."
                )
            variant_keys = [
                (v, _fit_key(v, clone(estimator).set_params(**params), data_id, split, test), params)
                for v, params in variants.items()
            ]
            fit_keys = [key] + [k for _, k, _ in variant_keys]
            keys += fit_keys
            if any(k not in done for k in fit_keys):
                tasks.append((name, clone(estimator), train, test, split, key, variant_keys))
    # Split by split: a run stopped early still holds every method on its first splits, the paired comparison.
    tasks.sort(key=lambda task: task[4])
    if verbose:
        n_done = sum(k in done for k in keys)
        print(f"{len(keys)} results, {n_done} already in {results_path}, {len(tasks)} fits to run.", flush=True)
    bar = tqdm(total=len(tasks), unit="fit", desc="fits", disable=verbose < 1 or not tasks)
    with open(results_path, "a") as sink, bar:
        for records in _run_fits(tasks, X, y, n_jobs, backend, scheduler, measure):
            new = [r for r in records if r["key"] not in done]  # a variant added later refits its method
            sink.write("".join(_strict_json(r) + "\n" for r in new))
            sink.flush()
            os.fsync(sink.fileno())
            done.update((r["key"], r) for r in new)
            record = records[0]
            bar.set_postfix_str(f"{record['method']} {100 * record['accuracy']:.1f} %", refresh=False)
            bar.update()
            for r in records if verbose >= 2 else ():
                bar.write(
                    f"{r['method']:<14} split {r['split']:>2}: {100 * r['accuracy']:6.2f} % in {r['fit_time']:.1f} s"
                )
    frame = pd.DataFrame([done[k] for k in keys])
    return frame.drop(columns="key")


def write_reports(results: pd.DataFrame, out_dir: str | os.PathLike, title: str = "") -> pd.DataFrame:
    """Write ``results.csv`` (one row per fit) and the summary as CSV, JSON, Markdown and, with
    matplotlib, a bar plot ``summary.png``. Returns the summary table."""
    out = Path(out_dir)
    summary = summarize(results)
    # Each report is replaced whole: a Ctrl-C here leaves the previous one, never half of a new one.
    replace_each(
        out,
        {
            "results.csv": lambda path: results.to_csv(path, index=False),
            "summary.csv": summary.to_csv,
            "summary.json": lambda path: summary.to_json(path, orient="index", indent=2),
            "summary.md": lambda path: path.write_text(
                (f"# {title}\n\n" if title else "") + summary.to_markdown() + "\n"
            ),
        },
    )
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return summary
    fig, ax = plt.subplots(figsize=(max(4, 0.8 * len(summary)), 3.5))
    ax.bar(summary.index, summary["accuracy_%"], yerr=summary["std_%"], color="tab:blue", capsize=3)
    ax.set_ylabel("accuracy (%)")
    ax.set_title(title)
    ax.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    save_figure(fig, out / "summary.png", dpi=120)
    plt.close(fig)
    return summary
