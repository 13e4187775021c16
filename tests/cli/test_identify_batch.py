"""identify on awkward batches: each case once gave a wrong answer, lost data or stopped the run (issue 31)."""

import os
import shutil
import threading

import numpy as np
import pandas as pd
import pytest

from sklearn_teanet import CNNClassifier, DoublePyramidLeNet, LorentzSpectraGenerator, SpectrumIdentifier, save_model
from sklearn_teanet.cli import main
from sklearn_teanet.persistence import load_model
from sklearn_teanet.reporting import batch, identify_files

GRID = np.linspace(400, 4000, 256)  # the library fixture's axis (conftest.py)


def _hits(folder):
    return pd.read_csv(folder / "hits.csv")


def test_same_file_names_in_several_folders_stay_apart_and_keep_their_figures(library, model, tmp_path):
    _, unknowns, _ = library
    for name in ("dirA", "dirB", "a"):
        (tmp_path / name).mkdir()
        shutil.copy(unknowns / "unknown_quartz.txt", tmp_path / name / "x.txt")
    shutil.copy(unknowns / "unknown_talc.txt", tmp_path / "a_x.txt")
    out = tmp_path / "out"
    inputs = [str(tmp_path / n) for n in ("dirA", "dirB", "a", "a_x.txt")]
    assert main(["identify", "--model", str(model), *inputs, "--out", str(out)]) == 0
    best = _hits(out).query("rank == 1")
    assert sorted(best["spectrum"]) == ["a/x.txt", "a_x.txt", "dirA/x.txt", "dirB/x.txt"]
    # a/x.txt and a_x.txt once shared a_x.txt.png: every spectrum has a figure of its own.
    assert best["figure"].nunique() == 4 and all((out / f).is_file() for f in best["figure"])
    # With figures on, HQIs were once written as float32 widened to 16 digits (87.16000366210938).
    cells = pd.read_csv(out / "hits.csv", dtype=str)
    assert cells["hqi"].str.fullmatch(r"\d+(\.\d{1,2})?").all()
    assert cells["shift_cm"].str.fullmatch(r"-?\d+(\.\d)?").all()


def test_train_refuses_to_write_the_model_over_its_library(library, tmp_path, capsys):
    folder, _, _ = library
    table = tmp_path / "lib.npz"
    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=3, n_points=32, random_state=0).generate()
    np.savez(table, X=data.data, y=data.target.astype(str), wavenumbers=np.linspace(400, 4000, 32))
    before = table.read_bytes()
    assert main(["train", "--library", str(table), "--out", str(table)]) == 2
    assert "is the library itself" in capsys.readouterr().err
    assert table.read_bytes() == before


def test_a_second_identify_on_the_same_out_is_refused_while_the_first_writes(library, model, tmp_path, capsys):
    from filelock import FileLock

    _, unknowns, _ = library
    out = tmp_path / "out"
    out.mkdir()
    with FileLock(str(out / ".identify.lock")):  # a run under way
        assert main(["identify", "--model", str(model), str(unknowns / "unknown_quartz.txt"), "--out", str(out)]) == 2
    assert "another identify run is writing to" in capsys.readouterr().err
    assert not (out / "hits.csv").exists()
    # Once it is done, the folder is free again and no lock file is left.
    assert main(["identify", "--model", str(model), str(unknowns / "unknown_quartz.txt"), "--out", str(out)]) == 0
    assert not (out / ".identify.lock").exists()


def test_a_flat_spectrum_with_figures_on_does_not_stop_the_batch(library, model, tmp_path, capsys):
    _, unknowns, _ = library
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(unknowns / "unknown_quartz.txt", batch / "quartz.txt")
    (batch / "zeros.txt").write_text("\n".join(f"{w:.2f} 0" for w in GRID) + "\n")
    (batch / "flat.txt").write_text("\n".join(f"{w:.2f} 0.5" for w in GRID) + "\n")
    out = tmp_path / "out"
    assert main(["identify", "--model", str(model), str(batch), "--out", str(out)]) == 0
    best = _hits(out).query("rank == 1").set_index("spectrum")
    assert best.loc["quartz.txt", "class"] == "Quartz" and not best.loc["quartz.txt", "no_match"]
    assert best.loc["zeros.txt", "no_match"] and best.loc["flat.txt", "no_match"]
    assert "flat" in best.loc["zeros.txt", "reason"]
    assert all((out / f).is_file() for f in best["figure"])


