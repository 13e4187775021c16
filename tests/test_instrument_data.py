"""Spectra from real instruments: axes that travel with the data (issue 16)."""

import re
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import make_pipeline

from sklearn_teanet import CorrelationClassifier, SpectrumResampler, load_rruff

GRID = np.linspace(400, 4000, 1024)


def _peaks(axis, centres):
    return sum(np.exp(-0.5 * ((axis - c) / 15) ** 2) for c in centres)


def test_a_fitted_resampler_takes_spectra_on_another_axis():
    X = np.vstack([_peaks(GRID, [1000, 2000]), _peaks(GRID, [1500, 3000])])
    resampler = SpectrumResampler(grid=GRID).fit(X, wavenumbers=GRID)
    other = np.linspace(400, 4000, 726)
    out = resampler.transform(np.vstack([_peaks(other, [1000, 2000])]), wavenumbers=other)
    np.testing.assert_allclose(out[0], X[0], atol=0.02)
    # Through a pipeline too, with the axis as a (wavenumbers, intensities) pair.
    model = make_pipeline(SpectrumResampler(grid=GRID), CorrelationClassifier()).fit(X, ["a", "b"])
    assert model.predict([(other, _peaks(other, [1500, 3000]))])[0] == "b"


def test_a_dataframe_named_by_wavenumber_carries_its_axis():
    axis = np.arange(400, 4000.1, 2.5)
    frame = pd.DataFrame([_peaks(axis, [1000])], columns=[f"{w:g}" for w in axis])
    out = SpectrumResampler(grid=GRID).fit_transform(frame)
    assert out.max() > 0.9  # not zeros, as when the names were ignored
    assert abs(GRID[out[0].argmax()] - 1000) < 5


def test_partial_coverage_warns_with_the_uncovered_share():
    narrow = np.linspace(600, 3500, 500)
    resampler = SpectrumResampler(grid=GRID).fit([(GRID, _peaks(GRID, [1000]))])
    with pytest.warns(UserWarning, match=r"1 spectra do not cover the whole grid.*spectrum 0 \(19\.\d%\)"):
        resampler.transform([(narrow, _peaks(narrow, [1000]))])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        resampler.transform([(GRID, _peaks(GRID, [1000]))])


def test_an_array_without_an_axis_is_refused_when_it_cannot_be_placed():
    resampler = SpectrumResampler(grid=GRID).fit([(GRID, _peaks(GRID, [1000]))])
    with pytest.raises(ValueError, match="X has 500 points and no wavenumbers"):
        resampler.transform(np.ones((1, 500)))
    np.testing.assert_allclose(resampler.transform(np.ones((1, GRID.size))), 1.0)  # already on the grid


def test_load_rruff_without_a_shared_range_names_wavenumber_range(tmp_path):
    for name, axis in (("A", np.linspace(50, 600, 300)), ("B", np.linspace(700, 4000, 300))):
        rows = "\n".join(f"{w:.3f}, {v:.5f}" for w, v in zip(axis, _peaks(axis, [axis.mean()])))
        (tmp_path / f"{name}__R1.txt").write_text(f"##NAMES={name}\n{rows}\n##END=\n")
    with pytest.raises(ValueError, match=r"share no wavenumber range.*pass wavenumber_range=\(low, high\)") as info:
        load_rruff(tmp_path)
    assert "grid" not in str(info.value)


