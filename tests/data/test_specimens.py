"""specimens: tests moved from test_instrument_data.py."""

import pytest
from spectrum_files import jcamp_points

from sklearn_teanet.data import SpectrumFormatError, specimen_groups


def test_specimens_with_two_names_are_grouped_by_id_and_name_with_a_warning():
    message = r"1 specimen id\(s\) carry spectra of more than one class.*R2 \(albite/anorthoclase\)"
    with pytest.warns(UserWarning, match=message):
        groups = specimen_groups(["R1", "R1", "R2", "R2"], ["quartz", "quartz", "albite", "anorthoclase"])
    assert list(groups) == ["R1", "R1", "R2|albite", "R2|anorthoclase"]


def test_a_compound_jcamp_file_of_two_spectra_is_refused_not_read_short():
    from sklearn_teanet.data import parse_spectrum

    one = jcamp_points([400, 500, 600], [0.1, 0.5, 0.2], "1/CM", "ABSORBANCE", "A").decode()
    two = jcamp_points([400, 500, 600], [0.3, 0.1, 0.4], "1/CM", "ABSORBANCE", "B").decode()
    compound = "##TITLE=two\n##JCAMP-DX=5.01\n##BLOCKS=2\n" + one + two + "##END=\n"
    with pytest.raises(SpectrumFormatError, match="c.jdx: a compound JCAMP-DX file with 2 spectra; split it"):
        parse_spectrum(compound.encode(), "c.jdx")
    header, _, v = parse_spectrum(("##TITLE=one\n##JCAMP-DX=5.01\n##BLOCKS=1\n" + one + "##END=\n").encode())
    assert header["NAMES"] == "A" and v.tolist() == [0.1, 0.5, 0.2]
    # The measured data and a peak table of the same spectrum: jcamp alone read the one peak as the spectrum.
    with_peaks = one.replace("##END=", "##NPOINTS=1\n##PEAK TABLE=(XY..XY)\n500, 0.5\n##END=")
    _, w, v = parse_spectrum(with_peaks.encode(), "p.jdx")
    assert w.tolist() == [400, 500, 600] and v.tolist() == [0.1, 0.5, 0.2]
