"""The library calibrates its own "no match": each library spectrum plays a new measurement once, and once a
substance the library lacks.

From one library-against-library similarity matrix, without refitting anything:

- *known*: a spectrum of a class that has another specimen is compared with
  the library without its specimen's spectra (``groups`` of the fit) and its
  copies. Its HQI for its own class is what a new specimen of a library
  substance reaches.
- *foreign*: every spectrum is compared with the library without its whole
  class. Its best HQI is what a substance missing from the library reaches.

The first gives conformal p-values; the second estimates how often a missing
substance is called "no match" at the chosen confidence.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from ..preprocessing import PartialCoverageWarning

__all__ = [
    "LibraryCalibration",
    "calibrate",
    "calibrate_library",
    "hqi_cutoff",
    "hqi_matrix",
    "noise_hqi",
    "p_values",
    "refit_scores",
    "rejection_rates",
    "warn_if_too_few",
]


@dataclass
class LibraryCalibration:
    """HQIs (0-100) of the library's spectra in the two roles.

    Attributes
    ----------
    known_true : ndarray
        Each known-role spectrum's HQI for its own class.
    known_top : ndarray
        Each known-role spectrum's best HQI over all classes (what the no-match rule sees).
    foreign_top : ndarray
        Each spectrum's best HQI with its whole class left out.
    misfits : ndarray of int
        Library spectra that match another class better than the rest of their own.
    """

    known_true: np.ndarray
    known_top: np.ndarray
    foreign_top: np.ndarray
    misfits: np.ndarray


def calibrate(
    features: np.ndarray,
    library: np.ndarray,
    classes: np.ndarray,
    groups: np.ndarray | None = None,
    max_points: int = 0,
    block: int = 512,
    masks: np.ndarray | None = None,
) -> LibraryCalibration:
    """The two roles' HQIs of a library's spectra, compared with the library in blocks of rows.

    Parameters
    ----------
    features : ndarray of shape (n, n_points)
        The library spectra as unknowns (preprocessed).
    library : ndarray of shape (n, n_points)
        The same, standardized (see ``standardize_rows``).
    classes : ndarray of shape (n,)
        Class index of each library spectrum.
    groups : ndarray of shape (n,) or None, default=None
        Spectra held out together (one specimen's, copies; see ``holdout_groups``); None: every spectrum alone.
    max_points : int, default=0
        Largest shift tried, in points.
    block : int, default=512
        Rows compared at a time: memory grows with ``block`` times the library, never with its square.
    masks : ndarray of bool of shape (n, n_points) or None, default=None
        The points each library spectrum measured: pairs are compared on their overlap.

    Returns
    -------
    calibration : LibraryCalibration
    """
    from .matching import similarity

    n = len(classes)
    groups = np.arange(n) if groups is None else np.asarray(groups)
    members_of_class, members_of_group = _members(classes), _members(groups)
    own, top, foreign = (np.full(n, -np.inf) for _ in range(3))
    for start in range(0, n, block):
        rows = np.arange(start, min(n, start + block))
        r = similarity(features[rows], library, max_points, None if masks is None else masks[rows], masks)[0]
        # Library spectra as rows (as the search lays r out): each maximum below runs along contiguous memory.
        columns = r.T
        # Its specimen and its copies are left out of every role; then its class is read, then left out too.
        held, held_rows = _pairs(members_of_group, groups[rows])
        columns[held, held_rows] = -np.inf
        top[rows] = columns.max(axis=0)
        same, same_rows = _pairs(members_of_class, classes[rows])
        np.maximum.at(own, start + same_rows, columns[same, same_rows])
        columns[same, same_rows] = -np.inf
        foreign[rows] = columns.max(axis=0)
    own, top, foreign = (np.where(np.isfinite(v), 100 * np.clip(v, 0, None), v) for v in (own, top, foreign))
    known = np.isfinite(own)  # a spectrum with another (not a copy) of its class
    misfits = np.flatnonzero(known & (foreign > own))
    return LibraryCalibration(
        known_true=own[known], known_top=top[known], foreign_top=foreign[np.isfinite(foreign)], misfits=misfits
    )


def _members(labels: np.ndarray) -> dict:
    """The indices of each label's members."""
    order = np.argsort(labels, kind="stable")
    values, starts = np.unique(labels[order], return_index=True)
    return dict(zip(values.tolist(), np.split(order, starts[1:])))


def _pairs(members: dict, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(member, row) of every member of each row's label: the entries of a block to read or leave out."""
    parts = [members[label] for label in labels.tolist()]
    return np.concatenate(parts), np.repeat(np.arange(len(parts)), [len(p) for p in parts])


def hqi_matrix(
    features: np.ndarray, library: np.ndarray, max_points: int, masks=None, library_masks=None
) -> np.ndarray:
    """HQI of every (preprocessed) spectrum, as an unknown, against every library spectrum (on their overlap, with
    ``masks``)."""
    from .matching import similarity

    r, _ = similarity(features, library, max_points, masks, library_masks)
    return 100 * np.clip(r, 0, None)


def hqi_cutoff(calibration_hqi: np.ndarray, confidence: float) -> float:
    """The lowest HQI whose p-value exceeds ``1 - confidence``: "no match" below it, in HQI units (0 when
    the calibration is too small to reject anything)."""
    ranked = np.sort(np.asarray(calibration_hqi, dtype=float))
    # p(h) = (count of calibration HQIs <= h, + 1) / (n + 1) > 1 - confidence needs that many at or below h.
    needed = int(np.floor((1 - confidence) * (ranked.size + 1) - 1 + 1e-12)) + 1
    return float(ranked[needed - 1]) if 1 <= needed <= ranked.size else 0.0


def p_values(hqi: np.ndarray, calibration_hqi: np.ndarray) -> np.ndarray:
    """Conformal p-values: the share of calibration HQIs at or below each HQI, counted as one more spectrum.

    A new measurement of a library substance gets a p-value at or below a level
    ``alpha`` for its own class with probability at most ``alpha``, if it is as
    exchangeable with the library's spectra as they are with each other.
    (crepes computes the same; this is its one line, for HQIs.)
    """
    ranked = np.sort(np.asarray(calibration_hqi, dtype=float))
    below = np.searchsorted(ranked, hqi, side="right")
    return (below + 1) / (ranked.size + 1)


def refit_scores(estimator, X, y, cv=None, groups=None, random_state=None) -> np.ndarray:
    """The estimator's score for the true class of spectra held out by ``cv``, each fold fitted anew.

    For ``nonconformity="score"``: a model's score depends on the model, so the
    library's spectra must be scored by models that did not see them. ``cv=None``
    is ``LeaveOneSamplePerClassOut`` (5 repeats); a library without a class of two
    spectra gives no scores.
    """
    from sklearn.base import clone
    from sklearn.utils import _safe_indexing

    from ..evaluation import LeaveOneSamplePerClassOut, class_scores

    if not (np.unique(y, return_counts=True)[1] > 1).any():
        return np.array([])
    cv = cv or LeaveOneSamplePerClassOut(n_repeats=5, random_state=random_state)
    scores = []
    for fold, (train, test) in enumerate(cv.split(X, y, groups)):
        missing = sorted(set(y[test].tolist()) - set(y[train].tolist()), key=str)
        if missing:
            raise ValueError(
                f"cv's split {fold} holds out every library spectrum of {len(missing)} class(es), such as "
                f"{missing[0]!r}: those cannot be calibrated. Use a splitter that keeps each class in training, "
                "such as the default (cv=None) or StratifiedKFold(shuffle=True)."
            )
        model = clone(estimator).fit(_safe_indexing(X, train), y[train])
        position = {c: i for i, c in enumerate(model.classes_.tolist())}
        held = class_scores(model, _safe_indexing(X, test))
        scores += [held[row, position[label]] for row, label in enumerate(y[test].tolist())]
    return np.asarray(scores, dtype=float)


def rejection_rates(calibration: LibraryCalibration, confidence: float) -> tuple[np.ndarray, float, float]:
    """The calibration HQIs, and the shares of known-role and foreign-role spectra called "no match" at
    ``confidence``."""
    level = 1 - confidence

    def rejected(hqi: np.ndarray) -> float:
        return float(np.mean(p_values(hqi, calibration.known_true) <= level)) if hqi.size else np.nan

    return calibration.known_true, rejected(calibration.known_top), rejected(calibration.foreign_top)


def warn_if_too_few(n: int, confidence: float) -> None:
    """Say so when the calibration cannot reject anything at ``confidence``."""
    level = 1 - confidence
    if n == 0:
        warnings.warn(
            "No class of the library has two distinct spectra, so nothing calibrates 'no match': identify() "
            "reports hits without p-values.",
            stacklevel=3,
        )
    elif n < 1 / level:
        warnings.warn(
            f"Only {n} library spectra calibrate the p-values; at confidence {confidence} no spectrum "
            f"can be called 'no match' with fewer than {int(np.ceil(1 / level))}.",
            stacklevel=3,
        )


def noise_hqi(
    model, X, library: np.ndarray, max_points: int, random_state=None, n: int = 200, library_masks=None
) -> float:
    """The chance level of a library: the 99th percentile of the best HQI that ``n`` white-noise spectra reach.

    The noise takes the form of the library's spectra (an array row, or a
    ``(wavenumbers, intensities)`` pair on the first spectrum's axis) and goes
    through the model's preprocessing, so the level is that of this library,
    its preprocessing and its shift search. A hit no better than noise names
    nothing, however small the library and whatever its calibration.
    """
    from .matching import preprocessed
    from .overlap import measured_mask

    rng = np.random.RandomState(random_state if isinstance(random_state, int) else 0)
    first = X[0] if isinstance(X, (list, tuple)) else None
    if isinstance(first, (tuple, list)) and len(first) == 2 and np.ndim(first[0]) == 1:
        axis = np.asarray(first[0], dtype=float)
        noise = [(axis, row) for row in rng.standard_normal((n, axis.size))]
    else:
        noise = rng.standard_normal((n, np.asarray(X).shape[1]))
    with warnings.catch_warnings():  # noise on a short spectrum's axis covers what that spectrum covers
        warnings.simplefilter("ignore", PartialCoverageWarning)
        features, _ = preprocessed(model, noise)
    masks = measured_mask(model, noise)
    return float(np.percentile(hqi_matrix(features, library, max_points, masks, library_masks).max(axis=1), 99))


def calibrate_library(identifier, features, X, y, groups) -> tuple[tuple, np.ndarray]:
    """A fitting identifier's calibration: ``(scores, known rate, foreign rate)`` and the misfits' rows."""
    if identifier.nonconformity == "hqi":  # each library spectrum compared with the rest of the library: no refits
        calibration = calibrate(
            features,
            identifier.library_,
            identifier.library_classes_,
            groups,
            identifier.shift_points_,
            masks=identifier.library_masks_,
        )
        return rejection_rates(calibration, identifier.confidence), calibration.misfits
    # A model's score depends on the model: each fold refitted.
    scores = refit_scores(identifier._estimator(), X, y, identifier.cv, groups, identifier.random_state)
    return (scores, np.nan, np.nan), np.array([], dtype=int)