def test_a_few_far_ir_spectra_narrowing_the_shared_range_are_named_with_the_range_to_pass(tmp_path):
    # Mid-IR spectra with one far-IR file: without a word, all would be compared on the 300 cm-1 they share.
    axes = {f"Mid{i}": np.linspace(400, 4000, 400) for i in range(4)} | {"Far": np.linspace(100, 700, 200)}
    for name, axis in axes.items():
        rows = "\n".join(f"{w:.3f}, {v:.5f}" for w, v in zip(axis, _peaks(axis, [600])))
        (tmp_path / f"{name}__R{len(name)}{name[-1]}.txt").write_text(f"##NAMES={name}\n{rows}\n##END=\n")
    message = (r"The 5 spectra in .* share only 400 to 700 cm-1, less than half of the 400 to 4000 cm-1 that most of "
               r"them cover\. To use that range, pass wavenumber_range=\(400, 4000\).* the 1 spectra that cover less "
               r"than min_coverage=0\.5 of it, such as .*Far__R3r\.txt, are then left out")
    with pytest.warns(UserWarning, match=message):
        assert load_rruff(tmp_path, n_points=64).wavenumbers[-1] == pytest.approx(700)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(load_rruff(tmp_path, wavenumber_range=(400, 4000), n_points=64).target) == 4
    # The command line says it as it says an error, without the library's file and source line (in a process of its
    # own: pytest records warnings instead of printing them).
    command = [sys.executable, "-m", "sklearn_teanet", "train", "--library", str(tmp_path), "--n-points", "64",
               "--out", str(tmp_path / "m.skops")]
    err = subprocess.run(command, capture_output=True, text=True, check=True).stderr
    assert "sklearn-teanet: warning: The 5 spectra" in err and "rruff.py" not in err


# ------------------------------------------------------------- preprocessing
from sklearn_teanet import BaselineCorrector, SavitzkyGolay, SpectrumNormalizer, TeaNetClassifier  # noqa: E402
from sklearn_teanet import WavenumberRanges  # noqa: E402


def test_baseline_correction_removes_a_slope_and_keeps_the_peak():
    x = np.linspace(400, 4000, 512)
    spectrum = _peaks(x, [1600]) + 1e-4 * (x - 400) + 0.5
    for method, params in (("modpoly", {"poly_order": 1}), ("asls", {"lam": 1e6, "p": 0.01}), ("snip", None)):
        corrected = BaselineCorrector(method, params).fit_transform(spectrum[None])[0]
        assert abs(np.median(corrected)) < 0.05, method
        assert corrected[np.argmin(abs(x - 1600))] > 0.8, method
    with pytest.raises(ValueError, match=r"method_params has keyword\(s\) \['nope'\]"):
        BaselineCorrector("asls", {"nope": 1}).fit(spectrum[None])
    with pytest.raises(ValueError, match="'method' parameter"):
        BaselineCorrector("magic").fit(spectrum[None])


def test_savitzky_golay_matches_scipy_and_checks_its_window():
    from scipy.signal import savgol_filter

    X = np.random.RandomState(0).rand(3, 50)
    np.testing.assert_allclose(SavitzkyGolay(7, 2, deriv=1).fit_transform(X), savgol_filter(X, 7, 2, deriv=1, axis=1))
    for params, message in (({"window_length": 8}, "must be odd"), ({"polyorder": 11}, "less than window_length"),
                            ({"window_length": 51}, "longer than the spectra")):
        with pytest.raises(ValueError, match=message):
            SavitzkyGolay(**params).fit(X)


def test_wavenumber_ranges_from_a_resampler_in_pandas_output():
    resampler = SpectrumResampler(grid=np.arange(400, 4001, 100.0)).set_output(transform="pandas")
    cut = WavenumberRanges([(400, 1000), (3000, 3500)])
    model = make_pipeline(resampler, cut).fit([(GRID, _peaks(GRID, [700]))])
    out = model.transform([(GRID, _peaks(GRID, [700]))])
    assert list(cut.wavenumbers_) == [400, 500, 600, 700, 800, 900, 1000, 3000, 3100, 3200, 3300, 3400, 3500]
    assert out.shape == (1, 13)
    with pytest.warns(UserWarning, match="no wavenumber axis: the ranges are taken as point indices"):
        assert WavenumberRanges([(1, 2)]).fit_transform(np.arange(5.0)[None]).tolist() == [[1.0, 2.0]]
    with pytest.raises(ValueError, match="No point of the axis"):
        WavenumberRanges([(5000, 6000)], wavenumbers=np.arange(5.0)).fit(np.ones((1, 5)))


