"""LorentzSpectraGenerator: shapes, ground truth and the paper's grid."""

import numpy as np
import pytest
from scipy.signal import find_peaks

from sklearn_teanet import LorentzSpectraGenerator
from sklearn_teanet.data import PAPER_FWHM_RANGES, PAPER_THETAS, lorentz
from sklearn_teanet.paper import paper_grid
from sklearn_teanet.paper.synthetic_grid import cell_problem


def test_lorentz_half_maximum():
    points = np.arange(201, dtype=float)
    f = lorentz(points, [100.0], [20.0], [2.0])
    assert f[100] == pytest.approx(2.0)
    assert f[90] == pytest.approx(1.0) and f[110] == pytest.approx(1.0)


def test_shapes_labels_and_determinism():
    gen = LorentzSpectraGenerator(n_classes=5, n_samples_per_class=3, n_points=128, random_state=0)
    a, b = gen.generate(), gen.generate()
    assert a.data.shape == (15, 128)
    assert list(np.bincount(a.target)) == [3] * 5
    assert np.array_equal(a.data, b.data)
    assert np.allclose(np.abs(a.data).max(axis=1), 1.0)
    for peaks in a.peaks:
        assert 1 <= peaks.center.size <= 3


def test_characteristic_peaks_are_where_the_ground_truth_says():
    # Strong, narrow characteristic peaks without jitter must be the class's tallest
    # maxima, at the reported positions, in every spectrum of the class.
    data = LorentzSpectraGenerator(
        n_classes=4,
        n_samples_per_class=5,
        n_points=512,
        theta=10.0,
        fwhm=(4.0, 8.0),
        position_jitter=0.0,
        amplitude_jitter=0.0,
        random_state=1,
    ).generate()
    for label, peaks in enumerate(data.peaks):
        for spectrum in data.data[data.target == label]:
            for center in peaks.center:
                p = int(round(center))
                window = spectrum[max(p - 3, 0) : p + 4]
                assert window.max() > 0.5 * spectrum.max()
            found, _ = find_peaks(spectrum, height=0.5 * spectrum.max())
            assert all(np.min(np.abs(found - c)) <= 2 for c in peaks.center)
        start, stop = data.regions[label].T
        assert (start <= peaks.center).all() and (peaks.center < stop).all()


def test_theta_controls_height_ratio():
    common = dict(
        n_classes=3,
        n_samples_per_class=2,
        n_points=256,
        fwhm=(5.0, 6.0),
        amplitude_jitter=0.0,
        n_noncharacteristic=(0, 0),
        normalize=None,
        random_state=0,
    )
    strong = LorentzSpectraGenerator(theta=10.0, **common).generate()
    weak = LorentzSpectraGenerator(theta=0.1, **common).generate()
    assert strong.data.max() == pytest.approx(100 * weak.data.max(), rel=1e-6)


def test_paper_grid_sizes():
    cells = list(paper_grid(thetas=[1.0], fwhm_ranges=[(0, 50)], n_points=64))
    assert len(cells) == 1
    cell = cells[0]
    assert cell.X_train.shape == (1200, 64) and cell.X_valid.shape == (400, 64) and cell.X_test.shape == (400, 64)
    assert len(PAPER_THETAS) * len(PAPER_FWHM_RANGES) == 20
    assert set(np.bincount(cell.y_test)) == {4}


def test_cell_problem_trains_on_training_and_validation_and_tests_on_the_test_part():
    cell = next(paper_grid(thetas=[1.0], fwhm_ranges=[(0, 50)], n_classes=3, n_samples_per_class=10, n_points=32))
    X, y, cv = cell_problem(cell)
    ((train, test),) = cv.split(X)
    np.testing.assert_array_equal(X[test], cell.X_test)
    np.testing.assert_array_equal(y[test], cell.y_test)
    np.testing.assert_array_equal(X[train], np.concatenate([cell.X_train, cell.X_valid]))


@pytest.mark.parametrize(
    "params,match",
    [
        (dict(n_characteristic=(0, 2)), "n_characteristic"),
        (dict(n_characteristic=(3, 1)), "n_characteristic"),
        (dict(fwhm=(50, 10)), "fwhm"),
        (dict(theta=0.0), "theta"),
        (dict(n_classes=1), "n_classes"),
    ],
)
def test_bad_parameters(params, match):
    with pytest.raises(ValueError, match=match):
        LorentzSpectraGenerator(**params).generate()
