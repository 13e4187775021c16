"""Model files that cannot run code, and round trips of every method the command line trains (issue 31)."""

import io
import json
import pickle
import zipfile

import numpy as np
import pytest

from sklearn_teanet import LorentzSpectraGenerator, SpectrumIdentifier, load_model, save_model
from sklearn_teanet.identification import library_model
from sklearn_teanet.paper import METHODS, make_method, network_params
from sklearn_teanet.persistence import ModelFileError

GRID = np.linspace(400, 4000, 64)


@pytest.fixture(scope="module")
def library():
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=4, n_points=64, theta=10, random_state=0)
    data = data.generate()
    names = np.array(["quartz", "calcite", "talc", "mica"])[data.target]
    return [(GRID, row) for row in data.data], names


def _tiny(method):
    """Each method at a size that fits in a test: the command line's small networks, a couple of epochs."""
    params = network_params(method, "small", epochs=2)
    if method in ("cwgan", "dagan", "ltsa"):
        params["generator_epochs"] = 1
    return make_method(method, random_state=0, **params)


@pytest.mark.parametrize("method", sorted(METHODS))
@pytest.mark.parametrize("format", ["safe", "pickle"])
def test_every_method_the_command_line_trains_round_trips_with_identical_predictions(library, method, format, tmp_path):
    X, y = library
    identifier = SpectrumIdentifier(library_model(_tiny(method), GRID), random_state=0).fit(X, y)
    path = save_model(identifier, tmp_path / "model", format=format, library="lib")
    loaded, info = load_model(path, metadata=True, trust_pickle=format == "pickle")
    assert info["metadata"] == {"library": "lib"}
    np.testing.assert_array_equal(loaded.predict_proba(X), identifier.predict_proba(X))
    before, after = identifier.identify(X[:3]), loaded.identify(X[:3])
    assert before.drop(columns="p_value").equals(after.drop(columns="p_value"))
    np.testing.assert_array_equal(before["p_value"], after["p_value"])


def test_a_pickle_is_refused_unless_trusted_and_runs_no_code_when_refused(library, tmp_path):
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))  # any call: a file appears if it ran

    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps({"format": "sklearn-teanet model", "model": Payload()}))
    with pytest.raises(ModelFileError, match="model.pkl is a pickle: loading it runs whatever code the file holds"):
        load_model(path)
    assert not marker.exists()
    X, y = library
    trusted = save_model(
        SpectrumIdentifier(random_state=0).fit(np.vstack([r for _, r in X]), y), tmp_path / "ok.pkl", format="pickle"
    )
    assert load_model(trusted, trust_pickle=True).classes_.tolist() == sorted(set(y))


def _crafted(schema_changes) -> bytes:
    """A safe model file whose schema names another callable than a model's."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("schema.json", json.dumps(schema_changes))
    return buffer.getvalue()


@pytest.mark.parametrize(
    "module, name",
    [("os", "system"), ("builtins", "eval"), ("subprocess", "Popen"), ("sklearn_teanet.data", "fetch_rruff_ir")],
)
def test_a_crafted_safe_file_that_names_code_is_refused_before_anything_is_built(library, module, name, tmp_path):
    import skops.io

    X, y = library
    identifier = SpectrumIdentifier(library_model(make_method("correlation"), GRID), random_state=0).fit(X, y)
    good = skops.io.dumps({"format": "sklearn-teanet model", "version": "0", "metadata": {}, "model": identifier})
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    schema = json.loads(files["schema.json"])
    # Replace the correlation classifier by a call of the function: an attack on a shared model file.
    text = (
        json.dumps(schema)
        .replace('"CorrelationClassifier"', json.dumps(name))
        .replace('"sklearn_teanet.baselines.correlation"', json.dumps(module))
    )
    files["schema.json"] = text.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n, content in files.items():
            archive.writestr(n, content)
    path = tmp_path / "crafted.skops"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ModelFileError, match=f"crafted.skops: refused to load: it names ObjectNode {module}.{name}"):
        load_model(path)


def test_identify_refuses_a_pickle_without_trust_pickle(library, tmp_path, capsys):
    from sklearn_teanet.cli import main

    X, y = library
    identifier = SpectrumIdentifier(library_model(make_method("correlation"), GRID), random_state=0).fit(X, y)
    save_model(identifier, tmp_path / "m.pkl", format="pickle")
    (tmp_path / "u.txt").write_text("\n".join(f"{w} {v}" for w, v in zip(*X[0])))
    argv = ["identify", "--model", str(tmp_path / "m.pkl"), str(tmp_path / "u.txt"), "--out", str(tmp_path / "o")]
    assert main(argv) == 2
    assert "is a pickle: loading it runs whatever code" in capsys.readouterr().err
    assert main([*argv, "--trust-pickle"]) == 0


def test_a_safe_file_is_read_from_disk_not_held_whole_in_memory(library, tmp_path, monkeypatch):
    # A 100,000-spectrum model is 1.6 GB: its bytes held beside the arrays built from them doubled the peak.
    X, y = library
    identifier = SpectrumIdentifier(library_model(make_method("correlation"), GRID), random_state=0).fit(X, y)
    path = save_model(identifier, tmp_path / "model")
    held = []
    read_bytes = type(path).read_bytes
    monkeypatch.setattr(type(path), "read_bytes", lambda self: held.append(self) or read_bytes(self))
    loaded = load_model(path)
    assert held == [] and np.array_equal(loaded.predict_proba(X), identifier.predict_proba(X))


def test_a_model_file_describes_its_library_in_the_same_few_nodes_however_large(tmp_path):
    # An array of names as Python objects was written, and checked on loading, one node per name: half of the
    # time to load a 100,000-spectrum model.
    sizes = {}
    for n_classes in (4, 32):
        data = LorentzSpectraGenerator(n_classes=n_classes, n_samples_per_class=3, n_points=64, random_state=0)
        data = data.generate()
        identifier = SpectrumIdentifier(library_model(make_method("correlation"), GRID), random_state=0)
        identifier.fit([(GRID, row) for row in data.data], np.array([f"mineral {c}" for c in data.target]),
                       names=[f"file {i}.txt" for i in range(len(data.target))])  # fmt: skip
        path = save_model(identifier, tmp_path / f"model{n_classes}")
        with zipfile.ZipFile(path) as archive:
            sizes[n_classes] = len(archive.read("schema.json"))
        assert load_model(path).library_names_.dtype.kind == "U"
    assert sizes[32] < 1.3 * sizes[4], sizes