def test_a_chemotools_step_inside_a_package_pipeline():
    chemotools = pytest.importorskip("chemotools.scatter")
    rng = np.random.RandomState(0)
    X = np.vstack([(1 + 0.3 * rng.rand()) * _peaks(GRID, [1000 + 800 * (i % 3)]) + 0.1 for i in range(12)])
    y = np.array(["a", "b", "c"] * 4)
    model = make_pipeline(SpectrumResampler(grid=GRID[::4]), chemotools.MultiplicativeScatterCorrection(),
                          SavitzkyGolay(5, 2), CorrelationClassifier())
    other = np.linspace(4000, 400, 900)  # another instrument's descending axis
    model.fit([(GRID, row) for row in X], y)
    assert list(model.predict([(other, np.interp(other, GRID, row)) for row in X[:3]])) == ["a", "b", "c"]


def test_the_readme_pipeline_baseline_resampling_teanet():
    x = np.linspace(400, 4000, 300)
    rng = np.random.RandomState(0)
    X = [(x, _peaks(x, [900 + 700 * (i % 3)]) + 1e-4 * i * (x - 400) + 0.05 * rng.rand(x.size)) for i in range(18)]
    y = np.array(["quartz", "calcite", "gypsum"] * 6)
    model = make_pipeline(
        SpectrumResampler(grid=np.linspace(400, 4000, 128)),
        BaselineCorrector("asls", {"lam": 1e5, "p": 0.01}),
        SpectrumNormalizer("max"),
        TeaNetClassifier(channels=(4,), reconstruction_depth=2, reconstruction_channels=4, max_epochs=15,
                         random_state=0),
    ).fit(X, y)
    assert (model.predict(X) == y).mean() > 0.8


# ----------------------------------------------------------------- formats
from sklearn_teanet.data import RRUFFFormatError, read_spectra  # noqa: E402


def _jcamp(title, axis, values):
    """A JCAMP-DX 4.24 file in (X++(Y..Y)) form, two values a line."""
    step = axis[1] - axis[0]
    lines = [f"##TITLE={title}", "##JCAMP-DX=4.24", "##DATA TYPE=INFRARED SPECTRUM", "##XUNITS=1/CM",
             "##YUNITS=ABSORBANCE", f"##FIRSTX={axis[0]:g}", f"##LASTX={axis[-1]:g}", f"##NPOINTS={axis.size}",
             "##XFACTOR=1", "##YFACTOR=1", "##XYDATA=(X++(Y..Y))"]
    lines += [f"{axis[i]:g} {values[i]:.6f} {values[i + 1]:.6f}" for i in range(0, axis.size - 1, 2)]
    assert step > 0
    return "\n".join(lines + ["##END="]) + "\n"


def test_read_spectra_reads_mixed_formats_by_content(tmp_path):
    axis = np.arange(400.0, 4000.0, 4.0)
    (tmp_path / "Quartz__1.jdx").write_text(_jcamp("Quartz", axis, _peaks(axis, [1100])))
    (tmp_path / "Calcite__R1.txt").write_text(
        "##NAMES=Calcite\n" + "\n".join(f"{w}, {v}" for w, v in zip(axis, _peaks(axis, [1400]))) + "\n##END=\n")
    (tmp_path / "Gypsum__lab.dat").write_text(  # two columns with a header row, descending, tab separated
        "wavenumber\tabsorbance\n" + "\n".join(f"{w}\t{v}" for w, v in zip(axis[::-1], _peaks(axis, [1600])[::-1])))
    data = read_spectra(tmp_path, n_points=256)
    assert sorted(data.target) == ["calcite", "gypsum", "quartz"]
    assert data.data.shape == (3, 256)
    peaks = {t: data.wavenumbers[row.argmax()] for t, row in zip(data.target, data.data)}
    assert abs(peaks["quartz"] - 1100) < 15 and abs(peaks["gypsum"] - 1600) < 15


