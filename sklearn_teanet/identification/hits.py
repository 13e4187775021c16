"""The hit list: one row per unknown and candidate, with the reason for a "no match"."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["hit_table", "identify_hits", "spreadsheet_safe"]

#: What a spreadsheet reads as the start of a formula (CSV injection, as OWASP lists them).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def hit_table(
    names,
    order: np.ndarray,
    match: dict,
    classes,
    references,
    level: float,
    floor: float = 0.0,
    cutoff: float = np.nan,
    max_shift: float = 0.0,
) -> pd.DataFrame:
    """The rows of :meth:`~sklearn_teanet.SpectrumIdentifier.identify`.

    Parameters
    ----------
    names : sequence
        Each unknown's name.
    order : ndarray of int of shape (n, k)
        Each unknown's candidates, best first (indices into ``classes``).
    match : dict
        The evidence: ``hqi``, ``which`` (the best library row of each class),
        ``shift``, ``scores`` (probabilities, or NaN), ``p`` and ``flat``.
    classes, references : arrays
        The classes, and each library row's name.
    level : float
        ``1 - confidence``: a best candidate with a p-value at or below it is no match.
    floor : float, default=0.0
        A best candidate below this HQI (or at 0) is no match, whatever its p-value.
    cutoff : float, default=NaN
        The HQI at which no match begins (reported in every row, ``hqi_cutoff``).
    max_shift : float, default=0.0
        The largest shift tried (cm-1): a match that needed it is flagged (``at_shift_limit``), since
        the true shift may be larger or the band positions may disagree.

    Returns
    -------
    hits : DataFrame
    """
    hqi, p, flat, rows = match["hqi"], match["p"], match["flat"], []
    for i, candidates in enumerate(order):
        first = candidates[0]
        weak = hqi[i, first] <= 0 or hqi[i, first] < floor
        no_match = bool(flat[i] or weak or (not np.isnan(p[i, first]) and p[i, first] <= level))
        reason = ""
        if flat[i]:
            reason = "the spectrum is flat (constant after preprocessing): there is nothing to identify"
        elif weak:
            reason = (
                f"its best candidate, {str(classes[first])!r}, reaches an HQI of {hqi[i, first]:.1f}, below "
                f"{floor:.1f}, which random noise reaches against this library: a blank or failed measurement, "
                "or a substance unlike every library spectrum"
            )
        elif no_match:
            reason = (
                f"its best candidate, {str(classes[first])!r}, reaches an HQI of {hqi[i, first]:.1f}: "
                f"{100 * (1 - p[i, first]):.0f} % of the library's own spectra fit their substance better"
            )
        elif max_shift > 0 and abs(match["shift"][i, first]) >= max_shift - 1e-9:
            # A match, but its shift may be larger than was tried, or its bands may simply lie elsewhere.
            reason = (
                f"the best match needed the largest shift tried ({match['shift'][i, first]:+.1f} cm-1): check the "
                "axis calibration; the bands may lie elsewhere than the reference's"
            )
        for rank, j in enumerate(candidates, start=1):
            rows.append({
                "spectrum": names[i], "rank": rank, "class": classes[j], "hqi": round(float(hqi[i, j]), 2),
                "reference": references[match["which"][i, j]], "shift_cm": round(float(match["shift"][i, j]), 1),
                "probability": match["scores"][i, j], "p_value": p[i, j],
                "in_set": bool(p[i, j] > level and not flat[i]), "no_match": no_match,
                "reason": reason if rank == 1 else "", "hqi_cutoff": round(float(cutoff), 2),
                "at_shift_limit": bool(max_shift > 0 and abs(match["shift"][i, j]) >= max_shift - 1e-9),
            })  # fmt: skip
    return pd.DataFrame(rows)


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell that a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``@SUM``)
    prefixed by an apostrophe, as spreadsheet exporters do; numbers stay numbers."""
    safe = frame.copy()
    for column in safe.select_dtypes(include=["object", "str"]).columns:  # text columns, as pandas 2 and 3 type them
        safe[column] = [f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA) else v for v in safe[column]]
    return safe


def identify_hits(identifier, X, k: int, names=None, axis_offset: float | None = None) -> pd.DataFrame:
    """:meth:`~sklearn_teanet.SpectrumIdentifier.identify` of a fitted identifier, ``k`` candidates each."""
    from .matching import split_pipeline

    m = identifier._match(X, axis_offset)
    hqi = m["hqi"]
    names = list(range(len(hqi))) if names is None else list(names)
    if len(names) != len(hqi):
        raise ValueError(f"names has {len(names)} entries for {len(hqi)} spectra.")
    final = split_pipeline(identifier.estimator_)[1]
    if not hasattr(final, "predict_proba") or identifier._is_correlation():
        m["scores"] = np.full(hqi.shape, np.nan)  # correlation matching has no probability to show as one
    order = np.argsort(-m["ranking"], axis=1, kind="stable")[:, :k]
    # The largest shift tried, in cm-1: whole points each way, or a run's offset, found to a fraction of a point.
    limit = identifier.search_points_ * identifier.axis_step_
    if identifier.shift_search == "run" and limit:
        limit = max(limit, identifier.max_shift)
    thresholds = {"level": 1 - identifier.confidence, "floor": identifier.hqi_floor_, "cutoff": identifier.hqi_cutoff_}
    return hit_table(names, order, m, identifier.classes_, identifier.library_names_, max_shift=limit, **thresholds)
