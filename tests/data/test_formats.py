"""formats: tests moved from test_instrument_data.py."""

import numpy as np
import pytest
from spectrum_files import jcamp_points

from sklearn_teanet.data import SpectrumFormatError, read_spectra


def _peaks(axis, centres):
    return sum(np.exp(-0.5 * ((axis - c) / 15) ** 2) for c in centres)


def _jcamp(title, axis, values):
    """A JCAMP-DX 4.24 file in (X++(Y..Y)) form, two values a line."""
    step = axis[1] - axis[0]
    lines = [
        f"##TITLE={title}",
        "##JCAMP-DX=4.24",
        "##DATA TYPE=INFRARED SPECTRUM",
        "##XUNITS=1/CM",
        "##YUNITS=ABSORBANCE",
        f"##FIRSTX={axis[0]:g}",
        f"##LASTX={axis[-1]:g}",
        f"##NPOINTS={axis.size}",
        "##XFACTOR=1",
        "##YFACTOR=1",
        "##XYDATA=(X++(Y..Y))",
    ]
    lines += [f"{axis[i]:g} {values[i]:.6f} {values[i + 1]:.6f}" for i in range(0, axis.size - 1, 2)]
    assert step > 0
    return "\n".join(lines + ["##END="]) + "\n"


def test_read_spectra_reads_mixed_formats_by_content(tmp_path):
    axis = np.arange(400.0, 4000.0, 4.0)
    (tmp_path / "Quartz__1.jdx").write_text(_jcamp("Quartz", axis, _peaks(axis, [1100])))
    (tmp_path / "Calcite__R1.txt").write_text(
        "##NAMES=Calcite\n" + "\n".join(f"{w}, {v}" for w, v in zip(axis, _peaks(axis, [1400]))) + "\n##END=\n"
    )
    (tmp_path / "Gypsum__lab.dat").write_text(  # two columns with a header row, descending, tab separated
        "wavenumber\tabsorbance\n" + "\n".join(f"{w}\t{v}" for w, v in zip(axis[::-1], _peaks(axis, [1600])[::-1]))
    )
    data = read_spectra(tmp_path, n_points=256)
    assert sorted(data.target) == ["Calcite", "Gypsum", "Quartz"]  # names as written
    assert data.data.shape == (3, 256)
    peaks = {t: data.wavenumbers[row.argmax()] for t, row in zip(data.target, data.data)}
    assert abs(peaks["Quartz"] - 1100) < 15 and abs(peaks["Gypsum"] - 1600) < 15


@pytest.mark.parametrize(
    "text",
    [
        "label,400,500,600\na,1.5,2,3\nb,3,2,0.1\n",
        "label;400;500;600\na;1,5;2;3\nb;3;2;0,1\n",  # a spreadsheet set to a decimal comma
        "label;400,0;500,0;600,0\na;1,5;2;3\nb;3;2;0,1\n",  # as many commas as semicolons in the header
        "label\t400\t500\t600\na\t1.5\t2\t3\nb\t3\t2\t0.1\n",
        "label,500,600,400\na,2,3,1.5\nb,2,0.1,3\n",  # columns out of order are put in order
    ],
)
def test_csv_tables_in_the_usual_dialects_read_alike(tmp_path, text):
    from sklearn_teanet.data import read_spectrum_table as load_spectra

    (tmp_path / "table.csv").write_text(text)
    data = load_spectra(tmp_path / "table.csv")
    assert data.wavenumbers.tolist() == [400, 500, 600]
    assert data.data.tolist() == [[1.5, 2, 3], [3, 2, 0.1]] and data.target.tolist() == ["a", "b"]


def test_a_table_is_cut_to_a_wavenumber_range(tmp_path):
    from sklearn_teanet.data import read_spectrum_table as load_spectra

    (tmp_path / "t.csv").write_text("label,400,500,600\na,1,2,3\nb,4,5,6\n")
    data = load_spectra(tmp_path / "t.csv", wavenumber_range=(450, 650))
    assert data.wavenumbers.tolist() == [500, 600] and data.data.tolist() == [[2, 3], [5, 6]]
    with pytest.raises(ValueError, match="t.csv: no column lies in the wavenumber range 700 to 800 .*400 to 600"):
        load_spectra(tmp_path / "t.csv", wavenumber_range=(700, 800))


def test_read_spectra_of_one_file_points_to_its_folder_and_parse_spectrum(tmp_path):
    axis = np.arange(400.0, 1000.0, 4.0)
    one = tmp_path / "Quartz__1.jdx"
    one.write_text(_jcamp("Quartz", axis, _peaks(axis, [600])))
    with pytest.raises(ValueError, match="Quartz__1.jdx is neither a folder nor a zip.*parse_spectrum reads one"):
        read_spectra(one)
    with pytest.raises(FileNotFoundError, match="No spectra at .*Nowhere"):
        read_spectra(tmp_path / "Nowhere")


@pytest.mark.parametrize("text", ["400,5;1,5\n500,5;2,5\n", "w;a\n400,5;1,5\n500,5;2,5\n", "400,5\t1,5\n500,5\t2,5\n"])
def test_two_column_files_with_a_decimal_comma(text):
    from sklearn_teanet.data import parse_spectrum

    _, w, v = parse_spectrum(text.encode(), "lab.txt")
    assert w.tolist() == [400.5, 500.5] and v.tolist() == [1.5, 2.5]


