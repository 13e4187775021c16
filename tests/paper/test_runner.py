"""runner: tests moved from test_bad_inputs.py, test_cli_and_runner.py."""

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from sklearn_teanet import DoublePyramidLeNet, LeaveOneSamplePerClassOut, LorentzSpectraGenerator, UNetReconstructor
from sklearn_teanet.paper import fit_key, make_method, read_fits, run_benchmark, runner, write_reports
from sklearn_teanet.paper.runner import _lock


@pytest.fixture
def small_set():
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=3, n_points=32, theta=10, random_state=0).generate()
    return data.data, data.target, LeaveOneSamplePerClassOut(n_repeats=2, random_state=0)


@pytest.fixture
def small():
    data = LorentzSpectraGenerator(n_classes=5, n_samples_per_class=3, n_points=32, theta=10, random_state=0).generate()
    return data.data, data.target


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


def test_runner_resumes_and_skips_finished_fits(small, tmp_path, monkeypatch):
    X, y = small
    methods = {"knn": make_method("knn"), "correlation": make_method("correlation")}
    cv = LeaveOneSamplePerClassOut(n_repeats=3, random_state=0)
    calls = []
    original = runner._fit_one
    monkeypatch.setattr(runner, "_fit_one", lambda *a: calls.append(a[0]) or original(*a))
    first = run_benchmark(methods, X, y, cv, tmp_path, verbose=False)
    assert len(first) == 6 and len(calls) == 6
    lines = (tmp_path / "fits.jsonl").read_text().splitlines()
    assert len(lines) == 6 and all("accuracy" in json.loads(line) for line in lines)
    # An interrupted run: drop two results and cut the last line in half, as a hard kill would.
    (tmp_path / "fits.jsonl").write_text("\n".join(lines[:4]) + "\n" + lines[4][:10])
    calls.clear()
    again = run_benchmark(methods, X, y, cv, tmp_path, verbose=False)
    assert len(calls) == 2

    def key_columns(frame):
        return frame.sort_values(["method", "split"]).reset_index(drop=True)[["method", "split", "accuracy"]]

    pd.testing.assert_frame_equal(key_columns(first), key_columns(again))
    # Other parameters under a recorded name (a default changed) would share its rows: refused, by name.
    calls.clear()
    with pytest.raises(ValueError, match="'knn' is recorded in .* with other parameters"):
        run_benchmark({"knn": make_method("knn").set_params(n_masks=2)}, X, y, cv, tmp_path, verbose=False)
    assert not calls and len((tmp_path / "fits.jsonl").read_text().splitlines()) == 6
    # Under another name they are other fits.
    run_benchmark({"knn_2m": make_method("knn").set_params(n_masks=2)}, X, y, cv, tmp_path, verbose=False)
    assert len(calls) == 3


def test_read_fits_and_fit_key_find_a_recorded_fit_without_fitting(small, tmp_path):
    X, y = small
    knn = make_method("knn")
    cv = LeaveOneSamplePerClassOut(n_repeats=2, random_state=0)
    assert read_fits(tmp_path) == []  # nothing recorded yet
    run_benchmark({"knn": knn}, X, y, cv, tmp_path, verbose=False)
    with open(tmp_path / "fits.jsonl", "a") as sink:
        sink.write('{"key": "cut by a ')  # a hard kill's half line
    records = read_fits(tmp_path)
    assert records == read_fits(tmp_path / "fits.jsonl") and len(records) == 2
    by_key = {r["key"]: r for r in records}
    for split, (_, test) in enumerate(cv.split(X, y)):
        assert by_key[fit_key("knn", knn, X, y, split, test)]["split"] == split
    # Other parameters, data or test spectra are another fit (split and test are the last split's).
    assert fit_key("knn", knn, X, y, split, test) in by_key
    assert fit_key("knn", clone(knn).set_params(n_masks=2), X, y, split, test) not in by_key
    assert fit_key("knn", knn, X[:, ::-1], y, split, test) not in by_key
    assert fit_key("knn", knn, X, y, split, test[:-1]) not in by_key


def test_prediction_variants_share_the_fit_and_resume(small, tmp_path, monkeypatch):
    X, y = small
    teanet = make_method(
        "teanet",
        module=DoublePyramidLeNet(channels=(2,)),
        reconstructor=UNetReconstructor(depth=1, channels=2),
        max_epochs=1,
        random_state=0,
    )
    cv = LeaveOneSamplePerClassOut(n_repeats=2, random_state=0)
    calls = []
    original = runner._fit_one
    monkeypatch.setattr(runner, "_fit_one", lambda *a, **k: calls.append(a[0]) or original(*a, **k))
    variants = {"tta": ("teanet", {"test_time_masks": 2})}
    first = run_benchmark({"teanet": teanet}, X, y, cv, tmp_path, verbose=False, predict_variants=variants)
    assert len(calls) == 2 and list(first["method"]) == ["teanet", "tta", "teanet", "tta"]
    by_split = first.groupby("split")
    assert (by_split["fit_time"].nunique() == 1).all()  # one fit, scored twice
    # The variant is the fitted model with test_time_masks=2: its accuracy is that model's.
    tta = clone(teanet).fit(X[next(cv.split(X, y))[0]], y[next(cv.split(X, y))[0]]).set_params(test_time_masks=2)
    test = next(cv.split(X, y))[1]
    assert first["accuracy"][1] == tta.score(X[test], y[test])
    calls.clear()
    # A new variant refits the method, and only the new records are written.
    variants["tta4"] = ("teanet", {"test_time_masks": 4})
    again = run_benchmark({"teanet": teanet}, X, y, cv, tmp_path, verbose=False, predict_variants=variants)
    assert len(calls) == 2 and len(again) == 6
    assert len((tmp_path / "fits.jsonl").read_text().splitlines()) == 6
    run_benchmark({"teanet": teanet}, X, y, cv, tmp_path, verbose=False, predict_variants=variants)
    assert len(calls) == 2
    with pytest.raises(ValueError, match="predict_variants refer to methods \\['cnn'\\]"):
        run_benchmark({"teanet": teanet}, X, y, cv, tmp_path, predict_variants={"x": ("cnn", {})})


