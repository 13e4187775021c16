"""Model files: a fitted estimator with what is needed to apply it next week, in a fresh process."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from ..utils._atomic import replacing

__all__ = ["save_model", "load_model", "ModelFileError"]

_FORMAT = "sklearn-teanet model"


class ModelFileError(ValueError):
    """A model file that cannot be loaded; the message names the file and the problem."""


def _version() -> str:
    from .. import __version__

    return __version__


def save_model(model, path: str | os.PathLike, **metadata) -> Path:
    """Write a fitted estimator (or pipeline, or :class:`SpectrumIdentifier`) to ``path``.

    The file holds the estimator, its preprocessing and classes as fitted, the
    package, scikit-learn and torch versions, and ``metadata`` (for example the
    library's path and wavenumber range). It is written to a temporary file
    first and renamed, so an interrupted save never leaves a half-written model.

    Files are pickles: load only files you trust. (skops' safe format does not
    yet accept the torch modules of the neural classifiers.)

    Parameters
    ----------
    model : fitted estimator
        A fitted estimator, pipeline or SpectrumIdentifier.
    path : path-like
        The file; missing folders on its way are created.
    **metadata
        Extra facts to keep with the model; read them back as ``load_model(path, metadata=True)``.

    Returns
    -------
    path : Path
    """
    import sklearn
    import torch
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(model)  # an unfitted model would fail only later, when someone identifies with it
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; pass a file name for the model, e.g. {path / 'model.pkl'}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": _FORMAT,
        "version": _version(),
        "sklearn": sklearn.__version__,
        "torch": torch.__version__,
        "metadata": metadata,
        "model": model,
    }
    with replacing(path) as temporary, open(temporary, "wb") as out:
        pickle.dump(payload, out, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def load_model(path: str | os.PathLike, metadata: bool = False):
    """Read a model written by :func:`save_model`.

    Parameters
    ----------
    path : path-like
        A file that save_model wrote.
    metadata : bool, default=False
        Also return the file's facts (versions and the ``metadata`` saved with it).

    Returns
    -------
    model : fitted estimator
    info : dict
        Only with ``metadata=True``.

    Raises
    ------
    ModelFileError
        For a missing, truncated, corrupt or foreign file, or one written by an
        incompatible version of the package; the message names the file.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"{path}: {'a folder, not' if path.is_dir() else 'no such'} model file.")
    try:
        with open(path, "rb") as handle:
            payload = pickle.load(handle)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError, ValueError) as error:
        raise ModelFileError(
            f"{path}: not a readable model file (truncated or corrupt?): {type(error).__name__}: {error}"
        ) from None
    if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
        raise ModelFileError(f"{path}: not a sklearn-teanet model file (write one with save_model).")
    written, running = payload["version"], _version()
    if written.split(".")[:2] != running.split(".")[:2]:
        raise ModelFileError(
            f"{path}: written by sklearn-teanet {written}, which this version ({running}) "
            f"cannot read; train the model again, or install sklearn-teanet=={written}."
        )
    if metadata:
        info = {k: v for k, v in payload.items() if k != "model"}
        return payload["model"], info
    return payload["model"]
