"""Identify unknown spectra against a library: ranked hits, hit quality and a calibrated "no match"."""

from __future__ import annotations

import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, _fit_context, clone
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, column_or_1d, indexable

from ..baselines.correlation import CorrelationClassifier
from ..evaluation.top_k import class_scores
from ..utils._targets import check_few_shot_targets
from .matching import copy_groups, hit_quality, is_flat, split_pipeline, standardized_library

__all__ = ["SpectrumIdentifier"]


class SpectrumIdentifier(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Identify spectra against a reference library, as library-search software does.

    The library trains ``estimator`` (any classifier of the package, or a
    ``Pipeline`` ending in one). :meth:`identify` then returns, for every unknown
    spectrum, the ``top_k`` candidates with

    - the estimator's score (its probability, where it has one);
    - the hit quality index (HQI): the Pearson correlation of the unknown with
      the best-matching library spectrum of that class, after the pipeline's
      preprocessing;
    - a conformal p-value: the share of the library's own held-out spectra
      whose true class scored no better than this candidate. A candidate
      belongs to the prediction set when its p-value exceeds ``1 - confidence``;
      an unknown whose set is empty is reported as **no match**.

    The p-values are calibrated on the library itself (split-conformal
    prediction over the folds of ``cv``, with ``crepes``): ``estimator`` is fitted
    on each fold's training part and scores its held-out spectra. A spectrum of
    a substance in the library is then rejected with probability about
    ``1 - confidence``; a substance that is not in the library is rejected more
    often the less it resembles any library class (benchmarks/README.md,
    "Open-set identification").

    Parameters
    ----------
    estimator : classifier or Pipeline, default=None
        The model; None is :class:`~sklearn_teanet.CorrelationClassifier`.
    top_k : int, default=5
        Candidates per spectrum in :meth:`identify`.
    confidence : float, default=0.95
        Coverage of the prediction sets: the share of in-library spectra whose
        true class is in their set, and so the share that is not called "no match".
    cv : cross-validation splitter or None, default=None
        Calibration folds; None is ``LeaveOneSamplePerClassOut``, which holds
        out one spectrum of each class that has two or more, repeated until
        about ``2 / (1 - confidence)`` spectra calibrate (at most 5 times; each
        repeat is one more fit). Classes with a single spectrum cannot be held
        out and do not calibrate.
    nonconformity : {"hqi", "score"}, default="hqi"
        What the p-values rank: the hit quality index of a candidate, or the
        estimator's own score (its probability). The HQI does not depend on the
        model's confidence, which a softmax inflates for spectra unlike any
        class; see benchmarks/README.md for both on RRUFF_IR.
    random_state : int or None, default=None
        Seed of the default ``cv``.

    Attributes
    ----------
    estimator_ : classifier or Pipeline
        ``estimator`` fitted on the whole library.
    classes_ : ndarray of shape (n_classes,)
    calibration_scores_ : ndarray of shape (n_calibration,)
        Nonconformity (1 - HQI or score of the true class) of the held-out library spectra.
    conformal_ : crepes.ConformalClassifier or None
        Fitted on ``calibration_scores_``; None when no class has two spectra.
    library_ : ndarray of shape (n_spectra, n_features)
        The library after the pipeline's preprocessing, centred and scaled, for the HQI.
    library_classes_ : ndarray of shape (n_spectra,)
        Index into ``classes_`` of each library spectrum.

    Examples
    --------
    >>> from sklearn_teanet import LorentzSpectraGenerator, SpectrumIdentifier
    >>> data = LorentzSpectraGenerator(n_classes=5, n_samples_per_class=4, n_points=64,
    ...                                theta=10, random_state=0).generate()
    >>> identifier = SpectrumIdentifier(top_k=2, random_state=0).fit(data.data, data.target)
    >>> identifier.identify(data.data[:1])[["spectrum", "rank", "class"]].shape
    (2, 3)
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict"]), None],
        "top_k": [Interval(Integral, 1, None, closed="left")],
        "confidence": [Interval(Real, 0, 1, closed="neither")],
        "cv": ["cv_object"],
        "nonconformity": [StrOptions({"hqi", "score"})],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        estimator=None,
        *,
        top_k: int = 5,
        confidence: float = 0.95,
        cv=None,
        nonconformity: str = "hqi",
        random_state=None,
    ) -> None:
        self.estimator = estimator
        self.top_k = top_k
        self.confidence = confidence
        self.cv = cv
        self.nonconformity = nonconformity
        self.random_state = random_state

    def _estimator(self):
        return CorrelationClassifier() if self.estimator is None else self.estimator

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y) -> SpectrumIdentifier:
        """Fit the estimator on the library and calibrate the p-values on held-out library spectra.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Library spectra (or what the pipeline's first step takes).
        y : array-like of shape (n_spectra,)
            Their substances.

        Returns
        -------
        self
        """
        from crepes import ConformalClassifier

        from ..evaluation import LeaveOneSamplePerClassOut

        # X is whatever the estimator's first step takes, so the estimator checks it; here only its rows count.
        X, y = indexable(X, y)
        check_few_shot_targets(y)  # before np.unique, which cannot sort labels of mixed types
        y = column_or_1d(y, warn=True)
        eligible = int((np.unique(y, return_counts=True)[1] > 1).sum())  # classes that can lend a spectrum
        cv = self.cv
        if cv is None:
            # Enough folds for about 2 / (1 - confidence) calibration spectra, at most 5 (each is a fit).
            repeats = int(np.clip(np.ceil(2 / ((1 - self.confidence) * max(eligible, 1))), 1, 5))
            cv = LeaveOneSamplePerClassOut(n_repeats=repeats, random_state=self.random_state)
        # The model and the library first: exact copies in the library are found on its preprocessed spectra.
        self.estimator_ = clone(self._estimator()).fit(X, y)
        self.classes_ = split_pipeline(self.estimator_)[1].classes_
        self.library_, self.library_classes_ = standardized_library(self.estimator_, X, y)
        groups = copy_groups(self.library_, y)
        if groups is not None:
            # A held-out spectrum whose copy stays in training matches it perfectly: every p-value would be
            # calibrated on near-perfect fits, and fresh measurements of library substances called "no match".
            warnings.warn(
                f"{len(y) - len(set(groups))} library spectra are exact copies of others of their class; the "
                "calibration holds each spectrum out together with its copies.",
                stacklevel=2,
            )
            eligible = int(sum(len(set(groups[y == c])) > 1 for c in np.unique(y)))
        alphas = []
        splits = list(cv.split(X, y, groups)) if eligible else []
        for fold, (train, test) in enumerate(splits):
            missing = sorted(set(y[test].tolist()) - set(y[train].tolist()), key=str)
            if missing:
                raise ValueError(
                    f"cv's split {fold} holds out every library spectrum of {len(missing)} class(es), such as "
                    f"{missing[0]!r}: those cannot be calibrated. Use a splitter that keeps each class in training, "
                    "such as the default (cv=None) or StratifiedKFold(shuffle=True)."
                )
            model = clone(self._estimator()).fit(_safe_indexing(X, train), y[train])
            if self.nonconformity == "hqi":
                library, classes = standardized_library(model, _safe_indexing(X, train), y[train])
                scores = hit_quality(model, _safe_indexing(X, test), library, classes, len(model.classes_))
            else:
                scores = class_scores(model, _safe_indexing(X, test))
            position = {c: i for i, c in enumerate(model.classes_.tolist())}
            alphas += [1 - scores[row, position[label]] for row, label in enumerate(y[test].tolist())]
        self.calibration_scores_ = np.asarray(alphas, dtype=float)
        self.conformal_ = ConformalClassifier().fit(self.calibration_scores_) if alphas else None
        if self.conformal_ is None:
            warnings.warn(
                "No class of the library has two spectra, so nothing could be held out to calibrate "
                "'no match': identify() reports hits without p-values.",
                stacklevel=2,
            )
        elif len(alphas) < 1 / (1 - self.confidence):
            warnings.warn(
                f"Only {len(alphas)} held-out library spectra calibrate the p-values; at confidence "
                f"{self.confidence} no spectrum can be called 'no match' with fewer than "
                f"{int(np.ceil(1 / (1 - self.confidence)))}.",
                stacklevel=2,
            )
        flat = np.flatnonzero(is_flat(self.library_))  # a flat spectrum's standardized row is all zeros
        if flat.size:
            # A failed measurement in the library: it correlates 0 with everything, so no unknown can match it.
            examples = ", ".join(f"{i} (class {y[i]})" for i in flat[:5])
            warnings.warn(
                f"{flat.size} library spectra are flat (constant) after preprocessing and can match no "
                f"unknown: spectrum {examples}{', ...' if flat.size > 5 else ''}. Remove or remeasure them.",
                stacklevel=2,
            )
        return self

    @property
    def n_features_in_(self) -> int:
        """Number of features the fitted estimator saw (its first step's, for a pipeline)."""
        check_is_fitted(self)  # an AttributeError (a NotFittedError) before fit, so hasattr is False
        return self.estimator_.n_features_in_

    # ------------------------------------------------------------ prediction
    def predict(self, X) -> np.ndarray:
        """The best candidate of each spectrum (whether or not it is a match).

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra (or what the pipeline's first step takes).

        Returns
        -------
        y_pred : ndarray of shape (n_spectra,)
        """
        check_is_fitted(self)
        return self.estimator_.predict(X)

    def predict_proba(self, X) -> np.ndarray:
        """The estimator's class scores (probabilities where it has them).

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra (or what the pipeline's first step takes).

        Returns
        -------
        scores : ndarray of shape (n_spectra, n_classes)
        """
        check_is_fitted(self)
        return class_scores(self.estimator_, X)

    def p_values(self, X) -> np.ndarray:
        """Conformal p-value of every class for every spectrum (NaN without calibration).

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra (or what the pipeline's first step takes).

        Returns
        -------
        p : ndarray of shape (n_spectra, n_classes)
        """
        return self._p_values(self.predict_proba(X), self.hit_quality(X))

    def _p_values(self, scores: np.ndarray, hqi: np.ndarray) -> np.ndarray:
        if self.conformal_ is None:
            return np.full_like(scores, np.nan)
        conforming = hqi if self.nonconformity == "hqi" else scores
        return self.conformal_.predict_p(1 - conforming, smoothing=False)

    def predict_set(self, X) -> list[list]:
        """Prediction sets: the classes whose p-value exceeds ``1 - confidence``, best first.

        An empty set means "no match". In-library spectra get a set that holds
        their class with probability about ``confidence``; a flat (constant)
        spectrum gets an empty set.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra (or what the pipeline's first step takes).

        Returns
        -------
        sets : list of lists of labels
        """
        scores, _, p, flat = self._evidence(X)
        p[flat] = 0
        order = np.argsort(-scores, axis=1, kind="stable")
        return [[self.classes_[j] for j in row if p[i, j] > 1 - self.confidence] for i, row in enumerate(order)]

    def _evidence(self, X) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Scores, HQI and p-values of every spectrum and class, and which spectra are flat."""
        scores = self.predict_proba(X)
        hqi = self.hit_quality(X)
        return scores, hqi, self._p_values(scores, hqi), is_flat(hqi)

    def hit_quality(self, X) -> np.ndarray:
        """HQI: Pearson correlation of each spectrum with the best library spectrum of each class.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra (or what the pipeline's first step takes).

        Returns
        -------
        hqi : ndarray of shape (n_spectra, n_classes)
            In [-1, 1], after the pipeline's preprocessing.
        """
        check_is_fitted(self)
        return hit_quality(self.estimator_, X, self.library_, self.library_classes_, len(self.classes_))

    def identify(self, X, top_k: int | None = None, names=None) -> pd.DataFrame:
        """The hit list: the best ``top_k`` candidates of every spectrum.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Unknown spectra (or what the pipeline's first step takes).
        top_k : int or None, default=None
            Candidates per spectrum; None uses the ``top_k`` parameter.
        names : sequence of str or None, default=None
            A name per spectrum (e.g. its file); None numbers them from 0.

        Returns
        -------
        hits : DataFrame
            One row per (spectrum, rank): ``spectrum``, ``rank`` (1 is best),
            ``class``, ``score``, ``probability`` (the estimator's, if it has
            ``predict_proba``), ``hqi``, ``p_value``, ``in_set`` (the candidate
            is in the prediction set), ``no_match`` (the spectrum's set is empty)
            and ``reason`` (why there is no match, on rank 1). A flat (constant)
            spectrum is always "no match".
        """
        check_is_fitted(self)
        k = self.top_k if top_k is None else top_k
        if not isinstance(k, Integral) or k < 1:
            raise ValueError(f"top_k must be a positive integer, got {k!r}.")
        scores, hqi, p, flat = self._evidence(X)
        k = min(k, scores.shape[1])
        names = list(range(len(scores))) if names is None else list(names)
        if len(names) != len(scores):
            raise ValueError(f"names has {len(names)} entries for {len(scores)} spectra.")
        has_proba = hasattr(split_pipeline(self.estimator_)[1], "predict_proba")
        level = 1 - self.confidence
        rows = []
        for i, order in enumerate(np.argsort(-scores, axis=1, kind="stable")[:, :k]):
            no_match = bool(flat[i] or (self.conformal_ is not None and p[i, order[0]] <= level))
            reason = (
                f"best candidate {str(self.classes_[order[0]])!r} has p-value {p[i, order[0]]:.3f} <= "
                f"{level:.3g}: it fits worse than {self.confidence:.0%} of the library's held-out "
                "spectra fit their own class"
                if no_match
                else ""
            )
            if flat[i]:
                reason = "the spectrum is flat (constant after preprocessing): there is nothing to identify"
            for rank, j in enumerate(order, start=1):
                rows.append(
                    {
                        "spectrum": names[i],
                        "rank": rank,
                        "class": self.classes_[j],
                        "score": scores[i, j],
                        "probability": scores[i, j] if has_proba else np.nan,
                        "hqi": hqi[i, j],
                        "p_value": p[i, j],
                        "in_set": bool(p[i, j] > level and not flat[i]),
                        "no_match": no_match,
                        "reason": reason if rank == 1 else "",
                    }
                )
        return pd.DataFrame(rows)

    def explain(self, X, target=None, **params):
        """Grad-CAM response of the estimator (a neural classifier, alone or ending a pipeline).

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra (or what the pipeline's first step takes).
        target : label, labels or None, default=None
            Class to explain; None explains each spectrum's predicted class.
        **params
            Passed to the classifier's ``explain``.

        Returns
        -------
        responses : ndarray of shape (n_spectra, n_points_of_the_classifier)
        """
        from .explain import explain

        check_is_fitted(self)
        return explain(self.estimator_, X, target=target, **params)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = True  # the default cv draws its held-out spectra
        return tags
