"""Settings objects: every one clones, prints, validates and grid-searches as scikit-learn's parameters do."""

import inspect
import pkgutil

import pytest
from sklearn.base import clone
from sklearn.model_selection import ParameterGrid
from sklearn.utils._param_validation import InvalidParameterError

import sklearn_teanet
from sklearn_teanet import CNNClassifier, CutMix, MaskedCopies, SpectrumMasker, TeaNetClassifier, UNetReconstructor
from sklearn_teanet.utils._settings import Settings


def _settings_classes() -> list[type]:
    found = set()
    for module in pkgutil.walk_packages(sklearn_teanet.__path__, "sklearn_teanet."):
        if "._" in module.name or module.name.endswith("__main__") or module.name == "sklearn_teanet.layers":
            continue
        mod = __import__(module.name, fromlist=["*"])
        found |= {
            obj
            for name in getattr(mod, "__all__", [])
            if inspect.isclass(obj := getattr(mod, name)) and issubclass(obj, Settings) and obj is not Settings
        }
    return sorted(found, key=lambda c: c.__name__)


SETTINGS = _settings_classes()


def test_the_settings_classes_are_found():
    names = {c.__name__ for c in SETTINGS}
    assert names == {"CutMix", "DoublePyramidLeNet", "Jitter", "MaskedCopies", "MixUp", "UNetReconstructor"}


@pytest.mark.parametrize("cls", SETTINGS, ids=lambda c: c.__name__)
def test_defaults_are_valid_clone_and_are_exported_at_the_top(cls):
    settings = cls()
    assert settings.checked() is settings
    copy = clone(settings)
    assert copy is not settings and copy.get_params() == settings.get_params()
    assert getattr(sklearn_teanet, cls.__name__) is cls
    # Every parameter is constrained, so a bad value is named where it is given.
    assert set(cls._parameter_constraints) == set(settings.get_params(deep=False))


@pytest.mark.parametrize("cls", SETTINGS, ids=lambda c: c.__name__)
def test_a_bad_setting_names_its_class_and_parameter(cls):
    name = next(iter(cls._parameter_constraints))
    with pytest.raises(InvalidParameterError, match=f"'{name}' parameter of {cls.__name__}"):
        cls(**{name: object()}).checked()


def test_a_bad_setting_stops_the_fit_that_uses_it(four_substances):
    X, y = four_substances
    with pytest.raises(InvalidParameterError, match="'depth' parameter of UNetReconstructor"):
        TeaNetClassifier(reconstructor=UNetReconstructor(depth=0), max_epochs=1).fit(X, y)


def test_nested_settings_grid_search_from_the_defaults():
    """A part left at None is its defaults; a nested name creates it first, as GridSearchCV sets it."""
    grid = ParameterGrid({"reconstructor__depth": [2, 3], "module__channels": [(4,)], "masker__tau": [0.5]})
    for params in grid:
        teanet = clone(TeaNetClassifier()).set_params(**params)
        assert teanet.reconstructor.depth == params["reconstructor__depth"]
        assert teanet.module.channels == (4,) and teanet.masker.tau == 0.5
    partial = CNNClassifier(augmentation=MaskedCopies()).set_params(augmentation__masker__tau=0.2)
    assert partial.augmentation.masker == SpectrumMasker(tau=0.2) or partial.augmentation.masker.tau == 0.2
    assert CutMix().set_params(masker__scheme="MS3", masker__tau=0.2).masker.scheme == "MS3"


def test_setting_a_copy_leaves_the_original_alone():
    unet = UNetReconstructor(depth=3)
    teanet = TeaNetClassifier(reconstructor=unet)
    clone(teanet).set_params(reconstructor__depth=5)
    assert unet.depth == 3
