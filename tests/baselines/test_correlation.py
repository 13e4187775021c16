"""correlation: tests moved from test_bad_inputs.py."""

import numpy as np
import pytest

from sklearn_teanet import (
    CorrelationClassifier,
    LorentzSpectraGenerator,
)


@pytest.fixture(scope="module")
def spectra():
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=5, n_points=64, theta=10, random_state=0).generate()
    names = np.array(["quartz", "calcite", "gypsum", "talc"])
    return data.data, names[data.target]


def test_single_class_correlation_fit_is_refused(spectra):
    X, _ = spectra
    with pytest.raises(ValueError, match="at least 2 classes.*only one class"):
        CorrelationClassifier().fit(X, np.array(["a"] * len(X)))
