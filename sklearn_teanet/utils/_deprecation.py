"""Names that moved: still importable from their old home for one release, with a FutureWarning."""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Iterable, Mapping

__all__ = ["moved_names"]


def moved_names(old_home: str, names: Iterable[str] | Mapping[str, str], new_home: str) -> Callable[[str], object]:
    """A module ``__getattr__`` that serves ``names`` from ``new_home`` and says where they live now.

    Parameters
    ----------
    old_home : str
        The module the names were imported from (``__name__`` of the caller).
    names : iterable of str, or mapping of old name to new name
        The names that moved (and their new names, where they were renamed too).
    new_home : str
        The module that holds them now, e.g. ``"sklearn_teanet.paper"``.
    """
    names = dict(names) if isinstance(names, Mapping) else {name: name for name in names}

    def __getattr__(name: str):
        if name not in names:
            raise AttributeError(f"module {old_home!r} has no attribute {name!r}")
        warnings.warn(
            f"{old_home}.{name} moved to {new_home}.{names[name]} in 0.3; import it from there "
            "(the old name goes in 0.4).",
            FutureWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(new_home), names[name])

    return __getattr__