def test_a_bad_row_after_a_header_row_is_named_by_its_line_in_the_file():
    from sklearn_teanet.data import parse_spectrum

    with pytest.raises(SpectrumFormatError, match="lab.txt, line 4: expected 'wavenumber, intensity', got 'Total 2'"):
        parse_spectrum(b"wavenumber absorbance\n400 0.1\n500 0.2\nTotal 2\n", "lab.txt")


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_a_non_finite_value_is_named_as_one(value):
    from sklearn_teanet.data import parse_spectrum

    with pytest.raises(SpectrumFormatError, match=f"lab.txt, line 2: a value is not a finite number: '500 {value}'"):
        parse_spectrum(f"400 0.1\n500 {value}\n600 0.2\n".encode(), "lab.txt")


def test_corrupt_jcamp_files_are_named_or_skipped(tmp_path):
    axis = np.arange(400.0, 1000.0, 4.0)
    (tmp_path / "Good__1.jdx").write_text(_jcamp("Good", axis, _peaks(axis, [600])))
    (tmp_path / "Other__1.jdx").write_text(_jcamp("Other", axis, _peaks(axis, [800])))
    (tmp_path / "Bad__1.jdx").write_text("##TITLE=Bad\n##JCAMP-DX=4.24\n##XYDATA=(X++(Y..Y))\n400 abc\n##END=\n")
    with pytest.raises(SpectrumFormatError, match="Bad__1.jdx: not a readable JCAMP-DX spectrum"):
        read_spectra(tmp_path)
    with pytest.warns(UserWarning, match="skipped: .*Bad__1.jdx"):
        data = read_spectra(tmp_path, on_error="warn", n_points=64)
    assert sorted(data.target) == ["Good", "Other"]


@pytest.mark.parametrize(
    "xunits, from_cm",
    [
        ("1/CM", lambda w: w),
        ("MICROMETERS", lambda w: 1e4 / w),
        ("\u00b5m", lambda w: 1e4 / w),
        ("NANOMETERS", lambda w: 1e7 / w),
    ],
)
@pytest.mark.parametrize(
    "yunits, from_absorbance",
    [
        ("ABSORBANCE", lambda a: a),
        ("TRANSMITTANCE", lambda a: 10**-a),
        ("TRANSMITTANCE", lambda a: 100 * 10**-a),  # percent, as many files hold under this label
        ("%T", lambda a: 100 * 10**-a),
        ("REFLECTANCE", lambda a: 10**-a),
        ("%R", lambda a: 100 * 10**-a),
    ],
)
def test_jcamp_units_are_read_as_absorbance_on_wavenumbers(xunits, from_cm, yunits, from_absorbance):
    # Transmittance and reflectance bands are dips: compared with an absorbance library they would match the wrong
    # substance.
    from sklearn_teanet.data import parse_spectrum

    axis = np.arange(400.0, 4000.0, 4.0)
    absorbance = _peaks(axis, [1100])
    x, y = from_cm(axis), from_absorbance(absorbance)
    order = np.argsort(x)
    header, w, v = parse_spectrum(jcamp_points(x[order], y[order], xunits, yunits), "q.jdx")
    np.testing.assert_allclose(w, axis, rtol=1e-9)
    np.testing.assert_allclose(v, absorbance, atol=1e-8)
    assert header["YUNITS"] == "ABSORBANCE"
    assert header.get("ORIGINAL YUNITS") == (None if yunits == "ABSORBANCE" else yunits)


def test_jcamp_saturated_transmittance_and_unknown_units():
    from sklearn_teanet.data import parse_spectrum

    _, _, v = parse_spectrum(jcamp_points([400, 500, 600], [0.5, 0.0, -0.01], "1/CM", "TRANSMITTANCE"), "q.jdx")
    assert v.tolist() == pytest.approx([np.log10(2), 4, 4])  # a band at or below zero transmittance: absorbance 4
    with pytest.raises(SpectrumFormatError, match="q.jdx: ##XUNITS=SECONDS is not a wavenumber"):
        parse_spectrum(jcamp_points([1, 2, 3], [1, 2, 3], "SECONDS", "ABSORBANCE"), "q.jdx")
    with pytest.raises(SpectrumFormatError, match="q.jdx: a wavelength of 0 MICROMETERS has no wavenumber"):
        parse_spectrum(jcamp_points([0, 2, 3], [1, 2, 3], "MICROMETERS", "ABSORBANCE"), "q.jdx")


def test_substance_names_are_kept_as_written_in_any_script(tmp_path):
    axis = np.arange(400.0, 4000.0, 4.0)
    names = ["Доломит", "Кварц", "Fluorapophyllite-(K)", "α-lactose", "β-lactose", "calcite", "Calcite "]
    for i, name in enumerate(names):
        (tmp_path / f"s{i}.jdx").write_text(_jcamp(name, axis, _peaks(axis, [800 + 300 * i])), encoding="utf-8")
    data = read_spectra(tmp_path, n_points=256)
    # Spellings that differ only in case or spaces are one substance; nothing else merges.
    assert sorted(set(data.target)) == sorted(
        ["Доломит", "Кварц", "Fluorapophyllite-(K)", "α-lactose", "β-lactose", "calcite"]
    )
