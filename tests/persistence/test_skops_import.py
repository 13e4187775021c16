"""Loading a model does not pay for skops's walk over every scikit-learn estimator (2 s of identify's start-up),
and leaves scikit-learn as it found it."""

import subprocess
import sys

import numpy as np
import pytest

from sklearn_teanet import SpectrumIdentifier, save_model

pytestmark = pytest.mark.slow  # a fresh interpreter: skops is imported once per process

_PROBE = """
import sys
import sklearn.utils
walks = []
def counted(*args, **kwargs):
    walks.append(1)
    return []
sklearn.utils.all_estimators = counted
from sklearn_teanet.persistence import load_model
identifier = load_model(sys.argv[1])
print(len(walks), sklearn.utils.all_estimators is counted, identifier.classes_.tolist())
"""


def test_a_model_loads_without_the_estimator_walk_and_scikit_learn_is_restored(tmp_path):
    rng = np.random.RandomState(0)
    X, y = rng.rand(6, 20), ["a", "a", "b", "b", "c", "c"]
    path = save_model(SpectrumIdentifier(random_state=0).fit(X, y), tmp_path / "model.skops")
    out = subprocess.run([sys.executable, "-c", _PROBE, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip().split(maxsplit=2) == ["0", "True", "['a', 'b', 'c']"]
