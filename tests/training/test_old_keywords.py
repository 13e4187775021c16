"""The keywords of 0.2 still work for one release: each sets what it set, with a FutureWarning naming the new
spelling; a misspelt keyword is still an error."""

import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV

from sklearn_teanet import (
    CNNClassifier,
    CutMix,
    DoublePyramidLeNet,
    Jitter,
    MaskedCopies,
    MixUp,
    SpectrumMasker,
    TeaNetClassifier,
    UNetReconstructor,
)
from sklearn_teanet.training import TimeBudget

MASKER = SpectrumMasker(tau=0.2)


def _old(make, **old):
    with pytest.warns(FutureWarning) as record:
        estimator = make(**old)
    assert len(record) == 1, "one warning per call"
    return estimator, str(record[0].message)


@pytest.mark.parametrize(
    "old, new, spelled",
    [
        (dict(channels=(4,), kernel_size=5), dict(module=DoublePyramidLeNet(channels=(4,), kernel_size=5)), "module="),
        (dict(architecture="fig5a"), dict(module=DoublePyramidLeNet("fig5a")), "DoublePyramidLeNet(architecture="),
        (
            dict(reconstruction_depth=5, reconstruction_channels=16, reconstruction_width=3),
            dict(reconstructor=UNetReconstructor(depth=5, channels=16, width=3)),
            "reconstruction_depth=5 -> reconstructor=UNetReconstructor(depth=5)",
        ),
        (
            dict(reconstruction_lr=1e-4, reconstruction_loss="mse", training="warm", reconstruction_epochs=3),
            dict(reconstructor=UNetReconstructor(lr=1e-4, loss="mse", schedule="warm", pretrain_epochs=3)),
            "training='warm' -> reconstructor=UNetReconstructor(schedule='warm')",
        ),
        (
            dict(inpaint=True, reconstruction_checkpoint=True, reconstruction_max_channels=32),
            dict(reconstructor=UNetReconstructor(inpaint=True, checkpoint=True, max_channels=32)),
            "inpaint=True",
        ),
        (dict(shift=2, noise=0.01, combine=0.3), dict(augmentation=Jitter(2, 0.01, 0.3)), "augmentation=Jitter("),
        (dict(augmentation="mixup", mixup_alpha=0.4), dict(augmentation=MixUp(0.4)), "augmentation=MixUp(alpha=0.4)"),
        (dict(shift=1, augmentation="mixup"), dict(augmentation=[Jitter(shift=1), MixUp()]), "[Jitter(shift=1)"),
    ],
)
def test_teanet_keywords_of_0_2_set_what_they_set(old, new, spelled):
    estimator, message = _old(TeaNetClassifier, **old)
    assert repr(estimator) == repr(TeaNetClassifier(**new))
    assert spelled in message and "0.4" in message


@pytest.mark.parametrize(
    "old, new",
    [
        (dict(masker=SpectrumMasker(tau=0.2), n_masks=3), dict(augmentation=MaskedCopies(SpectrumMasker(tau=0.2), 3))),
        (
            dict(masker=SpectrumMasker(), masks="fixed"),
            dict(augmentation=MaskedCopies(SpectrumMasker(), masks="fixed")),
        ),
        (dict(augmentation="cutmix"), dict(augmentation=CutMix())),
        (
            dict(augmentation="cutmix", masker=SpectrumMasker(tau=0.1)),
            dict(augmentation=CutMix(SpectrumMasker(tau=0.1))),
        ),
        (dict(masker=None, n_masks=4), dict()),  # masks without a masker did nothing in 0.2 either
    ],
)
def test_cnn_keywords_of_0_2_set_what_they_set(old, new):
    estimator, message = _old(CNNClassifier, **old)
    assert repr(estimator) == repr(CNNClassifier(**new))


def test_max_time_becomes_a_time_budget_callback():
    estimator, message = _old(CNNClassifier, max_time=30)
    (budget,) = estimator.callbacks
    assert isinstance(budget, TimeBudget) and budget.max_time == 30
    assert "callbacks=[TimeBudget(30)]" in message


def test_a_given_settings_object_is_copied_not_changed():
    unet = UNetReconstructor(depth=3)
    estimator, _ = _old(TeaNetClassifier, reconstructor=unet, reconstruction_channels=4)
    assert estimator.reconstructor == UNetReconstructor(depth=3, channels=4) or repr(estimator.reconstructor) == repr(
        UNetReconstructor(depth=3, channels=4)
    )
    assert unet.channels == 8


def test_set_params_and_grid_search_take_old_keywords(four_substances):
    X, y = four_substances
    with pytest.warns(FutureWarning, match="reconstruction_depth=2 -> reconstructor=UNetReconstructor"):
        teanet = TeaNetClassifier(max_epochs=1).set_params(reconstruction_depth=2)
    assert teanet.reconstructor.depth == 2
    base = TeaNetClassifier(DoublePyramidLeNet(channels=(2,)), max_epochs=1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        search = GridSearchCV(base, {"reconstruction_channels": [2, 4]}, cv=2).fit(X, y)
    assert search.best_params_["reconstruction_channels"] in (2, 4)
    assert search.best_estimator_.reconstructor.channels == search.best_params_["reconstruction_channels"]


def test_a_fit_with_old_keywords_equals_one_with_the_new(four_substances):
    X, y = four_substances
    with pytest.warns(FutureWarning):
        old = TeaNetClassifier(channels=(2,), reconstruction_depth=2, shift=1, max_epochs=2, random_state=0)
    new = TeaNetClassifier(
        DoublePyramidLeNet(channels=(2,)),
        reconstructor=UNetReconstructor(depth=2),
        augmentation=Jitter(shift=1),
        max_epochs=2,
        random_state=0,
    )
    np.testing.assert_array_equal(old.fit(X, y).predict_proba(X), new.fit(X, y).predict_proba(X))
    assert repr(clone(old)) == repr(new)


@pytest.mark.parametrize("make", [CNNClassifier, TeaNetClassifier])
def test_a_misspelt_keyword_is_still_a_type_error(make):
    with pytest.raises(TypeError, match="unexpected keyword argument 'reconstruction_dept'"):
        make(reconstruction_dept=3)


def test_teanet_keywords_are_not_cnn_keywords():
    with pytest.raises(TypeError, match="CNNClassifier got an unexpected keyword argument 'reconstruction_depth'"):
        CNNClassifier(reconstruction_depth=3)


def test_the_old_homes_of_the_torch_modules_still_import_with_a_warning():
    with pytest.warns(FutureWarning, match="moved to sklearn_teanet.nn.ReconstructionModule"):
        from sklearn_teanet.reconstruction import ReconstructionModule  # noqa: F401
    with pytest.warns(FutureWarning, match="moved to sklearn_teanet.nn.ClassificationModule"):
        from sklearn_teanet.classification import ClassificationModule  # noqa: F401