def test_the_runner_fits_split_by_split_so_that_a_stopped_run_holds_pairs(small, tmp_path):
    X, y = small
    methods = {"knn": make_method("knn"), "correlation": make_method("correlation")}
    run_benchmark(methods, X, y, LeaveOneSamplePerClassOut(3, random_state=0), tmp_path, verbose=False)
    order = [(r["split"], r["method"]) for r in read_fits(tmp_path)]
    assert order == [(s, m) for s in range(3) for m in ("knn", "correlation")]


@pytest.mark.slow  # a subprocess or a real fit: in make test, not test-fast
def test_runner_in_parallel_gives_one_thread_per_job(small, tmp_path):
    X, y = small
    est = make_method("cnn_full", module=DoublePyramidLeNet(channels=(2,)), max_epochs=1, validation_fraction=0.0)
    out = run_benchmark(
        {"cnn": est}, X, y, LeaveOneSamplePerClassOut(2, random_state=0), tmp_path, n_jobs=2, verbose=False
    )
    assert len(out) == 2 and out["n_parameters"].notna().all()


def test_reports(small, tmp_path):
    X, y = small
    results = run_benchmark(
        {"knn": make_method("knn")}, X, y, LeaveOneSamplePerClassOut(2, random_state=0), tmp_path, verbose=False
    )
    summary = write_reports(results, tmp_path, "test")
    for name in ("results.csv", "summary.csv", "summary.json", "summary.md"):
        assert (tmp_path / name).stat().st_size > 0
    assert re.search(r"^\| knn +\|", (tmp_path / "summary.md").read_text(), re.MULTILINE)
    assert summary.loc["knn", "n_splits"] == 2


def test_a_report_interrupted_while_written_keeps_the_previous_one(small, tmp_path, monkeypatch):
    X, y = small
    results = run_benchmark(
        {"knn": make_method("knn")}, X, y, LeaveOneSamplePerClassOut(2, random_state=0), tmp_path, verbose=False
    )
    write_reports(results, tmp_path, "before")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("summary.")}

    def half_then_ctrl_c(self, path, *args, **kwargs):
        Path(path).write_text("knn,0.5")  # half a table, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_json", half_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        write_reports(results.assign(accuracy=0.0), tmp_path, "after")
    assert (tmp_path / "summary.json").read_bytes() == before["summary.json"]
    assert not list(tmp_path.glob("*.part"))


def test_runner_progress_bar_and_lines(small, tmp_path, capsys):
    X, y = small
    cv = LeaveOneSamplePerClassOut(n_repeats=2, random_state=0)
    run_benchmark({"knn": make_method("knn")}, X, y, cv, tmp_path / "a", verbose=1)
    err = capsys.readouterr().err
    assert "fits" in err and "2/2" in err  # tqdm's bar, with its count
    run_benchmark({"knn": make_method("knn")}, X, y, cv, tmp_path / "b", verbose=2)
    captured = capsys.readouterr()
    assert "knn            split  1" in captured.out + captured.err


def test_dask_backend_on_a_loopback_cluster(small, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed", reason="dask.distributed is an optional extra")
    X, y = small
    cv = LeaveOneSamplePerClassOut(n_repeats=2, random_state=0)
    methods = {
        "knn": make_method("knn"),
        "cnn": make_method("cnn_full", module=DoublePyramidLeNet(channels=(2,)), max_epochs=1),
    }
    original = runner._fit_one

    def fit_and_name_the_worker(*args, **kwargs):
        worker = distributed.get_worker().address  # raises outside a worker
        return [{**record, "worker": worker} for record in original(*args, **kwargs)]

    monkeypatch.setattr(runner, "_fit_one", fit_and_name_the_worker)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=None
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        results = run_benchmark(
            methods, X, y, cv, tmp_path, verbose=0, backend="dask", scheduler=cluster.scheduler_address
        )
        workers = set(cluster.scheduler_info["workers"])
    assert len(results) == 4
    assert set(results["worker"]) <= workers and results["worker"].str.startswith("tcp://127.0.0.1:").all()
    monkeypatch.setattr(runner, "_fit_one", original)
    local = run_benchmark({"knn": make_method("knn")}, X, y, cv, tmp_path / "local", verbose=0)
    assert np.allclose(local["accuracy"], results[results.method == "knn"]["accuracy"])


def test_dask_backend_needs_a_scheduler(small, tmp_path):
    pytest.importorskip("distributed", reason="dask.distributed is an optional extra")
    X, y = small
    with pytest.raises(ValueError, match="scheduler"):
        run_benchmark(
            {"knn": make_method("knn")},
            X,
            y,
            LeaveOneSamplePerClassOut(2, random_state=0),
            tmp_path,
            verbose=0,
            backend="dask",
        )
