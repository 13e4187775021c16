"""What a fitted identifier answers about spectra: HQIs, p-values, prediction sets, the best candidate, the run's
axis offset."""

from __future__ import annotations

import numpy as np
from sklearn.utils.validation import check_is_fitted

from ..baselines import CorrelationClassifier
from ..evaluation import class_scores
from ..utils._docstring import Substitution
from .evidence import evidence
from .matching import preprocessed, split_pipeline
from .overlap import measured_mask
from .run_offset import estimate_run_offset

__all__ = ["SpectrumQueries"]

#: The spectra every query takes, documented once.
_SPECTRA = Substitution(
    spectra="""        X : array-like of shape (n_spectra, n_points)
            Spectra (or what the pipeline's first step takes)."""
)


class SpectrumQueries:
    """The per-spectrum answers of :class:`~sklearn_teanet.SpectrumIdentifier`, from its fitted library."""

    @_SPECTRA
    def hit_quality(self, X) -> np.ndarray:
        """HQI (0-100) of each spectrum for each class, at the best shift of up to ``max_shift``.

        Parameters
        ----------
        {spectra}
        Returns
        -------
        hqi : ndarray of shape (n_spectra, n_classes)
        """
        return self._match(X)["hqi"]

    @_SPECTRA
    def p_values(self, X) -> np.ndarray:
        """Conformal p-value of every class for every spectrum (NaN without calibration).

        Parameters
        ----------
        {spectra}
        Returns
        -------
        p : ndarray of shape (n_spectra, n_classes)
        """
        return self._match(X)["p"]

    @_SPECTRA
    def predict_set(self, X) -> list[list]:
        """Prediction sets: the classes whose p-value exceeds ``1 - confidence``, best first.

        An empty set means "no match". A new measurement of a library substance
        gets a set that holds its class with probability at least about
        ``confidence``; a flat (constant) spectrum gets an empty set.

        Parameters
        ----------
        {spectra}
        Returns
        -------
        sets : list of lists of labels
        """
        m = self._match(X)
        p = np.where(m["flat"][:, None], 0, m["p"])
        order = np.argsort(-m["ranking"], axis=1, kind="stable")
        return [[self.classes_[j] for j in row if p[i, j] > 1 - self.confidence] for i, row in enumerate(order)]

    def _is_correlation(self) -> bool:
        """Whether the classifier is correlation matching (alone or wrapped), whose only measure is the HQI."""
        final = split_pipeline(self.estimator_)[1]
        return isinstance(getattr(final, "estimator_", final), CorrelationClassifier)

    # -------------------------------------------------------------- evidence
    def _match(self, X, axis_offset: float | None = None) -> dict:
        check_is_fitted(self)
        by_hqi = self.rank_by == "hqi" or (self.rank_by == "auto" and self._is_correlation())
        return evidence(self, X, by_hqi, axis_offset)

    def axis_offset(self, X) -> float:
        """The common axis error (cm-1) of spectra measured in one run, as ``shift_search="run"`` finds it.

        The median shift of the spectra whose best hit is a match (how far their
        bands lie above the library's), 0 if none is; pass it to
        :meth:`identify` to identify the run's spectra one at a time.

        Parameters
        ----------
        X : array-like
            The run's spectra (or what the pipeline's first step takes).

        Returns
        -------
        offset : float
        """
        check_is_fitted(self)
        features, _ = preprocessed(self.estimator_, X)
        return estimate_run_offset(self, X, features, measured_mask(self.estimator_, X, self.max_shift))

    @_SPECTRA
    def predict(self, X) -> np.ndarray:
        """The best candidate of each spectrum (whether or not it is a match), as :meth:`identify` ranks them.

        Parameters
        ----------
        {spectra}
        Returns
        -------
        y_pred : ndarray of shape (n_spectra,)
        """
        ranking = self._match(X)["ranking"]
        return self.classes_[np.argmax(ranking, axis=1)]

    @_SPECTRA
    def predict_proba(self, X) -> np.ndarray:
        """The estimator's class scores (probabilities where it has them).

        Parameters
        ----------
        {spectra}
        Returns
        -------
        scores : ndarray of shape (n_spectra, n_classes)
        """
        check_is_fitted(self)
        return class_scores(self.estimator_, X)
