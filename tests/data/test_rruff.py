"""rruff: tests moved from test_bad_inputs.py, test_rruff.py."""

import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest
from spectrum_files import rruff_text, short_rruff_text, write_collection

from sklearn_teanet.data import (
    RRUFFFormatError,
    class_name,
    load_rruff,
    load_rruff_ir_paper,
    parse_rruff,
    read_rruff_files,
)

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "rruff_ir"  # the workspace beside the repository


@pytest.mark.parametrize("cut", ["inside a number", "at a line end"])
def test_truncated_rruff_files_are_rejected(cut):
    text = short_rruff_text(end=False)
    text = text[:-8] if cut == "inside a number" else text
    with pytest.raises(RRUFFFormatError, match=r"cut\.txt: no '##END=' line; the file looks truncated"):
        parse_rruff(text, source="cut.txt")


@pytest.mark.parametrize("names_line", ["##NAMES=", "##NAMES=(-)", None])
def test_a_file_without_a_name_takes_its_class_from_the_file_name(tmp_path, names_line):
    text = short_rruff_text("X")
    text = text.replace("##NAMES=X\n", "" if names_line is None else names_line + "\n")
    (tmp_path / "Calcite__R050009__Infrared.txt").write_text(text)
    (tmp_path / "Quartz__R1__Infrared.txt").write_text(short_rruff_text("Quartz"))
    with pytest.warns(UserWarning, match=r"Calcite__R050009__Infrared.txt has no mineral name.*'Calcite'"):
        records = read_rruff_files(tmp_path)
    assert sorted(r["header"]["NAMES"] for r in records) == ["Calcite", "Quartz"]


def test_utf16_files_macos_members_and_txt_folders(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "Quartz__R1.txt").write_bytes(short_rruff_text("Quartz").encode("utf-16"))
    (folder / "odd.txt").mkdir()  # a folder named like a spectrum is not one
    archive = tmp_path / "data.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Quartz__R1.txt", short_rruff_text("Quartz"))
        z.writestr("__MACOSX/._Quartz__R1.txt", b"\x00\x05\x16\x07 binary resource fork")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [r["header"]["NAMES"] for r in read_rruff_files(folder)] == ["Quartz"]
        assert [r["header"]["NAMES"] for r in read_rruff_files(archive)] == ["Quartz"]


def test_a_damaged_zip_is_named_with_what_to_do(tmp_path):
    archive = tmp_path / "Processed.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Quartz__R1.txt", short_rruff_text("Quartz"))
    archive.write_bytes(archive.read_bytes()[:40])
    with pytest.raises(ValueError, match="Processed.zip.*damaged zip.*delete it"):
        read_rruff_files(archive)


def test_a_rruff_file_whose_axis_collapses_is_named():
    text = "##NAMES=X\n400, 1.0\n400, 2.0\n400, 3.0\n##END=\n"
    with pytest.raises(RRUFFFormatError, match="one.txt: every row has the wavenumber 400"):
        parse_rruff(text, source="one.txt")


def test_classes_given_as_a_name_is_not_taken_as_a_path(tmp_path):
    from sklearn_teanet import load_rruff

    (tmp_path / "Quartz__R1.txt").write_text(short_rruff_text("Quartz"))
    with pytest.raises(ValueError, match=r"classes='quartz' is not a file.*\['quartz'\]"):
        load_rruff(tmp_path, classes="quartz")
    assert list(load_rruff(tmp_path, classes=["quartz"]).target) == ["quartz"]


def test_parse_plain():
    header, w, v = parse_rruff(rruff_text())
    assert header["NAMES"] == "Quartz" and header["RRUFFID"] == "R040031"
    assert w.shape == v.shape == (400,) and w[0] == 400.0


@pytest.mark.parametrize(
    "variant",
    [
        dict(sep="\t"),
        dict(sep="   "),
        dict(newline="\r\n"),
        dict(sep=",", row_end=","),  # a trailing separator, as some spreadsheets write rows
    ],
)
def test_parse_format_variants(variant):
    _, w, v = parse_rruff(rruff_text(**variant))
    _, w0, v0 = parse_rruff(rruff_text())
    assert np.allclose(w, w0) and np.allclose(v, v0)


def test_parse_bom_trailing_blanks_and_after_end():
    text = "\ufeff" + rruff_text().replace("\n", "  \n") + "garbage after the end\n"
    _, w, _ = parse_rruff(text.encode("utf-8"))
    assert w.size == 400


def test_parse_unsorted_and_duplicated_rows():
    _, w, v = parse_rruff(rruff_text(rows=[(500, 1.0), (400, 2.0), (500, 3.0), (450, 0.0)]))
    assert list(w) == [400, 450, 500] and list(v) == [2.0, 0.0, 2.0]


