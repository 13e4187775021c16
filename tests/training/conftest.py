"""Spectra of six named substances, shared by the training tests."""

import numpy as np
import pytest

from sklearn_teanet import LorentzSpectraGenerator


@pytest.fixture(scope="module")
def spectra():
    data = LorentzSpectraGenerator(
        n_classes=6, n_samples_per_class=6, n_points=96, theta=10 / 3, fwhm=(5, 20), random_state=0
    ).generate()
    names = np.array(["quartz", "calcite", "gypsum", "talc", "mica", "halite"])
    return data.data, names[data.target]
