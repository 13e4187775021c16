"""A benchmark's records: one JSON line per finished fit, keyed so that a rerun finds (and skips) it."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np

__all__ = ["RESULTS_FILE", "fit_key", "read_fits"]

RESULTS_FILE = "fits.jsonl"


def _fingerprint(*arrays) -> str:
    digest = hashlib.sha1()
    for a in arrays:
        a = np.ascontiguousarray(np.asarray(a).astype(str) if np.asarray(a).dtype == object else a)
        digest.update(str(a.shape).encode())
        digest.update(a.tobytes())
    return digest.hexdigest()[:16]


def _unkeyable(value) -> bool:
    """Whether ``repr(value)`` differs between processes (a generator's state, an object's address)."""
    return isinstance(value, np.random.RandomState) or " at 0x" in repr(value)


def _fit_key(name: str, estimator, data_id: str, split: int, test) -> str:
    """Identity of one fit: method, its parameters, the data, and the split.

    Only parameters that print the same in every process can key a fit;
    anything else would make a rerun fit it again, so it is refused.
    """
    items = sorted(estimator.get_params(deep=True).items())
    bad = [k for k, v in items if _unkeyable(v)]
    if bad:
        raise ValueError(
            f"Method {name!r}: parameter(s) {bad} cannot be recorded reproducibly (a RandomState instance "
            "or an object without a stable repr), so its fits could not be resumed. Use an int random_state "
            "and parameters with a stable repr."
        )
    params = json.dumps({k: repr(v) for k, v in items})
    return "|".join([name, hashlib.sha1(params.encode()).hexdigest()[:12], data_id, str(split), _fingerprint(test)])


def read_fits(path: str | os.PathLike) -> list[dict]:
    """The fits a benchmark recorded, one dict per line of its JSON-lines file.

    Parameters
    ----------
    path : path-like
        A results folder of :func:`run_benchmark` (its ``fits.jsonl`` is read)
        or a JSON-lines file.

    Returns
    -------
    records : list of dict
        In the order they were written; ``[]`` if nothing was recorded yet. A
        line cut by a hard kill is skipped, as the rerun fits it again.
    """
    path = Path(path)
    if path.is_dir():
        path = path / RESULTS_FILE
    if not path.exists():
        return []
    records = []
    for line in path.read_text().splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a line cut by a hard kill; that fit runs again
    return records


def fit_key(name: str, estimator, X, y, split: int, test) -> str:
    """The key under which :func:`run_benchmark` records fitting ``estimator`` as ``name``.

    It names the method, its parameters, the data ``X, y``, the split's number
    and its test indices, so a script can find one recorded fit among
    :func:`read_fits` without fitting again.
    """
    return _fit_key(name, estimator, _fingerprint(np.asarray(X), np.asarray(y)), split, test)


def _repair_tail(path: Path) -> None:
    """Cut a last line that a hard kill left half-written, so the next record starts on a line of its own."""
    if not path.exists():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with open(path, "r+b") as handle:
            handle.truncate(data.rfind(b"\n") + 1)


def _strict_json(record: dict) -> str:
    """One JSON line; NaN (not JSON) becomes null."""
    clean = {k: None if isinstance(v, float) and not np.isfinite(v) else v for k, v in record.items()}
    return json.dumps(clean, allow_nan=False)


def _lock(results_path: Path):
    """A lock on the results file, so that two runs never write (and fit) the same results."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(results_path) + ".lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise RuntimeError(
            f"Another benchmark is writing to {results_path} (lock {lock.lock_file}). Wait for it to end, "
            "or use another --out; a run that was killed releases the lock by itself."
        ) from None
    return lock
