"""JCAMP-DX data as the standard writes them: compressed forms, checks, and files cut short (issue 31)."""

import numpy as np
import pytest

from sklearn_teanet.data import SpectrumFormatError, parse_spectrum
from sklearn_teanet.data.jcamp import decode_asdf

HEAD = "##TITLE=Quartz\n##JCAMP-DX=4.24\n##XUNITS=1/CM\n##YUNITS=ABSORBANCE\n##XFACTOR=1\n##YFACTOR=0.001\n"


def _xydata(lines, first, last, n):
    return (
        HEAD
        + f"##FIRSTX={first}\n##LASTX={last}\n##NPOINTS={n}\n##XYDATA=(X++(Y..Y))\n"
        + "\n".join(lines)
        + "\n##END=\n"
    ).encode()


@pytest.mark.parametrize(
    "line, values, ends_in_dif",
    [
        ("400 10 20 30", [400, 10, 20, 30], False),  # AFFN
        ("400A0B0C0", [400, 10, 20, 30], False),  # SQZ
        ("400A0J0J0", [400, 10, 20, 30], True),  # DIF: +10, +10
        ("400A0J0T", [400, 10, 20, 30], True),  # DUP: the difference twice
        ("400A0S2", [400] + [10] * 12, False),  # a two-digit DUP count: twelve copies (jcamp read one)
        ("400A0J0S2", [400] + list(range(10, 140, 10)), True),  # twelve equal differences
        ("400a5j0", [400, -15, -25], True),  # negative SQZ and DIF
        ("1.5E+02 -2.5e-01", [150, -0.25], False),  # AFFN with exponents
    ],
)
def test_asdf_lines_decode_as_the_standard_says(line, values, ends_in_dif):
    decoded, dif = decode_asdf(line)
    assert decoded == pytest.approx(values) and dif == ends_in_dif


def test_difdup_data_with_y_checks_read_whole_without_printing(capsys):
    # 24 ordinates 10, 20, ..., 240: two lines in DIF form, the second repeating the first's last value.
    first = "400A0J0S1"  # 10, +10, and the difference 10 more times: 10 ... 120 (12 values)
    second = "412A20J0S2"  # the Y-check 120, then 12 differences: 130 ... 240
    lines = [first, second]
    _, w, v = parse_spectrum(_xydata(lines, 400, 423, 24), "q.jdx")
    assert w.tolist() == list(range(400, 424)) and v == pytest.approx(np.arange(10, 250, 10) * 0.001)
    assert capsys.readouterr().out == ""  # jcamp printed its check failures to stdout


def test_a_failed_y_check_or_x_check_is_an_error_not_a_line_on_stdout():
    with pytest.raises(SpectrumFormatError, match=r"q.jdx, line \d+: Y-check failed"):
        parse_spectrum(_xydata(["400A0J0S1", "412A30J0S2"], 400, 423, 24), "q.jdx")
    with pytest.raises(SpectrumFormatError, match=r"q.jdx, line \d+: X-check failed"):
        parse_spectrum(_xydata(["400 1 2", "440 3 4"], 400, 403, 4), "q.jdx")


def test_a_jcamp_file_cut_at_a_line_boundary_is_never_read_short():
    x = np.linspace(400, 4000, 900)
    rows = [f"{a:.3f}, {b:.5f}" for a, b in zip(x, np.sin(x / 100) ** 2)]
    head = "##TITLE=Quartz\n##JCAMP-DX=4.24\n##XUNITS=1/CM\n##YUNITS=ABSORBANCE\n##NPOINTS=900\n##XYPOINTS=(XY..XY)\n"
    with pytest.raises(SpectrumFormatError, match="cut.jdx: no '##END=' line; the file looks cut short"):
        parse_spectrum((head + "\n".join(rows[:300]) + "\n").encode(), "cut.jdx")
    with pytest.raises(SpectrumFormatError, match="cut.jdx: holds 300 of the 900 points"):
        parse_spectrum((head + "\n".join(rows[:300]) + "\n##END=\n").encode(), "cut.jdx")
    _, w, _ = parse_spectrum((head + "\n".join(rows) + "\n##END=\n").encode(), "whole.jdx")
    assert w.size == 900
    with pytest.raises(SpectrumFormatError, match="holds 15 of the 24 points"):
        parse_spectrum(_xydata(["400A0J0S1", "412A20J0U"], 400, 423, 24), "q.jdx")
