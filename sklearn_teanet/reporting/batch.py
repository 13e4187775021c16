"""The everyday job: identify a batch of unknown files against a fitted identifier, write the hit lists.

One bad spectrum never stops the others: it is listed with its reason.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

import numpy as np
import pandas as pd

from ..data import UNKNOWN_SUFFIXES, coverage, iter_unknowns
from ..identification import SpectrumIdentifier, preprocessed, spreadsheet_safe
from ..preprocessing import PartialCoverageWarning, SpectrumResampler
from ..utils._atomic import check_writable, replace_each
from ..utils._interrupt import raise_if_interrupted
from .chunks import SPECTRUM_ERRORS, as_batch, identified_chunks
from .drawing import FigureQueue
from .hits_file import HitsFile, hits_table
from .run_figures import displayed, draw, draw_mixtures, figures_drawn

__all__ = ["IdentificationRun", "check_report_path", "identify_files", "model_axis"]

#: Below this share of the model's range, a spectrum is not identified (as files are not read into a library).
MIN_COVERAGE = 0.5
#: Spectra identified together: one search per chunk rather than per spectrum, and all a run holds of its inputs
#: (without a report or mixtures, which need every spectrum).
CHUNK = 256
#: Spectra read before the first is identified: the run's axis offset is found from them (from all of a smaller run).
OFFSET_SAMPLE = 500


@dataclass
class IdentificationRun:
    """What :func:`identify_files` found.

    Attributes
    ----------
    hits : DataFrame
        The hit lists of every spectrum identified (see
        :meth:`~sklearn_teanet.SpectrumIdentifier.identify`), with ``coverage`` (the
        share of the model's range the spectrum covers) and ``figure`` (its PNG, if drawn).
    failures : list of (str, str)
        Files and spectra that could not be identified, with the reason.
    notes : list of str
        What the user should know about spectra that were identified.
    interrupted : bool
        Whether Ctrl-C stopped the run; ``hits`` holds the spectra done before it.
    mixtures : DataFrame or None
        With ``mixtures=True``, each spectrum's best pair of library spectra
        (see :meth:`~sklearn_teanet.SpectrumIdentifier.identify_mixtures`).
    inputs : dict
        Each identified spectrum, as the model took it (for figures and reports).
    axis_offset : float or None
        The run's common axis error (cm-1) that ``shift_search="run"`` found, or was given (``offset_given``),
        and identified every spectrum with; None with ``"each"``.
    """

    hits: pd.DataFrame = field(default_factory=pd.DataFrame)
    failures: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    interrupted: bool = False
    mixtures: pd.DataFrame | None = None
    inputs: dict = field(default_factory=dict)
    axis_offset: float | None = None
    offset_given: bool = False

    @property
    def offset_source(self) -> str:
        """Where ``axis_offset`` came from, in words for the screen and the report."""
        return "given" if self.offset_given else "the median shift of the matches"


def model_axis(identifier) -> tuple[np.ndarray | None, int]:
    """The wavenumbers a fitted identifier compares spectra on (its resampler's grid; None without one), and
    the number of points its model takes."""
    model = identifier.estimator_
    first = model[0] if hasattr(model, "steps") else model
    grid = first.grid_ if isinstance(first, SpectrumResampler) else None
    return grid, (len(grid) if grid is not None else identifier.n_features_in_)


def _check_identifier(identifier) -> None:
    if not isinstance(identifier, SpectrumIdentifier):
        raise ValueError(
            f"the model is a {type(identifier).__name__}, not a SpectrumIdentifier: identifying needs a library "
            "model with its calibrated 'no match'. Train one with sklearn-teanet train, or save "
            "SpectrumIdentifier(estimator).fit(library_X, library_y)."
        )
    if not hasattr(identifier, "estimator_"):
        raise ValueError("the SpectrumIdentifier is not fitted; fit it on the library first.")


def _model_input(name, w, v, grid, n_points, min_coverage, fill):
    """What the model takes for one spectrum, its coverage and a note; or a ValueError with the reason."""
    if grid is None:  # a model without an axis compares point by point
        if len(v) != n_points:
            raise ValueError(
                f"{len(v)} points, but the model compares spectra point by point (it was fitted on {n_points}-"
                "point arrays without wavenumbers); train it on files or on a table with wavenumber columns"
            )
        return np.asarray(v, dtype=float)[None], 1.0, None
    if w is None:
        raise ValueError(
            f"no wavenumber axis (the table's columns are not named by wavenumber), and the model compares "
            f"spectra on {grid[0]:g} to {grid[-1]:g} cm-1; name the columns by wavenumber"
        )
    covered = coverage(w, grid[0], grid[-1])
    if covered < min_coverage:
        raise ValueError(
            f"measured from {np.min(w):g} to {np.max(w):g} cm-1, which covers {100 * covered:.1f} % of the "
            f"library's {grid[0]:g} to {grid[-1]:g} (at least {100 * min_coverage:.0f} % is needed)"
        )
    note = None
    if covered < 0.99:  # a file that ends a point or two short of the grid is not worth a note
        note = f"{name} covers {100 * covered:.0f} % of the library's range; the rest is filled with {fill}."
    return [(w, v)], covered, note


def _run_offset(identifier, items: list) -> float | None:
    """The batch's common axis offset (cm-1), from the spectra the model can take; None if each is searched alone."""
    if identifier.shift_search != "run":
        return None
    if not items:
        return 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartialCoverageWarning)
        try:
            return identifier.axis_offset(as_batch(items))  # all at once: a fifth of the time of one by one
        except SPECTRUM_ERRORS:
            pass
        good = []
        for X in items:
            try:  # one at a time: a spectrum the model cannot take is reported by itself below, not here
                preprocessed(identifier.estimator_, X)
                good.append(X)
            except SPECTRUM_ERRORS:
                continue
        return identifier.axis_offset(as_batch(good)) if good else 0.0


def identify_files(
    identifier,
    paths,
    out: str | os.PathLike | None = None,
    top_k: int | None = None,
    plots: bool = True,
    min_coverage: float = MIN_COVERAGE,
    mixtures: bool = False,
    report: str | os.PathLike | None = None,
    progress=None,
    facts: dict | None = None,
    scheduler: str | None = None,
    axis_offset: float | None = None,
) -> IdentificationRun:
    """Read unknown spectra from files or folders and identify each against a fitted identifier.

    Parameters
    ----------
    identifier : fitted SpectrumIdentifier
        A library model: one that ``train_identifier`` built (it resamples any
        axis onto the library's grid), or one fitted on arrays (it then takes
        spectra of exactly its number of points).
    paths : iterable of path-like
        Spectrum files, tables, or folders of them (see :func:`~sklearn_teanet.data.read_unknowns`).
    out : path-like or None, default=None
        Folder for ``hits.csv`` and, with ``plots``, a PNG per spectrum; None
        writes nothing. It is checked before any work, and locked while the run
        writes to it.
    top_k : int or None, default=None
        Candidates per spectrum; None is the identifier's own.
    plots : bool, default=True
        Draw a figure per spectrum into ``out`` (needs matplotlib).
    min_coverage : float, default=0.5
        Share of the model's wavenumber range a spectrum must cover to be identified.
    mixtures : bool, default=False
        Also fit each spectrum as a mixture of two library spectra (``mixtures.csv`` in ``out``).
    report : path-like or None, default=None
        Write one self-contained HTML page for the batch here.
    progress : callable or None, default=None
        Wraps the iterable of spectra (e.g. ``tqdm``).
    facts : dict or None, default=None
        What the report says about the run (see :func:`~sklearn_teanet.reporting.provenance`);
        None: the identifier's own facts.
    scheduler : str or None, default=None
        Address of a dask.distributed scheduler (e.g. ``"tcp://10.0.0.5:8786"``):
        chunks of spectra are identified on its workers, results come back
        in order and are identical to a run here; a chunk whose worker dies is
        run again. None identifies here.
    axis_offset : float or None, default=None
        The run's axis error in cm-1, if known (from a silicon or polystyrene standard of the session); None finds
        it from the run's matches, which a batch of only mixtures or absent substances lacks. ``shift_search="run"``.

    Returns
    -------
    run : IdentificationRun
    """
    _check_identifier(identifier)
    if axis_offset is not None and (identifier.shift_search != "run" or not np.isfinite(axis_offset)):
        raise ValueError(f"axis_offset={axis_offset!r} must be a finite number of cm-1, for a model whose "
                         f"shift_search is 'run' (this one's: {identifier.shift_search!r}).")  # fmt: skip
    if report is not None:
        check_report_path(report, paths, out)
    options = {"top_k": top_k, "min_coverage": min_coverage, "mixtures": mixtures, "progress": progress,
               "keep": report is not None, "scheduler": scheduler, "axis_offset": axis_offset}  # fmt: skip
    if out is None:
        run = _identify(identifier, paths, None, plots=False, **options)
        if report is not None:
            from .report import write_report

            write_report(run, report, facts=facts, identifier=identifier)
        return run
    from filelock import FileLock, Timeout

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out} is a file; pass a folder for hits.csv and the figures.")
    check_writable(out)
    lock = FileLock(str(out / ".identify.lock"), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise RuntimeError(f"another identify run is writing to {out}; wait for it, or use another --out.") from None
    try:
        run = _identify(identifier, paths, out, plots=plots, **options)
        if report is not None:
            from .report import write_report

            write_report(run, report, facts=facts, figures=out, identifier=identifier)
        return run
    finally:
        lock.release()
        Path(lock.lock_file).unlink(missing_ok=True)  # a waiting run gave up at once (timeout 0): no race


def check_report_path(report, paths, out=None, model=None) -> None:
    """Refuse a report path that would replace an input, the model, or another output of the run."""
    report = Path(report).resolve()
    if report.is_dir():
        raise ValueError(f"--report {report} is a folder; give the HTML file's name, e.g. {report / 'report.html'}.")
    protected = {Path(p).resolve(): "one of the unknowns" for p in paths if not Path(p).is_dir()}
    if model is not None:
        protected[Path(model).resolve()] = "the model"
    if out is not None:
        out = Path(out).resolve()
        protected.update({out / "hits.csv": "the hit lists", out / "mixtures.csv": "the mixtures"})
        if report.parent == out and report.suffix.lower() == ".png":
            protected[report] = "a figure of this run"
    for folder in (Path(p).resolve() for p in paths if Path(p).is_dir()):
        if report.is_relative_to(folder) and report.suffix.lower() in UNKNOWN_SUFFIXES:
            protected[report] = f"a spectrum file in the input folder {folder}"
    if report in protected:
        raise ValueError(f"--report {report} is {protected[report]}; writing the report there would replace it.")


def _model_inputs(identifier, paths, min_coverage: float, failures: list) -> Iterator[tuple]:
    """``(name, model input, coverage, note)`` of each spectrum the model can take, read one at a time; the files
    and spectra it cannot take go to ``failures`` with the reason."""
    grid, n_points = model_axis(identifier)
    model = identifier.estimator_
    outside = getattr(model[0] if hasattr(model, "steps") else model, "outside", "edge")
    fill = {"edge": "the nearest measured value", "zero": "zeros"}.get(outside, outside)
    for name, w, v, error in iter_unknowns(paths):
        if error is None:
            try:
                yield (name, *_model_input(name, w, v, grid, n_points, min_coverage, fill))
                continue
            except ValueError as reason:
                error = str(reason)
        failures.append((name, error))


def _identify(
    identifier, paths, out, top_k, plots, min_coverage, mixtures, progress, keep, scheduler, axis_offset
) -> IdentificationRun:
    run = IdentificationRun(offset_given=axis_offset is not None)
    stream = _model_inputs(identifier, paths, min_coverage, run.failures)
    first = list(islice(stream, OFFSET_SAMPLE))  # the run's axis offset is read from the first spectra
    run.axis_offset = axis_offset if run.offset_given else _run_offset(identifier, [X for _, X, _, _ in first])
    frames, done, figures = [], [], set()
    queue = FigureQueue(len(first)) if plots else None
    # Without figures, hits.csv grows as chunks are identified (a .part file that takes its name at the end).
    streamed = HitsFile(out) if out is not None and not plots else None
    try:
        spectra = (progress or iter)(chain(first, stream))
        chunks = iter(lambda: list(islice(spectra, CHUNK)), [])
        for chunk, found, failed in identified_chunks(identifier, chunks, top_k, run.axis_offset, scheduler):
            run.failures += failed
            inputs = {name: (X, covered, note) for name, X, covered, note in chunk}
            if plots and found:
                names = [hits["spectrum"].iloc[0] for hits in found]
                shown = dict(zip(names, displayed(identifier, [inputs[name][0][0] for name in names])))
            for hits in found:
                name = hits["spectrum"].iloc[0]
                X, covered, note = inputs[name]
                if note:
                    run.notes.append(note)
                hits = hits.assign(coverage=round(covered, 3), figure="")
                if keep or mixtures:
                    run.inputs[name] = X[0]
                if plots:
                    draw(identifier, name, X[0], hits, out, figures, queue, run, shown[name])
                done.append(hits)
            # One table per chunk: 100,000 small tables would cost more memory than the hits they hold.
            if done:
                frames.append(pd.concat(done, ignore_index=True))
            done = []
            if streamed is not None:
                streamed.write(frames[streamed.written :])
            raise_if_interrupted()  # a stop whose KeyboardInterrupt a finalizer swallowed
    except KeyboardInterrupt:
        run.interrupted = True  # the spectra done so far are written below
        if done:
            frames.append(pd.concat(done, ignore_index=True))
    except BaseException:
        if streamed is not None:
            streamed.discard()  # no half-written hits.csv
        raise
    if queue is not None:
        figures_drawn(queue, frames, run, cancel=run.interrupted)
    if frames:
        run.hits = pd.concat(frames, ignore_index=True)
    # Every input gets a line: a file that could not be read or identified says why, as a no match.
    unread = pd.DataFrame(
        [{"spectrum": name, "no_match": True, "reason": f"not identified: {why}"} for name, why in run.failures],
        columns=run.hits.columns if frames else ["spectrum", "rank", "class", "hqi", "no_match", "reason"],
    )
    writers = {}
    if streamed is not None:
        streamed.write(frames[streamed.written :])  # a chunk that Ctrl-C cut short
        streamed.finish(unread)
    elif frames or run.failures:
        table = pd.concat([run.hits, unread], ignore_index=True) if frames else unread
        writers["hits.csv"] = lambda path: hits_table(table).to_csv(path, index=False)
    if mixtures and run.inputs:
        items = list(run.inputs.values())
        batch = items if isinstance(items[0], tuple) else np.vstack(items)
        run.mixtures = identifier.identify_mixtures(batch, names=list(run.inputs), axis_offset=run.axis_offset)
        if plots and out is not None:
            draw_mixtures(identifier, run, out, figures)
        writers["mixtures.csv"] = lambda path: spreadsheet_safe(run.mixtures).to_csv(path, index=False)
    if out is not None:
        replace_each(out, writers)
    return run
