"""``predict`` from ``predict_proba``, shared by the package's probabilistic classifiers."""

from __future__ import annotations

import numpy as np

__all__ = ["MostProbableClassMixin"]


class MostProbableClassMixin:
    """Adds ``predict``: the class of the highest ``predict_proba`` column."""

    def predict(self, X) -> np.ndarray:
        """Most probable class of each spectrum.

        Parameters
        ----------
        X : array-like of shape (n_spectra, n_points)
            Spectra to classify, one per row.

        Returns
        -------
        y_pred : ndarray of shape (n_spectra,)
            Labels as given to ``fit``.
        """
        proba = self.predict_proba(X)  # checks fitting before classes_ is read
        return self.classes_[np.argmax(proba, axis=1)]
