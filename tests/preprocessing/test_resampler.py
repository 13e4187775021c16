"""resampler: tests moved from test_instrument_data.py, test_rruff.py."""

import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import make_pipeline

from sklearn_teanet import (
    CorrelationClassifier,
    SpectrumNormalizer,
    SpectrumResampler,
    load_rruff,
)

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


def test_two_short_files_narrowing_a_library_by_a_fifth_are_named(tmp_path):
    # Two short files once cut a library's shared range from 1300 to 1041 cm-1 without a word (the warning fired
    # only below half).
    axes = {f"Full{i}": np.linspace(300, 1600, 300) for i in range(4)}
    axes |= {"Short1": np.linspace(300, 1341, 250), "Short2": np.linspace(450, 1600, 250)}
    for name, axis in axes.items():
        rows = "\n".join(f"{w:.3f}, {v:.5f}" for w, v in zip(axis, _peaks(axis, [1400])))
        (tmp_path / f"{name}__R1.txt").write_text(f"##NAMES={name}\n{rows}\n##END=\n")
    with pytest.warns(UserWarning, match=r"share only 450 to 1341 cm-1, 69% of .* because of 2 \(Short1__R1.txt"):
        load_rruff(tmp_path, n_points=64)


@pytest.mark.slow  # a subprocess or a real fit: in make test, not test-fast
def test_a_few_far_ir_spectra_narrowing_the_shared_range_are_named_with_the_range_to_pass(tmp_path):
    # Mid-IR spectra with one far-IR file: without a word, all would be compared on the 300 cm-1 they share.
    axes = {f"Mid{i}": np.linspace(400, 4000, 400) for i in range(4)} | {"Far": np.linspace(100, 700, 200)}
    for name, axis in axes.items():
        rows = "\n".join(f"{w:.3f}, {v:.5f}" for w, v in zip(axis, _peaks(axis, [600])))
        (tmp_path / f"{name}__R{len(name)}{name[-1]}.txt").write_text(f"##NAMES={name}\n{rows}\n##END=\n")
    message = (
        r"The 5 spectra in .* share only 400 to 700 cm-1, 8% of the 400 to 4000 cm-1 that most of them cover, "
        r"because of 1 \(Far__R3r\.txt\)\. To use that range, pass wavenumber_range=\(400, 4000\).* the 1 spectra "
        r"that cover less "
        r"than min_coverage=0\.5 of it, such as .*Far__R3r\.txt, are then left out"
    )
    with pytest.warns(UserWarning, match=message):
        assert load_rruff(tmp_path, n_points=64).wavenumbers[-1] == pytest.approx(700)
    # With that range the far-IR file is left out, and named.
    with pytest.warns(UserWarning, match=r"1 of 5 spectra in .* are left out: Far__R3r\.txt") as caught:
        assert len(load_rruff(tmp_path, wavenumber_range=(400, 4000), n_points=64).target) == 4
    assert len(caught) == 1
    # train keeps the union of the ranges the files cover together: the far-IR file is left out, and named, as an
    # error is said, without the library's file and source line (in a process of its own: pytest records warnings
    # instead of printing them).
    command = [
        sys.executable,
        "-m",
        "sklearn_teanet",
        "train",
        "--library",
        str(tmp_path),
        "--n-points",
        "64",
        "--out",
        str(tmp_path / "m.skops"),
    ]
    err = subprocess.run(command, capture_output=True, text=True, check=True).stderr
    assert "sklearn-teanet: warning: 1 of 5 spectra" in err and "Far__R3r.txt" in err and "folders.py" not in err


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


@pytest.mark.parametrize(
    "grid, message",
    [
        ([400.0, np.nan, 4000.0], r"grid\[1\] is nan"),
        ([400.0, 400.0, 4000.0], "holds the wavenumber 400 twice"),
        ([400.0], "at least 2 wavenumbers"),
        ([[400.0, 500.0]], "1-D sequence"),
    ],
)
def test_a_grid_with_a_nan_or_a_repeated_point_is_refused(grid, message):
    # A NaN grid point once gave a NaN column, silently.
    with pytest.raises(ValueError, match=message):
        SpectrumResampler(grid=np.array(grid)).fit([(GRID, np.ones(GRID.size))])
