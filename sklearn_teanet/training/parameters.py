"""A neural classifier's parameters: the shared ones declared once, nested settings parts, the keywords of 0.2."""

from __future__ import annotations

import inspect

from ..utils._settings import with_implicit_parts
from .old_keywords import OLD_KEYWORDS, translate_old_keywords

__all__ = ["SHARED_PARAMETERS", "SettingsPartsMixin", "with_shared_parameters"]


def _shared(
    *,
    max_epochs: int | str = "auto",
    batch_size: int | str = "auto",
    lr: float = 1e-3,
    lr_schedule: str = "cosine",
    validation_fraction: float = 0.0,
    refit: bool = False,
    callbacks: list | None = None,
    precision: str = "fp32",
    device: str | torch.device = "cpu",  # noqa: F821 (an annotation only: this module needs no torch)
    n_threads: int | None = None,
    class_weight: dict | str | None = None,
    random_state=None,
    verbose: int = 0,
) -> None:
    """The parameters every neural classifier shares: names, defaults and types, declared here once
    (constrained once in ``BaseNeuralClassifier``, documented once in ``docstrings.SHARED_PARAMETERS_DOC``)."""


#: Name -> ``inspect.Parameter`` (keyword-only, with its default) of each shared parameter.
SHARED_PARAMETERS: dict[str, inspect.Parameter] = dict(inspect.signature(_shared).parameters)


def with_shared_parameters(cls: type) -> type:
    """Give ``cls.__init__(self, <own parameters>, **params)`` the signature that lists the shared parameters
    after its own, and the keywords of 0.2 as ``**old_keywords``: what ``get_params``, ``clone``, ``help()``
    and the API pages read."""
    own = [p for p in inspect.signature(cls.__init__).parameters.values() if p.kind is not p.VAR_KEYWORD]
    old = inspect.Parameter("old_keywords", inspect.Parameter.VAR_KEYWORD)
    cls.__init__.__signature__ = inspect.Signature([*own, *SHARED_PARAMETERS.values(), old])
    return cls


class SettingsPartsMixin:
    """``set_params`` that creates a settings part left at None before a nested name sets it, and reads the
    keywords of 0.2 (also in ``__init__``, through :meth:`_take_old_keywords`)."""

    #: Settings objects that ``part__name`` may set while the part is None (None means their defaults).
    _implicit_parts: dict = {}

    def _set_shared(self, params: dict) -> None:
        """In ``__init__``: set the shared parameters from ``params`` (their defaults where absent), then
        what the keywords of 0.2 left in ``params`` mean, with a FutureWarning."""
        for name, parameter in SHARED_PARAMETERS.items():
            setattr(self, name, params.pop(name, parameter.default))
        if params or isinstance(self.augmentation, str):
            for key, value in translate_old_keywords(self, params, stacklevel=5).items():
                setattr(self, key, value)

    def set_params(self, **params):
        """Set parameters, nested ones as ``part__name`` (e.g. ``reconstructor__depth``).

        A settings part left at None (meaning its defaults) is created first, so
        ``GridSearchCV`` over ``masker__tau`` or ``module__channels`` works from
        the defaults. The keywords of 0.2 (``reconstruction_depth``, ``shift``,
        ...) still set what they set, with a FutureWarning that names the new spelling.

        Parameters
        ----------
        **params
            Parameters by name.

        Returns
        -------
        self
        """
        own = self.get_params(deep=False)
        old = {k: params.pop(k) for k in list(params) if k in OLD_KEYWORDS and k not in own}
        if isinstance(params.get("augmentation"), str):
            old["augmentation"] = params.pop("augmentation")
        params = with_implicit_parts(self, params, self._implicit_parts)
        super().set_params(**params)
        if old:
            for key, value in translate_old_keywords(self, old).items():
                setattr(self, key, value)
        return self
