"""The command-line tests' shared model: the library fixture (tests/conftest.py) trained once per module."""

import pytest

from sklearn_teanet.cli import main


@pytest.fixture(scope="module")
def model(library, tmp_path_factory):
    folder, _, _ = library
    path = tmp_path_factory.mktemp("model") / "model.skops"
    assert main(["train", "--library", str(folder), "--n-points", "256", "--out", str(path)]) == 0
    return path
