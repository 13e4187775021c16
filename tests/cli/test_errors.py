"""errors: tests moved from test_bad_inputs.py, test_rruff.py."""

import numpy as np
import pytest

from sklearn_teanet.cli import main


@pytest.mark.parametrize(
    "argv, message",
    [
        (["benchmark", "--repeats", "0"], "--repeats: must be at least 1, got 0"),
        (["benchmark", "--n-jobs", "0"], "--n-jobs: must be at least 1"),
        (["benchmark", "--epochs", "0"], "--epochs: must be at least 1"),
        # The generator's limits, named by the option rather than by LorentzSpectraGenerator's parameter.
        (["benchmark", "--n-points", "1"], "--n-points: must be at least 8, got 1"),
        (["synthetic-grid", "--n-classes", "1"], "--n-classes: must be at least 2, got 1"),
        (
            ["ablation", "--what", "training", "--n-points", "x"],
            "--n-points: expected an integer of at least 8, got 'x'",
        ),
        (["--methods", "nope"], "invalid choice: 'nope'"),
    ],
)
def test_argument_errors_print_the_message_alone_and_exit_2(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_demo_is_the_default_command_with_options(monkeypatch):
    import sklearn_teanet.cli.commands as cli

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
    assert (
        main(
            [
                "benchmark",
                "--methods",
                "knn",
                "--n-classes",
                "3",
                "--n-points",
                "32",
                "--repeats",
                "1",
                "--out",
                str(out_file),
            ]
        )
        == 2
    )
    assert "is a file" in capsys.readouterr().err


def test_groups_column_keeps_specimens_together(tmp_path, capsys):
    rows = ["label,sample_id," + ",".join(str(400 + 2 * i) for i in range(16))]
    rng = np.random.RandomState(0)
    for k in range(12):
        rows.append(f"c{k // 2 % 3},s{k // 2}," + ",".join(f"{v:.3f}" for v in rng.rand(16) + k // 2 % 3))
    (tmp_path / "g.csv").write_text("\n".join(rows) + "\n")
    code = main(
        [
            "benchmark",
            "--dataset",
            str(tmp_path / "g.csv"),
            "--groups",
            "sample_id",
            "--methods",
            "knn",
            "--repeats",
            "2",
            "--out",
            str(tmp_path / "o"),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "6 groups (sample_id), 3.0 held out per split" in out


def test_the_command_line_reports_a_failed_download_and_a_missing_class_list_in_one_line(tmp_path, monkeypatch, capsys):
    import urllib.error
    import urllib.request

    from sklearn_teanet.cli import main

    def offline(*args, **kwargs):
        raise urllib.error.URLError("no network")

    monkeypatch.setenv("SKLEARN_TEANET_DATA", str(tmp_path / "cache"))
    monkeypatch.setattr(urllib.request, "urlopen", offline)
    assert main(["benchmark", "--dataset", "rruff_ir", "--out", str(tmp_path / "out")]) == 2  # was a traceback
    err = capsys.readouterr().err
    assert "sklearn-teanet: error: Could not download" in err and "--dataset path/to/the.zip" in err
    # A missing class list is named before anything is downloaded or read.
    with pytest.raises(SystemExit):
        main(["benchmark", "--dataset", "rruff_ir", "--classes", str(tmp_path / "missing.txt")])
    assert "argument --classes: no such file" in capsys.readouterr().err
