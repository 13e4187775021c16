""" "No match" in HQI units, the shift limit, and the library's own misfits (issue 36, points 1, 2 and 5)."""

import numpy as np
import pandas as pd
import pytest

from sklearn_teanet import CorrelationClassifier, LorentzSpectraGenerator, SpectrumIdentifier
from sklearn_teanet.cli import main
from sklearn_teanet.identification import library_model
from sklearn_teanet.identification.calibration import p_values

GRID = np.linspace(400, 4000, 512)


def _library(seed=0):
    data = LorentzSpectraGenerator(
        n_classes=8, n_samples_per_class=5, n_points=GRID.size, theta=10, fwhm=(5, 20), random_state=seed
    ).generate()
    return data.data, np.array(list("abcdefgh"))[data.target]


def test_the_hqi_cutoff_is_where_the_p_value_crosses_the_level():
    X, y = _library()
    identifier = SpectrumIdentifier(confidence=0.8, random_state=0).fit(X, y)
    cutoff, scores = identifier.hqi_cutoff_, identifier.calibration_scores_
    assert cutoff >= identifier.hqi_floor_
    assert p_values(np.array([cutoff]), scores)[0] > 0.2 >= p_values(np.array([cutoff - 1e-6]), scores)[0]
    hits = identifier.identify(X[:3], top_k=2)
    assert (hits["hqi_cutoff"] == round(cutoff, 2)).all()
    # A best candidate at or above the cutoff is a match, below it is not.
    best = hits[hits["rank"] == 1]
    assert (best["no_match"] == (best["hqi"] < cutoff)).all()


def test_a_mislabelled_library_spectrum_is_listed():
    X, y = _library()
    y = y.copy()
    y[0] = "b"  # a spectrum of "a" filed under "b"
    identifier = SpectrumIdentifier(random_state=0).fit(X, y, names=[f"file{i}.txt" for i in range(len(y))])
    assert "file0.txt" in identifier.library_misfits_.tolist()
    assert len(identifier.library_misfits_) <= 3


def test_a_match_at_the_shift_limit_is_flagged():
    X, y = _library()
    model = library_model(CorrelationClassifier(), GRID, derivative=0)
    identifier = SpectrumIdentifier(model, max_shift=8, shift_search="each", random_state=0)
    identifier.fit([(GRID, row) for row in X], y)
    identifier_axisless = SpectrumIdentifier(random_state=0).fit(X, y)  # no axis, no shifts: nothing flagged
    step = GRID[1] - GRID[0]
    moved = (GRID + 2 * step, X[0])  # 14 cm-1 off: beyond the 8 tried
    hits = identifier.identify([moved], top_k=1)
    assert hits["at_shift_limit"].iloc[0] and abs(hits["shift_cm"].iloc[0]) == pytest.approx(step, abs=0.1)
    if not hits["no_match"].iloc[0]:
        assert "largest shift tried" in hits["reason"].iloc[0]
    assert not identifier.identify([(GRID, X[0])], top_k=1)["at_shift_limit"].iloc[0]
    # A run's offset is found to a fraction of a point, up to max_shift itself: there, it is flagged too.
    run = identifier.set_params(shift_search="run").fit([(GRID, row) for row in X], y)
    hits = run.identify([moved], top_k=1)
    assert hits["at_shift_limit"].iloc[0] and hits["shift_cm"].iloc[0] == pytest.approx(8, abs=0.1)
    assert not run.identify([(GRID + 5, X[0])], top_k=1)["at_shift_limit"].iloc[0]
    assert not identifier_axisless.identify(X[:1], top_k=1)["at_shift_limit"].any()


def test_train_states_the_cutoff_and_identify_takes_a_minimum_hqi(library, tmp_path, capsys):
    folder, unknowns, _ = library
    model = tmp_path / "model.skops"
    assert main(["train", "--library", str(folder), "--n-points", "256", "--out", str(model)]) == 0
    out = capsys.readouterr().out
    assert "'No match' below HQI" in out and "noise reaches HQI" in out
    quartz = str(unknowns / "unknown_quartz.txt")
    assert main(["identify", "--model", str(model), quartz, "--no-plots", "--out", str(tmp_path / "a")]) == 0
    assert not pd.read_csv(tmp_path / "a" / "hits.csv").query("rank == 1")["no_match"].any()
    args = ["identify", "--model", str(model), quartz, "--no-plots", "--min-hqi", "99.99", "--out", str(tmp_path / "b")]
    assert main(args) == 0
    assert pd.read_csv(tmp_path / "b" / "hits.csv").query("rank == 1")["no_match"].all()
    with pytest.raises(SystemExit):
        main(["identify", "--model", str(model), quartz, "--min-hqi", "120"])
