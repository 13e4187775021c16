"""Model files: a fitted estimator with what is needed to apply it next week, in a fresh process.

Two formats:

- **safe** (the default): a `skops <https://skops.readthedocs.io>`_ file, a zip of
  JSON and arrays. Loading it builds only the classes it names, and
  :func:`load_model` accepts only classes of this package, scikit-learn, numpy and
  crepes: a file that names anything else (a shell command, ``eval``) is refused
  before anything is built. The networks' weights are stored as arrays.
- **pickle**: Python's own, which can hold any estimator, and whose loading can
  run any code the file holds. :func:`load_model` reads one only with
  ``trust_pickle=True``.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pickle
from pathlib import Path

from ..utils._atomic import replacing

__all__ = ["save_model", "load_model", "ModelFileError", "FORMATS"]

_FORMAT = "sklearn-teanet model"
#: The file formats of :func:`save_model`.
FORMATS = ("safe", "pickle")
#: Modules whose classes a safe model file may name.
_TRUSTED_MODULES = ("sklearn_teanet.", "sklearn.", "numpy.", "crepes.", "scipy.sparse.")


class ModelFileError(ValueError):
    """A model file that cannot be loaded; the message names the file and the problem."""


def _version() -> str:
    from .. import __version__

    return __version__


def save_model(model, path: str | os.PathLike, *, format: str = "safe", **metadata) -> Path:
    """Write a fitted estimator (or pipeline, or :class:`~sklearn_teanet.SpectrumIdentifier`) to ``path``.

    The file holds the estimator, its preprocessing and classes as fitted, the
    package, scikit-learn and torch versions, and ``metadata`` (for example the
    library's path). It is written to a temporary file first and renamed, so an
    interrupted save never leaves a half-written model.

    Parameters
    ----------
    model : fitted estimator
        A fitted estimator, pipeline or SpectrumIdentifier.
    path : path-like
        The file; missing folders on its way are created.
    format : {"safe", "pickle"}, default="safe"
        "safe" writes a skops file, which loads without running code; "pickle"
        a pickle, which can hold anything but runs code when loaded.
    **metadata
        Extra facts to keep with the model (strings, numbers, arrays); read
        them back as ``load_model(path, metadata=True)``.

    Returns
    -------
    path : Path
    """
    import sklearn
    import torch
    from sklearn.utils.validation import check_is_fitted

    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {format!r}.")
    check_is_fitted(model)  # an unfitted model would fail only later, when someone identifies with it
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; pass a file name for the model, e.g. {path / 'model.skops'}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": _FORMAT,
        "version": _version(),
        "sklearn": sklearn.__version__,
        "torch": torch.__version__,
        "metadata": metadata,
        "model": model,
    }
    with replacing(path) as temporary:
        if format == "safe":
            import skops.io

            skops.io.dump(payload, temporary)
        else:
            with open(temporary, "wb") as out:
                pickle.dump(payload, out, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _trusted(name: str) -> bool:
    """Whether a safe file may build ``name``: a class of a trusted module (never a function)."""
    if not name.startswith(_TRUSTED_MODULES):
        return False
    module, _, attribute = name.rpartition(".")
    try:
        return inspect.isclass(getattr(importlib.import_module(module), attribute))
    except (ImportError, AttributeError):
        return False


def _load_safe(path: Path, data: bytes):
    import skops.io

    try:
        names = skops.io.get_untrusted_types(data=data)
    except Exception as error:  # skops raises several kinds on a damaged schema
        raise ModelFileError(f"{path}: not a readable model file (truncated or corrupt?): {error}") from None
    refused = [name for name in names if not _trusted(name)]
    if refused:
        raise ModelFileError(
            f"{path}: refused to load: it names {', '.join(refused[:5])}, which no sklearn-teanet model holds "
            "(a file that builds other objects could run code). Load only model files written by save_model."
        )
    try:
        return skops.io.loads(data, trusted=names)
    except Exception as error:
        raise ModelFileError(f"{path}: not a readable model file (truncated or corrupt?): {error}") from None


def _load_pickle(path: Path, data: bytes, trust_pickle: bool):
    if not trust_pickle:
        raise ModelFileError(
            f"{path} is a pickle: loading it runs whatever code the file holds. Load it only if you trust "
            "where it came from, with load_model(..., trust_pickle=True) (identify --trust-pickle), and save "
            "it again in the safe format (save_model's default)."
        )
    try:
        return pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError, ValueError) as error:
        raise ModelFileError(
            f"{path}: not a readable model file (truncated or corrupt?): {type(error).__name__}: {error}"
        ) from None


def load_model(path: str | os.PathLike, metadata: bool = False, trust_pickle: bool = False):
    """Read a model written by :func:`save_model`.

    Parameters
    ----------
    path : path-like
        A file that save_model wrote.
    metadata : bool, default=False
        Also return the file's facts (versions and the ``metadata`` saved with it).
    trust_pickle : bool, default=False
        Read a pickle, which runs any code it holds; without it a pickle is refused.

    Returns
    -------
    model : fitted estimator
    info : dict
        Only with ``metadata=True``.

    Raises
    ------
    ModelFileError
        For a missing, truncated, corrupt or foreign file, a safe file that
        names other classes than a model's, an untrusted pickle, or a file
        written by an incompatible version of the package; the message names
        the file.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"{path}: {'a folder, not' if path.is_dir() else 'no such'} model file.")
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":  # a zip, as skops writes (a cut one fails in _load_safe, named)
        payload = _load_safe(path, data)
    elif data[:1] == b"\x80":
        payload = _load_pickle(path, data, trust_pickle)
    else:
        raise ModelFileError(f"{path}: not a sklearn-teanet model file (write one with save_model).")
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