@pytest.mark.parametrize("text", [
    "label,400,500,600\na,1.5,2,3\nb,3,2,0.1\n",
    "label;400;500;600\na;1,5;2;3\nb;3;2;0,1\n",  # a spreadsheet set to a decimal comma
    "label;400,0;500,0;600,0\na;1,5;2;3\nb;3;2;0,1\n",  # as many commas as semicolons in the header
    "label\t400\t500\t600\na\t1.5\t2\t3\nb\t3\t2\t0.1\n",
    "label,500,600,400\na,2,3,1.5\nb,2,0.1,3\n",  # columns out of order are put in order
])
def test_csv_tables_in_the_usual_dialects_read_alike(tmp_path, text):
    from sklearn_teanet.data import load_spectra

    (tmp_path / "table.csv").write_text(text)
    data = load_spectra(tmp_path / "table.csv")
    assert data.wavenumbers.tolist() == [400, 500, 600]
    assert data.data.tolist() == [[1.5, 2, 3], [3, 2, 0.1]] and data.target.tolist() == ["a", "b"]


def test_a_table_is_cut_to_a_wavenumber_range(tmp_path):
    from sklearn_teanet.data import load_spectra

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

    with pytest.raises(RRUFFFormatError, match="lab.txt, line 4: expected 'wavenumber, intensity', got 'Total 2'"):
        parse_spectrum(b"wavenumber absorbance\n400 0.1\n500 0.2\nTotal 2\n", "lab.txt")


def test_corrupt_jcamp_files_are_named_or_skipped(tmp_path):
    axis = np.arange(400.0, 1000.0, 4.0)
    (tmp_path / "Good__1.jdx").write_text(_jcamp("Good", axis, _peaks(axis, [600])))
    (tmp_path / "Other__1.jdx").write_text(_jcamp("Other", axis, _peaks(axis, [800])))
    (tmp_path / "Bad__1.jdx").write_text("##TITLE=Bad\n##JCAMP-DX=4.24\n##XYDATA=(X++(Y..Y))\n400 abc\n##END=\n")
    with pytest.raises(RRUFFFormatError, match="Bad__1.jdx: not a readable JCAMP-DX spectrum"):
        read_spectra(tmp_path)
    with pytest.warns(UserWarning, match="skipped: .*Bad__1.jdx"):
        data = read_spectra(tmp_path, on_error="warn", n_points=64)
    assert sorted(data.target) == ["good", "other"]


def _jcamp_points(x, y, xunits, yunits, title="Quartz"):
    """A JCAMP-DX file of (XY..XY) pairs: any axis, in the units given."""
    lines = [f"##TITLE={title}", "##JCAMP-DX=4.24", f"##XUNITS={xunits}", f"##YUNITS={yunits}",
             f"##NPOINTS={len(x)}", "##XYPOINTS=(XY..XY)"] + [f"{a:.10g}, {b:.10g}" for a, b in zip(x, y)]
    return ("\n".join(lines + ["##END="]) + "\n").encode()


@pytest.mark.parametrize("xunits, from_cm", [
    ("1/CM", lambda w: w), ("MICROMETERS", lambda w: 1e4 / w), ("\u00b5m", lambda w: 1e4 / w),
    ("NANOMETERS", lambda w: 1e7 / w)])
@pytest.mark.parametrize("yunits, from_absorbance", [
    ("ABSORBANCE", lambda a: a), ("TRANSMITTANCE", lambda a: 10 ** -a),
    ("TRANSMITTANCE", lambda a: 100 * 10 ** -a),  # percent, as many files hold under this label
    ("%T", lambda a: 100 * 10 ** -a), ("REFLECTANCE", lambda a: 10 ** -a), ("%R", lambda a: 100 * 10 ** -a)])
def test_jcamp_units_are_read_as_absorbance_on_wavenumbers(xunits, from_cm, yunits, from_absorbance):
    # Transmittance and reflectance bands are dips: compared with an absorbance library they would match the wrong
    # substance.
    from sklearn_teanet.data import parse_spectrum

    axis = np.arange(400.0, 4000.0, 4.0)
    absorbance = _peaks(axis, [1100])
    x, y = from_cm(axis), from_absorbance(absorbance)
    order = np.argsort(x)
    header, w, v = parse_spectrum(_jcamp_points(x[order], y[order], xunits, yunits), "q.jdx")
    np.testing.assert_allclose(w, axis, rtol=1e-9)
    np.testing.assert_allclose(v, absorbance, atol=1e-8)
    assert header["YUNITS"] == "ABSORBANCE"
    assert header.get("ORIGINAL YUNITS") == (None if yunits == "ABSORBANCE" else yunits)


