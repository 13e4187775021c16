"""Property-based tests of the readers: any file gives a spectrum that round-trips or a SpectrumFormatError naming
it, in bounded memory (issue 37, point 5). ``make test-properties`` runs them at length."""

import tracemalloc

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sklearn_teanet.data import SpectrumFormatError, parse_spectrum

SOURCE = "mutant.file"
#: Characters a mutation inserts: JCAMP-DX's compressions, separators, labels' pieces, non-ASCII.
ALPHABET = "0123456789.,;+-eE @%ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrs#=$\n\t ()XY/\u00b5\u0414"
MEMORY_LIMIT = 64 * 2**20  # the files here are a few kB: a reader that needs more has expanded something

ordinates = st.lists(st.integers(-(10**6), 10**6), min_size=2, max_size=120)


def _jcamp_xydata(first: int, step: int, ys: list[int]) -> str:
    lines = [f"{first + step * i} " + " ".join(str(y) for y in ys[i : i + 8]) for i in range(0, len(ys), 8)]
    return (
        f"##TITLE=Q\n##JCAMP-DX=4.24\n##XUNITS=1/CM\n##YUNITS=ABSORBANCE\n##FIRSTX={first}\n"
        f"##LASTX={first + step * (len(ys) - 1)}\n##XFACTOR=1\n##YFACTOR=0.001\n##NPOINTS={len(ys)}\n"
        "##XYDATA=(X++(Y..Y))\n" + "\n".join(lines) + "\n##END=\n"
    )


def _two_columns(xs, ys, separator: str) -> str:
    return "\n".join(f"{x}{separator}{y}" for x, y in zip(xs, ys)) + "\n"


def _read_or_refuse(contents: bytes):
    """Parse under a memory bound: a spectrum that makes sense, or a SpectrumFormatError naming the file."""
    tracemalloc.start()
    try:
        header, w, v = parse_spectrum(contents, SOURCE)
    except SpectrumFormatError as error:
        assert SOURCE in str(error), error
        return None
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < MEMORY_LIMIT, f"{peak / 2**20:.0f} MB for {len(contents)} bytes"
    assert isinstance(header, dict) and w.shape == v.shape and w.size >= 2
    assert np.isfinite(w).all() and np.isfinite(v).all() and (np.diff(w) > 0).all()
    return w, v


@st.composite
def mutated(draw, text: str) -> bytes:
    """``text`` with up to four cuts, insertions or replacements anywhere."""
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        insert = draw(st.text(ALPHABET, max_size=30))
        text = text[:start] + insert + text[end:]
    return text.encode("utf-8")


@given(first=st.integers(100, 3000), step=st.integers(1, 8), ys=ordinates)
def test_jcamp_xydata_round_trips(first, step, ys):
    w, v = _read_or_refuse(_jcamp_xydata(first, step, ys).encode())
    np.testing.assert_allclose(w, first + step * np.arange(len(ys)))
    np.testing.assert_allclose(v, np.asarray(ys) * 0.001)


@given(data=st.data(), first=st.integers(100, 3000), step=st.integers(1, 8), ys=ordinates)
def test_a_mutated_jcamp_file_is_read_or_named(data, first, step, ys):
    _read_or_refuse(data.draw(mutated(_jcamp_xydata(first, step, ys))))


@given(
    xs=st.lists(st.floats(-1e5, 1e5, allow_nan=False), min_size=2, max_size=150, unique=True),
    seed=st.integers(0, 2**31),
    separator=st.sampled_from([", ", "\t", " ", ";", "   "]),
)
def test_two_columns_round_trip(xs, seed, separator):
    ys = np.random.RandomState(seed).standard_normal(len(xs)).round(6).tolist()
    w, v = _read_or_refuse(_two_columns(xs, ys, separator).encode())
    order = np.argsort(xs)
    np.testing.assert_allclose(w, np.asarray(xs)[order])
    np.testing.assert_allclose(v, np.asarray(ys)[order])


@given(data=st.data(), n=st.integers(2, 80), separator=st.sampled_from([", ", "\t", " "]))
def test_a_mutated_two_column_file_is_read_or_named(data, n, separator):
    xs = np.linspace(400, 4000, n).round(3).tolist()
    text = "##NAMES=Quartz\n" + _two_columns(xs, np.sin(xs).round(5).tolist(), separator) + "##END=\n"
    _read_or_refuse(data.draw(mutated(text)))
