"""The benchmark runner (resume, reports), the command line and the CSV / NPZ loader."""

import re
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from sklearn_teanet import LeaveOneSamplePerClassOut, LorentzSpectraGenerator, make_method
from sklearn_teanet.__main__ import main
from sklearn_teanet.data import load_spectra
from sklearn_teanet.evaluation import fit_key, read_fits, run_benchmark, write_reports
from sklearn_teanet.evaluation import runner


@pytest.fixture
def small():
    data = LorentzSpectraGenerator(n_classes=5, n_samples_per_class=3, n_points=32, theta=10, random_state=0).generate()
    return data.data, data.target


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
    # Other parameters are other fits.
    calls.clear()
    run_benchmark({"knn": make_method("knn").set_params(n_masks=2)}, X, y, cv, tmp_path, verbose=False)
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
    teanet = make_method("teanet", channels=(2,), reconstruction_depth=1, reconstruction_channels=2, max_epochs=1,
                         random_state=0)
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


def test_runner_in_parallel_gives_one_thread_per_job(small, tmp_path):
    X, y = small
    est = make_method("cnn_full", channels=(2,), max_epochs=1, validation_fraction=0.0)
    out = run_benchmark({"cnn": est}, X, y, LeaveOneSamplePerClassOut(2, random_state=0), tmp_path, n_jobs=2,
                        verbose=False)
    assert len(out) == 2 and out["n_parameters"].notna().all()


def test_reports(small, tmp_path):
    X, y = small
    results = run_benchmark({"knn": make_method("knn")}, X, y, LeaveOneSamplePerClassOut(2, random_state=0),
                            tmp_path, verbose=False)
    summary = write_reports(results, tmp_path, "test")
    for name in ("results.csv", "summary.csv", "summary.json", "summary.md"):
        assert (tmp_path / name).stat().st_size > 0
    assert re.search(r"^\| knn +\|", (tmp_path / "summary.md").read_text(), re.MULTILINE)
    assert summary.loc["knn", "n_splits"] == 2


def test_a_report_interrupted_while_written_keeps_the_previous_one(small, tmp_path, monkeypatch):
    X, y = small
    results = run_benchmark({"knn": make_method("knn")}, X, y, LeaveOneSamplePerClassOut(2, random_state=0),
                            tmp_path, verbose=False)
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


def test_a_figure_is_saved_whole_in_the_format_of_its_suffix(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sklearn_teanet.utils._atomic import save_figure

    fig = plt.figure()
    save_figure(fig, tmp_path / "a.png")
    save_figure(fig, tmp_path / "a.svg")
    plt.close(fig)
    assert (tmp_path / "a.png").read_bytes()[:4] == b"\x89PNG" and b"<svg" in (tmp_path / "a.svg").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "a.svg"]


def test_cli_benchmark_on_csv(tmp_path, capsys):
    rng = np.random.RandomState(0)
    labels = np.repeat(["a", "b", "c"], 3)
    X = rng.rand(9, 6) + np.repeat(np.eye(3), 3, axis=0).repeat(2, axis=1)
    frame = pd.DataFrame(X, columns=[f"{w}" for w in range(400, 1000, 100)])
    frame.insert(0, "label", labels)
    frame.to_csv(tmp_path / "mine.csv", index=False)
    code = main(["benchmark", "--dataset", str(tmp_path / "mine.csv"), "--methods", "knn", "correlation",
                 "--repeats", "2", "--out", str(tmp_path / "out")])
    assert code == 0
    assert "correlation" in capsys.readouterr().out
    assert (tmp_path / "out" / "summary.md").exists()


def test_cli_demo_small(capsys):
    assert main(["demo", "--methods", "knn", "cnn_full", "--n-classes", "4", "--n-points", "32",
                 "--repeats", "1"]) == 0
    out = capsys.readouterr().out
    assert "accuracy_%" in out and "cnn_full" in out


# ------------------------------------------------------------------ loader
def test_load_npz_and_csv(tmp_path):
    X = np.arange(12.0).reshape(3, 4)
    np.savez(tmp_path / "d.npz", X=X, y=np.array([0, 1, 1]), wavenumbers=np.array([1.0, 2, 3, 4]))
    d = load_spectra(tmp_path / "d.npz")
    assert np.array_equal(d.data, X) and list(d.target) == [0, 1, 1] and d.wavenumbers[-1] == 4
    (tmp_path / "d.csv").write_text("label,400,500\nx,1,2\ny,3,4\n")
    c = load_spectra(tmp_path / "d.csv")
    assert c.data.shape == (2, 2) and list(c.wavenumbers) == [400, 500] and list(c.target) == ["x", "y"]


