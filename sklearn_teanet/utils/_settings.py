"""Settings objects: a group of parameters that an estimator takes as one, as it takes a masker."""

from __future__ import annotations

from sklearn.base import BaseEstimator

__all__ = ["Settings", "with_implicit_parts"]


def with_implicit_parts(owner: BaseEstimator, params: dict, implicit: dict) -> dict:
    """``params`` for ``owner.set_params``, with each part that a nested ``part__name`` sets while it is None
    created first (None means the part's defaults, e.g. the paper's masker).

    Raises
    ------
    ValueError
        For a nested name under a part that is None and has no default object, naming both.
    """
    own = owner.get_params(deep=False)
    for part in sorted({key.partition("__")[0] for key in params if "__" in key} & set(own)):
        if params.get(part, own[part]) is not None:
            continue
        if part not in implicit:
            first = next(key for key in params if key.startswith(part + "__"))
            raise ValueError(
                f"{type(owner).__name__} has {part}=None, so {first} has nothing to set; give {part} an "
                f"object first, e.g. set_params({part}=..., {first}=...)."
            )
        params = {part: implicit[part](), **params}
    return params


class Settings(BaseEstimator):
    """A set of parameters with no fit: cloned, printed and grid-searched (``owner__part__name``) as estimators
    are, checked against ``_parameter_constraints`` by :meth:`checked`."""

    _parameter_constraints: dict = {}
    #: Parts that ``part__name`` may set while the part is None, and the class that None stands for.
    _implicit_parts: dict = {}

    def checked(self) -> Settings:
        """Check every parameter against its constraints.

        Returns
        -------
        self
            Unchanged; an ``InvalidParameterError`` names the parameter and the class otherwise.
        """
        self._validate_params()
        return self

    def set_params(self, **params) -> Settings:
        """Set parameters, nested ones as ``part__name`` (a part left at None is created first).

        Parameters
        ----------
        **params
            Parameters by name.

        Returns
        -------
        self
        """
        return super().set_params(**with_implicit_parts(self, params, self._implicit_parts))
