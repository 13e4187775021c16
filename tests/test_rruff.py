"""RRUFF reading, fetching, resampling and normalisation; format fixtures are made here."""

import http.server
import io
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest

from sklearn_teanet.data import (
    RRUFFFormatError,
    SpectrumNormalizer,
    SpectrumResampler,
    class_name,
    fetch_rruff_ir,
    load_rruff,
    load_rruff_ir_paper,
    parse_rruff,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "rruff_ir"


def rruff_text(name="Quartz", rruff_id="R040031", rows=None, sep=", ", newline="\n", end=True, row_end=""):
    rows = rows if rows is not None else [(400.0 + 10 * i, float(i % 7)) for i in range(400)]
    lines = [f"##NAMES={name}", f"##RRUFFID={rruff_id}", "##IDEAL CHEMISTRY=SiO_2_", "##LOCALITY=Somewhere"]
    lines += [f"{w:.4e}{sep}{v:.6e}{row_end}" for w, v in rows]
    if end:
        lines += ["##END="]
    return newline.join(lines) + newline


def write_collection(folder: Path, n_per_class=(1, 2, 3), far_ir=True):
    folder.mkdir(parents=True, exist_ok=True)
    names = ["Quartz", "Calcite", "Aeschynite-(Y)"]
    for name, count in zip(names, n_per_class):
        for k in range(count):
            rows = [(400 + 9 * i, np.sin(i / (5 + k)) + 1) for i in range(400)]
            (folder / f"{name}__R0{k}__Infrared__Infrared_Data_Processed__{k}.txt").write_text(
                rruff_text(name, f"R0{k}", rows))
    if far_ir:
        rows = [(50 + i, 1.0) for i in range(650)]
        (folder / "Talc__R9__Infrared__Infrared_Data_Processed__9.txt").write_text(rruff_text("Talc", "R9", rows))
    return folder


# ------------------------------------------------------------------- parser
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


# ------------------------------------------------------------------- loader
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
    with pytest.raises(ValueError, match=r"None of the \d+ classes of the spectra in .* \(such as .*\) is in the class "
                                         r"list \(1 names, such as unobtainium\)"):
        load_rruff(folder, classes=["unobtainium"])
    # A Raman folder read over the mid-IR default: the error says which range the files do cover.
    with pytest.raises(ValueError, match=r"None of the \d+ spectra in .* covers min_coverage=0.5 of 5000 to 9000 cm-1 "
                                         r"\(most of them cover \d+ to \d+ cm-1\); pass a wavenumber_range"):
        load_rruff(folder, wavenumber_range=(5000, 9000))


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


# ------------------------------------------------------------------ fetcher
class _Server:
    """A local HTTP server on 127.0.0.1 that serves fixed bytes or a status code."""

    def __init__(self, body: bytes = b"", status: int = 200):
        body_, status_ = body, status

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(status_)
                self.send_header("Content-Length", str(len(body_)))
                self.end_headers()
                self.wfile.write(body_)

            def log_message(self, *args):
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/Processed.zip"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def zip_bytes(tmp_path) -> bytes:
    folder = write_collection(tmp_path / "src")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for f in folder.iterdir():
            z.write(f, f"Processed/{f.name}")
    return buffer.getvalue()


def test_fetch_downloads_once_and_caches(tmp_path, monkeypatch):
    monkeypatch.setenv("SKLEARN_TEANET_DATA", str(tmp_path / "cache"))
    with _Server(zip_bytes(tmp_path)) as server:
        data = fetch_rruff_ir(url=server.url, wavenumber_range=(400, 4000))
    assert data.data.shape[0] == 6
    cached = sorted(p.name for p in (tmp_path / "cache").iterdir() if p.suffix != ".lock")
    assert cached == ["rruff_infrared_processed.zip", "rruff_infrared_processed.zip.sha256"]
    # Cached: no server needed the second time.
    again = fetch_rruff_ir(url="http://127.0.0.1:9/unreachable", wavenumber_range=(400, 4000))
    assert np.array_equal(again.data, data.data)


def test_fetch_truncated_zip_leaves_nothing(tmp_path):
    body = zip_bytes(tmp_path)
    with _Server(body[: len(body) // 2]) as server, pytest.raises(OSError, match="integrity check"):
        fetch_rruff_ir(tmp_path / "cache", url=server.url)
    assert [p for p in (tmp_path / "cache").iterdir() if p.suffix != ".lock"] == []


def test_fetch_404_explains_manual_download(tmp_path):
    with _Server(b"not here", status=404) as server, pytest.raises(OSError, match="Download the zip by hand"):
        fetch_rruff_ir(tmp_path / "cache", url=server.url)
    assert [p for p in (tmp_path / "cache").iterdir() if p.suffix != ".lock"] == []
    with pytest.raises(OSError, match="download_if_missing=False"):
        fetch_rruff_ir(tmp_path / "cache", download_if_missing=False)



def test_the_command_line_reports_a_failed_download_and_a_missing_class_list_in_one_line(tmp_path, monkeypatch,
                                                                                        capsys):
    import urllib.error
    import urllib.request

    from sklearn_teanet.__main__ import main

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


# ------------------------------------------------------- resampler, normaliser
def test_resampler_ragged_and_outside_modes():
    spectra = [(np.array([0.0, 10.0]), np.array([0.0, 10.0])), (np.array([5.0, 15.0]), np.array([1.0, 1.0]))]
    shared = SpectrumResampler(n_points=3).fit(spectra)
    assert np.allclose(shared.grid_, [5, 7.5, 10])
    grid = SpectrumResampler(grid=[0, 5, 15], outside="zero")
    assert np.allclose(grid.fit_transform(spectra), [[0, 5, 0], [0, 1, 1]])
    assert np.allclose(grid.set_params(outside="edge").fit_transform(spectra), [[0, 5, 10], [1, 1, 1]])
    with pytest.raises(ValueError, match="spectrum 0 covers 0 to 10"):
        grid.set_params(outside="error").fit_transform(spectra)


def test_resampler_2d_with_axis_and_disjoint_error():
    X = np.array([[0.0, 2.0, 4.0]])
    out = SpectrumResampler(n_points=5).fit_transform(X, wavenumbers=[100, 200, 300])
    assert np.allclose(out, [[0, 1, 2, 3, 4]])
    with pytest.raises(ValueError, match="share no wavenumber range"):
        SpectrumResampler().fit([(np.array([0.0, 1.0]), np.ones(2)), (np.array([2.0, 3.0]), np.ones(2))])
    with pytest.raises(ValueError, match=r"wavenumber_range must be \(low, high\) with low < high, got \(300, 100\)"):
        SpectrumResampler(wavenumber_range=(300, 100)).fit(X, wavenumbers=[100, 200, 300])


def test_resampler_refuses_a_spectrum_wholly_outside_the_grid_in_every_mode():
    # E.g. wavelengths in micrometres (2.5-25) given as wavenumbers: every value would be a fill.
    microns = [(np.linspace(2.5, 25, 50), np.linspace(0, 1, 50))]
    for outside in ("edge", "zero", "error"):
        resampler = SpectrumResampler(grid=np.linspace(400, 4000, 8), outside=outside).fit(microns)
        with pytest.raises(ValueError, match="spectrum 0 covers 2.5 to 25, entirely outside the grid 400 to 4000"):
            resampler.transform(microns)


def test_resampler_says_whether_the_axis_or_the_intensities_are_not_finite():
    X = np.ones((2, 3))
    with pytest.raises(ValueError, match=r"spectrum 0: its wavenumbers hold NaN .* at point 2"):
        SpectrumResampler(n_points=4).fit(X, wavenumbers=[100, 200, np.nan])
    ragged = [(np.array([1.0, 2.0]), np.ones(2)), (np.array([1.0, 2.0]), np.array([1.0, np.inf]))]
    with pytest.raises(ValueError, match=r"spectrum 1: its intensities hold NaN or infinite values \(first at point 1"):
        SpectrumResampler(n_points=4).fit(ragged)


def test_normalizer_methods():
    X = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    assert np.allclose(SpectrumNormalizer("max").fit_transform(X)[0], [1 / 3, 2 / 3, 1])
    assert np.allclose(np.linalg.norm(SpectrumNormalizer("vector").fit_transform(X)[0]), 1)
    snv = SpectrumNormalizer("snv").fit_transform(X)
    assert np.allclose(snv[0].mean(), 0) and np.allclose(snv[0].std(), 1)
    assert np.array_equal(snv[1], [0, 0, 0])
