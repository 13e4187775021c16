"""Property-based tests of the model-file loader: a tampered file loads as a model or is refused with a
ModelFileError naming it; nothing else happens (issue 37, point 5). ``make test-properties`` runs them at length."""

import functools
import io
import json
import zipfile

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sklearn_teanet import SpectrumIdentifier, load_model, save_model
from sklearn_teanet.persistence import ModelFileError

#: What an attacker would name: code runners, file writers, modules whose import runs a program, real model parts.
NAMES = [
    ("subprocess", "Popen"),
    ("os", "system"),
    ("builtins", "eval"),
    ("numpy", "memmap"),
    ("numpy.f2py.__main__", "X"),
    ("sklearn_teanet.data", "fetch_rruff_ir"),
    ("builtins", "dict"),
    ("numpy", "ndarray"),
    ("sklearn_teanet.baselines.correlation", "CorrelationClassifier"),
]
LOADERS = ["FunctionNode", "ConstructorFromReduceNode", "MethodNode", "ObjectNode", "TypeNode", "NdArrayNode",
           "DictNode", "JsonNode", "ListNode", "CachedNode", "NoSuchNode"]  # fmt: skip
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


@functools.cache
def _good_files(tmp: str) -> dict:
    rng = np.random.RandomState(0)
    X, y = rng.rand(12, 32), np.repeat(["quartz", "calcite", "talc"], 4)
    path = save_model(SpectrumIdentifier(random_state=0).fit(X, y), f"{tmp}/good.skops")
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _nodes(tree, found):
    if isinstance(tree, dict):
        if "__loader__" in tree:
            found.append(tree)
        for value in tree.values():
            _nodes(value, found)
    elif isinstance(tree, list):
        for value in tree:
            _nodes(value, found)
    return found


def _load(contents: bytes, tmp_path, marker):
    path = tmp_path / "tampered.skops"
    path.write_bytes(contents)
    try:
        model = load_model(path)
    except ModelFileError as error:
        assert "tampered.skops" in str(error), error
        model = None
    assert not marker.exists()
    return model


@given(data=st.data())
def test_a_tampered_schema_is_loaded_or_refused_never_run(data, tmp_path_factory):
    tmp = tmp_path_factory.getbasetemp()
    files = _good_files(str(tmp))
    schema = json.loads(files["schema.json"])
    nodes = _nodes(schema, [])
    marker = tmp / "ran"
    for _ in range(data.draw(st.integers(1, 3))):
        node = data.draw(st.sampled_from(nodes))
        change = data.draw(st.sampled_from(["name", "loader", "content", "drop"]))
        if change == "name":
            node["__module__"], node["__class__"] = data.draw(st.sampled_from(NAMES))
        elif change == "loader":
            node["__loader__"] = data.draw(st.sampled_from(LOADERS))
        elif change == "content":
            node["content"] = data.draw(JSON_VALUES)
        else:
            node.pop(data.draw(st.sampled_from(sorted(node))))
    model = schema.get("content", {}).get("model") if isinstance(schema.get("content"), dict) else None
    if isinstance(model, dict) and data.draw(st.booleans()):  # a command for constructor nodes to run
        model["content"] = {"__class__": "list", "__module__": "builtins",
                            "__loader__": "ListNode", "content": ["touch", str(marker)]}  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in {**files, "schema.json": json.dumps(schema).encode()}.items():
            archive.writestr(name, content)
    loaded = _load(buffer.getvalue(), tmp, marker)
    if loaded is not None:  # what loads is a whole estimator: its parameters and its predictions work
        loaded.get_params(deep=True)
        assert hasattr(loaded, "predict")


@given(data=st.data())
def test_a_damaged_zip_is_loaded_or_refused(data, tmp_path_factory):
    tmp = tmp_path_factory.getbasetemp()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in _good_files(str(tmp)).items():
            archive.writestr(name, content)
    contents = bytearray(buffer.getvalue())
    for _ in range(data.draw(st.integers(1, 8))):
        contents[data.draw(st.integers(0, len(contents) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(contents) // 2, len(contents)))
    _load(bytes(contents[:cut]), tmp, tmp / "ran")
