"""Regression tests of issue 14: every hostile input gets a clear error or a correct result."""

import numpy as np
import pytest

from sklearn_teanet import CNNClassifier, LorentzSpectraGenerator, SpectrumMasker, TeaNetClassifier

TINY = dict(channels=(4,), max_epochs=3, batch_size=16, random_state=0)


@pytest.fixture(scope="module")
def spectra():
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=5, n_points=64, theta=10,
                                   random_state=0).generate()
    names = np.array(["quartz", "calcite", "gypsum", "talc"])
    return data.data, names[data.target]


# ------------------------------------------------------------ non-finite loss
@pytest.mark.parametrize("fill_value", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_fill_value_is_rejected(fill_value, spectra):
    X, y = spectra
    with pytest.raises(ValueError, match="fill_value must be a finite number"):
        SpectrumMasker(fill_value=fill_value).fit(X)
    with pytest.raises(ValueError, match="fill_value must be a finite number"):
        TeaNetClassifier(masker=SpectrumMasker(fill_value=fill_value), reconstruction_depth=1,
                         reconstruction_channels=2, **TINY).fit(X, y)


@pytest.mark.parametrize("lr", [1e8, 1e30])
def test_a_diverging_fit_stops_with_the_epoch_and_the_cause(spectra, lr):
    X, y = spectra
    with pytest.raises(FloatingPointError, match=r"training loss became .* in epoch \d+, batch \d+.*lr=1e\+"):
        CNNClassifier(**{**TINY, "max_epochs": 20}, lr=lr).fit(X, y)


# ------------------------------------------------------------------ explain
@pytest.fixture(scope="module")
def fitted(spectra):
    X, y = spectra
    return CNNClassifier(**TINY).fit(X, y)


@pytest.mark.parametrize("target", ["quartzite", "qu", 1.7, 1, ["quartz", "nothing", "talc", "talc"]])
def test_explain_rejects_unknown_targets_and_lists_the_classes(fitted, spectra, target):
    X, _ = spectra
    with pytest.raises(ValueError, match=r"does not know.*its classes are \['calcite', 'gypsum', 'quartz', 'talc'\]"):
        fitted.explain(X[:4], target=target)


def test_explain_explains_the_class_asked_for(fitted, spectra):
    X, _ = spectra
    one = fitted.explain(X[:3], target="talc")
    per_spectrum = fitted.explain(X[:3], target=["talc", "talc", "talc"])
    np.testing.assert_allclose(one, per_spectrum)
    with pytest.raises(ValueError, match="one label or one per spectrum"):
        fitted.explain(X[:3], target=["talc", "talc"])


# ------------------------------------------- fewer spectra than one batch
def test_a_fit_on_fewer_spectra_than_a_batch_predicts_its_own_training_spectra():
    """48 spectra, one batch per epoch: the running batch-norm statistics lagged behind the
    weights and the model predicted its own training spectra at chance (issue 14, point 7)."""
    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=16, n_points=512, theta=3,
                                   fwhm=(5, 40), random_state=0).generate()
    clf = CNNClassifier(random_state=0).fit(data.data, data.target)
    last_loss = clf.history_[-1, "train_loss"]
    assert last_loss < 0.5
    # A loss below 0.5 means the right class has most of the probability on most spectra.
    assert clf.score(data.data, data.target) >= 0.9


# ------------------------------------------------------------------ CSV and NPZ
from sklearn_teanet.data.tables import load_spectra  # noqa: E402


def _csv(tmp_path, text, name="s.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize("text, message", [
    ("label,sample_id,400,402\na,s1,1,2\n", r"\['sample_id'\] are neither the label"),
    ("label,400,402,abc\na,1,2,3\n", r"\['abc'\] are neither the label"),
    ("label,400,400\na,1,2\n", r"\['400'\] appear more than once"),
    ("label,400,402\n", "header but no spectra"),
    ("", "the file is empty"),
    ("label,400,402\n,1,2\n", "row 2 has an empty 'label' cell"),
    ("label,400,402\na,1,\n", "row 2, column '402' is empty"),
    ("label,400,402\na,1,x\n", r"value 'x' in row 2, column '402' is not a finite number"),
    ("label,400,402\na,1,nan\n", r"value 'nan' in row 2, column '402'"),
    ("x,400\na,1\n", "no label column 'label'"),
])
def test_csv_rules_reject_with_row_and_column(tmp_path, text, message):
    with pytest.raises(ValueError, match=message):
        load_spectra(_csv(tmp_path, text))