def test_jcamp_saturated_transmittance_and_unknown_units():
    from sklearn_teanet.data import parse_spectrum

    _, _, v = parse_spectrum(_jcamp_points([400, 500, 600], [0.5, 0.0, -0.01], "1/CM", "TRANSMITTANCE"), "q.jdx")
    assert v.tolist() == pytest.approx([np.log10(2), 4, 4])  # a band at or below zero transmittance: absorbance 4
    with pytest.raises(RRUFFFormatError, match="q.jdx: ##XUNITS=SECONDS is not a wavenumber"):
        parse_spectrum(_jcamp_points([1, 2, 3], [1, 2, 3], "SECONDS", "ABSORBANCE"), "q.jdx")
    with pytest.raises(RRUFFFormatError, match="q.jdx: a wavelength of 0 MICROMETERS has no wavenumber"):
        parse_spectrum(_jcamp_points([0, 2, 3], [1, 2, 3], "MICROMETERS", "ABSORBANCE"), "q.jdx")


# -------------------------------------------------------------------- groups
from sklearn_teanet.__main__ import main  # noqa: E402
from sklearn_teanet.evaluation.groups import specimen_groups  # noqa: E402


def test_specimens_with_two_names_are_grouped_by_id_and_name_with_a_warning():
    message = r"1 specimen id\(s\) carry spectra of more than one class.*R2 \(albite/anorthoclase\)"
    with pytest.warns(UserWarning, match=message):
        groups = specimen_groups(["R1", "R1", "R2", "R2"], ["quartz", "quartz", "albite", "anorthoclase"])
    assert list(groups) == ["R1", "R1", "R2|albite", "R2|anorthoclase"]


@pytest.mark.parametrize("cv, expected", [("stratified-kfold", "stratified 3-fold, 2 repeats"),
                                          ("leave-one-per-class", "leave one spectrum per class out, 2 repeats")])
def test_the_benchmark_says_which_protocol_ran(tmp_path, capsys, cv, expected):
    rng = np.random.RandomState(0)
    rows = ["label," + ",".join(str(400 + 2 * i) for i in range(16))]
    rows += [f"c{k % 3}," + ",".join(f"{v:.3f}" for v in rng.rand(16) + k % 3) for k in range(12)]
    (tmp_path / "t.csv").write_text("\n".join(rows) + "\n")
    assert main(["benchmark", "--dataset", str(tmp_path / "t.csv"), "--methods", "knn", "--cv", cv, "--folds", "3",
                 "--repeats", "2", "--out", str(tmp_path / "o")]) == 0
    assert expected in capsys.readouterr().out


def test_a_compound_jcamp_file_of_two_spectra_is_refused_not_read_short():
    from sklearn_teanet.data import parse_spectrum

    one = _jcamp_points([400, 500, 600], [0.1, 0.5, 0.2], "1/CM", "ABSORBANCE", "A").decode()
    two = _jcamp_points([400, 500, 600], [0.3, 0.1, 0.4], "1/CM", "ABSORBANCE", "B").decode()
    compound = "##TITLE=two\n##JCAMP-DX=5.01\n##BLOCKS=2\n" + one + two + "##END=\n"
    with pytest.raises(RRUFFFormatError, match="c.jdx: a compound JCAMP-DX file with 2 spectra; split it"):
        parse_spectrum(compound.encode(), "c.jdx")
    header, _, v = parse_spectrum(("##TITLE=one\n##JCAMP-DX=5.01\n##BLOCKS=1\n" + one + "##END=\n").encode())
    assert header["NAMES"] == "A" and v.tolist() == [0.1, 0.5, 0.2]
    # The measured data and a peak table of the same spectrum: jcamp alone read the one peak as the spectrum.
    with_peaks = one.replace("##END=", "##NPOINTS=1\n##PEAK TABLE=(XY..XY)\n500, 0.5\n##END=")
    _, w, v = parse_spectrum(with_peaks.encode(), "p.jdx")
    assert w.tolist() == [400, 500, 600] and v.tolist() == [0.1, 0.5, 0.2]


