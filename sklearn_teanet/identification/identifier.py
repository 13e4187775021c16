"""Identify unknown spectra against a library: ranked hits, hit quality, a calibrated "no match", mixtures."""

from __future__ import annotations

import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, _fit_context, clone
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, column_or_1d, indexable

from ..baselines.correlation import CorrelationClassifier, standardize_rows
from ..evaluation.top_k import class_scores
from ..utils._targets import check_few_shot_targets
from .calibration import calibrate, p_values, refit_scores
from .matching import best_per_class, copy_groups, is_flat, preprocessed, shift_points, similarity, split_pipeline
from .mixtures import best_pairs

__all__ = ["SpectrumIdentifier", "MIXTURE_GAIN"]

#: HQI points a pair must gain over the best single spectrum to call a spectrum a likely mixture. On RRUFF_IR a
#: pair gained a median 0.8 (90th percentile 6.9) for pure spectra and 15.6 for 50/50 mixtures (benchmarks/README.md).
MIXTURE_GAIN = 8.0


class SpectrumIdentifier(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Identify spectra against a reference library, as library-search software does.

    The library trains ``estimator`` (any classifier of the package, or a
    ``Pipeline`` of preprocessing ending in one). :meth:`identify` returns, for
    every unknown spectrum, the ``top_k`` candidates with

    - ``hqi``, the hit quality index: 100 x the Pearson correlation of the
      unknown with the best-matching library spectrum of that class, after the
      pipeline's preprocessing, at the best shift of up to ``max_shift`` cm-1
      (0 for anti-correlated spectra);
    - ``reference``, that library spectrum, and ``shift_cm``, the shift applied;
    - ``probability``, the classifier's own (for a neural network; NaN for
      correlation matching, whose only measure is the HQI);
    - ``p_value``: the share of the library's own spectra, each compared with
      the rest of the library as a new measurement, that fit their class no
      better. An unknown whose best candidate has a p-value at or below
      ``1 - confidence`` is **no match**.

    "No match" is calibrated on the library without refitting anything: every
    library spectrum plays a new measurement of its substance (compared with the
    library without itself and its copies) and a substance the library lacks
    (compared without its whole class). ``known_rejection_`` and
    ``foreign_rejection_`` estimate the two error rates at ``confidence``.

    Parameters
    ----------
    estimator : classifier or Pipeline, default=None
        The model; None is :class:`~sklearn_teanet.CorrelationClassifier`.
    top_k : int, default=5
        Candidates per spectrum in :meth:`identify`.
    confidence : float, default=0.9
        The share of new measurements of library substances that are not called
        "no match" (conformal: at least this share, for spectra as alike to the
        library as its own spectra are to each other). The candidates whose
        p-value exceeds ``1 - confidence`` form the prediction set.
    max_shift : float, default=10.0
        Largest wavenumber shift (cm-1) tried between an unknown and the library,
        in whole points of the model's axis; 0 compares spectra as measured.
        Without an axis (a model fitted on plain arrays) nothing is shifted.
    rank_by : {"auto", "hqi", "model"}, default="auto"
        Order of the candidates: by HQI, or by the classifier's score. "auto"
        ranks by HQI for correlation matching and by the classifier otherwise.
    nonconformity : {"hqi", "score"}, default="hqi"
        What the p-values rank: the HQI (calibrated without refitting), or the
        classifier's score (calibrated by refitting on the folds of ``cv``).
    cv : cross-validation splitter or None, default=None
        Folds for ``nonconformity="score"``; None is ``LeaveOneSamplePerClassOut``
        (5 repeats, each one more fit). Not used with ``"hqi"``.
    random_state : int or None, default=None
        Seed of the default ``cv``.

    Attributes
    ----------
    estimator_ : classifier or Pipeline
        ``estimator`` fitted on the whole library.
    classes_ : ndarray of shape (n_classes,)
    library_ : ndarray of shape (n_spectra, n_features)
        The library after the pipeline's preprocessing, centred and scaled.
    library_classes_ : ndarray of shape (n_spectra,)
        Index into ``classes_`` of each library spectrum.
    library_names_ : ndarray of str of shape (n_spectra,)
        Each library spectrum's name (``names`` of :meth:`fit`).
    library_display_ : ndarray of shape (n_spectra, n_points)
        The library as figures show it (see :meth:`display`).
    calibration_scores_ : ndarray
        HQI (or score) of the library spectra for their own class in the known role.
    known_rejection_, foreign_rejection_ : float
        Estimated shares of new measurements of library substances, and of
        substances the library lacks, called "no match" (NaN for ``"score"``).
    shift_points_ : int
        ``max_shift`` in points of the model's axis.

    Examples
    --------
    >>> from sklearn_teanet import LorentzSpectraGenerator, SpectrumIdentifier
    >>> data = LorentzSpectraGenerator(n_classes=5, n_samples_per_class=4, n_points=64,
    ...                                theta=10, random_state=0).generate()
    >>> identifier = SpectrumIdentifier(top_k=2).fit(data.data, data.target)
    >>> identifier.identify(data.data[:1])[["spectrum", "rank", "class"]].shape
    (2, 3)
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict"]), None],
        "top_k": [Interval(Integral, 1, None, closed="left")],
        "confidence": [Interval(Real, 0, 1, closed="neither")],
        "max_shift": [Interval(Real, 0, None, closed="left")],
        "rank_by": [StrOptions({"auto", "hqi", "model"})],
        "nonconformity": [StrOptions({"hqi", "score"})],
        "cv": ["cv_object"],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        estimator=None,
        *,
        top_k: int = 5,
        confidence: float = 0.9,
        max_shift: float = 10.0,
        rank_by: str = "auto",
        nonconformity: str = "hqi",
        cv=None,
        random_state=None,
    ) -> None:
        self.estimator = estimator
        self.top_k = top_k
        self.confidence = confidence
        self.max_shift = max_shift
        self.rank_by = rank_by
        self.nonconformity = nonconformity
        self.cv = cv
        self.random_state = random_state

    def _estimator(self):
        return CorrelationClassifier() if self.estimator is None else self.estimator

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, names=None) -> SpectrumIdentifier:
        """Fit the estimator on the library and calibrate "no match" on the library's own spectra.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Library spectra (or what the pipeline's first step takes).
        y : array-like of shape (n_spectra,)
            Their substances.
        names : sequence of str or None, default=None
            A name per library spectrum (its file, its RRUFF id), reported as
            the ``reference`` of a hit; None numbers them ``#0``, ``#1``, ...

        Returns
        -------
        self
        """
        X, y = indexable(X, y)
        check_few_shot_targets(y)  # before np.unique, which cannot sort labels of mixed types
        y = column_or_1d(y, warn=True)
        names = [f"#{i}" for i in range(len(y))] if names is None else [str(n) for n in names]
        if len(names) != len(y):
            raise ValueError(f"names has {len(names)} entries for {len(y)} library spectra.")
        self.estimator_ = clone(self._estimator()).fit(X, y)
        self.classes_ = split_pipeline(self.estimator_)[1].classes_
        features, axis = preprocessed(self.estimator_, X)
        self.library_ = standardize_rows(features)
        position = {c: i for i, c in enumerate(self.classes_.tolist())}
        self.library_classes_ = np.array([position[v] for v in y.tolist()])
        self.library_names_ = np.asarray(names, dtype=object)
        self.library_display_ = self.display(X)
        self.shift_points_, self.axis_step_ = shift_points(axis, self.max_shift)
        groups = copy_groups(self.library_, y)
        if groups is not None:
            # A spectrum calibrated against its own copy fits perfectly: every fresh measurement would look worse.
            warnings.warn(
                f"{len(y) - len(set(groups))} library spectra are exact copies of others of their class; the "
                "calibration holds each spectrum out together with its copies.",
                stacklevel=2,
            )
        self._warn_flat(y)
        level = 1 - self.confidence
        if self.nonconformity == "hqi":
            r, _ = similarity(features, self.library_, self.shift_points_)
            calibration = calibrate(100 * np.clip(r, 0, None), self.library_classes_, groups)
            self.calibration_scores_ = calibration.known_true
            rejected = lambda hqi: float(np.mean(p_values(hqi, calibration.known_true) <= level))  # noqa: E731
            self.known_rejection_ = rejected(calibration.known_top) if calibration.known_top.size else np.nan
            self.foreign_rejection_ = rejected(calibration.foreign_top) if calibration.foreign_top.size else np.nan
        else:
            from ..evaluation import LeaveOneSamplePerClassOut

            cv = self.cv or LeaveOneSamplePerClassOut(n_repeats=5, random_state=self.random_state)
            eligible = (np.unique(y, return_counts=True)[1] > 1).any()
            self.calibration_scores_ = refit_scores(self._estimator(), X, y, cv, groups) if eligible else np.array([])
            self.known_rejection_ = self.foreign_rejection_ = np.nan
        n = self.calibration_scores_.size
        if n == 0:
            warnings.warn(
                "No class of the library has two distinct spectra, so nothing calibrates 'no match': identify() "
                "reports hits without p-values.",
                stacklevel=2,
            )
        elif n < 1 / level:
            warnings.warn(
                f"Only {n} library spectra calibrate the p-values; at confidence {self.confidence} no spectrum "
                f"can be called 'no match' with fewer than {int(np.ceil(1 / level))}.",
                stacklevel=2,
            )
        return self

    def _warn_flat(self, y) -> None:
        flat = np.flatnonzero(is_flat(self.library_))
        if flat.size:
            # A failed measurement in the library: it correlates 0 with everything, so no unknown can match it.
            examples = ", ".join(f"{self.library_names_[i]} (class {y[i]})" for i in flat[:5])
            warnings.warn(
                f"{flat.size} library spectra are flat (constant) after preprocessing and can match no "
                f"unknown: {examples}{', ...' if flat.size > 5 else ''}. Remove or remeasure them.",
                stacklevel=3,
            )

    @property
    def n_features_in_(self) -> int:
        """Number of features the fitted estimator saw (its first step's, for a pipeline)."""
        check_is_fitted(self)  # an AttributeError (a NotFittedError) before fit, so hasattr is False
        return self.estimator_.n_features_in_

    def _is_correlation(self) -> bool:
        """Whether the classifier is correlation matching (alone or wrapped), whose only measure is the HQI."""
        final = split_pipeline(self.estimator_)[1]
        return isinstance(getattr(final, "estimator_", final), CorrelationClassifier)

    # -------------------------------------------------------------- evidence
    def _match(self, X) -> dict:
        """HQI, best library spectrum and shift of every spectrum and class; scores, p-values, flat spectra."""
        check_is_fitted(self)
        scores = class_scores(self.estimator_, X)  # first: the estimator checks X and names what is wrong
        features, _ = preprocessed(self.estimator_, X)
        r, moves = similarity(features, self.library_, self.shift_points_)
        best, which = best_per_class(r, self.library_classes_, len(self.classes_))
        hqi = 100 * np.clip(best, 0, None)
        if self.calibration_scores_.size == 0:
            p = np.full(hqi.shape, np.nan)
        else:
            p = p_values(hqi if self.nonconformity == "hqi" else scores, self.calibration_scores_)
        shift = -np.take_along_axis(moves, np.maximum(which, 0), axis=1) * self.axis_step_
        flat = is_flat(standardize_rows(features))
        by_hqi = self.rank_by == "hqi" or (self.rank_by == "auto" and self._is_correlation())
        return {
            "hqi": hqi,
            "which": which,
            "shift": shift,
            "scores": scores,
            "p": p,
            "flat": flat,
            "features": features,
            "ranking": hqi if by_hqi else scores,
        }

    def display(self, X) -> np.ndarray:
        """Spectra as a chemist reads them: on the model's grid, each divided by its largest value.

        When the model's first step is a resampler this is the spectrum as
        measured, before any derivative; otherwise the model's preprocessing.

        Parameters
        ----------
        X : array-like
            Spectra, as the identifier takes them.

        Returns
        -------
        spectra : ndarray of shape (n_spectra, n_points)
        """
        from ..preprocessing import SpectrumNormalizer, SpectrumResampler

        model = self.estimator_
        first = model[0] if hasattr(model, "steps") else None
        if isinstance(first, SpectrumResampler):
            return np.asarray(SpectrumNormalizer("max").fit_transform(first.transform(X)), dtype=float)
        return preprocessed(model, X)[0]

    def hit_quality(self, X) -> np.ndarray:
        """HQI (0-100) of each spectrum for each class, at the best shift of up to ``max_shift``.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra (or what the pipeline's first step takes).

        Returns
        -------
        hqi : ndarray of shape (n_spectra, n_classes)
        """
        return self._match(X)["hqi"]

    def predict(self, X) -> np.ndarray:
        """The best candidate of each spectrum (whether or not it is a match), as :meth:`identify` ranks them.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra (or what the pipeline's first step takes).

        Returns
        -------
        y_pred : ndarray of shape (n_spectra,)
        """
        ranking = self._match(X)["ranking"]
        return self.classes_[np.argmax(ranking, axis=1)]

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
        return self._match(X)["p"]

    def predict_set(self, X) -> list[list]:
        """Prediction sets: the classes whose p-value exceeds ``1 - confidence``, best first.

        An empty set means "no match". A new measurement of a library substance
        gets a set that holds its class with probability at least about
        ``confidence``; a flat (constant) spectrum gets an empty set.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra (or what the pipeline's first step takes).

        Returns
        -------
        sets : list of lists of labels
        """
        m = self._match(X)
        p = np.where(m["flat"][:, None], 0, m["p"])
        order = np.argsort(-m["ranking"], axis=1, kind="stable")
        return [[self.classes_[j] for j in row if p[i, j] > 1 - self.confidence] for i, row in enumerate(order)]

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
            ``class``, ``hqi`` (0-100), ``reference`` (the best-matching
            library spectrum of that class), ``shift_cm`` (how far the unknown's
            bands lie above the reference's), ``probability`` (the classifier's,
            NaN for correlation matching), ``p_value``, ``in_set`` (in the
            prediction set), ``no_match`` (the spectrum's best candidate is not
            in it) and ``reason`` (why, on rank 1). A flat (constant) spectrum
            is always "no match".
        """
        k = self.top_k if top_k is None else top_k
        if not isinstance(k, Integral) or k < 1:
            raise ValueError(f"top_k must be a positive integer, got {k!r}.")
        m = self._match(X)
        hqi, p, flat = m["hqi"], m["p"], m["flat"]
        k = min(k, hqi.shape[1])
        names = list(range(len(hqi))) if names is None else list(names)
        if len(names) != len(hqi):
            raise ValueError(f"names has {len(names)} entries for {len(hqi)} spectra.")
        has_proba = hasattr(split_pipeline(self.estimator_)[1], "predict_proba") and not self._is_correlation()
        level, rows = 1 - self.confidence, []
        for i, order in enumerate(np.argsort(-m["ranking"], axis=1, kind="stable")[:, :k]):
            first = order[0]
            no_match = bool(flat[i] or (not np.isnan(p[i, first]) and p[i, first] <= level))
            reason = ""
            if flat[i]:
                reason = "the spectrum is flat (constant after preprocessing): there is nothing to identify"
            elif no_match:
                reason = (
                    f"its best candidate, {str(self.classes_[first])!r}, reaches an HQI of {hqi[i, first]:.1f}: "
                    f"{100 * (1 - p[i, first]):.0f} % of the library's own spectra fit their substance better"
                )
            for rank, j in enumerate(order, start=1):
                rows.append({
                    "spectrum": names[i], "rank": rank, "class": self.classes_[j], "hqi": round(hqi[i, j], 2),
                    "reference": self.library_names_[m["which"][i, j]], "shift_cm": round(m["shift"][i, j], 1),
                    "probability": m["scores"][i, j] if has_proba else np.nan, "p_value": p[i, j],
                    "in_set": bool(p[i, j] > level and not flat[i]), "no_match": no_match,
                    "reason": reason if rank == 1 else "",
                })  # fmt: skip
        return pd.DataFrame(rows)

    def identify_mixtures(self, X, names=None) -> pd.DataFrame:
        """The best two-component explanation of each spectrum, beside its best single hit.

        Every pair of library spectra of two different substances is tried, the
        unknown fitted by their non-negative sum (see
        :func:`~sklearn_teanet.identification.mixtures.best_pairs`).

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Unknown spectra (or what the pipeline's first step takes).
        names : sequence of str or None, default=None
            A name per spectrum; None numbers them from 0.

        Returns
        -------
        mixtures : DataFrame
            One row per spectrum: ``first`` and ``second`` (classes),
            ``first_reference``, ``second_reference``, ``share`` (the first's
            share of the fitted sum), ``hqi_pair`` (HQI of the fitted sum),
            ``hqi_single`` (of the best single library spectrum), ``gain`` and
            ``mixture`` (the gain reaches ``MIXTURE_GAIN``: likely a mixture).
        """
        check_is_fitted(self)
        features, _ = preprocessed(self.estimator_, X)
        names = list(range(len(features))) if names is None else list(names)
        single = (standardize_rows(features) @ self.library_.T).max(axis=1)
        rows = []
        for name, pair, one in zip(names, best_pairs(features, self.library_, self.library_classes_), single):
            second = pair["second"]
            rows.append({
                "spectrum": name, "first": self.classes_[self.library_classes_[pair["first"]]],
                "second": self.classes_[self.library_classes_[second]] if second >= 0 else "",
                "first_reference": self.library_names_[pair["first"]],
                "second_reference": self.library_names_[second] if second >= 0 else "",
                "share": round(pair["share"], 3), "hqi_pair": round(pair["hqi"], 2),
                "hqi_single": round(100 * max(one, 0.0), 2), "gain": round(pair["hqi"] - 100 * max(one, 0.0), 2),
                "mixture": pair["hqi"] - 100 * max(one, 0.0) >= MIXTURE_GAIN,
            })  # fmt: skip
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
