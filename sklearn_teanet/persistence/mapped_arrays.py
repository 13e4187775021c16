"""A model file's large arrays, stored beside skops's members and mapped from the file when loaded.

skops reads every array into memory twice over (the member's bytes, then the
array built from them): a 100,000-spectrum library (1.6 GB) took 3.4 GB and
most of the 6 s an ``identify`` of one file spent. Here the arrays of at least
:data:`MIN_BYTES` are taken out of the model while skops writes it (an empty
array of their dtype stands in), and written after skops's members as plain
``.npy`` members, uncompressed and aligned, listed in :data:`INDEX`. Loading
maps them read-only from the file: nothing is read until the search touches it,
and the operating system's page cache serves a second run.

The index only says where an array goes: each path must end at an empty
stand-in of the same dtype and trailing shape, in a model skops has already
built from the checked schema, and a member must hold a plain numeric ``.npy``
array (no object or structured dtype) within its bounds.
"""

from __future__ import annotations

import json
import mmap
import os
import re
import struct
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

__all__ = ["INDEX", "MIN_BYTES", "detached", "write_mapped", "attach_mapped", "MappedArrayError"]

#: The member that lists the mapped arrays and where each goes.
INDEX = "mapped_arrays.json"
#: Arrays at least this large are mapped; smaller ones stay skops's (most models have none this large).
MIN_BYTES = 16 * 2**20
#: numpy's own alignment of an array's data in an ``.npy`` file, which the member's start keeps.
_ALIGN = 64
#: A zip extra field of padding, as Android's zipalign writes it.
_PADDING_ID = 0xD935
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_KINDS = "biufc"


class MappedArrayError(ValueError):
    """A mapped-array member or index that does not fit the model it belongs to."""


def _is_plain_estimator(obj) -> bool:
    from sklearn.base import BaseEstimator

    # An estimator with its own __getstate__ (the networks) saves another dict than its __dict__, so paths into
    # its __dict__ would not hold in the loaded model.
    kind = type(obj)
    return (
        isinstance(obj, BaseEstimator)
        and kind.__getstate__ is BaseEstimator.__getstate__
        and kind.__setstate__ is BaseEstimator.__setstate__
    )


def _children(obj) -> Iterator[tuple[list, object, object]]:
    """``(step, container, key)`` of every value the walk may enter or replace."""
    if isinstance(obj, dict):
        yield from ((["key", k], obj, k) for k in obj if isinstance(k, str))
    elif isinstance(obj, list | tuple):
        yield from ((["item", i], obj, i) for i in range(len(obj)))
    elif _is_plain_estimator(obj):
        yield from ((["attr", k], vars(obj), k) for k in vars(obj) if _NAME.match(k) and not k.startswith("__"))


def _large(value, min_bytes: int) -> bool:
    return (
        isinstance(value, np.ndarray) and value.dtype.kind in _KINDS and value.ndim >= 1 and value.nbytes >= min_bytes
    )


@contextmanager
def detached(root, min_bytes: int | None = None) -> Iterator[list[tuple[np.ndarray, list]]]:
    """Within the block, every array of ``root`` of at least ``min_bytes`` (None: :data:`MIN_BYTES`) is an empty
    stand-in; yields ``(array, paths)``.

    The arrays are put back when the block ends, whatever happens in it. An
    array met twice (the same object) is listed once, with both paths.
    """
    min_bytes = MIN_BYTES if min_bytes is None else min_bytes
    found: dict[int, tuple[np.ndarray, list]] = {}
    replaced: list[tuple[object, object, np.ndarray]] = []
    seen: set[int] = set()
    stack: list[tuple[object, list]] = [(root, [])]
    try:
        while stack:
            obj, path = stack.pop()
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            for step, container, key in _children(obj):
                value = container[key]
                if _large(value, min_bytes) and not isinstance(container, tuple):
                    found.setdefault(id(value), (value, []))[1].append(path + [step])
                    replaced.append((container, key, value))
                    container[key] = np.empty((0, *value.shape[1:]), value.dtype)
                elif isinstance(value, dict | list | tuple) or _is_plain_estimator(value):
                    stack.append((value, path + [step]))
        yield list(found.values())
    finally:
        for container, key, value in reversed(replaced):
            container[key] = value


