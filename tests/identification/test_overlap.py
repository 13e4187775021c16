"""Spectra compared on the points both measured, never on edge-filled ones (issue 36, point 3)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sklearn_teanet import CorrelationClassifier, SpectrumIdentifier
from sklearn_teanet.cli import main
from sklearn_teanet.identification import library_model
from sklearn_teanet.identification.overlap import MIN_OVERLAP, measured_mask, overlap_correlation

GRID = np.arange(200.0, 1201.0, 2.0)


@given(st.integers(0, 2**32 - 1), st.integers(0, 40), st.integers(0, 40))
def test_the_overlap_correlation_is_pearsons_over_the_shared_points(seed, cut_x, cut_y):
    rng = np.random.RandomState(seed)
    x, y = rng.randn(3, 60), rng.randn(2, 60)
    mx, my = np.ones(x.shape, bool), np.ones(y.shape, bool)
    mx[1, :cut_x], my[1, 60 - cut_y :] = False, False
    r = overlap_correlation(x, mx, y, my)
    for i in range(3):
        for j in range(2):
            shared = mx[i] & my[j]
            if shared.sum() >= max(MIN_OVERLAP * mx[i].sum(), 3):
                assert r[i, j] == pytest.approx(np.corrcoef(x[i, shared], y[j, shared])[0, 1], abs=1e-9)
            else:
                assert r[i, j] == 0  # too little in common to call the two alike


def test_the_mask_follows_the_model_steps():
    model = library_model(CorrelationClassifier(), GRID, derivative=1, ranges=[(300, 1100)])
    model.fit([(GRID, np.sin(GRID / 30) + 2)] * 2, ["a", "b"])
    spectra = [(GRID, np.ones(GRID.size)), (GRID[GRID <= 700], np.ones(int((GRID <= 700).sum())))]
    mask = measured_mask(model, spectra)
    kept = GRID[(GRID >= 300) & (GRID <= 1100)]
    assert mask.shape == (2, kept.size) and mask[0].all()
    # Measured to 700 cm-1, less half the derivative's 11-point window (5 points of 2 cm-1).
    assert kept[mask[1]].max() == 690
    assert measured_mask(model, spectra[:1]) is None  # the whole grid measured: nothing to mask


def _bands(axis, *bands):
    return sum(h / (1 + ((axis - p) / 4) ** 2) for p, h in bands) + 0.05


@pytest.fixture(scope="module")
def identifier():
    rng = np.random.RandomState(0)
    library = {"A": [(300, 1.0), (500, 1.0), (1000, 1.0)], "B": [(300, 1.0), (500, 0.6)], "C": [(400, 1), (800, 1)]}
    X, y = [], []
    for name, bands in library.items():
        for _ in range(3):
            X.append((GRID, _bands(GRID, *[(p + rng.uniform(-1, 1), h * rng.uniform(0.95, 1.05)) for p, h in bands])))
            y.append(name)
    return SpectrumIdentifier(library_model(CorrelationClassifier(), GRID), max_shift=0).fit(X, y)


def test_a_short_unknown_is_compared_where_it_was_measured(identifier):
    short = GRID[GRID <= 700]
    measured = _bands(short, (300, 1.0), (500, 1.0))  # A, measured to 700 cm-1: its band at 1000 unseen
    padded = np.concatenate([measured, np.full(GRID.size - short.size, measured[-1])])
    # Filled to the grid's end, the flat fill is compared too: B, flat there, beats A and its band at 1000.
    assert identifier.identify([(GRID, padded)], top_k=1)["class"].iloc[0] == "B"
    hits = identifier.identify([(short, measured)], top_k=2)
    assert hits["class"].tolist() == ["A", "B"] and hits["hqi"].iloc[0] > 95


def test_a_short_library_spectrum_is_compared_where_it_was_measured():
    full = [(GRID, _bands(GRID, (300, 1.0), (900, 0.8))), (GRID, _bands(GRID, (300, 1.0), (905, 0.8)))]
    short = GRID[GRID >= 600]
    twin = _bands(GRID, (400, 1.0), (700, 1.0), (1000, 0.95))  # b, measured everywhere: a band at 400 too
    X = [*full, (short, _bands(short, (700, 1.0), (1000, 1.0))), (GRID, twin)]
    identifier = SpectrumIdentifier(library_model(CorrelationClassifier(), GRID), max_shift=0).fit(X, list("aabb"))
    assert identifier.library_masks_ is not None and not identifier.library_masks_[2].all()
    # The short b spectrum matches its twin on the points it measured; the twin's band at 400 is not held against it.
    assert len(identifier.calibration_scores_) == 4 and identifier.calibration_scores_[2:].min() > 98


def test_train_keeps_every_files_range(tmp_path, capsys):
    rng = np.random.RandomState(1)
    for i in range(6):
        axis = GRID if i != 0 else GRID[GRID <= 900]  # one file ends short
        values = _bands(axis, (300 + 200 * (i % 3), 1.0), (800, 0.5 * rng.rand()))
        (tmp_path / f"S{i % 3}__{i}.txt").write_text("\n".join(f"{a:.1f}\t{b:.6f}" for a, b in zip(axis, values)))
    out = tmp_path / "model.skops"
    assert main(["train", "--library", str(tmp_path), "--n-points", "256", "--out", str(out)]) == 0
    out = capsys.readouterr().out
    assert "200 to 1200 cm-1" in out  # the union; the intersection ends at 900
    assert "compares first and second derivatives side by side (Savitzky-Golay, 11 and 15 points)" in out


def test_the_union_is_taken_again_over_the_files_it_keeps():
    from sklearn_teanet.data import union_range

    mid = [{"wavenumbers": np.linspace(400, 4000, 50)} for _ in range(5)]
    far = [{"wavenumbers": np.linspace(50, 600, 50)}]  # far-infrared: half of nothing once the union is mid-IR
    assert union_range(mid + far, 0.5) == (400, 4000)
    assert union_range(mid + [{"wavenumbers": np.linspace(300, 3000, 50)}], 0.5) == (300, 4000)