def test_an_identifier_saved_from_python_identifies_and_a_bare_classifier_is_named(tmp_path, capsys):
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=4, n_points=64, theta=10, random_state=0).generate()
    y = np.array(["quartz", "calcite", "talc", "mica"])[data.target]
    identifier = SpectrumIdentifier(random_state=0).fit(data.data, y)  # as the user guide shows: arrays, no axis
    save_model(identifier, tmp_path / "api.skops")
    table = tmp_path / "unknowns.csv"
    pd.DataFrame(data.data[:2], columns=[f"p{i}" for i in range(64)]).to_csv(table, index=False)
    out = tmp_path / "out"
    assert main(["identify", "--model", str(tmp_path / "api.skops"), str(table), "--out", str(out)]) == 0
    assert list(_hits(out).query("rank == 1")["class"]) == list(y[:2])
    # A spectrum file carries an axis the model does not have: named, not a KeyError.
    (tmp_path / "one.txt").write_text("\n".join(f"{w:.2f} {v:.5f}" for w, v in zip(GRID, np.ones(256))) + "\n")
    assert main(["identify", "--model", str(tmp_path / "api.skops"), str(tmp_path / "one.txt"), "--out", str(out)]) == 1
    assert "256 points, but the model compares spectra point by point" in capsys.readouterr().err
    save_model(
        CNNClassifier(module=DoublePyramidLeNet(channels=(2,)), max_epochs=1, random_state=0).fit(data.data, y),
        tmp_path / "bare.skops",
    )
    assert main(["identify", "--model", str(tmp_path / "bare.skops"), str(table), "--out", str(out)]) == 2
    assert "the model is a CNNClassifier, not a SpectrumIdentifier" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_out_is_named_before_the_work(library, model, tmp_path, capsys):
    folder, unknowns, _ = library
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert main(["train", "--library", str(folder), "--out", str(locked / "m.skops")]) == 2
        assert main(["identify", "--model", str(model), str(unknowns), "--out", str(locked / "o")]) == 2
    finally:
        locked.chmod(0o700)
    assert capsys.readouterr().err.count("cannot write there") == 2


def test_an_unwritable_out_is_checked_before_training(library, tmp_path, capsys, monkeypatch):
    # As root no folder is read-only, so the check itself is made to fail: the fit must not have started.
    import sklearn_teanet.identification as identification
    import sklearn_teanet.utils._atomic as atomic

    folder, _, _ = library

    def refuse(path, what="--out"):
        raise PermissionError(f"{what} {path}: cannot write there (Permission denied).")

    monkeypatch.setattr(atomic, "check_writable", refuse)
    monkeypatch.setattr(identification, "train_identifier", lambda *a, **k: pytest.fail("the fit started"))
    assert main(["train", "--library", str(folder), "--out", str(tmp_path / "m.skops")]) == 2
    assert "cannot write there" in capsys.readouterr().err


def test_tables_without_wavenumbers_are_refused_against_a_library_with_an_axis(library, model, tmp_path, capsys):
    _, unknowns, _ = library
    values = np.loadtxt(unknowns / "unknown_quartz.txt")[:, 1]
    pd.DataFrame([values], columns=[f"p{i}" for i in range(values.size)]).to_csv(tmp_path / "t.csv", index=False)
    out = tmp_path / "out"
    assert main(["identify", "--model", str(model), str(tmp_path / "t.csv"), "--out", str(out)]) == 1
    assert "no wavenumber axis (the table's columns are not named by wavenumber)" in capsys.readouterr().err
    # A library table without wavenumbers trains a point-by-point model, loudly.
    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=3, n_points=32, random_state=0).generate()
    frame = pd.DataFrame(data.data, columns=[f"p{i}" for i in range(32)]).assign(label=data.target.astype(str))
    frame.to_csv(tmp_path / "lib.csv", index=False)
    with pytest.warns(UserWarning, match="columns are not named by wavenumber, so the model compares spectra point"):
        assert main(["train", "--library", str(tmp_path / "lib.csv"), "--out", str(tmp_path / "m.skops")]) == 0


def test_train_names_the_files_a_wavenumber_range_leaves_out(library, tmp_path, capsys):
    folder, _, _ = library
    lib = tmp_path / "lib"
    shutil.copytree(folder, lib)
    short = np.linspace(400, 900, 50)
    (lib / "Farir__R9__x.txt").write_text("\n".join(f"{w}, 1" for w in short) + "\n##END=\n")
    argv = ["train", "--library", str(lib), "--wavenumber-range", "400", "4000", "--n-points", "64"]
    with pytest.warns(UserWarning, match=r"1 of 25 spectra in .* are left out: Farir__R9__x.txt"):
        assert main([*argv, "--out", str(tmp_path / "m.skops")]) == 0


