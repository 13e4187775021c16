"""Identify unknown spectra against a library: ranked hits, hit quality, a calibrated "no match", mixtures."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, _fit_context, clone
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, column_or_1d, indexable

from ..baselines import CorrelationClassifier
from ..utils._targets import check_few_shot_targets
from .calibration import hqi_cutoff
from .hits import identify_hits
from .library_index import index_library
from .matching import (
    as_measured,
)
from .mixtures import mixtures_of
from .queries import SpectrumQueries

__all__ = ["SpectrumIdentifier"]


class SpectrumIdentifier(SpectrumQueries, MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Identify spectra against a reference library, as library-search software does.

    The library trains ``estimator`` (any classifier of the package, or a
    ``Pipeline`` of preprocessing ending in one). :meth:`identify` returns each
    unknown's ``top_k`` candidates with their hit quality index (HQI: 100 x the
    Pearson correlation with the best-matching library spectrum of the class,
    after the preprocessing, at the best shift of up to ``max_shift`` cm-1),
    that library spectrum, the shift, a network's probability, and a p-value;
    an unknown whose best candidate's p-value is at most ``1 - confidence`` is
    **no match**.

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
    shift_search : {"run", "each"}, default="run"
        "run": the spectra identified together (one call, one instrument run)
        share one axis offset, the median shift of those whose best hit is a
        match (up to ``max_shift``); each spectrum then moves at most
        ``RUN_WINDOW`` (2 cm-1) around it, so a 6-8 cm-1 calibration error is
        absorbed while band positions still tell substances apart. "each":
        every spectrum searched over the whole ``max_shift`` on its own.
    technique : {"auto", "infrared", "raman", "nir"}, default="auto"
        What the spectra are, for the axes of figures (Raman shift and
        intensity, or wavenumber and absorbance); "auto" reads it from the
        library's names (RRUFF's say "Raman" or "Infrared"), else says
        wavenumber and intensity.
    min_hqi : float or "auto", default="auto"
        A best candidate below this HQI is "no match", whatever the calibration
        says; "auto" is the chance level ``noise_hqi_`` (a blank or an HQI of 0
        is never an identification), a number raises it (never below it).
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
    technique_ : str or None
        "infrared", "raman" or "nir" (``technique``, or read from the names), None if unknown.
    n_specimens_ : int
        Groups the calibration held out one at a time: specimens (``groups`` of
        :meth:`fit`), copies joined.
    calibration_scores_ : ndarray
        HQI (or score) of the library spectra for their own class in the known role.
    known_rejection_, foreign_rejection_ : float
        Estimated shares of new measurements of library substances, and of
        substances the library lacks, called "no match" (NaN for ``"score"``).
    search_points_ : int
        ``max_shift`` in points of the model's axis.
    shift_points_ : int
        How far (points) each spectrum is searched around its run's offset
        (``RUN_WINDOW``), or ``search_points_`` with ``shift_search="each"``.
    noise_hqi_ : float
        The chance level: the 99th percentile of the best HQI of 200 white-noise spectra.
    hqi_floor_ : float
        The HQI below which a best candidate is "no match" (``min_hqi``, at least ``noise_hqi_``).
    hqi_cutoff_ : float
        The HQI where "no match" begins at ``confidence`` (or ``hqi_floor_`` if higher).
    library_misfits_ : ndarray of str
        Library spectra that match another substance better than any other
        spectrum of their own (mislabelled, contaminated or a different phase).

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
        "shift_search": [StrOptions({"run", "each"})],
        "technique": [StrOptions({"auto", "infrared", "raman", "nir"})],
        "min_hqi": [Interval(Real, 0, 100, closed="both"), StrOptions({"auto"})],
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
        shift_search: str = "run",
        technique: str = "auto",
        min_hqi: float | str = "auto",
        rank_by: str = "auto",
        nonconformity: str = "hqi",
        cv=None,
        random_state=None,
    ) -> None:
        self.estimator = estimator
        self.top_k = top_k
        self.confidence = confidence
        self.max_shift = max_shift
        self.shift_search = shift_search
        self.technique = technique
        self.min_hqi = min_hqi
        self.rank_by = rank_by
        self.nonconformity = nonconformity
        self.cv = cv
        self.random_state = random_state

    def _estimator(self):
        return CorrelationClassifier() if self.estimator is None else self.estimator

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, names=None, groups=None) -> SpectrumIdentifier:
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
        groups : array-like of shape (n_spectra,) or None, default=None
            The specimen of each library spectrum (e.g. its RRUFF id). Spectra
            of one specimen are held out together when the library calibrates
            "no match", as a new specimen of the substance would come: compared
            with each other, several spectra of one sample promise a closeness
            that new specimens never reach. None takes every spectrum as a
            specimen of its own.

        Returns
        -------
        self
        """
        X, y = indexable(X, y)
        check_few_shot_targets(y)  # before np.unique, which cannot sort labels of mixed types
        y = column_or_1d(y, warn=True)
        names = [f"#{i}" for i in range(len(y))] if names is None else [str(n) for n in names]
        for name, given in (("names", names), ("groups", groups)):
            if given is not None and len(given) != len(y):
                raise ValueError(f"{name} has {len(given)} entries for {len(y)} library spectra.")
        self.estimator_ = clone(self._estimator()).fit(X, y)
        index_library(self, X, y, names, groups)
        return self

    @property
    def hqi_floor_(self) -> float:
        """The HQI below which a best candidate is "no match" whatever its p-value (``min_hqi``, at least
        ``noise_hqi_``)."""
        check_is_fitted(self)
        return max(self.noise_hqi_, 0.0 if self.min_hqi == "auto" else float(self.min_hqi))

    @property
    def hqi_cutoff_(self) -> float:
        """The lowest HQI a best candidate may have and be a match, at ``confidence`` (HQI calibration)."""
        return max(hqi_cutoff(self.calibration_scores_, self.confidence), self.hqi_floor_)

    def display(self, X) -> np.ndarray:
        """Spectra as a chemist reads them: on the model's grid, before any derivative, each divided by its maximum.

        Parameters
        ----------
        X : array-like
            Spectra, as the identifier takes them.

        Returns
        -------
        spectra : ndarray of shape (n_spectra, n_points)
        """
        return as_measured(self.estimator_, X)

    @property
    def n_features_in_(self) -> int:
        """Number of features the fitted estimator saw (its first step's, for a pipeline)."""
        check_is_fitted(self)  # an AttributeError (a NotFittedError) before fit, so hasattr is False
        return self.estimator_.n_features_in_

    def identify(self, X, top_k: int | None = None, names=None, axis_offset: float | None = None) -> pd.DataFrame:
        """The hit list: the best ``top_k`` candidates of every spectrum.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Unknown spectra (or what the pipeline's first step takes).
        top_k : int or None, default=None
            Candidates per spectrum; None uses the ``top_k`` parameter.
        names : sequence of str or None, default=None
            A name per spectrum (e.g. its file); None numbers them from 0.
        axis_offset : float or None, default=None
            With ``shift_search="run"``, the run's axis error (cm-1, see
            :meth:`axis_offset`); None estimates it from ``X``.

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
        return identify_hits(self, X, k, names, axis_offset)

    def identify_mixtures(self, X, names=None, axis_offset: float | None = None) -> pd.DataFrame:
        """The best two-component explanation of each spectrum, beside its best single hit.

        Every pair of library spectra of two different substances is tried, the
        unknown fitted by their non-negative sum (see
        :func:`~sklearn_teanet.identification.best_pairs`).

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Unknown spectra (or what the pipeline's first step takes).
        names : sequence of str or None, default=None
            A name per spectrum; None numbers them from 0.
        axis_offset : float or None, default=None
            As in :meth:`identify`.

        Returns
        -------
        mixtures : DataFrame
            One row per spectrum: ``first`` and ``second`` (classes),
            ``first_reference``, ``second_reference``, ``share`` (the first's
            share of the fitted sum), ``hqi_pair`` (HQI of the fitted sum),
            ``hqi_single`` (of the best single library spectrum), ``gain`` and
            ``explained`` (the share of the single spectrum's misfit, 100 -
            ``hqi_single``, that the pair explains) and ``mixture`` (likely a
            mixture: both reach ``MIXTURE_GAIN`` and ``MIXTURE_EXPLAINED``, or
            ``NEARLY_WHOLE_GAIN`` and ``NEARLY_WHOLE_EXPLAINED``).
        """
        check_is_fitted(self)
        return mixtures_of(self, X, names, axis_offset)

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
        from ..interpretation import explain

        check_is_fitted(self)
        return explain(self.estimator_, X, target=target, **params)
