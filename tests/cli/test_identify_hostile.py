"""identify against hostile paths and names, and stopped runs (issue 37, points 6, 15, 16, 17, 19, 21)."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from sklearn_teanet.cli import main


def _quartz(library, folder, name="quartz.txt"):
    _, unknowns, _ = library
    folder.mkdir(parents=True, exist_ok=True)
    return shutil.copy(unknowns / "unknown_quartz.txt", folder / name)


@pytest.mark.parametrize("target", ["hits", "unknown", "model", "figure", "in_folder"])
def test_the_report_never_replaces_an_input_the_model_or_another_output(library, model, tmp_path, capsys, target):
    unknown = _quartz(library, tmp_path / "batch")
    out = tmp_path / "out"
    out.mkdir()
    (out / "hits.csv").write_text("earlier results")
    (out / "quartz.txt.png").write_text("a figure")
    report = {
        "hits": out / "hits.csv",
        "unknown": unknown,
        "model": model,
        "figure": out / "quartz.txt.png",
        "in_folder": unknown,
    }[target]
    given = [str(tmp_path / "batch")] if target == "in_folder" else [str(unknown)]
    before = report.read_bytes()
    code = main(["identify", "--model", str(model), *given, "--out", str(out), "--report", str(report)])
    assert code == 2 and "writing the report there would replace it" in capsys.readouterr().err
    assert report.read_bytes() == before


@pytest.mark.parametrize("name", ["x" * 240 + ".txt", "水" * 80 + ".txt"])  # 244 bytes either way
def test_a_very_long_file_name_gets_its_figure_and_its_hits(library, model, tmp_path, name):
    _quartz(library, tmp_path / "batch", name)
    out = tmp_path / "out"
    assert main(["identify", "--model", str(model), str(tmp_path / "batch"), "--out", str(out)]) == 0
    hits = pd.read_csv(out / "hits.csv")
    assert hits["spectrum"].iloc[0] == name and (out / hits["figure"].iloc[0]).is_file()


def test_a_name_with_mathtext_is_drawn_as_text_and_reported(library, model, tmp_path):
    _quartz(library, tmp_path / "batch", r"sample $\undefinedcmd$.txt")
    out, report = tmp_path / "out", tmp_path / "report.html"
    args = ["identify", "--model", str(model), str(tmp_path / "batch"), "--out", str(out), "--report", str(report)]
    assert main(args) == 0
    assert report.is_file() and pd.read_csv(out / "hits.csv")["figure"].iloc[0].endswith(".png")


def test_a_linked_folder_beside_another_input_and_a_broken_link_are_both_handled(library, model, tmp_path):
    elsewhere = tmp_path / "elsewhere" / "deep"
    _quartz(library, elsewhere, "linked.txt")
    batch = tmp_path / "work" / "batch"
    _quartz(library, batch)
    os.symlink(elsewhere, batch / "linked_folder")
    os.symlink(elsewhere / "linked.txt", batch / "linked_file.txt")
    os.symlink(batch, batch / "loop")  # a link back up: read once, not forever
    os.symlink(tmp_path / "gone.txt", batch / "broken.txt")
    second = _quartz(library, tmp_path / "work" / "other", "second.txt")
    out = tmp_path / "out"
    assert main(["identify", "--model", str(model), str(batch), str(second), "--out", str(out), "--no-plots"]) == 1
    hits = pd.read_csv(out / "hits.csv")
    spectra = set(hits["spectrum"])
    expected = {"batch/quartz.txt", "batch/linked_folder/linked.txt", "batch/linked_file.txt", "other/second.txt"}
    assert expected | {"batch/broken.txt"} == spectra
    broken = hits[hits["spectrum"] == "batch/broken.txt"]
    assert broken["reason"].str.contains("broken link").all()


def test_formula_like_names_are_escaped_in_the_csv(library, model, tmp_path):
    for name in ["=HYPERLINK(x).txt", "@SUM(1).txt", "+1.txt", "-2.txt"]:
        _quartz(library, tmp_path / "batch", name)
    out = tmp_path / "out"
    assert main(["identify", "--model", str(model), str(tmp_path / "batch"), "--out", str(out), "--no-plots"]) == 0
    cells = set(pd.read_csv(out / "hits.csv")["spectrum"])
    assert cells == {"'=HYPERLINK(x).txt", "'@SUM(1).txt", "'+1.txt", "'-2.txt"}
    assert pd.read_csv(out / "hits.csv").query("rank == 1")["hqi"].gt(90).all()  # numbers stay numbers


@pytest.mark.slow  # a subprocess or a real fit: in make test, not test-fast
def test_sigterm_keeps_the_finished_spectra_and_ctrl_c_elsewhere_prints_no_traceback(library, model, tmp_path):
    batch = tmp_path / "batch"
    for i in range(400):
        _quartz(library, batch, f"q{i:03d}.txt")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "sklearn_teanet", "identify", "--model", str(model), str(batch), "--out", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Figures are drawn from the first spectra on: once two exist, stop the run as a scheduler would.
    deadline = time.monotonic() + 120
    while len(list(out.glob("*.png"))) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    done = pd.read_csv(out / "hits.csv", keep_default_na=False)
    # Stopped while identifying, or (on a fast machine) while waiting for the figures: either way the hits
    # found are kept, and each figure they name is whole and there, and no other.
    assert 2 <= done["spectrum"].nunique() <= 400
    named = set(done["figure"]) - {""}
    assert named == {path.name for path in out.glob("*.png")} and len(named) >= 2
    # Interrupted while training: a message and 130, no traceback.
    folder, _, _ = library
    # Epochs enough that the fit still runs when the signal comes, however fast the machine (on an idle one the
    # default fit ended before it, and the signal hit the interpreter's exit).
    train = [sys.executable, "-m", "sklearn_teanet", "train", "--library", str(folder), "--method", "cnn_full"]
    train += ["--epochs", "100000"]
    # A shell starts background jobs with SIGINT ignored, and Python keeps an ignored SIGINT ignored: run from such a
    # job, the fit never saw the signal and trained on for hours. A terminal's Ctrl-C is what is tested.
    process = subprocess.Popen([*train, "--out", str(tmp_path / "m.skops")], stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # fmt: skip
    try:
        time.sleep(8)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=120)
    finally:
        process.kill()  # nothing left running if the signal was not obeyed
    # 130, or death by SIGINT when the interrupt lands in Python's own start-up: a shell reports both as 130.
    assert process.returncode in (130, -signal.SIGINT) and "interrupted" in err and "Traceback" not in err, err
    assert not (tmp_path / "m.skops").exists()
