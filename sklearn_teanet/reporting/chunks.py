"""A batch identified chunk by chunk: here, or on a dask cluster whose workers each take chunks as they free up.

A chunk's spectra are identified together (one search), and only if that fails
one at a time, so that a spectrum the model cannot take is reported by itself.
On a cluster the identifier is sent to every worker once; at most a few chunks
per worker are in flight, so the client's memory stays bounded however large the
batch; a chunk whose worker dies is run again by another (dask reschedules the
tasks of a lost worker), and a chunk that raises is retried twice.
"""

from __future__ import annotations

import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError

import numpy as np

from ..preprocessing import PartialCoverageWarning

__all__ = ["SPECTRUM_ERRORS", "as_batch", "identify_chunk", "identified_chunks"]

#: What a spectrum the model cannot take raises; anything else stops the run.
SPECTRUM_ERRORS = (ValueError, FloatingPointError, RuntimeError, np.linalg.LinAlgError)
#: Chunks in flight per worker: enough to keep each busy while results travel back.
_IN_FLIGHT = 2


def as_batch(items: list):
    """Model inputs (each a list of ``(wavenumbers, intensities)``, or a row) as one batch the identifier takes."""
    return [x for X in items for x in X] if isinstance(items[0], list) else np.vstack(items)


def identify_chunk(identifier, chunk: list, top_k, axis_offset) -> tuple[list, list]:
    """The hit lists of a chunk of ``(name, model input, coverage, note)``, and the spectra that failed with why."""
    names, items = [name for name, *_ in chunk], [X for _, X, _, _ in chunk]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartialCoverageWarning)
        try:
            hits = identifier.identify(as_batch(items), top_k=top_k, names=names, axis_offset=axis_offset)
            return [frame for _, frame in hits.groupby("spectrum", sort=False)], []
        except SPECTRUM_ERRORS:
            pass
        frames, failures = [], []
        for name, X in zip(names, items):
            try:
                frames.append(identifier.identify(X, top_k=top_k, names=[name], axis_offset=axis_offset))
            except SPECTRUM_ERRORS as error:
                failures.append((name, str(error)))
        return frames, failures


def identified_chunks(identifier, chunks: Iterable[list], top_k, axis_offset, scheduler: str | None = None) -> Iterator:
    """``(chunk, hit lists, failures)`` of each chunk, in the chunks' order: here, or on the dask cluster whose
    scheduler is at ``scheduler`` (e.g. ``tcp://10.0.0.5:8786``)."""
    if scheduler is None:
        for chunk in chunks:
            yield chunk, *identify_chunk(identifier, chunk, top_k, axis_offset)
        return
    try:
        from distributed import Client
    except ImportError:
        raise ImportError(
            "--scheduler needs dask.distributed; install it with pip install 'sklearn-teanet[dask]'."
        ) from None
    try:
        client = Client(scheduler)
    except OSError as error:
        raise OSError(f"no dask scheduler answered at --scheduler {scheduler} ({error}).") from None
    with client:
        cluster = _OnCluster(client, identifier, top_k, axis_offset)
        window = _IN_FLIGHT * max(1, len(client.scheduler_info()["workers"]))
        pending = deque()
        for chunk in chunks:
            pending.append((chunk, cluster.submit(chunk)))
            if len(pending) >= window:
                yield pending[0][0], *cluster.result(*pending.popleft())
        while pending:
            yield pending[0][0], *cluster.result(*pending.popleft())


class _OnCluster:
    """Chunks identified on a dask cluster, against the identifier scattered once to its workers.

    The scheduler keeps one copy of scattered data where it needs no more (its active memory manager drops the
    replicas a broadcast made), so a worker that dies can take the identifier with it: the chunks that needed it
    are then cancelled, and are sent again with the identifier scattered anew (once, however many were cancelled).
    """

    def __init__(self, client, identifier, top_k, axis_offset) -> None:
        self.client, self.identifier, self.options = client, identifier, (top_k, axis_offset)
        self.model = client.scatter(identifier, broadcast=True)  # once per worker, not once per chunk

    def submit(self, chunk: list):
        return self.client.submit(identify_chunk, self.model, chunk, *self.options, retries=2, pure=False)

    def result(self, chunk: list, future) -> tuple[list, list]:
        for _ in range(3):
            try:
                return future.result()
            except CancelledError:
                if self.model.status != "finished":  # lost with its worker: scatter it again, once
                    self.model = self.client.scatter(self.identifier, broadcast=True)
                future = self.submit(chunk)
        return future.result()
