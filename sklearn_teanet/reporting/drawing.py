"""A run's figures, drawn in worker processes while the next spectra are identified.

A figure costs several times the identification it shows (matplotlib lays out
and rasterises text), so a run draws them on the machine's other cores. Workers
are forked, which copies nothing until written and needs no ``__main__`` guard
in the user's script; where forking is unsafe (a process that has loaded torch,
whose threads a fork would not copy) or a run is short, figures are drawn here,
one after another.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import Future, ProcessPoolExecutor, wait

from .figures import write_figure

__all__ = ["FigureQueue", "MIN_SPECTRA_FOR_WORKERS"]

#: Below this many spectra, starting worker processes costs more than it saves.
MIN_SPECTRA_FOR_WORKERS = 8


def _default_workers(n_spectra: int) -> int:
    cores = os.cpu_count() or 1
    if cores < 2 or n_spectra < MIN_SPECTRA_FOR_WORKERS or "torch" in sys.modules:
        return 0
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return min(cores, 4)


class FigureQueue:
    """Figures to write: each ``submit`` starts one (in a worker, or at once), :meth:`finish` waits for all.

    Parameters
    ----------
    n_spectra : int
        How many figures the run will draw (a short run draws them here).
    workers : int or None, default=None
        Worker processes; 0 draws here; None picks up to 4 (one per core) where forking is safe.
    """

    def __init__(self, n_spectra: int, workers: int | None = None) -> None:
        workers = _default_workers(n_spectra) if workers is None else workers
        self._pool = None
        if workers > 0:
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        self._drawn: dict[str, Future | BaseException | None] = {}
        #: Whether a Ctrl-C (or SIGTERM) stopped :meth:`finish`'s wait.
        self.interrupted = False

    def submit(self, name: str, data: dict, path: os.PathLike) -> None:
        """Write one figure (see :func:`~sklearn_teanet.reporting.write_figure`)."""
        if self._pool is not None:
            self._drawn[name] = self._pool.submit(write_figure, data, path)
            return
        try:
            write_figure(data, path)
            self._drawn[name] = None
        except (ImportError, ValueError, RuntimeError, FloatingPointError, OSError) as error:
            self._drawn[name] = error

    def finish(self, cancel: bool = False) -> dict[str, BaseException | None]:
        """Wait for every figure (or drop those not started, with ``cancel`` or a Ctrl-C); each one's error, or None."""
        if self._pool is not None:
            started = [drawn for drawn in self._drawn.values() if isinstance(drawn, Future)]
            try:
                for drawn in started if cancel else ():
                    drawn.cancel()  # only those no worker has taken
                wait(started)
            except KeyboardInterrupt:
                # Stopped while waiting (here, not inside the pool's own machinery, which a stop can break): the
                # figures not yet started are dropped, else the interpreter's exit would wait for every one.
                self.interrupted = True
                for drawn in started:
                    drawn.cancel()
            self._pool.shutdown(wait=True)
        errors = {}
        for name, drawn in self._drawn.items():
            if isinstance(drawn, Future):
                if drawn.cancelled():
                    drawn = RuntimeError("not drawn: the run was interrupted")
                else:
                    try:
                        drawn = drawn.exception()
                    except BaseException as error:  # noqa: BLE001 (a worker stopped by Ctrl-C: that figure is missing)
                        drawn = error
            errors[name] = drawn
        return errors
