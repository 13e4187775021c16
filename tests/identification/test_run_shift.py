"""One axis offset per instrument run: calibration errors absorbed, band positions kept (issue 36, point 2)."""

import numpy as np
import pytest

from sklearn_teanet import CorrelationClassifier, SpectrumIdentifier
from sklearn_teanet.identification import library_model
from sklearn_teanet.reporting import identify_files

GRID = np.arange(200.0, 1201.0)  # 1 cm-1 a point, as a Raman instrument records


def _bands(*bands, width=4.0):
    """A Raman-like spectrum: Lorentzian bands (position, height) of ``width`` cm-1."""
    return sum(h / (1 + ((GRID - p) / (width / 2)) ** 2) for p, h in bands) + 0.01


BASE = {  # A and B: the same two bands 8 cm-1 apart, in other ratios (a baryte/chalcanthite-like pair)
    "A": [(400, 1.0), (600, 0.2), (1000, 0.3)],
    "B": [(392, 1.0), (592, 1.0), (992, 0.3)],
    "C": [(300, 1.0), (700, 0.5)],
    "D": [(500, 0.6), (850, 1.0)],
    "E": [(450, 1.0), (1100, 0.7)],
}


def _specimen(name, rng, offset=0.0):
    """Another specimen of a substance: heights within 10 %, widths 3-5 cm-1, bands moved by ``offset``."""
    bands = [(p + offset, h * rng.uniform(0.9, 1.1)) for p, h in BASE[name]]
    return _bands(*bands, width=rng.uniform(3, 5))


@pytest.fixture(scope="module")
def identifier_pair():
    rng = np.random.RandomState(0)
    names = [name for name in BASE for _ in range(3)]
    X = [(GRID, _specimen(name, rng)) for name in names]
    fitted = {}
    for search in ("run", "each"):
        model = library_model(CorrelationClassifier(), GRID)
        fitted[search] = SpectrumIdentifier(model, shift_search=search, max_shift=10.0, confidence=0.8).fit(X, names)
    return fitted


def _run(offset=0.0, seed=1):
    """An instrument run: new specimens of C, D, E and A, and a specimen of A whose band ratio is B's."""
    rng = np.random.RandomState(seed)
    spectra = [_specimen(name, rng, offset) for name in ("C", "D", "E", "A")]
    odd_a = _bands((400 + offset, 1.0), (600 + offset, 1.0), (1000 + offset, 0.3), width=4.0)
    return [(GRID, row) for row in [*spectra, odd_a]]


def test_a_run_keeps_band_positions_where_a_free_shift_trades_them_for_ratios(identifier_pair):
    run = _run()
    # Searched alone, the odd A fits B perfectly 8 cm-1 away: the shift search ignores where its bands are.
    alone = identifier_pair["each"].identify(run, top_k=1)
    assert alone["class"].iloc[-1] == "B" and abs(alone["shift_cm"].iloc[-1]) == 8
    # The run's other spectra say the axis is right: the odd A may move 2 cm-1 at most, and is A.
    together = identifier_pair["run"].identify(run, top_k=1)
    assert together["class"].tolist() == ["C", "D", "E", "A", "A"]
    assert identifier_pair["run"].axis_offset(run) == 0


@pytest.mark.parametrize("offset", [-7.0, 6.0, 8.0])
def test_a_run_on_a_miscalibrated_axis_is_moved_back_as_one(identifier_pair, offset):
    run = _run(offset)
    identifier = identifier_pair["run"]
    assert identifier.axis_offset(run) == pytest.approx(offset, abs=1)
    hits = identifier.identify(run, top_k=1)
    assert hits["class"].tolist()[:4] == ["C", "D", "E", "A"]
    assert np.allclose(hits["shift_cm"], offset, atol=2)


def test_identify_files_finds_the_runs_offset_and_identifies_every_file_with_it(identifier_pair, tmp_path):
    for i, (w, v) in enumerate(_run(7.0)):
        (tmp_path / f"u{i}.txt").write_text("\n".join(f"{a:.2f}\t{b:.6f}" for a, b in zip(w, v)))
    run = identify_files(identifier_pair["run"], [tmp_path], plots=False)
    assert run.axis_offset == pytest.approx(7.0, abs=1)
    best = run.hits[run.hits["rank"] == 1].sort_values("spectrum")
    assert best["class"].tolist()[:4] == ["C", "D", "E", "A"]
    assert identify_files(identifier_pair["each"], [tmp_path], plots=False).axis_offset is None


def test_the_runs_offset_is_found_to_a_fraction_of_a_grid_step():
    coarse = np.linspace(200, 1200, 300)  # 3.3 cm-1 a point: whole points would make 8 cm-1 into 6.7 or 10
    rng = np.random.RandomState(0)

    def broad(name, offset=0.0):  # infrared-like bands, 15 cm-1 wide
        return _bands(*[(p + offset, h * rng.uniform(0.9, 1.1)) for p, h in BASE[name]], width=15.0)

    names = [name for name in BASE for _ in range(3)]
    identifier = SpectrumIdentifier(library_model(CorrelationClassifier(), coarse), max_shift=10.0)
    identifier.fit([(GRID, broad(name)) for name in names], names)
    run = [(GRID, broad(name, 8.0)) for name in ("C", "D", "E", "A")]
    assert identifier.axis_offset(run) == pytest.approx(8.0, abs=0.9)
    hits = identifier.identify(run, top_k=1)
    assert hits["class"].tolist() == ["C", "D", "E", "A"]
    assert np.allclose(hits["shift_cm"], 8.0, atol=0.9)


def test_figures_name_the_axes_of_the_technique_read_from_the_names():
    from sklearn_teanet.reporting import figure_data

    rng = np.random.RandomState(0)
    names = [name for name in BASE for _ in range(3)]
    files = [f"{name}__R{i:06d}-1__Raman__Data_Processed.txt" for i, name in enumerate(names)]
    identifier = SpectrumIdentifier(library_model(CorrelationClassifier(), GRID))
    identifier.fit([(GRID, _specimen(name, rng)) for name in names], names, names=files)
    assert identifier.technique_ == "raman"
    unknown = _run()[:1]
    data = figure_data(identifier, "u", unknown[0], identifier.identify(unknown))
    assert data["x_label"].startswith("Raman shift") and data["y_label"].startswith("intensity")
    infrared = identifier.set_params(technique="infrared").fit([(GRID, _specimen(n, rng)) for n in names], names)
    assert figure_data(infrared, "u", unknown[0], infrared.identify(unknown))["y_label"].startswith("absorbance")
    assert SpectrumIdentifier().fit(np.eye(4), list("aabb")).technique_ is None  # nothing says: nothing claimed
