"""transformers: tests moved from test_instrument_data.py."""

import pickle

import numpy as np
import pytest
from sklearn.pipeline import make_pipeline

from sklearn_teanet import (
    BaselineCorrector,
    CorrelationClassifier,
    SavitzkyGolay,
    SpectrumNormalizer,
    SpectrumResampler,
    TeaNetClassifier,
    UNetReconstructor,
    WavenumberRanges,
)

GRID = np.linspace(400, 4000, 1024)


def _peaks(axis, centres):
    return sum(np.exp(-0.5 * ((axis - c) / 15) ** 2) for c in centres)


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
    for params, message in (
        ({"window_length": 8}, "must be odd"),
        ({"polyorder": 11}, "less than window_length"),
        ({"window_length": 51}, "longer than the spectra"),
    ):
        with pytest.raises(ValueError, match=message):
            SavitzkyGolay(**params).fit(X)


def test_wavenumber_ranges_from_a_resampler_in_pandas_output():
    resampler = SpectrumResampler(grid=np.arange(400, 4001, 100.0)).set_output(transform="pandas")
    cut = WavenumberRanges([(400, 1000), (3000, 3500)])
    model = make_pipeline(resampler, cut).fit([(GRID, _peaks(GRID, [700]))])
    out = model.transform([(GRID, _peaks(GRID, [700]))])
    assert list(cut.wavenumbers_) == [400, 500, 600, 700, 800, 900, 1000, 3000, 3100, 3200, 3300, 3400, 3500]
    assert out.shape == (1, 13)
    with pytest.raises(ValueError, match="without their wavenumbers, so ranges in cm-1 would cut point indices"):
        WavenumberRanges([(1, 2)]).fit(np.arange(5.0)[None])
    assert WavenumberRanges([(1, 2)], wavenumbers="index").fit_transform(np.arange(5.0)[None]).tolist() == [[1.0, 2.0]]
    with pytest.raises(ValueError, match="No point of the axis"):
        WavenumberRanges([(5000, 6000)], wavenumbers=np.arange(5.0)).fit(np.ones((1, 5)))


def test_wavenumber_ranges_take_the_resamplers_axis_through_the_pipeline():
    # The README's pipeline once cut by point index: an HQI of 0.87 became 0.15.
    from sklearn_teanet import BaselineCorrector, SavitzkyGolay, SpectrumNormalizer

    grid = np.arange(400, 4001, 100.0)
    cut = WavenumberRanges([(400, 1000), (3000, 3500)])
    model = make_pipeline(
        SpectrumResampler(grid=grid), BaselineCorrector(), SavitzkyGolay(5, 2), SpectrumNormalizer("snv"), cut
    )
    out = model.fit_transform([(GRID, _peaks(GRID, [700]))])
    assert list(cut.wavenumbers_) == [400, 500, 600, 700, 800, 900, 1000, 3000, 3100, 3200, 3300, 3400, 3500]
    assert out.shape == (1, 13) and np.array_equal(out.wavenumbers, cut.wavenumbers_)
    # To everything else the output is a plain array; a slice of it claims no axis.
    assert isinstance(out, np.ndarray) and type(np.asarray(out)) is np.ndarray and out[:, :3].wavenumbers is None
    assert pickle.loads(pickle.dumps(out)).__class__ is np.ndarray


def test_a_chemotools_step_inside_a_package_pipeline():
    chemotools = pytest.importorskip("chemotools.scatter")
    rng = np.random.RandomState(0)
    X = np.vstack([(1 + 0.3 * rng.rand()) * _peaks(GRID, [1000 + 800 * (i % 3)]) + 0.1 for i in range(12)])
    y = np.array(["a", "b", "c"] * 4)
    model = make_pipeline(
        SpectrumResampler(grid=GRID[::4]),
        chemotools.MultiplicativeScatterCorrection(),
        SavitzkyGolay(5, 2),
        CorrelationClassifier(),
    )
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
        TeaNetClassifier(
            channels=(4,), reconstructor=UNetReconstructor(depth=2, channels=4), max_epochs=15, random_state=0
        ),
    ).fit(X, y)
    assert (model.predict(X) == y).mean() > 0.8