@pytest.mark.parametrize(
    "text,match",
    [
        ("name,400,500\nx,1,2\n", "no label column 'label'"),
        ("label,400,500\nx,1,2\ny,3\n", "row 3, column '500' is empty"),
        ("label,400,500\nx,1,2\ny,3,4,5\n", "ragged rows"),
        ("label,400,500\nx,1,abc\n", "value 'abc' in row 2, column '500' is not a finite number"),
    ],
)
def test_csv_errors(tmp_path, text, match):
    (tmp_path / "bad.csv").write_text(text)
    with pytest.raises(ValueError, match=match):
        load_spectra(tmp_path / "bad.csv")


def test_npz_errors(tmp_path):
    np.savez(tmp_path / "a.npz", X=np.zeros((3, 4)))
    with pytest.raises(ValueError, match="missing array"):
        load_spectra(tmp_path / "a.npz")
    np.savez(tmp_path / "b.npz", X=np.zeros((3, 4)), y=np.zeros(2))
    with pytest.raises(ValueError, match="3 rows"):
        load_spectra(tmp_path / "b.npz")
    with pytest.raises(ValueError, match=".csv or .npz"):
        (tmp_path / "c.txt").write_text("x")
        load_spectra(tmp_path / "c.txt")


# ------------------------------------------------------ progress, budgets, dask
def test_runner_progress_bar_and_lines(small, tmp_path, capsys):
    X, y = small
    cv = LeaveOneSamplePerClassOut(n_repeats=2, random_state=0)
    run_benchmark({"knn": make_method("knn")}, X, y, cv, tmp_path / "a", verbose=1)
    err = capsys.readouterr().err
    assert "fits" in err and "2/2" in err  # tqdm's bar, with its count
    run_benchmark({"knn": make_method("knn")}, X, y, cv, tmp_path / "b", verbose=2)
    captured = capsys.readouterr()
    assert "knn            split  1" in captured.out + captured.err


def test_cli_interrupt_keeps_finished_fits_and_resumes(tmp_path, monkeypatch, capsys):
    original, calls = runner._fit_one, []

    def interrupted_third_fit(*args):
        calls.append(args[0])
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original(*args)

    monkeypatch.setattr(runner, "_fit_one", interrupted_third_fit)
    argv = ["benchmark", "--methods", "knn", "--n-classes", "4", "--n-points", "32", "--repeats", "4",
            "--out", str(tmp_path)]
    assert main(argv) == 130
    assert "run the same command again" in capsys.readouterr().out
    assert len((tmp_path / "fits.jsonl").read_text().splitlines()) == 2
    monkeypatch.setattr(runner, "_fit_one", original)
    calls.clear()
    monkeypatch.setattr(runner, "_fit_one", lambda *a: calls.append(a[0]) or original(*a))
    assert main(argv) == 0
    assert len(calls) == 2  # only the two fits that had not finished


def test_cli_max_time_per_fit_and_epoch_logs(tmp_path, capsys):
    argv = ["benchmark", "--methods", "cnn_full", "--networks", "small", "--n-classes", "3", "--n-points", "32",
            "--repeats", "1", "--epochs", "100000", "--max-time-per-fit", "0.3", "--out", str(tmp_path / "budget")]
    assert main(argv) == 0
    fit = json.loads((tmp_path / "budget" / "fits.jsonl").read_text())
    assert 1 <= fit["epochs"] < 100000  # the budget stopped the fit, however loaded the machine
    argv = argv[:12] + ["2", "-vv", "--out", str(tmp_path / "logs")]  # 2 epochs, no budget
    assert main(argv) == 0
    assert "train_loss" in capsys.readouterr().out  # skorch's epoch table, shown at -vv
    for budget in ("-5", "0", "inf", "soon"):  # -5 once stopped every fit after its first epoch, silently
        with pytest.raises(SystemExit):
            main(argv[:13] + ["--max-time-per-fit", budget])
        assert "--max-time-per-fit: " in capsys.readouterr().err