def test_csv_labels_are_verbatim_text_and_groups_are_read(tmp_path):
    data = load_spectra(_csv(tmp_path, "label,id,400,402.5\n1,a,1,2\n01,b,3,4\n"), groups="id")
    assert data.target.tolist() == ["1", "01"]  # two classes, not one
    assert data.groups.tolist() == ["a", "b"]
    np.testing.assert_array_equal(data.wavenumbers, [400, 402.5])


def test_csv_without_numeric_names_gets_an_index_axis(tmp_path):
    data = load_spectra(_csv(tmp_path, "label,p0,p1,p2\na,1,2,3\n"))
    np.testing.assert_array_equal(data.wavenumbers, [0, 1, 2])


def test_npz_errors_name_the_problem(tmp_path):
    text = tmp_path / "text.npz"
    text.write_text("not an archive")
    with pytest.raises(ValueError, match="not a readable NPZ archive"):
        load_spectra(text)
    good = tmp_path / "good.npz"
    np.savez(good, X=np.ones((3, 5)), y=np.arange(3))
    cut = tmp_path / "cut.npz"
    cut.write_bytes(good.read_bytes()[:200])
    with pytest.raises(ValueError, match="NPZ"):
        load_spectra(cut)
    nan = tmp_path / "nan.npz"
    X = np.ones((3, 5))
    X[1, 2] = np.nan
    np.savez(nan, X=X, y=np.arange(3))
    with pytest.raises(ValueError, match=r"X\[1, 2\] is nan"):
        load_spectra(nan)


@pytest.mark.parametrize("arrays, message", [
    # A NaN label became a class "nan"; a repeated or scrambled axis was kept as it came.
    (dict(y=np.array([1.0, np.nan, 2.0])), r"y\[1\] is NaN, a missing label"),
    (dict(y=np.array(["a", " ", "b"])), r"y\[1\] is ' ', a missing label"),
    (dict(y=np.arange(3), wavenumbers=np.array([400.0, 400.0, 500.0, 600.0, 700.0])),
     r"wavenumber 400 appears twice \(wavenumbers\[0\] and wavenumbers\[1\]\)"),
    (dict(y=np.arange(3), wavenumbers=np.array(list("abcde"))), "wavenumbers must be finite numbers"),
    (dict(y=np.arange(3), g=np.arange(2)), r"g has shape \(2,\), but X has 3 rows"),
])
def test_npz_labels_axis_and_groups_are_checked(tmp_path, arrays, message):
    np.savez(tmp_path / "t.npz", X=np.ones((3, 5)), **arrays)
    with pytest.raises(ValueError, match="t.npz: " + message):
        load_spectra(tmp_path / "t.npz", groups="g" if "g" in arrays else None)


def test_tables_are_put_in_wavenumber_order_and_refuse_a_repeated_one(tmp_path):
    np.savez(tmp_path / "t.npz", X=np.array([[1.0, 2, 3]]), y=np.array(["a"]), wavenumbers=np.array([3.0, 1, 2]))
    data = load_spectra(tmp_path / "t.npz")
    assert data.wavenumbers.tolist() == [1, 2, 3] and data.data.tolist() == [[2, 3, 1]]
    (tmp_path / "t.csv").write_text("label,400,400.0,500\na,1,2,3\n")  # two names, one wavenumber
    with pytest.raises(ValueError, match="wavenumber 400 appears twice \\(column '400' and column '400.0'\\)"):
        load_spectra(tmp_path / "t.csv")



