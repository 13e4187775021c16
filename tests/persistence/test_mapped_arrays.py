"""A model file's large arrays, mapped from the file when loaded: equal results, nothing read twice, and files
whose index or members do not fit the model refused, named."""

import json
import pickle
import struct
import zipfile

import numpy as np
import pytest

from sklearn_teanet import LorentzSpectraGenerator, SpectrumIdentifier, load_model, save_model
from sklearn_teanet.identification import library_model
from sklearn_teanet.paper import make_method
from sklearn_teanet.persistence import ModelFileError, mapped_arrays

GRID = np.linspace(400, 4000, 64)


@pytest.fixture(scope="module")
def identifier():
    data = LorentzSpectraGenerator(n_classes=5, n_samples_per_class=4, n_points=64, theta=10, random_state=0)
    data = data.generate()
    X = [(GRID, row) for row in data.data]
    model = SpectrumIdentifier(library_model(make_method("correlation"), GRID), random_state=0)
    return model.fit(X, np.array(["quartz", "calcite", "talc", "mica", "halite"])[data.target]), X


@pytest.fixture
def mapped_file(identifier, tmp_path, monkeypatch):
    monkeypatch.setattr(mapped_arrays, "MIN_BYTES", 1024)  # the test library's matrices are a few kB
    return save_model(identifier[0], tmp_path / "model.skops")


def _index(path):
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read(mapped_arrays.INDEX))


def _rewrite(path, changes: dict[str, bytes]):
    """The zip at ``path`` with the members in ``changes`` replaced (stored, unaligned)."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members.update(changes)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_large_arrays_are_mapped_read_only_and_aligned_and_give_the_same_hits(identifier, mapped_file):
    model, X = identifier
    paths = [where for entry in _index(mapped_file) for where in entry["paths"]]
    assert [["key", "model"], ["attr", "library_"]] in paths and [
        ["key", "model"],
        ["attr", "library_display_"],
    ] in paths
    loaded = load_model(mapped_file)
    for name in ("library_", "library_display_"):
        array = getattr(loaded, name)
        np.testing.assert_array_equal(array, getattr(model, name))
        assert not array.flags.writeable and array.ctypes.data % 64 == 0
    assert loaded.identify(X[:4]).equals(model.identify(X[:4]))
    # The model saved was given its arrays back, and a loaded one pickles whole (dask sends it so).
    assert model.library_.flags.writeable and len(model.library_) == len(X)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(loaded)).library_, model.library_)


def test_one_array_met_twice_is_stored_once_with_both_paths(identifier, tmp_path, monkeypatch):
    monkeypatch.setattr(mapped_arrays, "MIN_BYTES", 1024)
    shared = np.arange(4096, dtype=np.float64)
    path = save_model(identifier[0], tmp_path / "m.skops", first=shared, second=shared)
    (entry,) = [e for e in _index(path) if ["key", "metadata"] in e["paths"][0]]
    assert sorted(p[-1][1] for p in entry["paths"]) == ["first", "second"]
    _, info = load_model(path, metadata=True)
    np.testing.assert_array_equal(info["metadata"]["first"], shared)
    assert info["metadata"]["second"] is info["metadata"]["first"]


def test_a_model_file_that_is_resaved_after_loading_maps_again(mapped_file, tmp_path):
    loaded = load_model(mapped_file)
    again = load_model(save_model(loaded, tmp_path / "again.skops"))
    np.testing.assert_array_equal(again.library_, loaded.library_)
    assert not again.library_.flags.writeable


def test_a_failed_save_gives_the_model_its_arrays_back(identifier, tmp_path, monkeypatch):
    model = identifier[0]
    library = model.library_
    monkeypatch.setattr(mapped_arrays, "MIN_BYTES", 1024)
    with pytest.raises(ValueError, match="could not load it back"):
        save_model(model, tmp_path / "m.skops", bad=object())  # metadata the safe format refuses
    assert model.library_ is library


def _first_member(path):
    return _index(path)[0]["member"]


def _npy(array) -> bytes:
    import io

    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=True)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda p: {mapped_arrays.INDEX: b'{"not": "a list"}'}, "not a list of members and paths"),
        (lambda p: {mapped_arrays.INDEX: json.dumps([{"member": "mapped/9.npy", "paths": []}]).encode()}, "mapped/9"),
        (
            lambda p: {
                mapped_arrays.INDEX: json.dumps(
                    [{"member": _first_member(p), "paths": [[["key", "model"], ["attr", "classes_"]]]}]
                ).encode()
            },
            "holds no empty",
        ),
        (
            lambda p: {
                mapped_arrays.INDEX: json.dumps(
                    [{"member": _first_member(p), "paths": [[["key", "model"], ["attr", "__class__"]]]}]
                ).encode()
            },
            "the model does not have",
        ),
        (
            lambda p: {
                mapped_arrays.INDEX: json.dumps(
                    [{"member": _first_member(p), "paths": [[["key", "model"], ["attr", "no_such_"]]]}]
                ).encode()
            },
            "the model does not have",
        ),
        (lambda p: {_first_member(p): _npy(np.array([object()] * 3))}, "not numbers"),
        (lambda p: {_first_member(p): _npy(np.zeros(3, dtype=[("a", "<f4")]))}, "not numbers"),
        (lambda p: {_first_member(p): _npy(np.zeros((400, 64), np.float32))[:-100]}, "shorter than"),
        (lambda p: {_first_member(p): b"\x93NUMPY garbage"}, "damaged model file"),
    ],
    ids=[
        "index",
        "missing member",
        "non-empty target",
        "dunder",
        "unknown attribute",
        "object",
        "structured",
        "cut",
        "garbage",
    ],
)
def test_an_index_or_member_that_does_not_fit_the_model_is_refused_named(mapped_file, damage, message):
    _rewrite(mapped_file, damage(mapped_file))
    with pytest.raises(ModelFileError, match=message) as error:
        load_model(mapped_file)
    assert str(mapped_file) in str(error.value)


def test_a_compressed_member_is_refused(mapped_file):
    member = _first_member(mapped_file)
    with zipfile.ZipFile(mapped_file) as archive:
        members = {info.filename: (archive.read(info), info.compress_type) for info in archive.infolist()}
    with zipfile.ZipFile(mapped_file, "w") as archive:
        for name, (data, kind) in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED if name == member else kind)
    with pytest.raises(ModelFileError, match="compressed"):
        load_model(mapped_file)


def test_an_unaligned_member_still_loads_as_a_copy(identifier, mapped_file, monkeypatch):
    # _rewrite writes members without padding; a one-byte member first moves every array off its alignment.
    _rewrite(mapped_file, {"aaa.txt": b"x"})
    with zipfile.ZipFile(mapped_file) as archive:
        info = archive.getinfo(_first_member(mapped_file))
    with open(mapped_file, "rb") as file:
        file.seek(info.header_offset + 26)
        assert struct.unpack("<HH", file.read(4))[1] == 0  # no padding field left
    copies = []
    monkeypatch.setattr(mapped_arrays, "_aligned_or_copy", lambda a: copies.append(a) or a.copy())
    loaded = load_model(mapped_file)
    np.testing.assert_array_equal(loaded.library_, identifier[0].library_)
    assert copies and loaded.library_.flags.aligned


def test_the_arrays_of_a_file_written_by_save_model_are_never_copied(mapped_file, monkeypatch):
    copies = []
    monkeypatch.setattr(mapped_arrays, "_aligned_or_copy", lambda a: copies.append(a) or a.copy())
    load_model(mapped_file)
    assert copies == []
