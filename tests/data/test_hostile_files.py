"""Readers against hostile and damaged files (issue 37, points 9, 11-14, 18, 20, 22): named errors, never a misread."""

import re
import tracemalloc

import numpy as np
import pytest

from sklearn_teanet.data import SpectrumFormatError, parse_spectrum

X = np.linspace(400, 3996, 900)
HEAD = "##TITLE=Q\n##JCAMP-DX=4.24\n##FIRSTX=400\n##LASTX=401\n"
Y = np.exp(-(((X - 1100) / 40) ** 2)) * 0.8 + 0.05


def _xypoints(head: str, rows, end=True) -> bytes:
    return (head + "##XYPOINTS=(XY..XY)\n" + "\n".join(rows) + ("\n##END=\n" if end else "\n")).encode()


def _rows(x=X, y=Y, fmt="{:.3f}, {:.5f}"):
    return [fmt.format(a, b) for a, b in zip(x, y)]


@pytest.mark.parametrize("padding", [0, 4200])
def test_jcamp_without_its_version_label_or_with_it_late_is_read_as_jcamp(padding):
    # Transmittance: read as absorbance, -log10(T), whose band points up at 1100 cm-1.
    head = "##TITLE=Calcite\n" + "".join(f"##$VENDOR KEY {i}=value\n" for i in range(padding // 25))
    head += ("##JCAMP-DX=4.24\n" if padding else "") + "##XUNITS=1/CM\n##YUNITS=TRANSMITTANCE\n"
    header, w, v = parse_spectrum(_xypoints(head, _rows(y=10**-Y)), "calcite.jdx")
    assert header["YUNITS"] == "ABSORBANCE" and w[np.argmax(v)] == pytest.approx(1100, abs=5)


def test_xypoints_with_decimal_commas_and_no_npoints_are_read_as_numbers():
    head = "##TITLE=Calcite\n##JCAMP-DX=4.24\n##XUNITS=1/CM\n##YUNITS=ABSORBANCE\n##FIRSTX=400\n##LASTX=3996\n"
    rows = [r.replace(".", ",").replace(", ", " ") for r in _rows()]
    _, w, v = parse_spectrum(_xypoints(head, rows), "comma.jdx")
    assert len(w) == 900 and w[0] == pytest.approx(400) and v == pytest.approx(Y, abs=1e-5)


@pytest.mark.parametrize("npoints", ["inf", "1e400", "nan", "-3", "2.5", "1000000000", "abc"])
def test_an_impossible_npoints_is_named(npoints):
    text = f"{HEAD}##NPOINTS={npoints}\n##XYDATA=(X++(Y..Y))\n400 1 2\n##END=\n"
    with pytest.raises(SpectrumFormatError, match=rf"bad.jdx: ##NPOINTS={re.escape(npoints)} is not a"):
        parse_spectrum(text.encode(), "bad.jdx")


def test_a_huge_repeat_count_is_refused_before_it_is_expanded():
    text = f"{HEAD}##NPOINTS=2\n##XYDATA=(X++(Y..Y))\n400 1Z99999999999\n##END=\n"
    tracemalloc.start()
    try:
        with pytest.raises(
            SpectrumFormatError, match="bomb.jdx, line 7: .*repeat count of 899999999999 makes more values"
        ):
            parse_spectrum(text.encode(), "bomb.jdx")
        assert tracemalloc.get_traced_memory()[1] < 20 * 2**20
    finally:
        tracemalloc.stop()


def test_xypoints_cut_short_or_two_data_blocks_are_named():
    head = "##TITLE=Q\n##JCAMP-DX=4.24\n##XUNITS=1/CM\n##FIRSTX=400\n##LASTX=3996\n"
    with pytest.raises(SpectrumFormatError, match=r"short.jdx: the data end at .*but ##LASTX=3996: .*cut short"):
        parse_spectrum(_xypoints(head, _rows()[:300]), "short.jdx")
    two = _xypoints(head, _rows()).replace(b"##END=", b"##XYPOINTS=(XY..XY)\n400, 1\n500, 2\n##END=")
    with pytest.raises(SpectrumFormatError, match="two.jdx: 2 ##XYDATA/##XYPOINTS blocks under one title"):
        parse_spectrum(two, "two.jdx")


@pytest.mark.parametrize("label", ["XFACTOR", "YFACTOR", "FIRSTX"])
def test_a_header_number_that_is_not_one_is_named_with_file_and_label(label):
    values = {"XFACTOR": "1", "YFACTOR": "1", "FIRSTX": "400", **{label: "abc"}}
    text = (
        "##TITLE=Q\n##JCAMP-DX=4.24\n"
        + "".join(f"##{k}={v}\n" for k, v in values.items())
        + "##LASTX=401\n##NPOINTS=2\n##XYDATA=(X++(Y..Y))\n400 1 2\n##END=\n"
    )
    with pytest.raises(SpectrumFormatError, match=f"x.jdx: ##{label}=abc is not a number"):
        parse_spectrum(text.encode(), "x.jdx")


@pytest.mark.slow  # a subprocess or a real fit: in make test, not test-fast
def test_a_large_two_column_file_is_read_in_bounded_memory():
    n = 400_000  # 9 MB of text
    x = np.linspace(100, 4000, n)
    contents = "\n".join(f"{a:.5f}\t{b:.6f}" for a, b in zip(x, np.sin(x))).encode()
    tracemalloc.start()
    try:
        _, w, v = parse_spectrum(contents, "big.txt")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(w) == n and v[-1] == pytest.approx(np.sin(4000), abs=1e-5)
    # The file, its text and the arrays, not a Python string per number (24 times the file before).
    assert peak < 6 * len(contents), f"peak {peak / len(contents):.1f} times the file"
