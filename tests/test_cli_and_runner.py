"""The benchmark runner (resume, reports), the command line and the CSV / NPZ loader."""

import json

import numpy as np
import pandas as pd
import pytest

from sklearn_teanet import LeaveOneSamplePerClassOut, LorentzSpectraGenerator, make_method
from sklearn_teanet.__main__ import main
from sklearn_teanet.data import load_spectra
from sklearn_teanet.evaluation import run_benchmark, write_reports
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
    pd.testing.assert_frame_equal(first.sort_values(["method", "split"]).reset_index(drop=True)[["method", "split", "accuracy"]],
                                  again.sort_values(["method", "split"]).reset_index(drop=True)[["method", "split", "accuracy"]])
    # Other parameters are other fits.
    calls.clear()
    run_benchmark({"knn": make_method("knn").set_params(n_masks=2)}, X, y, cv, tmp_path, verbose=False)
    assert len(calls) == 3


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
    assert "| knn |" in (tmp_path / "summary.md").read_text()
    assert summary.loc["knn", "n_splits"] == 2


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
        ("label,400,500\nx,1,2\ny,3\n", "row 3 .* missing values"),
        ("label,400,500\nx,1,2\ny,3,4,5\n", "ragged rows"),
        ("label,400,500\nx,1,abc\n", "non-numeric value 'abc' in row 2, column '500'"),
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
