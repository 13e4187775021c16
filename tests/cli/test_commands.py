"""commands: tests moved from test_cli_and_runner.py, test_instrument_data.py."""

import json
import re

import numpy as np
import pandas as pd
import pytest
from spectrum_files import jcamp_points

from sklearn_teanet.cli import main
from sklearn_teanet.paper import runner


def _peaks(axis, centres):
    return sum(np.exp(-0.5 * ((axis - c) / 15) ** 2) for c in centres)


def test_cli_benchmark_on_csv(tmp_path, capsys):
    rng = np.random.RandomState(0)
    labels = np.repeat(["a", "b", "c"], 3)
    X = rng.rand(9, 6) + np.repeat(np.eye(3), 3, axis=0).repeat(2, axis=1)
    frame = pd.DataFrame(X, columns=[f"{w}" for w in range(400, 1000, 100)])
    frame.insert(0, "label", labels)
    frame.to_csv(tmp_path / "mine.csv", index=False)
    code = main(
        [
            "benchmark",
            "--dataset",
            str(tmp_path / "mine.csv"),
            "--methods",
            "knn",
            "correlation",
            "--repeats",
            "2",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 0
    assert "correlation" in capsys.readouterr().out
    assert (tmp_path / "out" / "summary.md").exists()


def test_cli_demo_small(capsys):
    assert main(["demo", "--methods", "knn", "cnn_full", "--n-classes", "4", "--n-points", "32", "--repeats", "1"]) == 0
    out = capsys.readouterr().out
    assert "accuracy_%" in out and "cnn_full" in out


def test_cli_interrupt_keeps_finished_fits_and_resumes(tmp_path, monkeypatch, capsys):
    original, calls = runner._fit_one, []

    def interrupted_third_fit(*args):
        calls.append(args[0])
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original(*args)

    monkeypatch.setattr(runner, "_fit_one", interrupted_third_fit)
    argv = [
        "benchmark",
        "--methods",
        "knn",
        "--n-classes",
        "4",
        "--n-points",
        "32",
        "--repeats",
        "4",
        "--out",
        str(tmp_path),
    ]
    assert main(argv) == 130
    assert "run the same command again" in capsys.readouterr().out
    assert len((tmp_path / "fits.jsonl").read_text().splitlines()) == 2
    monkeypatch.setattr(runner, "_fit_one", original)
    calls.clear()
    monkeypatch.setattr(runner, "_fit_one", lambda *a: calls.append(a[0]) or original(*a))
    assert main(argv) == 0
    assert len(calls) == 2  # only the two fits that had not finished


def test_cli_max_time_per_fit_and_epoch_logs(tmp_path, capsys):
    argv = [
        "benchmark",
        "--methods",
        "cnn_full",
        "--networks",
        "small",
        "--n-classes",
        "3",
        "--n-points",
        "32",
        "--repeats",
        "1",
        "--epochs",
        "100000",
        "--max-time-per-fit",
        "0.3",
        "--out",
        str(tmp_path / "budget"),
    ]
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


@pytest.mark.slow  # a subprocess or a real fit: in make test, not test-fast
def test_cli_synthetic_grid(tmp_path, capsys):
    argv = [
        "synthetic-grid",
        "--theta-cells",
        "0",
        "4",
        "--fwhm-cells",
        "0",
        "--n-classes",
        "3",
        "--n-samples-per-class",
        "5",
        "--n-points",
        "32",
        "--epochs",
        "2",
        "--out",
        str(tmp_path),
    ]
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


@pytest.mark.parametrize(
    "what,rows",
    [
        ("training", ["separately (x1)", "jointly (x1)", "separately (x2)"]),
        ("masking", ["cnn_full", "MS1 a=0 b=0.5", "MS5 tau_i~U(0.1,0.3)"]),
    ],
)
def test_cli_ablation(what, rows, tmp_path):
    argv = [
        "ablation",
        "--what",
        what,
        "--n-masks",
        "1",
        "2",
        "--n-classes",
        "3",
        "--n-points",
        "32",
        "--repeats",
        "1",
        "--epochs",
        "1",
        "--out",
        str(tmp_path),
    ]
    assert main(argv) == 0
    summary = pd.read_csv(tmp_path / "summary.csv", index_col=0)
    assert set(rows) <= set(summary.index)
    assert len(summary) == (4 if what == "training" else 15)


def test_cli_ablation_runs_the_chosen_masking_rows(tmp_path, capsys):
    argv = [
        "ablation",
        "--what",
        "masking",
        "--schemes",
        "MS1",
        "MS4 tau~U(0.1,0.9)",
        "--n-classes",
        "3",
        "--n-points",
        "32",
        "--repeats",
        "1",
        "--epochs",
        "1",
        "--out",
        str(tmp_path),
    ]
    assert main(argv) == 0
    summary = pd.read_csv(tmp_path / "summary.csv", index_col=0)
    assert set(summary.index) == {"cnn_full", "MS1 a=0 b=0.5", "MS1 a=0.5 b=1", "MS4 tau~U(0.1,0.9)"}
    assert main(argv[:4] + ["MS6"] + argv[6:]) == 2
    assert "Unknown masking scheme(s) ['MS6']" in capsys.readouterr().err
    assert main(["ablation", "--what", "training", "--schemes", "MS1"]) == 2
    assert "--what masking only" in capsys.readouterr().err


def test_benchmark_and_ablation_read_rruff_on_the_same_axis(tmp_path, monkeypatch, capsys):
    # ablation once resampled RRUFF to the synthetic default of 256 points, benchmark to 1024.
    import sklearn_teanet.cli.commands as cli
    import sklearn_teanet.data.datasets

    seen = []

    def read_spectra(path, n_points, **kwargs):
        seen.append(n_points)
        raise ValueError("stop after reading the arguments")

    def synthetic(args):
        seen.append(args.n_points)
        raise ValueError("stop after reading the arguments")

    monkeypatch.setattr(sklearn_teanet.data.datasets, "read_spectra", read_spectra)
    monkeypatch.setattr(cli, "_synthetic", synthetic)
    folder = str(tmp_path)
    for argv in (
        ["benchmark", "--dataset", folder],
        ["ablation", "--what", "masking", "--dataset", folder],
        ["ablation", "--what", "training", "--dataset", folder, "--n-points", "256"],
        ["ablation", "--what", "masking"],
    ):
        assert main(argv + ["--out", str(tmp_path / "out")]) == 2
    assert seen == [1024, 1024, 256, 256]
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["ablation", "--help"])
    assert "(default: 256 synthetic, 1024 RRUFF)" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(
    "cv, expected",
    [
        ("stratified-kfold", "stratified 3-fold, 2 repeats"),
        ("leave-one-per-class", "leave one spectrum per class out, 2 repeats"),
    ],
)
def test_the_benchmark_says_which_protocol_ran(tmp_path, capsys, cv, expected):
    rng = np.random.RandomState(0)
    rows = ["label," + ",".join(str(400 + 2 * i) for i in range(16))]
    rows += [f"c{k % 3}," + ",".join(f"{v:.3f}" for v in rng.rand(16) + k % 3) for k in range(12)]
    (tmp_path / "t.csv").write_text("\n".join(rows) + "\n")
    assert (
        main(
            [
                "benchmark",
                "--dataset",
                str(tmp_path / "t.csv"),
                "--methods",
                "knn",
                "--cv",
                cv,
                "--folds",
                "3",
                "--repeats",
                "2",
                "--out",
                str(tmp_path / "o"),
            ]
        )
        == 0
    )
    assert expected in capsys.readouterr().out


def test_the_benchmark_reads_a_folder_of_any_format_in_its_own_range(tmp_path, capsys):
    # NIR spectra in JCAMP-DX (nanometres) and two-column text: not RRUFF, not mid-IR, no RRUFF ids.
    nm = np.arange(1000.0, 2500.0, 5.0)
    library = tmp_path / "library"
    library.mkdir()
    for k in range(4):
        for name, centre in (("Lactose", 6000), ("Starch", 7000), ("Cellulose", 8000)):
            values = _peaks(1e7 / nm, [centre + 20 * k])
            if k % 2:
                (library / f"{name}__{k}.jdx").write_bytes(jcamp_points(nm, values, "NANOMETERS", "ABSORBANCE", name))
            else:
                (library / f"{name}__{k}.txt").write_text("\n".join(f"{1e7 / a},{b}" for a, b in zip(nm, values)))
    argv = [
        "benchmark",
        "--dataset",
        str(library),
        "--methods",
        "correlation",
        "--repeats",
        "2",
        "--n-points",
        "128",
        "--out",
        str(tmp_path / "o"),
    ]
    assert main(argv + ["--wavenumber-range", "4500", "9500"]) == 0
    out = capsys.readouterr().out
    assert "12 spectra, 3 classes" in out and "groups" not in out  # no ids: every file is its own specimen
    assert re.search(r"correlation +100\.0 ", out)
    assert main(argv + ["--wavenumber-range", "9500", "4500"]) == 2
    assert "--wavenumber-range must be LOW HIGH with LOW < HIGH" in capsys.readouterr().err
    assert main(argv) == 2  # the default, the paper's mid-IR, holds none of these spectra
    assert "None of the 12 spectra" in capsys.readouterr().err
