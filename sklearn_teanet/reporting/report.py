"""One HTML page for a batch of identifications: a summary, a figure per unknown, what could not be read."""

from __future__ import annotations

import base64
import hashlib
import html
import os
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from ..utils._atomic import replacing

__all__ = ["library_summary", "provenance", "write_report"]

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; border-top: 1px solid #ccc; padding-top: 1em; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; }
th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.nomatch td { background: #fff4e5; } .reason { color: #8a4b00; } .failed { color: #b00020; }
img { max-width: 100%; } .meta { color: #555; font-size: 0.9em; }
table.summary { width: 100%; } table.summary td { overflow-wrap: anywhere; }
table.summary td.num { overflow-wrap: normal; white-space: nowrap; }
table.facts td:first-child { font-weight: 600; white-space: nowrap; }
@media print { body { max-width: none; margin: 1cm; } img, table { page-break-inside: avoid; } }
"""


_HEADINGS = {"hqi": "HQI", "shift_cm": "shift (cm-1)", "p_value": "p", "in_set": "in set", "class": "substance"}


def _cell(value) -> str:
    if isinstance(value, float):
        return (
            f'<td class="num">{value:.3g}</td>'
            if abs(value) < 1 and value != 0
            else f'<td class="num">{value:.1f}</td>'
        )
    return f"<td>{html.escape(str(value))}</td>"


def provenance(identifier, model=None, library=None) -> dict:
    """What a QC record needs to say how a batch was identified: when, with which software, model and settings.

    Parameters
    ----------
    identifier : fitted SpectrumIdentifier
    model : path-like or None, default=None
        The model file, named with its SHA-256.
    library : str or None, default=None
        The library the model was trained on (``train`` saves its path in the model).
    """
    from .._version import __version__
    from .batch import model_axis

    facts = {"date (UTC)": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"), "sklearn-teanet": __version__}
    if model is not None:
        digest = hashlib.sha256(Path(model).read_bytes()).hexdigest()
        facts["model file"] = f"{Path(model).resolve()} (SHA-256 {digest})"
    if library:
        facts["library"] = str(library)
    facts["library spectra / substances"] = f"{len(identifier.library_)} / {len(identifier.classes_)}"
    grid, n_points = model_axis(identifier)
    if grid is not None:
        facts["compared on"] = f"{grid[0]:g} to {grid[-1]:g} cm-1, {n_points} points"
    model_steps = getattr(identifier.estimator_, "steps", [("classify", identifier.estimator_)])
    facts["preprocessing and model"] = "; ".join(_describe(step) for _, step in model_steps)
    facts["shift search"] = (
        f"one offset per run up to {identifier.max_shift:g} cm-1, each spectrum within "
        f"{identifier.shift_points_ * identifier.axis_step_:.1f} cm-1 of it"
        if identifier.shift_search == "run"
        else f"each spectrum up to {identifier.search_points_ * identifier.axis_step_:.1f} cm-1"
    )
    facts["technique"] = getattr(identifier, "technique_", None) or "not stated"
    facts["confidence"] = str(identifier.confidence)
    facts["no match below HQI"] = (
        f"{identifier.hqi_cutoff_:.1f} (chance level {identifier.noise_hqi_:.1f}, min_hqi {identifier.min_hqi})"
    )
    if identifier.known_rejection_ == identifier.known_rejection_:  # not NaN
        facts["estimated 'no match' rates"] = (
            f"{identifier.known_rejection_:.0%} of new measurements of library substances, "
            f"{identifier.foreign_rejection_:.0%} of substances the library lacks (by the library's own spectra)"
        )
    return facts


def _figure_bytes(figures, name, rows) -> bytes | None:
    """The PNG of spectrum ``name``: from a dict of them, or the run's own file in a folder (not drawn twice)."""
    if figures is None or isinstance(figures, dict):
        return (figures or {}).get(name)
    figure = rows["figure"].iloc[0] if "figure" in rows else ""
    drawn = Path(figures) / figure if figures and isinstance(figure, str) and figure else None
    return drawn.read_bytes() if drawn is not None and drawn.is_file() else None


def library_summary(identifier) -> dict:
    """The numbers a report states about the library: substances, confidence and the "no match" rates.

    Parameters
    ----------
    identifier : fitted SpectrumIdentifier

    Returns
    -------
    summary : dict
        ``substances``, ``confidence``, ``known_rejection`` and ``foreign_rejection`` (NaN when the
        library was too small to measure them).
    """
    return {
        "substances": len(identifier.classes_),
        "confidence": identifier.confidence,
        "known_rejection": identifier.known_rejection_,
        "foreign_rejection": identifier.foreign_rejection_,
    }


def _describe(step) -> str:
    """A step and its settings, arrays by their size (a grid's thousand numbers say nothing in a record)."""

    def value(v):
        if hasattr(v, "get_params"):
            return _describe(v)
        if hasattr(v, "__len__") and not isinstance(v, str) and len(v) > 6:
            return f"{len(v)} values from {v[0]:g} to {v[-1]:g}" if hasattr(v[0], "__float__") else f"{len(v)} items"
        return repr(v)

    params = step.get_params(deep=False) if hasattr(step, "get_params") else {}
    shown = ", ".join(f"{k}={value(v)}" for k, v in params.items() if v is not None)
    return f"{type(step).__name__}({shown})"


def _table(frame: pd.DataFrame, row_class=None, css: str = "") -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for i, (_, row) in enumerate(frame.iterrows()):
        flag = f' class="{row_class[i]}"' if row_class is not None and row_class[i] else ""
        body.append(f"<tr{flag}>" + "".join(_cell(v) for v in row) + "</tr>")
    attribute = f' class="{css}"' if css else ""
    return f"<table{attribute}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def write_report(
    run,
    path: str | os.PathLike,
    facts: dict | None = None,
    library: dict | None = None,
    title: str = "Identification report",
    figures: str | os.PathLike | dict | None = None,
    identifier=None,
) -> Path:
    """Write the batch's report: one self-contained HTML file (figures inline), printable from a browser.

    Parameters
    ----------
    run : IdentificationRun
        What :func:`~sklearn_teanet.reporting.identify_files` found, with its inputs.
    path : path-like
        The HTML file, written whole or not at all.
    facts : dict or None, default=None
        What the record says about the run (:func:`provenance` of the identifier and the model file).
    library : dict or None, default=None
        :func:`library_summary` of the identifier: its substances and "no match" rates.
    title : str, default="Identification report"
        The page's heading.
    figures : path-like, dict or None, default=None
        The folder of the figures the run drew (``hits["figure"]``), embedded as drawn; or a dict of
        spectrum name to PNG bytes. None: no figures.
    identifier : fitted SpectrumIdentifier or None, default=None
        Only for what is not given: ``facts``, ``library`` and figures of ``run.inputs``. The 0.2 form
        ``write_report(run, identifier, path, ...)`` still works, with a FutureWarning.

    Returns
    -------
    path : Path
    """
    if hasattr(path, "classes_"):  # the 0.2 order: (run, identifier, path, ...)
        warnings.warn(
            "write_report(run, identifier, path) is the 0.2 form and goes in 0.4; write write_report(run, path, "
            "facts=provenance(identifier), library=library_summary(identifier)).",
            FutureWarning,
            stacklevel=2,
        )
        identifier, path, facts = path, facts, library if isinstance(library, dict) or library is None else None
        library = None
    if identifier is not None:
        from .figures import figure_data, figure_png

        facts = provenance(identifier) if facts is None else facts
        library = library_summary(identifier) if library is None else library
        # Each spectrum's figure: the run's own file where it drew one, else drawn here.
        groups = run.hits.groupby("spectrum", sort=False) if len(run.hits) else []
        drawn = {name: (_figure_bytes(figures, name, rows), rows) for name, rows in groups}
        figures = {
            name: png or figure_png(figure_data(identifier, str(name), run.inputs[name], rows))
            for name, (png, rows) in drawn.items()
            if png is not None or name in run.inputs
        }
    if facts is None or library is None:
        raise ValueError("write_report needs facts= and library= (provenance and library_summary of the identifier).")

    path = Path(path)
    hits, parts = run.hits, []
    n_done = hits["spectrum"].nunique() if len(hits) else 0
    best = hits[hits["rank"] == 1] if len(hits) else hits
    n_no = int(best["no_match"].sum()) if len(best) else 0
    parts.append(f"<h1>{html.escape(title)}</h1>")
    facts = dict(facts)
    if getattr(run, "axis_offset", None) is not None:
        facts["axis offset of this run"] = f"{run.axis_offset:+.1f} cm-1 ({run.offset_source})"
    rows_html = "".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(str(v))}</td></tr>" for k, v in facts.items())
    parts.append(f'<table class="facts"><tbody>{rows_html}</tbody></table>')
    rates = ""
    if library["known_rejection"] == library["known_rejection"]:  # not NaN
        rates = (
            f" At confidence {library['confidence']}, by the library's own spectra, about "
            f"{library['known_rejection']:.0%} of new measurements of its substances and "
            f"{library['foreign_rejection']:.0%} of substances it lacks are called <em>no match</em>."
        )
    parts.append(
        f'<p class="meta">{n_done} spectra identified, {n_no} no match, {len(run.failures)} not read. The library '
        f"holds {library['substances']} substances. HQI: 100 &times; the correlation with the best library "
        f"spectrum after the model's preprocessing; p: the share of library spectra that fit their own substance "
        f"no better.{rates}</p>"
    )
    if len(best):
        summary = best[["spectrum", "class", "hqi", "reference", "shift_cm", "p_value", "coverage"]].copy()
        summary["class"] = [
            f"no match (nearest: {c})" if miss else c for c, miss in zip(best["class"], best["no_match"])
        ]
        if run.mixtures is not None and len(run.mixtures):
            pairs = run.mixtures.set_index("spectrum")
            summary["likely mixture"] = [
                f"{pairs.loc[s, 'first']} + {pairs.loc[s, 'second']} (HQI {pairs.loc[s, 'hqi_pair']:.1f})"
                if s in pairs.index and pairs.loc[s, "mixture"] else "" for s in summary["spectrum"]
            ]  # fmt: skip
        summary = summary.rename(columns=_HEADINGS)
        flags = ["nomatch" if m else "" for m in best["no_match"]]
        parts.append("<h2>Summary</h2>" + _table(summary, flags, css="summary"))
    if run.failures:
        items = "".join(f"<li><b>{html.escape(f)}</b>: {html.escape(m)}</li>" for f, m in run.failures)
        parts.append(f'<h2>Not identified</h2><ul class="failed">{items}</ul>')
    for name, rows in hits.groupby("spectrum", sort=False) if len(hits) else []:
        parts.append(f'<h2 id="{html.escape(str(name))}">{html.escape(str(name))}</h2>')
        reason = rows["reason"].iloc[0]
        if reason:
            parts.append(f'<p class="reason">No match: {html.escape(reason)}.</p>')
        shown = rows[["rank", "class", "hqi", "reference", "shift_cm", "probability", "p_value", "in_set"]]
        parts.append(_table(shown.dropna(axis=1, how="all").rename(columns=_HEADINGS)))
        png = _figure_bytes(figures, name, rows)
        if png is not None:
            png = base64.b64encode(png).decode()
            parts.append(f'<img alt="{html.escape(str(name))}" src="data:image/png;base64,{png}">')
    page = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>{_STYLE}</style></head><body>{''.join(parts)}</body></html>")  # fmt: skip
    with replacing(path) as temporary:
        temporary.write_text(page, encoding="utf-8")
    return path