def test_the_benchmark_reads_a_folder_of_any_format_in_its_own_range(tmp_path, capsys):
    # NIR spectra in JCAMP-DX (nanometres) and two-column text: not RRUFF, not mid-IR, no RRUFF ids.
    nm = np.arange(1000.0, 2500.0, 5.0)
    library = tmp_path / "library"
    library.mkdir()
    for k in range(4):
        for name, centre in (("Lactose", 6000), ("Starch", 7000), ("Cellulose", 8000)):
            values = _peaks(1e7 / nm, [centre + 20 * k])
            if k % 2:
                (library / f"{name}__{k}.jdx").write_bytes(_jcamp_points(nm, values, "NANOMETERS", "ABSORBANCE", name))
            else:
                (library / f"{name}__{k}.txt").write_text("\n".join(f"{1e7 / a},{b}" for a, b in zip(nm, values)))
    argv = ["benchmark", "--dataset", str(library), "--methods", "correlation", "--repeats", "2",
            "--n-points", "128", "--out", str(tmp_path / "o")]
    assert main(argv + ["--wavenumber-range", "4500", "9500"]) == 0
    out = capsys.readouterr().out
    assert "12 spectra, 3 classes" in out and "groups" not in out  # no ids: every file is its own specimen
    assert re.search(r"correlation +100\.0 ", out)
    assert main(argv + ["--wavenumber-range", "9500", "4500"]) == 2
    assert "--wavenumber-range must be LOW HIGH with LOW < HIGH" in capsys.readouterr().err
    assert main(argv) == 2  # the default, the paper's mid-IR, holds none of these spectra
    assert "None of the 12 spectra" in capsys.readouterr().err


# --------------------------------------------------------------- class weights
import torch  # noqa: E402

from sklearn_teanet import CNNClassifier, LorentzSpectraGenerator  # noqa: E402


@pytest.mark.parametrize("class_weight", [{"b": 3.0}, "balanced"])
def test_class_weight_weighs_the_cross_entropy_as_computed_by_hand(class_weight):
    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=6, n_points=32, theta=10,
                                   random_state=0).generate()
    keep = np.r_[0:6, 6:9, 12:18]  # class "b" has 3 spectra, the others 6
    X, y = data.data[keep], np.array(["a", "b", "c"])[data.target[keep]]
    clf = CNNClassifier(channels=(4,), max_epochs=2, class_weight=class_weight, random_state=0).fit(X, y)
    counts = {c: (y == c).sum() for c in "abc"}
    expected = ([1.0, 3.0, 1.0] if class_weight != "balanced"
                else [len(y) / (3 * counts[c]) for c in "abc"])
    np.testing.assert_allclose(clf.class_weights_, expected)
    # The loss the net trains on, against the weighted mean by hand.
    net = clf.net_
    logits = net.module_.eval()(torch.as_tensor(X, dtype=torch.float32)).detach()
    codes = torch.as_tensor(np.searchsorted(clf.classes_, y))
    loss = net.get_loss(logits, codes, training=False).item()
    log_p = torch.log_softmax(logits, dim=1)[torch.arange(len(y)), codes].numpy()
    w = np.asarray(expected)[codes.numpy()]
    assert loss == pytest.approx(-(w * log_p).sum() / w.sum(), rel=1e-5)
    with pytest.raises(ValueError):
        CNNClassifier(class_weight={"zzz": 2.0}, max_epochs=1).fit(X, y)


def test_spectrum_normalizer_agrees_with_sklearn_normalizer_as_documented():
    from sklearn.preprocessing import Normalizer

    X = np.random.RandomState(0).rand(4, 20)
    np.testing.assert_allclose(SpectrumNormalizer("max").fit_transform(X), Normalizer("max").fit_transform(X))
    np.testing.assert_allclose(SpectrumNormalizer("vector").fit_transform(X), Normalizer("l2").fit_transform(X))