def write_mapped(path: str | os.PathLike, arrays: list[tuple[np.ndarray, list]]) -> None:
    """Append ``arrays`` (from :func:`detached`) and their index to the zip at ``path``."""
    if not arrays:
        return
    index = []
    with zipfile.ZipFile(path, "a", allowZip64=True) as archive:
        for k, (array, paths) in enumerate(arrays):
            array = np.ascontiguousarray(array)
            header = _npy_header(array)
            info = zipfile.ZipInfo(f"mapped/{k}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.file_size = len(header) + array.nbytes  # so that zip64 is decided before the header is written
            zip64 = info.file_size * 1.05 > zipfile.ZIP64_LIMIT
            # Pad the local header so that the member, and with numpy's header the array, start on 64 bytes.
            start = archive.start_dir + 30 + len(info.filename.encode()) + 4 + (20 if zip64 else 0)
            pad = -start % _ALIGN
            info.extra = struct.pack("<HH", _PADDING_ID, pad) + bytes(pad)
            with archive.open(info, "w", force_zip64=zip64) as out:
                out.write(header)
                out.write(array.data)
            index.append({"member": info.filename, "paths": paths})
        archive.writestr(INDEX, json.dumps(index))


def _npy_header(array: np.ndarray) -> bytes:
    import io

    buffer = io.BytesIO()
    np.lib.format.write_array_header_2_0(buffer, np.lib.format.header_data_from_array_1_0(array))
    return buffer.getvalue()


def attach_mapped(root, path: str | os.PathLike) -> None:
    """Put the mapped arrays of the file at ``path`` into ``root``, the payload skops built from it.

    Raises
    ------
    MappedArrayError
        For an index, member or path that does not fit (the message says which).
    """
    with zipfile.ZipFile(path) as archive:
        if INDEX not in archive.namelist():
            return
        if archive.getinfo(INDEX).file_size > 2**20:
            raise MappedArrayError(f"its {INDEX} is larger than any model's")
        index = json.loads(archive.read(INDEX))
        if not isinstance(index, list) or not all(
            isinstance(e, dict) and isinstance(e.get("member"), str) and isinstance(e.get("paths"), list) for e in index
        ):
            raise MappedArrayError(f"its {INDEX} is not a list of members and paths")
        members = [archive.getinfo(entry["member"]) for entry in index]
    with open(path, "rb") as file:
        view = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        for entry, info in zip(index, members, strict=True):
            array = _mapped_array(file, view, info)
            for where in entry["paths"]:
                _put(root, where, array, info.filename)


def _mapped_array(file, view: mmap.mmap, info: zipfile.ZipInfo) -> np.ndarray:
    if info.compress_type != zipfile.ZIP_STORED:
        raise MappedArrayError(f"its member {info.filename} is compressed")
    file.seek(info.header_offset)
    local = file.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise MappedArrayError(f"its member {info.filename} has no local header")
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    start = info.header_offset + 30 + name_length + extra_length
    file.seek(start)
    version = np.lib.format.read_magic(file)
    read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    shape, fortran, dtype = read_header(file)
    if dtype.kind not in _KINDS or dtype.fields is not None or dtype.subdtype is not None:
        raise MappedArrayError(f"its member {info.filename} holds a {dtype} array, not numbers")
    offset, count = file.tell(), int(np.prod(shape))
    if offset + count * dtype.itemsize > start + info.file_size or start + info.file_size > len(view):
        raise MappedArrayError(f"its member {info.filename} is shorter than its {shape} array")
    array = np.frombuffer(view, dtype, count, offset).reshape(shape, order="F" if fortran else "C")
    return array if array.flags.aligned else _aligned_or_copy(array)


def _aligned_or_copy(array: np.ndarray) -> np.ndarray:
    # A file written elsewhere may not keep the alignment: numpy then works on a copy (slower, never wrong).
    return array.copy()


def _put(root, where: list, array: np.ndarray, member: str) -> None:
    problem = f"its member {member} goes to {where!r}, which"
    if not isinstance(where, list) or not where:
        raise MappedArrayError(f"{problem} is no path")
    obj = root
    for i, step in enumerate(where):
        options = {tuple(s): (container, key) for s, container, key in _children(obj)}
        if not (isinstance(step, list) and len(step) == 2) or tuple(step) not in options:
            raise MappedArrayError(f"{problem} the model does not have")
        container, key = options[tuple(step)]
        if i < len(where) - 1:
            obj = container[key]
    stand_in = container[key]
    if (
        isinstance(container, tuple)
        or not isinstance(stand_in, np.ndarray)
        or stand_in.shape != (0, *array.shape[1:])
        or stand_in.dtype != array.dtype
    ):
        raise MappedArrayError(f"{problem} holds no empty {array.dtype} array of its shape")
    container[key] = array