def test_a_table_of_unknowns_needs_no_label_only_when_asked(tmp_path):
    np.savez(tmp_path / "t.npz", X=np.ones((2, 3)), wavenumbers=np.array([400.0, 500, 600]))
    (tmp_path / "t.csv").write_text("400,500,600\n1,2,3\n")
    for path in (tmp_path / "t.npz", tmp_path / "t.csv"):
        with pytest.raises(ValueError, match=r"missing array\(s\) \['y'\]|no label column 'label'"):
            load_spectra(path)
        data = load_spectra(path, require_label=False)
        assert data.target is None and data.wavenumbers.tolist() == [400, 500, 600]
    (tmp_path / "n.csv").write_text("sample,400,500\na,1,2\n")
    with pytest.raises(ValueError, match=r"column\(s\) \['sample'\] are not a wavenumber"):
        load_spectra(tmp_path / "n.csv", require_label=False)


# --------------------------------------------------------- benchmark results
import json  # noqa: E402

from sklearn_teanet import LeaveOneSamplePerClassOut, make_method  # noqa: E402
from sklearn_teanet.evaluation import run_benchmark  # noqa: E402
from sklearn_teanet.evaluation.runner import _lock  # noqa: E402


@pytest.fixture
def small_set():
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=3, n_points=32, theta=10,
                                   random_state=0).generate()
    return data.data, data.target, LeaveOneSamplePerClassOut(n_repeats=2, random_state=0)


def test_a_half_written_last_line_is_repaired_before_appending(small_set, tmp_path):
    X, y, cv = small_set
    run_benchmark({"knn": make_method("knn")}, X, y, cv, tmp_path, verbose=0)
    path = tmp_path / "fits.jsonl"
    lines = path.read_text().splitlines()
    path.write_text(lines[0] + "\n" + lines[1][:25])  # a hard kill inside the second record
    run_benchmark({"knn": make_method("knn")}, X, y, cv, tmp_path, verbose=0)
    records = [json.loads(line) for line in path.read_text().splitlines()]  # every line is whole JSON
    assert sorted(r["split"] for r in records) == [0, 1]


def test_results_are_strict_json(small_set, tmp_path):
    X, y, cv = small_set
    run_benchmark({"knn": make_method("knn")}, X, y, cv, tmp_path, verbose=0)
    for line in (tmp_path / "fits.jsonl").read_text().splitlines():
        assert "NaN" not in line
        record = json.loads(line, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
        assert record["n_parameters"] is None  # a shallow method has no network


def test_a_second_run_on_the_same_folder_is_refused(small_set, tmp_path):
    X, y, cv = small_set
    held = _lock(tmp_path / "fits.jsonl")
    try:
        with pytest.raises(RuntimeError, match="Another benchmark is writing to"):
            run_benchmark({"knn": make_method("knn")}, X, y, cv, tmp_path, verbose=0)
    finally:
        held.release()


def test_fits_that_cannot_be_keyed_are_refused(small_set, tmp_path):
    X, y, cv = small_set
    method = make_method("random_forest", random_state=np.random.RandomState(0))
    with pytest.raises(ValueError, match=r"Method 'rf'.*random_state.*cannot be recorded reproducibly"):
        run_benchmark({"rf": method}, X, y, cv, tmp_path, verbose=0)


def test_out_dir_that_is_a_file_is_refused(small_set, tmp_path):
    X, y, cv = small_set
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(NotADirectoryError, match="is a file"):
        run_benchmark({"knn": make_method("knn")}, X, y, cv, target, verbose=0)


# ---------------------------------------------------------------------- RRUFF
import warnings  # noqa: E402
import zipfile  # noqa: E402

from sklearn_teanet.data import RRUFFFormatError, parse_rruff, read_rruff_files  # noqa: E402


def _rruff(name="Quartz", end=True, n=50):
    lines = [f"##NAMES={name}", "##RRUFFID=R1"] + [f"{400 + 2 * i:.4e}, {i % 5 + 0.5:.6e}" for i in range(n)]
    return "\n".join(lines + (["##END="] if end else [])) + "\n"


@pytest.mark.parametrize("cut", ["inside a number", "at a line end"])
def test_truncated_rruff_files_are_rejected(cut):
    text = _rruff(end=False)
    text = text[:-8] if cut == "inside a number" else text
    with pytest.raises(RRUFFFormatError, match=r"cut\.txt: no '##END=' line; the file looks truncated"):
        parse_rruff(text, source="cut.txt")


@pytest.mark.parametrize("names_line", ["##NAMES=", "##NAMES=(-)", None])
def test_a_file_without_a_name_takes_its_class_from_the_file_name(tmp_path, names_line):
    text = _rruff("X")
    text = text.replace("##NAMES=X\n", "" if names_line is None else names_line + "\n")
    (tmp_path / "Calcite__R050009__Infrared.txt").write_text(text)
    (tmp_path / "Quartz__R1__Infrared.txt").write_text(_rruff("Quartz"))
    with pytest.warns(UserWarning, match=r"Calcite__R050009__Infrared.txt has no mineral name.*'Calcite'"):
        records = read_rruff_files(tmp_path)
    assert sorted(r["header"]["NAMES"] for r in records) == ["Calcite", "Quartz"]


def test_utf16_files_macos_members_and_txt_folders(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "Quartz__R1.txt").write_bytes(_rruff("Quartz").encode("utf-16"))
    (folder / "odd.txt").mkdir()  # a folder named like a spectrum is not one
    archive = tmp_path / "data.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Quartz__R1.txt", _rruff("Quartz"))
        z.writestr("__MACOSX/._Quartz__R1.txt", b"\x00\x05\x16\x07 binary resource fork")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [r["header"]["NAMES"] for r in read_rruff_files(folder)] == ["Quartz"]
        assert [r["header"]["NAMES"] for r in read_rruff_files(archive)] == ["Quartz"]


