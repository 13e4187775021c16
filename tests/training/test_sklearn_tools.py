"""sklearn tools: tests moved from test_neural.py."""

import numpy as np
import torch
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from tiny_networks import TINY_CNN, TINY_TEANET

from sklearn_teanet import (
    CNNClassifier,
    LeaveOneSamplePerClassOut,
    SpectrumMasker,
    TeaNetClassifier,
)


def test_pipeline_and_grid_search_over_tau(spectra):
    X, y = spectra
    pipe = make_pipeline(
        FunctionTransformer(lambda Z: Z / np.abs(Z).max(axis=1, keepdims=True)),
        TeaNetClassifier(masker=SpectrumMasker(), **dict(TINY_TEANET, max_epochs=5)),
    )
    search = GridSearchCV(
        pipe,
        {"teanetclassifier__masker__tau": [(0.1, 0.9), (0.3, 0.7)]},
        cv=LeaveOneSamplePerClassOut(n_repeats=2, random_state=0),
    ).fit(X, y)
    assert search.best_params_["teanetclassifier__masker__tau"] in [(0.1, 0.9), (0.3, 0.7)]
    assert search.predict(X).shape == (len(X),)


def test_parallel_jobs_get_one_thread_each(spectra):
    X, y = spectra

    class ThreadSpy(CNNClassifier):
        def fit(self, X, y):
            super().fit(X, y)
            self.torch_threads_seen_ = torch.get_num_threads()
            return self

    from sklearn.model_selection import cross_validate

    out = cross_validate(
        ThreadSpy(**dict(TINY_CNN, max_epochs=1)),
        X,
        y,
        cv=LeaveOneSamplePerClassOut(2, random_state=0),
        n_jobs=2,
        return_estimator=True,
    )
    import os

    expected = max(1, (os.cpu_count() or 1) // 2)
    assert all(e.torch_threads_seen_ <= expected for e in out["estimator"])
