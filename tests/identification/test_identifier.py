"""identifier: tests moved from test_identification.py."""

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from sklearn_teanet import (
    CNNClassifier,
    CorrelationClassifier,
    DoublePyramidLeNet,
    LorentzSpectraGenerator,
    SpectrumIdentifier,
    load_model,
    save_model,
)
from sklearn_teanet.persistence import ModelFileError

GRID = np.linspace(400, 4000, 256)


def test_identifier_in_python_with_a_neural_classifier():
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=5, n_points=64, theta=10, random_state=0).generate()
    identifier = SpectrumIdentifier(
        CNNClassifier(module=DoublePyramidLeNet(channels=(4,)), max_epochs=3, random_state=0),
        top_k=2,
        random_state=0,
        nonconformity="score",
    ).fit(data.data, data.target)
    hits = identifier.identify(data.data[:3])
    assert hits.shape[0] == 6 and hits["probability"].between(0, 1).all()
    assert len(identifier.predict_set(data.data[:3])) == 3
    with pytest.raises(ValueError, match="top_k must be a positive integer"):
        identifier.identify(data.data[:1], top_k=0)


def test_a_flat_spectrum_is_no_match_even_where_p_values_cannot_reject():
    # 3 classes x 3 spectra calibrate too few held-out spectra for a p-value to reach 0.05: only the flatness
    # check can say "no match" to a failed, all-zero measurement.
    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=3, n_points=64, theta=10, random_state=0).generate()
    with pytest.warns(UserWarning, match="no spectrum can be called 'no match'"):
        identifier = SpectrumIdentifier(random_state=0).fit(data.data, data.target)
    X = np.vstack([np.zeros(64), np.full(64, 3.0), data.data[0]])
    best = identifier.identify(X, top_k=2).query("rank == 1")
    assert best["no_match"].tolist() == [True, True, False]
    assert best["reason"].iloc[0].startswith("the spectrum is flat")
    hits = identifier.identify(X[:1], top_k=2)
    assert not hits["in_set"].any()
    sets = identifier.predict_set(X)
    assert sets[:2] == [[], []] and data.target[0] in sets[2]
    # A flat spectrum in the library is named when the library is fitted: no unknown could match it.
    library, names = np.vstack([data.data, np.zeros(64)]), np.append(data.target, 7)
    with pytest.warns(UserWarning, match=r"1 library spectra are flat \(constant\) .* #9 \(class 7\)"):
        SpectrumIdentifier(random_state=0).fit(library, names)


def test_bad_model_files_are_named(tmp_path):
    with pytest.raises(ModelFileError, match="no such model file"):
        load_model(tmp_path / "missing.pkl")
    with pytest.raises(ModelFileError, match="a folder, not model file"):
        load_model(tmp_path)
    fitted = CorrelationClassifier().fit(np.random.RandomState(0).rand(4, 500), [0, 0, 1, 1])
    cut = tmp_path / "cut.pkl"
    save_model(fitted, cut)
    cut.write_bytes(cut.read_bytes()[:100])
    with pytest.raises(ModelFileError, match="cut.pkl: not a readable model file"):
        load_model(cut)
    foreign = tmp_path / "foreign.pkl"
    import pickle

    foreign.write_bytes(pickle.dumps([1, 2]))
    with pytest.raises(ModelFileError, match="not a sklearn-teanet model file"):
        load_model(foreign, trust_pickle=True)
    old = tmp_path / "old.pkl"
    old.write_bytes(pickle.dumps({"format": "sklearn-teanet model", "version": "0.0.1", "model": None}))
    with pytest.raises(ModelFileError, match="written by sklearn-teanet 0.0.1"):
        load_model(old, trust_pickle=True)
    (tmp_path / "text.skops").write_text("not a model")
    with pytest.raises(ModelFileError, match="text.skops: not a sklearn-teanet model file"):
        load_model(tmp_path / "text.skops")


def test_save_model_refuses_an_unfitted_model_and_a_folder_and_makes_missing_folders(tmp_path):
    with pytest.raises(NotFittedError, match="CorrelationClassifier instance is not fitted"):
        save_model(CorrelationClassifier(), tmp_path / "unfitted.pkl")
    fitted = CorrelationClassifier().fit(np.random.RandomState(0).rand(4, 8), [0, 0, 1, 1])
    with pytest.raises(IsADirectoryError, match="is a folder; pass a file name"):
        save_model(fitted, tmp_path)
    path = save_model(fitted, tmp_path / "models" / "today" / "library.pkl")
    assert load_model(path).classes_.tolist() == [0, 1]
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["library.pkl"]  # no .part left


def test_copies_in_the_library_are_held_out_together_in_calibration():
    # Every spectrum twice: calibration once tested each spectrum against its own copy (HQI 1.0), so a fresh
    # measurement of a library substance (HQI 0.998) fell below every calibration score: "no match".
    rng = np.random.RandomState(0)
    data = LorentzSpectraGenerator(n_classes=6, n_samples_per_class=4, n_points=128, theta=10, random_state=0)
    data = data.generate()
    X, y = data.data, data.target
    fresh = X[::4] + 0.01 * rng.randn(6, 128)  # new measurements of library substances
    single = SpectrumIdentifier(random_state=0).fit(X, y)
    with pytest.warns(UserWarning, match="24 library spectra are copies of others"):
        doubled = SpectrumIdentifier(random_state=0).fit(np.vstack([X, X]), np.concatenate([y, y]))
    assert doubled.calibration_scores_.min() > 1e-6  # no spectrum was calibrated against its copy
    no_match = lambda model: model.identify(fresh).query("rank == 1")["no_match"].mean()  # noqa: E731
    assert no_match(doubled) == no_match(single) == 0


def test_a_cv_that_holds_out_a_whole_class_is_named():
    from sklearn.model_selection import KFold

    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=4, n_points=32, random_state=0).generate()
    y = data.target.astype(str)  # sorted by class: KFold(3) holds out one whole class per fold
    with pytest.raises(ValueError, match="cv's split 0 holds out every library spectrum of 1 class"):
        SpectrumIdentifier(cv=KFold(3), nonconformity="score").fit(data.data, y)
