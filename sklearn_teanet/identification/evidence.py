"""What a fitted identifier knows of each unknown: its HQI with every class, the library spectrum and shift that
gave it, the classifier's scores and the conformal p-values."""

from __future__ import annotations

import numpy as np

from ..baselines import standardize_rows
from .class_maxima import class_search
from .matching import as_measured, is_flat, moved, preprocessed
from .overlap import has_own_axes, measured_mask

__all__ = ["evidence"]


def evidence(identifier, X, by_hqi: bool, axis_offset: float | None = None) -> dict:
    """What a fitted identifier knows of each spectrum and class: HQI, best library spectrum, shift, the
    classifier's scores, p-values, flatness, and the ranking (HQI if ``by_hqi``, else the scores).

    With ``shift_search="run"`` the run's offset (``axis_offset`` in cm-1, or
    estimated from ``X``) is first taken off the spectra's axes, then each is
    searched within ``RUN_WINDOW`` of it.
    """
    from ..evaluation import class_scores
    from .calibration import p_values
    from .run_offset import corrected, estimate_run_offset

    # Correlation matching's only score is the HQI: not computed twice, unless p-values or the ranking use it.
    correlation = identifier._is_correlation() and identifier.nonconformity == "hqi" and identifier.rank_by != "model"

    def scores_of(X):
        return np.full((len(features), len(identifier.classes_)), np.nan) if correlation else class_scores(
            identifier.estimator_, X)  # fmt: skip

    features, _ = preprocessed(identifier.estimator_, X)  # first: the model checks X and names what is wrong
    scores = scores_of(X)
    masks = measured_mask(identifier.estimator_, X, identifier.max_shift)
    flat = is_flat(standardize_rows(features)) | is_flat(as_measured(identifier.estimator_, X))
    start, offset = 0, 0.0
    if getattr(identifier, "shift_search", "each") == "run":
        offset = estimate_run_offset(identifier, X, features, masks) if axis_offset is None else float(axis_offset)
        if offset and has_own_axes(identifier.estimator_, X):
            X = corrected(X, offset)  # exact, to a fraction of a point: the axes move before resampling
            features, _ = preprocessed(identifier.estimator_, X)
            scores = scores_of(X)
            masks = measured_mask(identifier.estimator_, X, identifier.max_shift)
        elif identifier.axis_step_:  # spectra on the model's own grid: moved by whole points
            limit = identifier.search_points_
            start = int(np.clip(np.rint(-offset / identifier.axis_step_), -limit, limit))
            offset = 0.0
    best, which, moves = class_search(
        identifier, moved(features, start), None if masks is None else moved(masks, start)
    )
    moves = moves + start
    hqi = 100 * np.clip(best, 0, None) * ~flat[:, None]  # a flat spectrum is like nothing
    calibration = identifier.calibration_scores_
    p = p_values(hqi if identifier.nonconformity == "hqi" else scores, calibration)
    p = p if calibration.size else np.full(hqi.shape, np.nan)
    shift = offset - moves * identifier.axis_step_
    return dict(hqi=hqi, which=which, shift=shift, scores=scores, p=p, flat=flat, ranking=hqi if by_hqi else scores)
