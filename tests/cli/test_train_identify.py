"""The train and identify commands, end to end (the library fixture is in conftest.py)."""

import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from sklearn_teanet import (
    load_model,
)
from sklearn_teanet.cli import main

GRID = np.linspace(400, 4000, 256)  # the library fixture's axis (conftest.py)


@pytest.mark.slow  # a subprocess or a real fit: in make test, not test-fast
def test_train_save_load_in_a_fresh_process_and_identify(library, tmp_path, capsys):
    folder, unknowns, names = library
    model = tmp_path / "model.skops"
    assert (
        main(["train", "--library", str(folder), "--method", "correlation", "--n-points", "256", "--out", str(model)])
        == 0
    )
    files = sorted(str(p) for p in unknowns.iterdir())
    code = main(["identify", "--model", str(model), *files, "--top", "3", "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == 1, captured.err  # two bad files, named, and the good ones identified all the same
    assert "empty.txt: the file is empty" in captured.err and "notes.docx: unknown file format" in captured.err
    table = pd.read_csv(tmp_path / "out" / "hits.csv")
    assert {"spectrum", "rank", "class", "hqi", "reference", "shift_cm", "probability", "p_value", "no_match"} <= set(
        table
    )
    unread = table[table["rank"].isna()]  # the files that could not be read: a line each, with the reason
    assert sorted(unread["spectrum"]) == ["empty.txt", "notes.docx"] and unread["no_match"].all()
    hits = table.dropna(subset=["rank"])
    assert hits["reference"].str.endswith("Infrared.txt").all()  # the library file that matched
    best = hits[hits["rank"] == 1].set_index("spectrum")
    for name in names:
        assert best.loc[f"unknown_{name}.txt", "class"] == name.capitalize()  # as the files write it
    # At confidence 0.95 about 1 in 20 in-library spectra is called "no match"; the foreign one must be.
    assert sum(best.loc[f"unknown_{name}.txt", "no_match"] for name in names) <= 1
    assert best.loc["unknown_foreign.txt", "no_match"]
    foreign_line = next(line for line in captured.out.splitlines() if "unknown_foreign.txt" in line)
    assert "no match (nearest: " in foreign_line  # not a class name alone, which reads as an identification
    assert (hits.groupby("spectrum").size() == 3).all()
    assert (tmp_path / "out" / "unknown_quartz.txt.png").stat().st_size > 5000

    # The model predicts the same in a fresh process.
    script = (
        "import sys, numpy as np; from sklearn_teanet import load_model; "
        "m = load_model(sys.argv[1]); w = np.linspace(3900, 500, 700); "
        "print(m.predict_proba([(w, np.exp(-0.5 * ((w - 1500) / 30) ** 2))]).round(6).tolist())"
    )
    fresh = subprocess.run([sys.executable, "-c", script, str(model)], capture_output=True, text=True, check=True)
    here = load_model(model)
    w = np.linspace(3900, 500, 700)
    expected = here.predict_proba([(w, np.exp(-0.5 * ((w - 1500) / 30) ** 2))]).round(6).tolist()
    assert fresh.stdout.strip() == str(expected)


def test_train_on_a_folder_of_jcamp_and_two_column_files(library, tmp_path, capsys):
    """An instrument's own library: JCAMP-DX and plain two-column files, classes from titles and file names."""
    rruff_folder, unknowns, names = library
    folder = tmp_path / "own"
    folder.mkdir()
    for i, path in enumerate(sorted(rruff_folder.iterdir())):
        text = path.read_text()
        name = text.split("\n", 1)[0].removeprefix("##NAMES=")
        rows = [line for line in text.splitlines() if line and not line.startswith("##")]
        if i % 2:
            (folder / f"{name}__{i}.jdx").write_text(
                "\n".join(
                    [
                        f"##TITLE={name}",
                        "##JCAMP-DX=4.24",
                        "##XUNITS=1/CM",
                        "##YUNITS=ABSORBANCE",
                        "##XFACTOR=1",
                        "##YFACTOR=1",
                        f"##FIRSTX={GRID[0]:.4f}",
                        f"##LASTX={GRID[-1]:.4f}",
                        f"##NPOINTS={GRID.size}",
                        "##XYDATA=(X++(Y..Y))",
                        *(row.replace(",", " ") for row in rows),
                        "##END=",
                    ]
                )
                + "\n"
            )
        else:
            (folder / f"{name}__{i}.txt").write_text("\n".join(rows) + "\n")  # the class is the file name's start
    model = tmp_path / "model.skops"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert main(["train", "--library", str(folder), "--n-points", "256", "--out", str(model)]) == 0
    assert not [w for w in caught if "no mineral name" in str(w.message)]  # file names are their only name
    files = [str(unknowns / f"unknown_{name}.txt") for name in names]
    assert main(["identify", "--model", str(model), *files, "--no-plots", "--out", str(tmp_path / "out")]) == 0
    best = pd.read_csv(tmp_path / "out" / "hits.csv").query("rank == 1").set_index("spectrum")["class"]
    assert all(best[f"unknown_{name}.txt"] == name.capitalize() for name in names)


def test_identify_reads_folders_two_column_csv_files_and_tables_without_labels(library, tmp_path, capsys):
    """What an instrument exports: a folder of two-column CSV files (with or without a header), a table of unknowns."""
    folder, unknowns, names = library
    model = tmp_path / "model.skops"
    assert main(["train", "--library", str(folder), "--n-points", "256", "--out", str(model)]) == 0
    batch = tmp_path / "batch"
    (batch / "day2").mkdir(parents=True)
    rows = (unknowns / "unknown_quartz.txt").read_text().replace("\t", ",")
    (batch / "quartz.csv").write_text(rows)  # a two-column CSV was read as a table: "no label column 'label'"
    (batch / "day2" / "quartz_header.csv").write_text("Wavenumber (cm-1),Absorbance\n" + rows)
    axis = np.linspace(4000, 400, 700)
    talc = np.loadtxt(unknowns / "unknown_talc.txt")[:, 1]
    pd.DataFrame([talc], columns=[f"{w:.3f}" for w in axis]).to_csv(batch / "table.csv", index=False)  # no label
    (batch / "readme.md").write_text("not a spectrum file, and not read")
    (tmp_path / "empty").mkdir()
    capsys.readouterr()
    code = main(
        [
            "identify",
            "--model",
            str(model),
            str(batch),
            str(tmp_path / "empty"),
            "--no-plots",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 1 and "empty: no spectrum files (.txt" in capsys.readouterr().err
    best = pd.read_csv(tmp_path / "out" / "hits.csv").query("rank == 1").set_index("spectrum")["class"]
    # With two folders given, every spectrum is named by its path from their common folder.
    assert best.to_dict() == {
        "batch/day2/quartz_header.csv": "Quartz",
        "batch/quartz.csv": "Quartz",
        "batch/table.csv[0]": "Talc",
    }
    # A file where the results folder should be is named, not a traceback.
    assert main(["identify", "--model", str(model), str(batch), "--out", str(batch / "quartz.csv")]) == 2
    assert "--out " in capsys.readouterr().err
    # One spectrum is not a library, and a confidence of 1.5 is named by its option before the library is read.
    assert main(["train", "--library", str(batch / "quartz.csv"), "--out", str(tmp_path / "m.pkl")]) == 2
    assert "quartz.csv holds one spectrum (two columns)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["train", "--library", str(folder), "--confidence", "1.5", "--out", str(tmp_path / "m.pkl")])
    assert "argument --confidence: must lie strictly between 0 and 1" in capsys.readouterr().err
    for window in ("4", "1", "-3", "x"):  # an even window was refused as 'window_length', a name train does not have
        with pytest.raises(SystemExit):
            main(["train", "--library", str(folder), "--smooth", window, "--out", str(tmp_path / "m.pkl")])
        assert "argument --smooth: " in capsys.readouterr().err
    for orders in ("3", "1+1", "both", "1+"):
        with pytest.raises(SystemExit):
            main(["train", "--library", str(folder), "--derivative", orders, "--out", str(tmp_path / "m.pkl")])
        assert "argument --derivative: must be auto, 0, 1, 2 or distinct ones" in capsys.readouterr().err
    # Side by side is for the library search; a network is told where its own two views are, before any fit.
    args = ["train", "--library", str(folder), "--method", "cnn_full", "--derivative", "1+2", "--out", str(model)]
    assert main(args) == 2
    assert "make_method('cnn_spectrum_d2')" in capsys.readouterr().err


def test_a_partial_unknown_is_told_how_its_gap_is_filled_once(library, tmp_path, capsys):
    folder, unknowns, _ = library
    model = tmp_path / "model.skops"
    assert main(["train", "--library", str(folder), "--n-points", "256", "--out", str(model)]) == 0
    lines = (unknowns / "unknown_quartz.txt").read_text().splitlines()
    (tmp_path / "partial.txt").write_text("\n".join(lines[: 3 * len(lines) // 4]) + "\n")  # 4000 to ~1300 cm-1
    (tmp_path / "sliver.txt").write_text("\n".join(lines[: len(lines) // 4]) + "\n")  # 4000 to ~3100 cm-1
    capsys.readouterr()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        main(
            [
                "identify",
                "--model",
                str(model),
                str(tmp_path / "partial.txt"),
                str(tmp_path / "sliver.txt"),
                "--out",
                str(tmp_path / "out"),
            ]
        )
    err = capsys.readouterr().err
    assert "partial.txt covers 7" in err and "the rest is filled with the nearest measured value" in err
    # With figures on, the resampler's own warning is not repeated for every spectrum either.
    assert not [w for w in caught if "do not cover the whole grid" in str(w.message)]
    # A spectrum that covers too little of the library's range gets no hit list, but its reason.
    assert "sliver.txt: measured from 31" in err and "which covers 24.9 % of the library's 400 to 4000" in err
    hits = pd.read_csv(tmp_path / "out" / "hits.csv")
    assert set(hits.dropna(subset=["rank"])["spectrum"]) == {"partial.txt"}
    sliver = hits[hits["spectrum"] == "sliver.txt"]  # its one line says why it has no hit list
    assert len(sliver) == 1 and sliver["reason"].iloc[0].startswith("not identified: measured from 31")


def test_neural_identification_explains_on_the_wavenumber_axis(library, tmp_path):
    folder, unknowns, _ = library
    model = tmp_path / "cnn.pkl"
    assert (
        main(
            [
                "train",
                "--library",
                str(folder),
                "--method",
                "cnn_full",
                "--n-points",
                "256",
                "--networks",
                "small",
                "--epochs",
                "3",
                "--out",
                str(model),
            ]
        )
        == 0
    )
    code = main(["identify", "--model", str(model), str(unknowns / "unknown_talc.txt"), "--out", str(tmp_path)])
    assert code == 0
    assert (tmp_path / "unknown_talc.txt.png").exists()
    identifier = load_model(model)
    w = np.linspace(3900, 500, 700)
    response = identifier.explain([(w, np.exp(-0.5 * ((w - 1500) / 30) ** 2))])
    assert response.shape == (1, 256) and np.all(response >= 0)


def test_derivative_orders_read_as_library_model_takes_them():
    from sklearn_teanet.cli.arguments import derivative_orders

    assert [derivative_orders(t) for t in ("auto", "0", "2", "1+2", "2+1")] == ["auto", 0, 2, (1, 2), (2, 1)]


def test_identify_takes_the_runs_axis_offset_when_it_is_known(library, tmp_path, capsys):
    folder, unknowns, _ = library
    model = tmp_path / "model.skops"
    assert main(["train", "--library", str(folder), "--n-points", "256", "--out", str(model)]) == 0
    args = ["identify", "--model", str(model), str(unknowns), "--out", str(tmp_path / "out"), "--no-plots"]
    capsys.readouterr()
    assert main([*args, "--axis-offset", "-2.5"]) == 1  # the folder holds two bad files, named
    assert "Axis offset of this run: -2.5 cm-1 (given)" in capsys.readouterr().out
    for bad, said in (("nan", "must be a finite number"), ("inf", "must be a finite number"), ("two", "expected a")):
        with pytest.raises(SystemExit):
            main([*args, "--axis-offset", bad])
        assert f"argument --axis-offset: {said}" in capsys.readouterr().err