def test_cli_synthetic_grid(tmp_path, capsys):
    argv = ["synthetic-grid", "--theta-cells", "0", "4", "--fwhm-cells", "0", "--n-classes", "3",
            "--n-samples-per-class", "5", "--n-points", "32", "--epochs", "2", "--out", str(tmp_path)]
    assert main(argv) == 0
    table = pd.read_csv(tmp_path / "grid.csv")
    assert list(table["theta"]) == [10.0, 0.1] and "teanet - cnn_full" in table.columns
    assert (tmp_path / "grid.md").exists() and (tmp_path / "grid.png").stat().st_size > 0
    assert "teanet - cnn_full" in capsys.readouterr().out
    # A grid run a cell per command: the report shows every cell of the same problem recorded so far.
    assert main(argv[:2] + ["2"] + argv[4:]) == 0
    assert list(pd.read_csv(tmp_path / "grid.csv")["theta"]) == [10.0, 1.0, 0.1]
    assert main(argv[:2] + ["2"] + argv[4:11] + ["48"] + argv[12:]) == 0  # another size: another problem
    assert list(pd.read_csv(tmp_path / "grid.csv")["theta"]) == [1.0]
    saved = pd.read_csv(tmp_path / "grid_results.csv")
    assert len(saved) == 8 and sorted(set(saved["n_points"])) == [32, 48]


@pytest.mark.parametrize("what,rows", [("training", ["separately (x1)", "jointly (x1)", "separately (x2)"]),
                                       ("masking", ["cnn_full", "MS1 a=0 b=0.5", "MS5 tau_i~U(0.1,0.3)"])])
def test_cli_ablation(what, rows, tmp_path):
    argv = ["ablation", "--what", what, "--n-masks", "1", "2", "--n-classes", "3", "--n-points", "32",
            "--repeats", "1", "--epochs", "1", "--out", str(tmp_path)]
    assert main(argv) == 0
    summary = pd.read_csv(tmp_path / "summary.csv", index_col=0)
    assert set(rows) <= set(summary.index)
    assert len(summary) == (4 if what == "training" else 15)


def test_cli_ablation_runs_the_chosen_masking_rows(tmp_path, capsys):
    argv = ["ablation", "--what", "masking", "--schemes", "MS1", "MS4 tau~U(0.1,0.9)", "--n-classes", "3",
            "--n-points", "32", "--repeats", "1", "--epochs", "1", "--out", str(tmp_path)]
    assert main(argv) == 0
    summary = pd.read_csv(tmp_path / "summary.csv", index_col=0)
    assert set(summary.index) == {"cnn_full", "MS1 a=0 b=0.5", "MS1 a=0.5 b=1", "MS4 tau~U(0.1,0.9)"}
    assert main(argv[:4] + ["MS6"] + argv[6:]) == 2
    assert "Unknown masking scheme(s) ['MS6']" in capsys.readouterr().err
    assert main(["ablation", "--what", "training", "--schemes", "MS1"]) == 2
    assert "--what masking only" in capsys.readouterr().err


def test_dask_backend_on_a_loopback_cluster(small, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed", reason="dask.distributed is an optional extra")
    X, y = small
    cv = LeaveOneSamplePerClassOut(n_repeats=2, random_state=0)
    methods = {"knn": make_method("knn"), "cnn": make_method("cnn_full", channels=(2,), max_epochs=1)}
    original = runner._fit_one

    def fit_and_name_the_worker(*args, **kwargs):
        worker = distributed.get_worker().address  # raises outside a worker
        return [{**record, "worker": worker} for record in original(*args, **kwargs)]

    monkeypatch.setattr(runner, "_fit_one", fit_and_name_the_worker)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        results = run_benchmark(methods, X, y, cv, tmp_path, verbose=0, backend="dask",
                                scheduler=cluster.scheduler_address)
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
        run_benchmark({"knn": make_method("knn")}, X, y, LeaveOneSamplePerClassOut(2, random_state=0), tmp_path,
                      verbose=0, backend="dask")


def test_benchmark_and_ablation_read_rruff_on_the_same_axis(tmp_path, monkeypatch, capsys):
    # ablation once resampled RRUFF to the synthetic default of 256 points, benchmark to 1024.
    import sklearn_teanet.__main__ as cli
    import sklearn_teanet.data

    seen = []

    def read_spectra(path, n_points, **kwargs):
        seen.append(n_points)
        raise ValueError("stop after reading the arguments")

    def synthetic(args):
        seen.append(args.n_points)
        raise ValueError("stop after reading the arguments")

    monkeypatch.setattr(sklearn_teanet.data, "read_spectra", read_spectra)
    monkeypatch.setattr(cli, "_synthetic", synthetic)
    folder = str(tmp_path)
    for argv in (["benchmark", "--dataset", folder], ["ablation", "--what", "masking", "--dataset", folder],
                 ["ablation", "--what", "training", "--dataset", folder, "--n-points", "256"],
                 ["ablation", "--what", "masking"]):
        assert main(argv + ["--out", str(tmp_path / "out")]) == 2
    assert seen == [1024, 1024, 256, 256]
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["ablation", "--help"])
    assert "(default: 256 synthetic, 1024 RRUFF)" in " ".join(capsys.readouterr().out.split())
