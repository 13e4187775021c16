"""The neural classifiers' keywords of 0.2, taken for one more release: each becomes its new spelling, with a
FutureWarning that names it."""

from __future__ import annotations

import warnings

from sklearn.base import clone

from ..augmentation import CutMix, Jitter, MaskedCopies, MixUp, plan_augmentation
from ..classification import DoublePyramidLeNet
from ..reconstruction import UNetReconstructor
from .callbacks import TimeBudget

__all__ = ["OLD_KEYWORDS", "translate_old_keywords"]

#: Old keyword -> (new parameter, settings class, its attribute).
_IN_SETTINGS = {
    "architecture": ("module", DoublePyramidLeNet, "architecture"),
    "channels": ("module", DoublePyramidLeNet, "channels"),
    "kernel_size": ("module", DoublePyramidLeNet, "kernel_size"),
    "reconstruction_depth": ("reconstructor", UNetReconstructor, "depth"),
    "reconstruction_channels": ("reconstructor", UNetReconstructor, "channels"),
    "reconstruction_width": ("reconstructor", UNetReconstructor, "width"),
    "reconstruction_kernel_size": ("reconstructor", UNetReconstructor, "kernel_size"),
    "reconstruction_checkpoint": ("reconstructor", UNetReconstructor, "checkpoint"),
    "reconstruction_max_channels": ("reconstructor", UNetReconstructor, "max_channels"),
    "reconstruction_lr": ("reconstructor", UNetReconstructor, "lr"),
    "reconstruction_loss": ("reconstructor", UNetReconstructor, "loss"),
    "reconstruction_epochs": ("reconstructor", UNetReconstructor, "pretrain_epochs"),
    "training": ("reconstructor", UNetReconstructor, "schedule"),
    "inpaint": ("reconstructor", UNetReconstructor, "inpaint"),
}
_JITTER = ("shift", "noise", "combine")
_MASKING = ("masker", "n_masks", "masks")  # CNNClassifier's; TeaNetClassifier keeps these three
#: Every old keyword a neural classifier may still be given.
OLD_KEYWORDS = frozenset(_IN_SETTINGS) | {*_JITTER, *_MASKING, "augmentation", "mixup_alpha", "max_time"}


def _with(obj, cls, **attrs):
    """A copy of ``obj`` (or of ``cls()`` when it is None) with ``attrs`` set; the caller's object is not changed."""
    copy = cls() if obj is None else clone(obj)
    return copy.set_params(**attrs)


def _new_augmentation(current, old: dict, takes_masking: bool) -> list:
    """The ``augmentation`` list that the old augmentation keywords in ``old`` mean, on top of ``current``."""
    jitter, batch = plan_augmentation(current) if not isinstance(current, str) else (None, None)
    if any(k in old for k in _JITTER):
        jitter = _with(jitter, Jitter, **{k: old[k] for k in _JITTER if k in old})
    kind = old.get("augmentation", "keep")
    if kind == "mixup":
        batch = MixUp()
    elif kind == "cutmix":
        batch = CutMix(masker=old.get("masker"))
    elif kind is None:
        batch = None
    if "mixup_alpha" in old and isinstance(batch, MixUp):
        batch = _with(batch, MixUp, alpha=old["mixup_alpha"])
    masking = {k: old[k] for k in _MASKING if k in old}
    if takes_masking and masking and not isinstance(batch, CutMix | MixUp):
        if masking.get("masker", getattr(batch, "masker", None)) is not None:
            batch = _with(batch, MaskedCopies, **masking)
        elif "masker" in masking:  # masker=None: no masked copies (CNN_Full)
            batch = None
    return [step for step in (jitter, batch) if step is not None]


def translate_old_keywords(estimator, old: dict, stacklevel: int = 3) -> dict:
    """New parameter values for ``estimator`` that mean what the old keywords ``old`` meant, after a FutureWarning.

    Parameters
    ----------
    estimator : BaseNeuralClassifier
        Its current parameters are the starting point (a settings object given
        with the old keywords gets them set on a copy).
    old : dict
        Old keyword -> value.
    stacklevel : int, default=3
        Frames between this function and the user's call, for the warning to point at that call.

    Returns
    -------
    new : dict
        New parameter -> value, to set on the estimator.
    """
    name = type(estimator).__name__
    params = estimator.get_params(deep=False)
    takes_masking = "masker" not in params
    unknown = sorted(k for k in old if k not in OLD_KEYWORDS or (k in _MASKING and not takes_masking))
    unknown += sorted(k for k in old if k in _IN_SETTINGS and _IN_SETTINGS[k][0] not in params)
    if unknown:
        raise TypeError(f"{name} got an unexpected keyword argument {unknown[0]!r}.")
    new, spelled = {}, []
    for key, value in old.items():
        if key in _IN_SETTINGS:
            param, cls, attr = _IN_SETTINGS[key]
            new[param] = _with(new.get(param, params[param]), cls, **{attr: value})
            spelled.append(f"{key}={value!r} -> {param}={cls.__name__}({attr}={value!r})")
    augmentation_keys = [k for k in old if k in (*_JITTER, "augmentation", "mixup_alpha") or k in _MASKING]
    if isinstance(params.get("augmentation"), str) and "augmentation" not in old:
        old, augmentation_keys = {**old, "augmentation": params["augmentation"]}, ["augmentation", *augmentation_keys]
    if augmentation_keys:
        steps = _new_augmentation(params["augmentation"], old, takes_masking)
        new["augmentation"] = steps[0] if len(steps) == 1 else steps or None
        given = ", ".join(f"{k}={old[k]!r}" for k in augmentation_keys)
        spelled.append(f"{given} -> augmentation={new['augmentation']!r}")
    if "max_time" in old:
        kept = [cb for cb in params["callbacks"] or [] if not isinstance(cb, TimeBudget)]
        new["callbacks"] = kept + ([TimeBudget(old["max_time"])] if old["max_time"] is not None else [])
        spelled.append(
            f"max_time={old['max_time']!r} -> callbacks=[TimeBudget({old['max_time']!r})] (sklearn_teanet.training)"
        )
    warnings.warn(
        f"{name}: keywords of 0.2 are read for one more release and go in 0.4; write "
        + "; ".join(spelled)
        + ". Grid-search their settings as part__name (e.g. module__channels).",
        FutureWarning,
        stacklevel=stacklevel,
    )
    return new
