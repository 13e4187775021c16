"""explain: tests moved from test_bad_inputs.py."""

import numpy as np
import pytest
from tiny_networks import THREE_EPOCHS

from sklearn_teanet import (
    CNNClassifier,
    TeaNetClassifier,
    UNetReconstructor,
)

TINY = THREE_EPOCHS


@pytest.fixture(scope="module")
def spectra(four_substances):
    return four_substances


@pytest.fixture(scope="module")
def fitted(spectra):
    X, y = spectra
    return CNNClassifier(**TINY).fit(X, y)


TINY_TEANET = dict(TINY, reconstructor=UNetReconstructor(depth=1, channels=2))


@pytest.mark.parametrize("target", ["quartzite", "qu", 1.7, 1, ["quartz", "nothing", "talc", "talc"]])
def test_explain_rejects_unknown_targets_and_lists_the_classes(fitted, spectra, target):
    X, _ = spectra
    with pytest.raises(ValueError, match=r"does not know.*its classes are \['calcite', 'gypsum', 'quartz', 'talc'\]"):
        fitted.explain(X[:4], target=target)


def test_explain_explains_the_class_asked_for(fitted, spectra):
    X, _ = spectra
    one = fitted.explain(X[:3], target="talc")
    per_spectrum = fitted.explain(X[:3], target=["talc", "talc", "talc"])
    np.testing.assert_allclose(one, per_spectrum)
    with pytest.raises(ValueError, match="one label or one per spectrum"):
        fitted.explain(X[:3], target=["talc", "talc"])


def test_explain_layer_and_augment_count_are_checked(fitted, spectra):
    X, _ = spectra
    with pytest.raises(ValueError, match=r"layer must be an integer in \[-2, 1\].*2 convolution blocks"):
        fitted.explain(X[:2], layer=5)
    teanet = TeaNetClassifier(**TINY_TEANET).fit(*spectra)
    with pytest.raises(ValueError, match="n_augment must be a positive integer, got 0"):
        teanet.augment(X[:2], n_augment=0)
