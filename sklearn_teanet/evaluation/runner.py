"""A resumable benchmark: every finished fit is on disk at once, and a rerun skips it."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone

from .compare import _n_parameters, summarize

__all__ = ["run_benchmark", "write_reports"]

RESULTS_FILE = "fits.jsonl"


def _fingerprint(*arrays) -> str:
    digest = hashlib.sha1()
    for a in arrays:
        a = np.ascontiguousarray(np.asarray(a).astype(str) if np.asarray(a).dtype == object else a)
        digest.update(str(a.shape).encode())
        digest.update(a.tobytes())
    return digest.hexdigest()[:16]


def _fit_key(name: str, estimator, data_id: str, split: int, test) -> str:
    """Identity of one fit: method, its parameters, the data, and the split."""
    params = json.dumps({k: repr(v) for k, v in sorted(estimator.get_params(deep=True).items())})
    return "|".join([name, hashlib.sha1(params.encode()).hexdigest()[:12], data_id, str(split), _fingerprint(test)])


def _fit_one(name, estimator, X, y, train, test, split, key, n_threads):
    if n_threads is not None and "n_threads" in estimator.get_params():
        estimator.set_params(n_threads=n_threads)
    start = time.perf_counter()
    estimator.fit(X[train], y[train])
    fit_time = time.perf_counter() - start
    start = time.perf_counter()
    accuracy = float(np.mean(estimator.predict(X[test]) == y[test]))
    return {
        "key": key,
        "method": name,
        "split": split,
        "accuracy": accuracy,
        "fit_time": fit_time,
        "predict_time": time.perf_counter() - start,
        "n_parameters": _n_parameters(estimator),
    }


def _read_results(path: Path) -> list[dict]:
    if not path.exists():
        return []
    records = []
    for line in path.read_text().splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a line cut by a hard kill; that fit runs again
    return records


def run_benchmark(
    methods: Mapping[str, object],
    X,
    y,
    cv,
    out_dir: str | os.PathLike,
    n_jobs: int = 1,
    groups=None,
    verbose: bool = True,
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
        Fits in parallel (joblib). Each worker gets ``cpu_count // n_jobs`` torch
        threads, so 2 jobs on 2 cores run 2 x 1 threads, not 2 x 2.
    groups : array-like, default=None
        Passed to ``cv.split``.
    verbose : bool, default=True
        Print one line per finished fit, with an estimate of the time left.

    Returns
    -------
    results : DataFrame
        One row per fit, as :func:`~sklearn_teanet.evaluation.compare_methods` returns.
    """
    X, y = np.asarray(X), np.asarray(y)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results_path = out / RESULTS_FILE
    done = {r["key"]: r for r in _read_results(results_path)}
    data_id = _fingerprint(X, y)
    splits = list(cv.split(X, y, groups))
    tasks, keys = [], []
    for name, estimator in methods.items():
        for split, (train, test) in enumerate(splits):
            key = _fit_key(name, estimator, data_id, split, test)
            keys.append(key)
            if key not in done:
                tasks.append((name, clone(estimator), train, test, split, key))
    n_threads = max(1, (os.cpu_count() or 1) // n_jobs) if n_jobs > 1 else None
    if verbose:
        print(f"{len(keys)} fits, {len(keys) - len(tasks)} already in {results_path}, {len(tasks)} to run.", flush=True)
    start = time.perf_counter()
    jobs = (delayed(_fit_one)(name, est, X, y, tr, te, sp, key, n_threads) for name, est, tr, te, sp, key in tasks)
    with open(results_path, "a") as sink:
        for finished, record in enumerate(Parallel(n_jobs=n_jobs, return_as="generator_unordered")(jobs), 1):
            sink.write(json.dumps(record) + "\n")
            sink.flush()
            os.fsync(sink.fileno())
            done[record["key"]] = record
            if verbose:
                elapsed = time.perf_counter() - start
                left = elapsed / finished * (len(tasks) - finished)
                print(
                    f"[{finished}/{len(tasks)}] {record['method']:<14} split {record['split']:>2}: "
                    f"{100 * record['accuracy']:6.2f} % in {record['fit_time']:.1f} s; about {left:.0f} s left",
                    flush=True,
                )
    frame = pd.DataFrame([done[k] for k in keys])
    return frame.drop(columns="key")


def _markdown(table: pd.DataFrame) -> str:
    header = [table.index.name or ""] + [str(c) for c in table.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for index, row in table.iterrows():
        lines.append("| " + " | ".join([str(index)] + [f"{v:g}" if isinstance(v, float) else str(v) for v in row]) + " |")
    return "\n".join(lines) + "\n"


def write_reports(results: pd.DataFrame, out_dir: str | os.PathLike, title: str = "") -> pd.DataFrame:
    """Write ``results.csv`` (one row per fit) and the summary as CSV, JSON, Markdown and, with
    matplotlib, a bar plot ``summary.png``. Returns the summary table."""
    out = Path(out_dir)
    summary = summarize(results)
    results.to_csv(out / "results.csv", index=False)
    summary.to_csv(out / "summary.csv")
    summary.to_json(out / "summary.json", orient="index", indent=2)
    (out / "summary.md").write_text((f"# {title}\n\n" if title else "") + _markdown(summary))
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
    fig.savefig(out / "summary.png", dpi=120)
    plt.close(fig)
    return summary
