"""tables: tests moved from test_bad_inputs.py, test_cli_and_runner.py."""

import numpy as np
import pytest

from sklearn_teanet.data import read_spectrum_table as load_spectra


def _csv(tmp_path, text, name="s.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "text, message",
    [
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
    ],
)
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


@pytest.mark.parametrize(
    "arrays, message",
    [
        # A NaN label became a class "nan"; a repeated or scrambled axis was kept as it came.
        (dict(y=np.array([1.0, np.nan, 2.0])), r"y\[1\] is NaN, a missing label"),
        (dict(y=np.array(["a", " ", "b"])), r"y\[1\] is ' ', a missing label"),
        (
            dict(y=np.arange(3), wavenumbers=np.array([400.0, 400.0, 500.0, 600.0, 700.0])),
            r"wavenumber 400 appears twice \(wavenumbers\[0\] and wavenumbers\[1\]\)",
        ),
        (dict(y=np.arange(3), wavenumbers=np.array(list("abcde"))), "wavenumbers must be finite numbers"),
        (dict(y=np.arange(3), g=np.arange(2)), r"g has shape \(2,\), but X has 3 rows"),
    ],
)
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


def test_a_text_file_named_npz_gets_no_advice_to_load_it_unsafely(tmp_path):
    path = tmp_path / "spectra.npz"
    path.write_text("label,400,402\na,1,2\n")
    with pytest.raises(ValueError, match="not a readable NPZ archive") as caught:
        load_spectra(path)
    assert "allow_pickle" not in str(caught.value)
