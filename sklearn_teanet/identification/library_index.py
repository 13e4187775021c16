"""What an identifier keeps of its library: the standardized spectra, the shift search, the calibration."""

from __future__ import annotations

import numpy as np
from sklearn.utils import _safe_indexing

from ..baselines import standardize_rows
from .calibration import calibrate_library, noise_hqi, warn_if_too_few
from .class_maxima import class_order
from .matching import (
    RUN_WINDOW,
    as_measured,
    copy_groups,
    holdout_groups,
    preprocessed,
    shift_points,
    split_pipeline,
    warn_about_library,
)
from .overlap import measured_mask

__all__ = ["index_library", "technique_of"]

#: Words in file names that say what a spectrum is (RRUFF writes "Raman" or "Infrared" in each).
_TECHNIQUE_WORDS = {"raman": ("raman",), "infrared": ("infrared", "ftir", "_ir_", "atr"), "nir": ("nir",)}


def technique_of(names) -> str | None:
    """The technique most of the library's names carry ("raman", "infrared", "nir"), or None."""
    lowered = [str(name).lower() for name in names]
    counts = {t: sum(any(w in n for w in words) for n in lowered) for t, words in _TECHNIQUE_WORDS.items()}
    technique, count = max(counts.items(), key=lambda item: item[1])
    return technique if lowered and count > len(lowered) / 2 else None


#: Library spectra preprocessed at a time: the float64 intermediates of a chunk, not of the whole library.
CHUNK = 4096


def _preprocessed_in_chunks(identifier, X, order: np.ndarray) -> tuple:
    """The library standardized (float32, what every comparison reads), as figures show it (float32), the points
    each spectrum measured (None: all), and the model's axis; preprocessed ``CHUNK`` spectra at a time, taken in
    ``order``."""
    model, n = identifier.estimator_, len(X)
    library, display, masks, axis = None, None, [], None
    for start in range(0, n, CHUNK):
        chunk = _safe_indexing(X, order[start : start + CHUNK])
        features, axis = preprocessed(model, chunk)
        # float32: half the memory of a 100,000-spectrum library, twice the speed of every comparison, and a
        # correlation to 7 digits (HQIs are reported to 2).
        rows, shown = standardize_rows(features).astype(np.float32), as_measured(model, chunk).astype(np.float32)
        if library is None:
            library = np.empty((n, rows.shape[1]), np.float32)
            display = np.empty((n, shown.shape[1]), np.float32)
        library[start : start + len(rows)], display[start : start + len(rows)] = rows, shown
        mask = measured_mask(model, chunk, identifier.max_shift)
        masks.append(np.ones(rows.shape, bool) if mask is None else mask)
    masks = np.vstack(masks)
    return library, display, None if masks.all() else masks, axis


def index_library(identifier, X, y: np.ndarray, names: list, groups=None) -> None:
    """Set a fitting identifier's library attributes, once its ``estimator_`` is fitted on ``X`` and ``y``.

    ``groups`` names each spectrum's specimen (None: each its own): the
    calibration holds a specimen's spectra out together, with their copies.
    """
    identifier.classes_ = split_pipeline(identifier.estimator_)[1].classes_
    position = {c: i for i, c in enumerate(identifier.classes_.tolist())}
    classes = np.array([position[v] for v in y.tolist()])
    # Kept class by class: the search reads each class's correlations as one block (see class_order).
    order = class_order(classes)
    library, display, masks, axis = _preprocessed_in_chunks(identifier, X, order)
    identifier.library_, identifier.library_display_, identifier.library_masks_ = library, display, masks
    identifier.library_classes_ = classes[order]
    # Text, not Python objects: a model file stores an array of text whole, and an object array one entry at a time
    # (checking 100,000 entries took half of loading a 100,000-spectrum model).
    identifier.library_names_ = np.asarray([str(name) for name in names], dtype=str)[order]
    y = y[order]
    groups = None if groups is None else np.asarray(groups)[order]
    identifier.technique_ = identifier.technique if identifier.technique != "auto" else technique_of(names)
    identifier.search_points_, identifier.axis_step_ = shift_points(axis, identifier.max_shift)
    # The library is one run (offset 0): its spectra are searched as a run's are, within the window.
    window = min(RUN_WINDOW, identifier.max_shift) if identifier.shift_search == "run" else identifier.max_shift
    identifier.shift_points_ = shift_points(axis, window)[0]
    copies = copy_groups(identifier.library_, y)
    warn_about_library(identifier.library_, identifier.library_names_, y, copies, measured=identifier.library_display_)
    held_out = holdout_groups(copies, groups)
    identifier.n_specimens_ = len(y) if held_out is None else np.unique(held_out).size
    # The standardized library plays the unknowns: a correlation does not see a row's offset or scale.
    # Refitting folds (nonconformity="score") take the spectra in the library's order, as y and held_out are.
    refit_X = X if identifier.nonconformity == "hqi" else _safe_indexing(X, order)
    rates, misfits = calibrate_library(identifier, identifier.library_, refit_X, y, held_out)
    identifier.calibration_scores_, identifier.known_rejection_, identifier.foreign_rejection_ = rates
    identifier.library_misfits_ = identifier.library_names_[misfits]
    warn_if_too_few(identifier.calibration_scores_.size, identifier.confidence)
    identifier.noise_hqi_ = noise_hqi(
        identifier.estimator_,
        X,
        identifier.library_,
        identifier.shift_points_,
        identifier.random_state,
        library_masks=identifier.library_masks_,
    )
