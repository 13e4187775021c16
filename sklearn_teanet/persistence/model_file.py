"""Model files: a fitted estimator with what is needed to apply it next week, in a fresh process.

Two formats:

- **safe** (the default): a `skops <https://skops.readthedocs.io>`_ file, a zip of
  JSON and arrays. :func:`load_model` first reads its schema as plain JSON and
  refuses it, before any module is imported or any object built, unless every
  object in it is of a node kind and an exact type that the package's own model
  files hold (``persistence.model_schema``); what it builds
  is then checked to be a consistent fitted model. The networks' weights are
  stored as arrays, read without pickle. Arrays of 16 MB and more (a large
  library) are stored beside skops's members and mapped from the file, read-only,
  when loaded (``persistence.mapped_arrays``).
- **pickle**: Python's own, which can hold any estimator, and whose loading can
  run any code the file holds. :func:`load_model` reads one only with
  ``trust_pickle=True``.
"""

from __future__ import annotations

import os
import pickle
import re
import zipfile
from pathlib import Path

from ..utils._atomic import replacing
from .mapped_arrays import MappedArrayError, attach_mapped, detached, write_mapped
from .model_schema import UnsafeModelFile, check_schema

__all__ = ["save_model", "load_model", "ModelFileError", "FORMATS"]

_FORMAT = "sklearn-teanet model"
#: The file formats of :func:`save_model`.
FORMATS = ("safe", "pickle")
#: The payload's facts beside the model, and their types.
_PAYLOAD = {"format": str, "version": str, "sklearn": str, "torch": str, "metadata": dict}


class ModelFileError(ValueError):
    """A model file that cannot be loaded; the message names the file and the problem."""