def test_a_damaged_zip_is_named_with_what_to_do(tmp_path):
    archive = tmp_path / "Processed.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Quartz__R1.txt", _rruff("Quartz"))
    archive.write_bytes(archive.read_bytes()[:40])
    with pytest.raises(ValueError, match="Processed.zip.*damaged zip.*delete it"):
        read_rruff_files(archive)


# ---------------------------------------------------------------- command line
from sklearn_teanet.__main__ import main  # noqa: E402


@pytest.mark.parametrize("argv, message", [
    (["benchmark", "--repeats", "0"], "--repeats: must be at least 1, got 0"),
    (["benchmark", "--n-jobs", "0"], "--n-jobs: must be at least 1"),
    (["benchmark", "--epochs", "0"], "--epochs: must be at least 1"),
    # The generator's limits, named by the option rather than by LorentzSpectraGenerator's parameter.
    (["benchmark", "--n-points", "1"], "--n-points: must be at least 8, got 1"),
    (["synthetic-grid", "--n-classes", "1"], "--n-classes: must be at least 2, got 1"),
    (["ablation", "--what", "training", "--n-points", "x"], "--n-points: expected an integer of at least 8, got 'x'"),
    (["--methods", "nope"], "invalid choice: 'nope'"),
])
def test_argument_errors_print_the_message_alone_and_exit_2(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_demo_is_the_default_command_with_options(monkeypatch):
    import sklearn_teanet.__main__ as cli

    seen = {}
    monkeypatch.setattr(cli, "demo", lambda args: seen.update(methods=args.methods) or 0)
    assert main(["--methods", "knn"]) == 0
    assert seen["methods"] == ["knn"]


def test_bad_data_and_out_are_one_line_errors(tmp_path, capsys):
    table = tmp_path / "my.csv"
    table.write_text("label,sample_id,400,402\na,s1,1,2\nb,s2,3,4\n")
    assert main(["benchmark", "--dataset", str(table), "--methods", "knn", "--out", str(tmp_path / "o")]) == 2
    assert "['sample_id'] are neither the label" in capsys.readouterr().err
    out_file = tmp_path / "file"
    out_file.write_text("x")
    assert main(["benchmark", "--methods", "knn", "--n-classes", "3", "--n-points", "32", "--repeats", "1",
                 "--out", str(out_file)]) == 2
    assert "is a file" in capsys.readouterr().err


def test_groups_column_keeps_specimens_together(tmp_path, capsys):
    rows = ["label,sample_id," + ",".join(str(400 + 2 * i) for i in range(16))]
    rng = np.random.RandomState(0)
    for k in range(12):
        rows.append(f"c{k // 2 % 3},s{k // 2}," + ",".join(f"{v:.3f}" for v in rng.rand(16) + k // 2 % 3))
    (tmp_path / "g.csv").write_text("\n".join(rows) + "\n")
    code = main(["benchmark", "--dataset", str(tmp_path / "g.csv"), "--groups", "sample_id", "--methods", "knn",
                 "--repeats", "2", "--out", str(tmp_path / "o")])
    assert code == 0
    out = capsys.readouterr().out
    assert "6 groups (sample_id), 3.0 held out per split" in out


# ------------------------------------------------------------ cache and fetcher
import io  # noqa: E402

from sklearn_teanet.data import fetch_rruff_ir  # noqa: E402


def _zip_of(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buffer.getvalue()


def _serve(body: bytes):
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/Processed.zip"


GOOD = {f"Processed/{m}__R{k}__x.txt": _rruff(m) for k, m in enumerate(["Quartz", "Calcite", "Talc"])}


def test_a_damaged_cached_zip_is_fetched_again(tmp_path):
    server, url = _serve(_zip_of(GOOD))
    try:
        fetch_rruff_ir(tmp_path, url=url)
        cached = tmp_path / "rruff_infrared_processed.zip"
        cached.write_bytes(cached.read_bytes()[:100])  # half-written by a crash or a full disk
        with pytest.warns(UserWarning, match="damaged; fetching it again"):
            data = fetch_rruff_ir(tmp_path, url=url)
        assert len(data.data) == 3
        cached.write_bytes(cached.read_bytes()[:100])
        with pytest.raises(OSError, match="rruff_infrared_processed.zip is damaged; delete it"):
            fetch_rruff_ir(tmp_path, url=url, download_if_missing=False)
    finally:
        server.shutdown()


def test_one_malformed_spectrum_does_not_discard_the_download(tmp_path):
    files = dict(GOOD, **{"Processed/Broken__R9__x.txt": "##NAMES=Broken\n400, abc\n##END=\n"})
    server, url = _serve(_zip_of(files))
    try:
        with pytest.warns(UserWarning, match="skipped: .*Broken"):
            data = fetch_rruff_ir(tmp_path, url=url, on_error="warn")
    finally:
        server.shutdown()
    assert len(data.data) == 3


def test_stale_part_files_are_removed(tmp_path):
    stale = tmp_path / "rruff_infrared_processed.zip1234.part"
    stale.write_bytes(b"half")
    server, url = _serve(_zip_of(GOOD))
    try:
        fetch_rruff_ir(tmp_path, url=url)
    finally:
        server.shutdown()
    assert not stale.exists()


def test_a_malformed_url_is_named(tmp_path):
    with pytest.raises(ValueError, match=r"url must start with http://.*'ftp//nonsense'"):
        fetch_rruff_ir(tmp_path, url="ftp//nonsense")


# ------------------------------------------ crashes and misleading messages
from sklearn_teanet import CorrelationClassifier, SpectrumIdentifier  # noqa: E402
from sklearn_teanet.evaluation import LeaveOneSamplePerClassOut as _Splitter  # noqa: E402,F401
from sklearn.model_selection import GridSearchCV  # noqa: E402

TINY_TEANET = dict(TINY, reconstruction_depth=1, reconstruction_channels=2)


@pytest.mark.parametrize("make, message", [
    (lambda: CNNClassifier(**TINY, validation_fraction=0.5), "validation_fraction=0.5 holds out no spectrum"),
    (lambda: TeaNetClassifier(**{**TINY_TEANET, "reconstruction_depth": 10}),
     "reconstruction_depth=10 halves 64-point spectra.*reconstruction_depth <= 6"),
    (lambda: CNNClassifier(**TINY, device="cuda"), "device='cuda', but torch finds no CUDA device"),
    (lambda: CNNClassifier(**{**TINY, "channels": (0,)}), r"channels must be a non-empty sequence of positive"),
    (lambda: CNNClassifier(**TINY, callbacks=[object()]), "callbacks must hold skorch callbacks"),
])
def test_bad_settings_fail_at_fit_start_naming_the_parameter(make, message):
    import torch

    if "cuda" in message and torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=1, n_points=64, theta=10,
                                   random_state=0).generate()
    with pytest.raises(ValueError, match=message):
        make().fit(data.data, data.target)


def test_masker_tau_is_reachable_from_the_default_masker(spectra):
    X, y = spectra
    teanet = TeaNetClassifier(**TINY_TEANET).set_params(masker__tau=(0.2, 0.4))
    assert teanet.masker.tau == (0.2, 0.4)
    search = GridSearchCV(TeaNetClassifier(**{**TINY_TEANET, "max_epochs": 1}),
                          {"masker__tau": [(0.1, 0.3), (0.5, 0.7)]}, cv=2).fit(X, y)
    assert search.best_params_["masker__tau"] in [(0.1, 0.3), (0.5, 0.7)]
    with pytest.raises(ValueError, match="masker=None \\(no masking\\).*pass masker=SpectrumMasker"):
        CNNClassifier().set_params(masker__tau=(0.2, 0.4))


def test_explain_layer_and_augment_count_are_checked(fitted, spectra):
    X, _ = spectra
    with pytest.raises(ValueError, match=r"layer must be an integer in \[-2, 1\].*2 convolution blocks"):
        fitted.explain(X[:2], layer=5)
    teanet = TeaNetClassifier(**TINY_TEANET).fit(*spectra)
    with pytest.raises(ValueError, match="n_augment must be a positive integer, got 0"):
        teanet.augment(X[:2], n_augment=0)


def test_single_class_correlation_fit_is_refused(spectra):
    X, _ = spectra
    with pytest.raises(ValueError, match="at least 2 classes.*only one class"):
        CorrelationClassifier().fit(X, np.array(["a"] * len(X)))


def test_one_point_spectra_are_too_short_to_mask():
    with pytest.raises(ValueError, match="X has 1 feature\\(s\\): one point per spectrum; masking needs at least 2"):
        SpectrumMasker().fit(np.ones((3, 1)))


def test_any_intensity_unit_trains_alike_and_an_overflowing_one_is_refused(spectra):
    X, y = spectra
    # Raw 1e30 once overflowed batch-norm variances: a flat loss and a chance-level model, silently.
    unit = CNNClassifier(**TINY).fit(X, y)
    huge = CNNClassifier(**TINY).fit(X * 2.0**100, y)  # a power of 2: the same spectra in units of their peak
    assert huge.intensity_scale_ == 2.0**100 * unit.intensity_scale_
    np.testing.assert_allclose(huge.predict_proba(X * 2.0**100), unit.predict_proba(X), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match=r"X holds intensities up to 1e\+20 times the training spectra's peak"):
        unit.predict(X * 1e20)


def test_mixed_type_labels_say_what_is_wrong(spectra):
    X, _ = spectra
    y = np.array([1, "1"] * (len(X) // 2), dtype=object)
    with pytest.raises(ValueError, match=r"Labels mix types \(int, str\)"):
        CorrelationClassifier().fit(X, y)
    # The identifier counts the spectra per class first, which used to fail on sorting mixed labels.
    with pytest.raises(ValueError, match=r"Labels mix types \(NoneType, str\)"):
        SpectrumIdentifier().fit(X, np.array(["a", None] * (len(X) // 2), dtype=object))


def test_bf16_on_a_cpu_without_bf16_warns(spectra, monkeypatch):
    import sklearn_teanet.training.base as base

    monkeypatch.setattr(base, "cpu_has_bf16", lambda: False)
    X, y = spectra
    with pytest.warns(UserWarning, match="precision='bf16' on a CPU without bf16 instructions"):
        CNNClassifier(**{**TINY, "max_epochs": 1}, precision="bf16").fit(X, y)


def test_a_rruff_file_whose_axis_collapses_is_named():
    text = "##NAMES=X\n400, 1.0\n400, 2.0\n400, 3.0\n##END=\n"
    with pytest.raises(RRUFFFormatError, match="one.txt: every row has the wavenumber 400"):
        parse_rruff(text, source="one.txt")


def test_classes_given_as_a_name_is_not_taken_as_a_path(tmp_path):
    from sklearn_teanet import load_rruff

    (tmp_path / "Quartz__R1.txt").write_text(_rruff("Quartz"))
    with pytest.raises(ValueError, match=r"classes='quartz' is not a file.*\['quartz'\]"):
        load_rruff(tmp_path, classes="quartz")
    assert list(load_rruff(tmp_path, classes=["quartz"]).target) == ["quartz"]
