"""'No match' calibrated on whole specimens held out, as new specimens come (issue 36, point 1)."""

import numpy as np
import pytest

from sklearn_teanet import LorentzSpectraGenerator, SpectrumIdentifier
from sklearn_teanet.cli import main
from sklearn_teanet.identification.matching import holdout_groups


def test_holdout_groups_join_a_specimens_spectra_and_copies_in_chains():
    copies = np.array([0, 1, 2, 2, 4])  # spectra 2 and 3 are copies
    groups = holdout_groups(copies, ["s1", "s1", "s2", "s3", "s4"])
    assert groups[0] == groups[1] and groups[2] == groups[3]
    assert len({groups[0], groups[2], groups[4]}) == 3
    assert holdout_groups(None, ["a", "b", "c"]) is None  # every spectrum alone
    assert holdout_groups(copies, None) is copies


def _remeasured(n_specimens=4, repeats=3, seed=0):
    """Specimens of 8 substances, each library specimen measured ``repeats`` times; the last specimen kept back."""
    data = LorentzSpectraGenerator(n_classes=8, n_samples_per_class=n_specimens, n_points=256, theta=10,
                                   fwhm=(3, 10), random_state=seed).generate()  # fmt: skip
    rng = np.random.RandomState(seed)
    last = np.arange(len(data.target)) % n_specimens == n_specimens - 1
    library, classes = data.data[~last], data.target[~last]
    X = np.vstack([library + 0.03 * rng.standard_normal(library.shape) for _ in range(repeats)])
    return X, np.tile(classes, repeats), np.tile(np.arange(len(classes)), repeats), data.data[last]


def test_a_specimens_remeasurements_do_not_calibrate_each_other():
    X, y, specimens, new = _remeasured()
    by_file = SpectrumIdentifier(confidence=0.8, random_state=0).fit(X, y)
    by_specimen = SpectrumIdentifier(confidence=0.8, random_state=0).fit(X, y, groups=specimens)
    assert by_file.n_specimens_ == len(y) and by_specimen.n_specimens_ == len(y) // 3
    # Held out alone, a spectrum finds its own specimen's twin: a high HQI, a cutoff new specimens seldom reach.
    assert np.median(by_file.calibration_scores_) > 95
    assert by_specimen.hqi_cutoff_ < by_file.hqi_cutoff_ - 10
    rejected = {name: model.identify(new, top_k=1)["no_match"].mean() for name, model in
                [("file", by_file), ("specimen", by_specimen)]}  # fmt: skip
    assert rejected["file"] > by_file.known_rejection_ + 0.3  # the old estimate: far too kind
    assert abs(rejected["specimen"] - by_specimen.known_rejection_) < abs(rejected["file"] - by_file.known_rejection_)


def test_groups_must_name_every_library_spectrum():
    X, y, specimens, _ = _remeasured()
    with pytest.raises(ValueError, match="groups has 5 entries for 72 library spectra"):
        SpectrumIdentifier().fit(X, y, groups=specimens[:5])


def test_train_groups_files_by_their_rruff_id_and_says_so(tmp_path, capsys):
    X, y, specimens, _ = _remeasured(repeats=2)
    grid = np.linspace(400, 4000, X.shape[1])
    for i, (row, c, s) in enumerate(zip(X, y, specimens)):
        rows = "\n".join(f"{a:.4f}, {b:.6e}" for a, b in zip(grid, row))
        (tmp_path / f"S{c}__{i}.txt").write_text(f"##NAMES=S{c}\n##RRUFFID=R{s:06d}\n{rows}\n##END=\n")
    out = tmp_path / "model.skops"
    assert main(["train", "--library", str(tmp_path), "--n-points", "256", "--out", str(out)]) == 0
    assert f"({len(y) // 2} specimens)" in capsys.readouterr().out
    assert main(["train", "--library", str(tmp_path), "--n-points", "256", "--groups", "none", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"({len(y)} specimens)" in printed and "taken as a specimen of its own" in printed
