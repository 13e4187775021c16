"""Regression tests of issue 14: every hostile input gets a clear error or a correct result."""

import numpy as np
import pytest

from sklearn_teanet import CNNClassifier, LorentzSpectraGenerator, SpectrumMasker, TeaNetClassifier

TINY = dict(channels=(4,), max_epochs=3, batch_size=16, random_state=0)


@pytest.fixture(scope="module")
def spectra():
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=5, n_points=64, theta=10,
                                   random_state=0).generate()
    names = np.array(["quartz", "calcite", "gypsum", "talc"])
    return data.data, names[data.target]


# ------------------------------------------------------------ non-finite loss
@pytest.mark.parametrize("fill_value", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_fill_value_is_rejected(fill_value, spectra):
    X, y = spectra
    with pytest.raises(ValueError, match="fill_value must be a finite number"):
        SpectrumMasker(fill_value=fill_value).fit(X)
    with pytest.raises(ValueError, match="fill_value must be a finite number"):
        TeaNetClassifier(masker=SpectrumMasker(fill_value=fill_value), reconstruction_depth=1,
                         reconstruction_channels=2, **TINY).fit(X, y)


@pytest.mark.parametrize("lr", [1e8, 1e30])
def test_a_diverging_fit_stops_with_the_epoch_and_the_cause(spectra, lr):
    X, y = spectra
    with pytest.raises(FloatingPointError, match=r"training loss became .* in epoch \d+, batch \d+.*lr=1e\+"):
        CNNClassifier(**{**TINY, "max_epochs": 20}, lr=lr).fit(X, y)


# ------------------------------------------------------------------ explain
@pytest.fixture(scope="module")
def fitted(spectra):
    X, y = spectra
    return CNNClassifier(**TINY).fit(X, y)


@pytest.mark.parametrize("target", ["quartzite", "qu", 1.7, 1, ["quartz", "nothing", "talc", "talc"]])
def test_explain_rejects_unknown_targets_and_lists_the_classes(fitted, spectra, target):
    X, _ = spectra
    with pytest.raises(ValueError, match=r"does not know.*its classes are \['calcite', 'gypsum', 'quartz', 'talc'\]"):
        fitted.explain(X[:4], target=target)


def test_explain_explains_the_class_asked_for(fitted, spectra):
    X, _ = spectra
    one = fitted.explain(X[:3], target="talc")
    per_spectrum = fitted.explain(X[:3], target=["talc", "talc", "talc"])
    np.testing.assert_allclose(one, per_spectrum)
    with pytest.raises(ValueError, match="one label or one per spectrum"):
        fitted.explain(X[:3], target=["talc", "talc"])


# ------------------------------------------- fewer spectra than one batch
def test_a_fit_on_fewer_spectra_than_a_batch_predicts_its_own_training_spectra():
    """48 spectra, one batch per epoch: the running batch-norm statistics lagged behind the
    weights and the model predicted its own training spectra at chance (issue 14, point 7)."""
    data = LorentzSpectraGenerator(n_classes=3, n_samples_per_class=16, n_points=512, theta=3,
                                   fwhm=(5, 40), random_state=0).generate()
    clf = CNNClassifier(random_state=0).fit(data.data, data.target)
    last_loss = clf.history_[-1, "train_loss"]
    assert last_loss < 0.5
    # A loss below 0.5 means the right class has most of the probability on most spectra.
    assert clf.score(data.data, data.target) >= 0.9


# ------------------------------------------------------------------ CSV and NPZ
from sklearn_teanet.data.tables import load_spectra  # noqa: E402


def _csv(tmp_path, text, name="s.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize("text, message", [
    ("label,sample_id,400,402\na,s1,1,2\n", r"\['sample_id'\] are neither the label"),
    ("label,400,402,abc\na,1,2,3\n", r"\['abc'\] are neither the label"),
    ("label,400,400\na,1,2\n", r"\['400'\] appear more than once"),
    ("label,400,402\n", "header but no spectra"),
    ("", "the file is empty"),
    ("label,400,402\n,1,2\n", "row 2 has an empty 'label' cell"),
    ("label,400,402\na,1,\n", "row 2, column '402' is empty"),
    ("label,400,402\na,1,x\n", r"value 'x' in row 2, column '402' is not a finite number"),
    ("label,400,402\na,1,nan\n", r"value 'nan' in row 2, column '402'"),
    ("x,400\na,1\n", "no label column 'label'"),
])
def test_csv_rules_reject_with_row_and_column(tmp_path, text, message):
    with pytest.raises(ValueError, match=message):
        load_spectra(_csv(tmp_path, text))


def test_csv_labels_are_verbatim_text_and_groups_are_read(tmp_path):
    data = load_spectra(_csv(tmp_path, "label,id,400,402.5\n1,a,1,2\n01,b,3,4\n"), groups="id")
    assert data.target.tolist() == ["1", "01"]  # two classes, not one
    assert data.groups.tolist() == ["a", "b"]
    np.testing.assert_array_equal(data.wavenumbers, [400, 402.5])


def test_csv_without_numeric_names_gets_an_index_axis(tmp_path):
    data = load_spectra(_csv(tmp_path, "label,p0,p1,p2\na,1,2,3\n"))
    np.testing.assert_array_equal(data.wavenumbers, [0, 1, 2])


def test_npz_errors_name_the_problem(tmp_path):
    text = tmp_path / "text.npz"
    text.write_text("not an archive")
    with pytest.raises(ValueError, match="not a readable NPZ archive"):
        load_spectra(text)
    good = tmp_path / "good.npz"
    np.savez(good, X=np.ones((3, 5)), y=np.arange(3))
    cut = tmp_path / "cut.npz"
    cut.write_bytes(good.read_bytes()[:200])
    with pytest.raises(ValueError, match="NPZ"):
        load_spectra(cut)
    nan = tmp_path / "nan.npz"
    X = np.ones((3, 5))
    X[1, 2] = np.nan
    np.savez(nan, X=X, y=np.arange(3))
    with pytest.raises(ValueError, match=r"X\[1, 2\] is nan"):
        load_spectra(nan)