def test_ctrl_c_in_identify_keeps_the_spectra_done(library, model, tmp_path, monkeypatch, capsys):
    import sklearn_teanet.identification.identifier as identifier_module

    _, unknowns, _ = library
    calls = []
    original = identifier_module.SpectrumIdentifier.identify

    def interrupt_third(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original(self, *args, **kwargs)

    monkeypatch.setattr(identifier_module.SpectrumIdentifier, "identify", interrupt_third)
    monkeypatch.setattr(batch, "CHUNK", 1)  # a spectrum per search, so the third search is the third spectrum
    out = tmp_path / "out"
    assert main(["identify", "--model", str(model), str(unknowns), "--no-plots", "--out", str(out)]) == 130
    err = capsys.readouterr().err
    assert "Interrupted after 2 spectra" in err and "Traceback" not in err
    assert _hits(out).dropna(subset=["rank"])["spectrum"].nunique() == 2


def test_a_spectrum_that_barely_overlaps_the_library_gets_no_hit_list(library, model, tmp_path, capsys):
    (tmp_path / "edge.txt").write_text("\n".join(f"{w:.1f} {np.sin(w)}" for w in np.linspace(3990, 4500, 100)))
    out = tmp_path / "out"
    assert main(["identify", "--model", str(model), str(tmp_path / "edge.txt"), "--out", str(out)]) == 1
    assert "which covers 0.3 % of the library's 400 to 4000" in capsys.readouterr().err
    assert _hits(out)["rank"].isna().all()  # no hit list: one line with the reason


def test_a_spectrum_a_few_points_short_of_the_range_is_not_told_it_is_filled(library, model, tmp_path, capsys):
    _, unknowns, _ = library
    rows = np.loadtxt(unknowns / "unknown_quartz.txt")
    np.savetxt(tmp_path / "nearly.txt", rows[2:-2])  # 99.x % of the range, as most instrument files
    assert main(["identify", "--model", str(model), str(tmp_path / "nearly.txt"), "--out", str(tmp_path / "o")]) == 0
    assert "covers" not in capsys.readouterr().err


@pytest.mark.slow  # a subprocess or a real fit: in make test, not test-fast
def test_identify_files_from_python_runs_alongside(library, model, tmp_path):
    # Two runs into separate folders at once both finish with their own hit lists.
    _, unknowns, _ = library
    identifier = load_model(model)
    runs = {}
    threads = [
        threading.Thread(target=lambda k=k: runs.update({k: identify_files(identifier, [unknowns], tmp_path / k)}))
        for k in ("one", "two")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(runs["one"].hits) == len(runs["two"].hits) > 0


def test_every_input_has_a_line_in_hits_csv_even_one_that_could_not_be_read(library, model, tmp_path):
    _, unknowns, _ = library
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(unknowns / "unknown_quartz.txt", batch / "good.txt")
    (batch / "flat.txt").write_text("400 1\n1000 1\n4000 1\n")
    (batch / "garbage.txt").write_text("not a spectrum\n")
    out = tmp_path / "out"
    assert main(["identify", "--model", str(model), str(batch), "--out", str(out), "--no-plots"]) == 1
    hits = _hits(out)
    assert set(hits["spectrum"]) == {"good.txt", "flat.txt", "garbage.txt"}
    garbage = hits[hits["spectrum"] == "garbage.txt"]
    assert len(garbage) == 1 and bool(garbage["no_match"].iloc[0])
    assert garbage["reason"].iloc[0].startswith("not identified: ")
    flat = hits.query("spectrum == 'flat.txt' and rank == 1")  # a constant of 1: its derivative is rounding noise
    assert flat["no_match"].all() and flat["reason"].str.contains("flat").all() and (flat["hqi"] == 0).all()
    # A batch that reads nothing still says why, file by file.
    only_bad = tmp_path / "only_bad"
    assert main(["identify", "--model", str(model), str(batch / "garbage.txt"), "--out", str(only_bad)]) == 1
    assert list(_hits(only_bad)["spectrum"]) == ["garbage.txt"]
    assert ",1,Quartz," in (out / "hits.csv").read_text()  # ranks stay whole numbers beside the empty ones
