"""Safe model files build only what the package's own model files hold (issue 37, points 1-5)."""

import io
import json
import subprocess
import sys
import zipfile

import numpy as np
import pytest
from sklearn.base import clone
from test_common import ESTIMATORS

from sklearn_teanet import (
    CNNClassifier,
    Jitter,
    LorentzSpectraGenerator,
    MixUp,
    SpectrumIdentifier,
    load_model,
    save_model,
)
from sklearn_teanet.identification import library_model
from sklearn_teanet.paper import METHODS, make_method, network_params
from sklearn_teanet.persistence import ALLOWED_NODES, MODEL_CLASSES, ModelFileError, schema_types

GRID = np.linspace(400, 4000, 64)
PREPROCESSING = [{}, dict(despike=True, baseline="asls", smooth=5, derivative=2, ranges=[(500, 1500), (2000, 3800)])]


@pytest.fixture(scope="module")
def library():
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=4, n_points=64, theta=10, random_state=0)
    data = data.generate()
    return data.data, np.array(["quartz", "calcite", "talc", "mica"])[data.target]


def _written_types(model, tmp_path) -> set:
    return schema_types(save_model(model, tmp_path / "model.skops").read_bytes())


def _tiny(method):
    params = network_params(method, "small", epochs=2)
    if method in ("cwgan", "dagan", "ltsa"):
        params["generator_epochs"] = 1
    return make_method(method, random_state=0, **params)


@pytest.fixture(scope="module")
def written(library, tmp_path_factory):
    """Every (node kind, type) that save_model writes for the models train and the API make."""
    X, y = library
    tmp, found = tmp_path_factory.mktemp("inventory"), set()
    for method in sorted(METHODS):
        for options in PREPROCESSING if method == "correlation" else PREPROCESSING[:1]:
            model = library_model(_tiny(method), GRID, **options)
            found |= _written_types(SpectrumIdentifier(model, random_state=0).fit([(GRID, r) for r in X], y), tmp)
    # The settings a user may give that no method of train uses.
    jittered = CNNClassifier(augmentation=[Jitter(shift=1, noise=0.01), MixUp()], max_epochs=1, random_state=0)
    for estimator in [*ESTIMATORS, jittered]:
        estimator = clone(estimator)
        try:
            estimator.fit(X, y)
        except TypeError:  # transformers without y
            estimator.fit(X)
        found |= _written_types(estimator, tmp)
    return found


@pytest.mark.slow  # a subprocess or a real fit: in make test, not test-fast
def test_the_allowlist_is_exactly_what_the_package_writes(written):
    allowed = {(kind, name) for kind, names in ALLOWED_NODES.items() for name in names}
    assert written <= allowed, f"written but refused on load: {sorted(written - allowed)}"
    # No class is trusted that no model holds.
    assert {name for kind, name in written if kind == "ObjectNode"} == set(MODEL_CLASSES)


