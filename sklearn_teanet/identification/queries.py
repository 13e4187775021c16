"""What a fitted identifier answers besides its hit lists: HQIs, p-values, prediction sets, spectra as
measured, and the thresholds of "no match" in HQI units."""

from __future__ import annotations

import numpy as np
from sklearn.utils.validation import check_is_fitted

from .calibration import hqi_cutoff
from .matching import as_measured

__all__ = ["IdentifierQueries"]


class IdentifierQueries:
    """Methods of :class:`~sklearn_teanet.SpectrumIdentifier` that read its fitted library (a mixin)."""

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