@pytest.mark.parametrize(
    "rows_text,line",
    [("400, 1.0\n410, abc\n", 6), ("400, 1.0\n410\n", 6), ("400, 1.0\n410, 1, 2\n", 6), ("400, nan\n410, 1\n", 5)],
)
def test_corrupt_file_names_file_and_line(rows_text, line):
    text = "##NAMES=X\n##RRUFFID=R1\n##A=1\n##B=2\n" + rows_text
    with pytest.raises(RRUFFFormatError, match=f"bad.txt, line {line}"):
        parse_rruff(text, source="bad.txt")


def test_class_name():
    assert class_name("Aeschynite-(Y)") == "aeschynitey"
    assert class_name(" Quartz ") == "quartz"


def test_load_folder_and_zip_agree(tmp_path):
    folder = write_collection(tmp_path / "Processed")
    archive = tmp_path / "Processed.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in folder.iterdir():
            z.write(f, f"Processed/{f.name}")
    a = load_rruff(folder, wavenumber_range=(400, 4000), n_points=256)
    b = load_rruff(archive, wavenumber_range=(400, 4000), n_points=256)
    assert np.array_equal(a.data, b.data) and list(a.target) == list(b.target)
    assert a.data.shape == (6, 256)  # the far-IR file covers too little of 400-4000
    assert sorted(set(a.target)) == ["aeschynitey", "calcite", "quartz"]
    assert list(a.frame.columns[:4]) == ["rruff_id", "name", "ideal_chemistry", "locality"]
    assert a.wavenumbers[0] == 400 and a.wavenumbers[-1] == 4000
    assert "RRUFF" in a.DESCR


def test_beyond_its_range_a_spectrum_is_zero_or_its_edge_value(tmp_path):
    folder = write_collection(tmp_path / "Processed", far_ir=False)  # spectra end at 3,991 cm-1
    zero = load_rruff(folder, wavenumber_range=(400, 4000), n_points=256)
    edge = load_rruff(folder, wavenumber_range=(400, 4000), n_points=256, outside="edge")
    assert np.all(zero.data[:, -1] == 0)  # the paper's set: a step the derivative would make a band
    assert np.allclose(edge.data[:, -1], edge.data[:, -2], atol=0.1) and np.all(edge.data[:, -1] > 0)
    assert np.array_equal(zero.data[:, :-3], edge.data[:, :-3])


def test_class_filter_from_list_and_file(tmp_path):
    folder = write_collection(tmp_path / "P")
    listing = tmp_path / "classes.txt"
    listing.write_text("quartz\naeschynitey\n")
    by_file = load_rruff(folder, wavenumber_range=(400, 4000), classes=listing)
    by_list = load_rruff(folder, wavenumber_range=(400, 4000), classes=["Quartz", "Aeschynite-(Y)"])
    assert sorted(set(by_file.target)) == sorted(set(by_list.target)) == ["aeschynitey", "quartz"]


def test_corrupt_file_raise_or_warn(tmp_path):
    folder = write_collection(tmp_path / "P", far_ir=False)
    (folder / "Broken__R5__x.txt").write_text("##NAMES=Broken\n400, 1\n410, oops\n")
    with pytest.raises(RRUFFFormatError, match="Broken__R5__x.txt, line 3"):
        load_rruff(folder)
    with pytest.warns(UserWarning, match="skipped: .*Broken__R5__x.txt, line 3"):
        data = load_rruff(folder, on_error="warn")
    assert "broken" not in set(data.target)


def test_missing_path_and_no_match(tmp_path):
    with pytest.raises(FileNotFoundError, match="No spectra at .*no such folder"):
        load_rruff(tmp_path / "nowhere")
    folder = write_collection(tmp_path / "P")
    with pytest.raises(
        ValueError,
        match=r"None of the \d+ classes of the spectra in .* \(such as .*\) is in the class "
        r"list \(1 names, such as unobtainium\)",
    ):
        load_rruff(folder, classes=["unobtainium"])
    # A Raman folder read over the mid-IR default: the error says which range the files do cover.
    with pytest.raises(
        ValueError,
        match=r"None of the \d+ spectra in .* covers min_coverage=0.5 of 5000 to 9000 cm-1 "
        r"\(most of them cover \d+ to \d+ cm-1\); pass a wavenumber_range",
    ):
        load_rruff(folder, wavenumber_range=(5000, 9000))


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.exists(), reason="the RRUFF_IR data (../shared/data/rruff_ir) is not present")
def test_real_rruff_ir_counts():
    from sklearn_teanet.data import MID_IR_RANGE, read_rruff_files

    assert len(read_rruff_files(SHARED / "Processed")) == 885
    mid = load_rruff(SHARED / "Processed", wavenumber_range=MID_IR_RANGE)
    assert mid.data.shape == (773, 1024)  # 885 less the 112 far-IR files
    paper = load_rruff_ir_paper(SHARED / "Processed")
    # 695 spectra in 424 classes: the brief's 694 / 423 misses Vladimirivanovite
    # R130034, whose rows run from high to low wavenumber.
    assert paper.data.shape == (695, 1024)
    assert len(set(paper.target)) == 424
    assert np.allclose(paper.data.max(axis=1), 1.0)