def _model_file(library, tmp_path) -> dict:
    """The files of a good safe model, to tamper with."""
    X, y = library
    path = save_model(SpectrumIdentifier(random_state=0).fit(X, y), tmp_path / "good.skops")
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _write(files: dict, schema, path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in {**files, "schema.json": json.dumps(schema).encode()}.items():
            archive.writestr(name, content)
    path.write_bytes(buffer.getvalue())
    return path


def _with_model(files, node, path):
    schema = json.loads(files["schema.json"])
    schema["content"]["model"] = node
    return _write(files, schema, path)


def _json(value):
    kind = type(value).__name__
    return {
        "__class__": kind,
        "__module__": "builtins",
        "__loader__": "JsonNode",
        "content": json.dumps(value),
        "is_json": True,
    }


def _args(*values):
    return {
        "__class__": "tuple",
        "__module__": "builtins",
        "__loader__": "TupleNode",
        "content": [_json(v) for v in values],
    }


CRAFTED = {
    # 1. A class re-exported by an allowed package, built from its constructor's arguments.
    "popen": lambda marker: {
        "__class__": "Popen",
        "__module__": "numpy.distutils.fcompiler.gnu",
        "__loader__": "ConstructorFromReduceNode",
        "content": {
            "__class__": "tuple",
            "__module__": "builtins",
            "__loader__": "TupleNode",
            "content": [
                {
                    "__class__": "list",
                    "__module__": "builtins",
                    "__loader__": "ListNode",
                    "content": [_json("touch"), _json(str(marker))],
                }
            ],
        },
    },
    "subprocess": lambda marker: {
        "__class__": "Popen",
        "__module__": "subprocess",
        "__loader__": "ConstructorFromReduceNode",
        "content": _args(["touch", str(marker)]),
    },
    # 2. numpy.memmap in write mode truncates the file it is given.
    "memmap": lambda victim: {
        "__class__": "memmap",
        "__module__": "numpy",
        "__loader__": "ConstructorFromReduceNode",
        "content": _args(str(victim), "uint8", "w+", 0, [1]),
    },
    "memmap_object": lambda victim: {"__class__": "memmap", "__module__": "numpy", "__loader__": "ObjectNode"},
    # 3. A module whose import runs a program (f2py's command line).
    "f2py_main": lambda _: {"__class__": "X", "__module__": "numpy.f2py.__main__", "__loader__": "ObjectNode"},
    "function": lambda _: {
        "__class__": "function",
        "__module__": "os",
        "__loader__": "FunctionNode",
        "content": {"module_path": "os", "function": "system"},
    },
}


@pytest.mark.parametrize("attack", sorted(CRAFTED))
def test_a_crafted_file_is_refused_before_any_module_is_imported_or_anything_built(attack, library, tmp_path):
    target = tmp_path / "victim.txt"
    target.write_text("precious data")
    path = _with_model(_model_file(library, tmp_path), CRAFTED[attack](target), tmp_path / "crafted.skops")
    # A fresh process, so that "imported nothing" is measured and not hidden by earlier imports.
    code = (
        "import sys\nfrom sklearn_teanet import load_model\n"
        f"try:\n    load_model({str(path)!r})\nexcept ValueError as e:\n    print('REFUSED', e)\n"
        "print('IMPORTED', sorted(set(sys.modules) & {'numpy.f2py.__main__', 'numpy.distutils.fcompiler.gnu'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120).stdout
    assert "REFUSED" in out and "crafted.skops: refused to load: it names" in out, out
    assert "IMPORTED []" in out, out
    assert target.read_text() == "precious data"
    assert not (tmp_path / "touch").exists()


def test_identify_refuses_a_crafted_file_and_runs_nothing(library, tmp_path, capsys):
    from sklearn_teanet.cli import main

    marker = tmp_path / "ran"
    path = _with_model(_model_file(library, tmp_path), CRAFTED["subprocess"](marker), tmp_path / "crafted.skops")
    unknown = tmp_path / "unknown.txt"
    np.savetxt(unknown, np.column_stack([GRID, library[0][0]]))
    assert main(["identify", str(unknown), "--model", str(path), "--out", str(tmp_path / "out")]) != 0
    assert "refused to load" in capsys.readouterr().err
    assert not marker.exists()


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda s: s["content"].__setitem__("version", {**_json(3), "__class__": "int"}), "'version' is a int"),
        (lambda s: s["content"].pop("version"), "has no 'version'"),
        (lambda s: s["content"].__setitem__("version", _json("x.y")), "version 'x.y' is not a version number"),
        (lambda s: s["content"].pop("model"), "has no 'model'"),
    ],
)
def test_a_damaged_payload_is_named(change, message, library, tmp_path):
    files = _model_file(library, tmp_path)
    schema = json.loads(files["schema.json"])
    change(schema)
    with pytest.raises(ModelFileError, match=f"damaged.skops: damaged model file: .*{message}"):
        load_model(_write(files, schema, tmp_path / "damaged.skops"))


def _identifier_state(schema) -> dict:
    return schema["content"]["model"]["content"]["content"]


def test_an_identifier_whose_parts_disagree_is_named_at_load(library, tmp_path):
    files = _model_file(library, tmp_path)
    schema = json.loads(files["schema.json"])
    _identifier_state(schema).pop("library_")
    with pytest.raises(ModelFileError, match="damaged model file: its SpectrumIdentifier lacks library_"):
        load_model(_write(files, schema, tmp_path / "no_library.skops"))
    # classes_ cut from 4 to 2: the library still refers to the other two.
    schema = json.loads(files["schema.json"])
    classes = _identifier_state(schema)["classes_"]
    path = _write(files, schema, tmp_path / "cut.skops")
    with zipfile.ZipFile(path) as archive:
        array = np.load(io.BytesIO(archive.read(classes["file"])), allow_pickle=False)
    buffer = io.BytesIO()
    np.save(buffer, array[:2], allow_pickle=False)
    files_cut = {**files, classes["file"]: buffer.getvalue()}
    with pytest.raises(ModelFileError, match="cut.skops: damaged model file: its library refers to class 3 of only 2"):
        load_model(_write(files_cut, schema, path))


def test_what_cannot_be_loaded_is_not_saved_and_the_old_file_is_kept(library, tmp_path):
    X, y = library
    model = SpectrumIdentifier(random_state=0).fit(X, y)
    path = save_model(model, tmp_path / "model.skops")
    before = path.read_bytes()
    with pytest.raises(ValueError, match="Not saved to .*model.skops: the safe format could not load it back"):
        save_model(model, path, note=lambda: 1)
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name != "model.skops"]
    assert load_model(path).classes_.tolist() == sorted(set(y))