def test_pipeline_predict_routes_wavenumbers_of_another_axis():
    import sklearn

    X = np.vstack([_peaks(GRID, [1000, 2000]), _peaks(GRID, [1500, 3000])])
    other = np.linspace(4000, 400, 726)
    with sklearn.config_context(enable_metadata_routing=True):
        resampler = SpectrumResampler(grid=GRID).set_fit_request(wavenumbers=True).set_transform_request(
            wavenumbers=True)
        model = make_pipeline(resampler, CorrelationClassifier()).fit(X, ["a", "b"], wavenumbers=GRID)
        X_other = np.vstack([_peaks(other, [1500, 3000]), _peaks(other, [1000, 2000])])
        assert list(model.predict(X_other, wavenumbers=other)) == ["b", "a"]


def test_sample_weight_weighs_each_spectrum_term_as_computed_by_hand():
    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=5, n_points=32, theta=10,
                                   random_state=0).generate()
    X, y = data.data, np.array(["a", "b", "c"])[data.target]
    w = np.linspace(0.5, 2.0, len(y))
    clf = CNNClassifier(channels=(4,), max_epochs=2, random_state=0).fit(X, y, sample_weight=w)
    net = clf.net_
    codes = np.searchsorted(clf.classes_, y)
    batch = (torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(np.column_stack([codes, w]), dtype=torch.float32))
    X_t, targets, _ = net.training_spectra(batch)
    logits = net.module_.eval()(X_t).detach()
    loss = net.get_loss(logits, targets, training=False).item()
    log_p = torch.log_softmax(logits, dim=1)[torch.arange(len(y)), torch.as_tensor(codes)].numpy()
    assert loss == pytest.approx(-(w * log_p).mean(), rel=1e-5)
    # Unit weights train the same network as no weights, to float rounding.
    plain = CNNClassifier(channels=(4,), max_epochs=2, random_state=0).fit(X, y)
    ones = CNNClassifier(channels=(4,), max_epochs=2, random_state=0).fit(X, y, sample_weight=np.ones(len(y)))
    np.testing.assert_allclose(ones.predict_proba(X), plain.predict_proba(X), rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match="sample_weight cannot be combined with validation_fraction"):
        CNNClassifier(validation_fraction=0.2, max_epochs=1).fit(X, y, sample_weight=w)
    with pytest.raises(ValueError, match="Negative values in data passed to `sample_weight`"):
        CNNClassifier(validation_fraction=0, max_epochs=1).fit(X, y, sample_weight=w - 1)


@pytest.mark.parametrize("params", [dict(augmentation="mixup"), dict(augmentation="cutmix"),
                                    dict(masker="default", n_masks=2)])
def test_sample_weight_follows_every_augmentation(params):
    from sklearn_teanet import SpectrumMasker

    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=5, n_points=32, theta=10,
                                   random_state=0).generate()
    params = {k: (SpectrumMasker() if v == "default" else v) for k, v in params.items()}
    clf = CNNClassifier(channels=(4,), max_epochs=2, random_state=0, **params)
    clf.fit(data.data, data.target, sample_weight=np.linspace(0.5, 2, len(data.target)))
    assert np.isfinite(clf.history_[-1, "train_loss"])
    teanet = TeaNetClassifier(channels=(4,), reconstruction_depth=1, reconstruction_channels=2, max_epochs=2,
                              random_state=0, augmentation="mixup" if "augmentation" in params else None)
    teanet.fit(data.data, data.target, sample_weight=np.linspace(0.5, 2, len(data.target)))
    assert np.isfinite(teanet.history_[-1, "train_loss"])


def test_unsorted_and_repeated_wavenumbers_are_handled_and_nan_named():
    from sklearn_teanet.data.resampling import as_spectrum_list

    (w, v), = as_spectrum_list([(np.array([3.0, 1.0, 2.0, 2.0]), np.array([30.0, 10.0, 19.0, 21.0]))])
    assert w.tolist() == [1.0, 2.0, 3.0] and v.tolist() == [10.0, 20.0, 30.0]
    with pytest.raises(ValueError, match="spectrum 1: its intensities hold NaN or infinite values .first at point 1"):
        as_spectrum_list([(np.arange(3.0), np.ones(3)), (np.arange(3.0), np.array([1.0, np.nan, 1.0]))])
