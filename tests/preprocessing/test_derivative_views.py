"""DerivativeViews: the first and second derivatives side by side, weighed alike, linear per spectrum."""

import numpy as np
import pytest
from scipy.signal import savgol_filter
from sklearn.pipeline import make_pipeline

from sklearn_teanet import CorrelationClassifier, DerivativeViews, SpectrumResampler, WavenumberRanges
from sklearn_teanet.identification import library_model
from sklearn_teanet.paper import make_method

GRID = np.linspace(400, 2000, 801)


def _band(centre, width=8.0, axis=GRID):
    return np.exp(-0.5 * ((axis - centre) / width) ** 2)


def test_each_view_is_a_savitzky_golay_derivative_weighed_to_a_median_norm_of_one():
    X = np.vstack([_band(c, w) for c, w in ((700, 6), (1000, 9), (1300, 12), (1600, 15))])
    views = DerivativeViews((1, 2), window_length=(11, 15)).fit(X)
    out = views.transform(X)
    assert out.shape == (4, 2 * GRID.size)
    first, second = out[:, : GRID.size], out[:, GRID.size :]
    np.testing.assert_allclose(first / views.weights_[0], savgol_filter(X, 11, 2, deriv=1, axis=1))
    np.testing.assert_allclose(second / views.weights_[1], savgol_filter(X, 15, 2, deriv=2, axis=1))
    assert [f.window_length for f in DerivativeViews(window_length=9).fit(X).filters_] == [9, 9]
    for view in (first, second):
        assert np.median(np.linalg.norm(view - view.mean(axis=1, keepdims=True), axis=1)) == pytest.approx(1.0)


def test_the_correlation_of_two_rows_is_the_mean_of_the_views_correlations():
    # One band shape at several places: every spectrum's views have the median norms, so the mean is exact.
    X = np.vstack([_band(c) for c in (900, 903, 960, 1200)])
    out = DerivativeViews().fit(X).transform(X)
    a, b = out[0], out[1]
    half = GRID.size
    per_view = [np.corrcoef(a[s], b[s])[0, 1] for s in (slice(0, half), slice(half, None))]
    assert np.corrcoef(a, b)[0, 1] == pytest.approx(np.mean(per_view), abs=1e-3)
    # The second derivative tells a 3 cm-1 move apart more sharply than the first.
    assert per_view[1] < per_view[0]


def test_the_views_of_a_mixture_are_the_mixtures_of_the_views():
    # The weights are one number per view, the same for every spectrum: the mixture search's sums stay sums.
    X = np.vstack([_band(800), _band(1100, 12), _band(1500, 5)])
    views = DerivativeViews().fit(X)
    np.testing.assert_allclose(views.transform(0.3 * X[:1] + 0.7 * X[1:2]), 0.3 * views.transform(X[:1]) +
                               0.7 * views.transform(X[1:2]), atol=1e-12)  # fmt: skip


def test_the_axis_goes_on_once_per_view_so_ranges_cut_both():
    X = [(GRID, _band(c)) for c in (800, 1100, 1500)]
    pipe = make_pipeline(SpectrumResampler(grid=GRID), DerivativeViews(), WavenumberRanges([(600, 1200)]))
    out = pipe.fit_transform(X)
    kept = ((GRID >= 600) & (GRID <= 1200)).sum()
    assert out.shape == (3, 2 * kept)
    np.testing.assert_array_equal(out.wavenumbers, np.tile(GRID[(GRID >= 600) & (GRID <= 1200)], 2))
    names = DerivativeViews().fit(np.ones((2, 20)) + np.arange(20)).get_feature_names_out()
    assert names[0] == "d1_x0" and names[20] == "d2_x0" and names.size == 40


@pytest.mark.parametrize(
    "derivatives, message",
    [((1, 1), "distinct"), ((), "non-negative integers"), ((1, -1), "non-negative integers"), ((True,), "integers")],
)
def test_bad_derivatives_are_named(derivatives, message):
    with pytest.raises(ValueError, match=message):
        DerivativeViews(derivatives, window_length=11).fit(np.vstack([_band(900), _band(1000)]))
    for windows in ((11, 15, 21), (11, 0), (11, 14)):
        with pytest.raises(ValueError, match="window_length"):
            DerivativeViews((1, 2), window_length=windows).fit(np.vstack([_band(900), _band(1000)]))


def test_train_compares_both_views_for_the_library_search_and_one_derivative_otherwise():
    auto = library_model(make_method("correlation"), GRID)  # wrapped, as train makes it
    assert auto.named_steps["views"].derivatives == (1, 2) and "savgol" not in auto.named_steps
    assert library_model(CorrelationClassifier(), GRID).named_steps["views"].window_length == (11, 15)
    assert library_model(CorrelationClassifier(), GRID, smooth=21).named_steps["views"].window_length == 21
    knn = library_model(make_method("knn"), GRID)
    assert knn.named_steps["savgol"].deriv == 1 and "views" not in knn.named_steps
    assert library_model(CorrelationClassifier(), GRID, derivative=2).named_steps["savgol"].deriv == 2
    assert "savgol" not in library_model(CorrelationClassifier(), GRID, derivative=0).named_steps
    with pytest.raises(ValueError, match="cnn_spectrum_d2"):
        library_model(make_method("cnn_full"), GRID, derivative=(1, 2))
    for bad in ("both", (1, 3), (2, 2), 5):
        with pytest.raises(ValueError, match="derivative must be"):
            library_model(CorrelationClassifier(), GRID, derivative=bad)


def test_a_short_spectrum_is_measured_in_each_view_where_that_views_window_saw_measurements():
    from sklearn_teanet.identification.overlap import measured_mask

    model = library_model(CorrelationClassifier(), GRID).fit([(GRID, _band(c)) for c in (800, 1200)], ["a", "b"])
    short = GRID[GRID <= 1500]
    mask = measured_mask(model, [(short, _band(900, axis=short))])[0]
    first, second = mask[: GRID.size], mask[GRID.size :]
    ends = GRID[first].max(), GRID[second].max()  # half of each window (5 and 7 points of 2 cm-1) off the end
    assert ends == (1500 - 2 * 5, 1500 - 2 * 7) and first[0] and second[0]
