"""Augmentation of the training batches besides TeaNet's own: each kind a settings object.

An estimator's ``augmentation`` takes one of them or a list: at most one
:class:`Jitter` (applied to each spectrum first) and at most one batch-level
kind (:class:`MixUp`, :class:`CutMix`, :class:`MaskedCopies`).
"""

from __future__ import annotations

from typing import NamedTuple

from .cutmix import CutMix
from .jitter import Jitter, plain_augment, same_class_partners
from .masked_copies import MaskedCopies
from .mixup import MixUp

__all__ = ["CutMix", "Jitter", "MaskedCopies", "MixUp", "AugmentationPlan", "plan_augmentation"]
__all__ += ["plain_augment", "same_class_partners"]

KINDS = (Jitter, MixUp, CutMix, MaskedCopies)


class AugmentationPlan(NamedTuple):
    """An ``augmentation`` parameter taken apart: the jitter of each spectrum and the batch-level kind."""

    jitter: Jitter | None
    batch: MixUp | CutMix | MaskedCopies | None


def plan_augmentation(value, allowed: tuple[type, ...] = KINDS) -> AugmentationPlan:
    """Check an ``augmentation`` parameter (None, one object or a list) and take it apart.

    Raises
    ------
    ValueError
        Naming ``augmentation`` and what is wrong with it: an unknown or unsupported kind, two of a
        kind, two batch-level kinds, or a bad setting of one (named with its class).
    """
    steps = [] if value is None else list(value) if isinstance(value, list | tuple) else [value]
    names = ", ".join(kind.__name__ for kind in allowed)
    jitter = batch = None
    for step in steps:
        if not isinstance(step, allowed):
            raise ValueError(f"augmentation takes None, or one or a list of {names}; got {step!r}.")
        step.checked()
        if isinstance(step, Jitter):
            if jitter is not None:
                raise ValueError(f"augmentation holds two Jitter steps ({jitter!r}, {step!r}); merge them into one.")
            jitter = step
        elif batch is not None:
            raise ValueError(
                f"augmentation holds two batch-level kinds ({batch!r}, {step!r}); at most one of MixUp, CutMix "
                "and MaskedCopies, beside a Jitter."
            )
        else:
            batch = step
    return AugmentationPlan(jitter, batch)