def _version() -> str:
    from .._version import __version__

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
            with detached(payload) as mapped:
                _skops_io().dump(payload, temporary)
            write_mapped(temporary, mapped)
            # What load_model would refuse is not written: the file at ``path`` keeps what it held. The schema
            # is what it checks before building anything; building the model again would double a large
            # library's memory.
            try:
                check_schema(temporary)
            except UnsafeModelFile as error:
                reason = f"refused to load: {error}"
                raise ValueError(
                    f"Not saved to {path}: the safe format could not load it back ({reason}). Keep metadata to "
                    "strings, numbers and arrays, and the model to this package's estimators, or use "
                    "format='pickle'."
                ) from None
        else:
            with open(temporary, "wb") as out:
                pickle.dump(payload, out, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _skops_io():
    """``skops.io``, imported without the walk over every scikit-learn estimator that its import makes (2 of the
    4 seconds an ``identify`` of one file took to start).

    skops lists those estimators as the types it trusts by default. This package never loads on that default:
    it passes the types its own schema check allowed (``check_schema``), so while skops is imported the walk is
    given nothing, and skops's default trust is then narrower, never wider.
    """
    import sys

    if "skops.io" not in sys.modules:
        import sklearn.utils

        walk = sklearn.utils.all_estimators
        sklearn.utils.all_estimators = lambda *args, **kwargs: []
        try:
            import skops.io  # noqa: F401
        finally:
            sklearn.utils.all_estimators = walk
    return sys.modules["skops.io"]


def _load_safe(path: Path):
    # Read from the file, not from its bytes held in memory: a 100,000-spectrum model would be held twice. The
    # file is read twice instead; skops builds only the types the first reading allowed, whatever the second finds.
    try:
        names = check_schema(path)
    except UnsafeModelFile as error:
        raise ModelFileError(
            f"{path}: refused to load: {error}, which no sklearn-teanet model holds (a file that builds other "
            "objects could run code). Load only model files written by save_model."
        ) from None
    except (zipfile.BadZipFile, KeyError, ValueError, RecursionError) as error:
        raise ModelFileError(f"{path}: not a readable model file (truncated or corrupt?): {error}") from None
    try:
        payload = _skops_io().load(path, trusted=names)
    except Exception as error:
        raise ModelFileError(f"{path}: not a readable model file (truncated or corrupt?): {error}") from None
    try:
        attach_mapped(payload, path)
    except (MappedArrayError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ModelFileError(f"{path}: damaged model file: {error}") from None
    return payload


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
    with open(path, "rb") as file:
        magic = file.read(4)
    if magic == b"PK\x03\x04":  # a zip, as skops writes (a cut one fails in _load_safe, named)
        payload = _load_safe(path)
    elif magic[:1] == b"\x80":
        payload = _load_pickle(path, path.read_bytes(), trust_pickle)
    else:
        raise ModelFileError(f"{path}: not a sklearn-teanet model file (write one with save_model).")
    if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
        raise ModelFileError(f"{path}: not a sklearn-teanet model file (write one with save_model).")
    _check_payload(path, payload)
    if metadata:
        info = {k: v for k, v in payload.items() if k != "model"}
        return payload["model"], info
    return payload["model"]


def _check_payload(path: Path, payload: dict) -> None:
    """A model file's facts and model, checked before anyone uses them: a damaged file fails here, named."""
    # The version first: a file of another version may lack facts this one writes.
    _check_fact(path, payload, "version", str)
    written, running = payload["version"], _version()
    if not re.fullmatch(r"\d+\.\d+(\.\S*)?", written):
        raise ModelFileError(f"{path}: damaged model file: its version {written!r} is not a version number.")
    if written.split(".")[:2] != running.split(".")[:2]:
        raise ModelFileError(
            f"{path}: written by sklearn-teanet {written}, which this version ({running}) "
            f"cannot read; train the model again, or install sklearn-teanet=={written}."
        )
    for key, kind in {**_PAYLOAD, "model": object}.items():
        _check_fact(path, payload, key, kind)
    problem = model_problem(payload["model"])
    if problem:
        raise ModelFileError(f"{path}: damaged model file: {problem}.")


def _check_fact(path: Path, payload: dict, key: str, kind: type) -> None:
    if key not in payload:
        raise ModelFileError(f"{path}: damaged model file: it has no {key!r}.")
    if not isinstance(payload[key], kind):
        raise ModelFileError(
            f"{path}: damaged model file: its {key!r} is a {type(payload[key]).__name__}, not a {kind.__name__}."
        )


def model_problem(model) -> str | None:
    """What makes a loaded model unusable (unfitted, or parts that disagree), or None."""
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    from ..identification import SpectrumIdentifier

    if not hasattr(model, "fit"):
        return f"it holds a {type(model).__name__}, not an estimator"
    try:
        model.get_params(deep=True)  # every parameter of every part is there
        check_is_fitted(model)
    except NotFittedError:
        return f"its {type(model).__name__} is not fitted"
    except (AttributeError, TypeError, ValueError) as error:
        return f"its {type(model).__name__} is incomplete ({error})"
    if not isinstance(model, SpectrumIdentifier):
        return None
    import numpy as np

    needed = [
        "estimator_",
        "classes_",
        "library_",
        "library_classes_",
        "library_names_",
        "library_display_",
        "shift_points_",
        "search_points_",
        "calibration_scores_",
    ]
    missing = [name for name in needed if not hasattr(model, name)]
    if missing:
        return f"its SpectrumIdentifier lacks {', '.join(missing)}"
    n, classes = len(model.library_), np.asarray(model.classes_)
    sizes = {name: len(getattr(model, name)) for name in ("library_classes_", "library_names_", "library_display_")}
    if any(size != n for size in sizes.values()):
        return f"its library has {n} spectra but {sizes}"
    codes = np.asarray(model.library_classes_)
    if codes.size and (codes.min() < 0 or codes.max() >= len(classes)):
        return f"its library refers to class {int(codes.max())} of only {len(classes)} classes"
    inner = getattr(model.estimator_, "classes_", classes)
    if len(inner) != len(classes) or not np.array_equal(np.asarray(inner), classes):
        return f"its classes ({len(classes)}) are not its classifier's ({len(inner)})"
    return None
