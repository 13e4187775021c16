"""Identification a lab can trust (issue 32): HQI on 0-100, references, shifts, baselines, mixtures, the report."""

from html.parser import HTMLParser

import numpy as np
import pytest

from sklearn_teanet import LorentzSpectraGenerator, SpectrumIdentifier
from sklearn_teanet.identification import library_model
from sklearn_teanet.paper import make_method
from sklearn_teanet.reporting import identify_files

GRID = np.linspace(400, 4000, 512)


@pytest.fixture(scope="module")
def library():
    data = LorentzSpectraGenerator(n_classes=8, n_samples_per_class=4, n_points=GRID.size, theta=10, fwhm=(3, 10),
                                   random_state=1).generate()  # fmt: skip
    names = np.array(["quartz", "calcite", "gypsum", "talc", "mica", "halite", "albite", "pyrite"])[data.target]
    return data.data, names


@pytest.fixture(scope="module")
def identifier(library):
    X, y = library
    model = library_model(make_method("correlation"), GRID)
    files = [f"{name}__R{i}.txt" for i, name in enumerate(y)]
    return SpectrumIdentifier(model, max_shift=12.0).fit([(GRID, row) for row in X], y, names=files)


def test_hits_name_the_reference_and_speak_hqi_on_a_0_to_100_scale(library, identifier):
    X, y = library
    hits = identifier.identify([(GRID, X[5])], top_k=3)
    assert hits["hqi"].between(0, 100).all() and hits["hqi"].iloc[0] == pytest.approx(100)
    assert hits["reference"].iloc[0] == f"{y[5]}__R5.txt"
    assert hits["probability"].isna().all()  # correlation matching has no probability to show as one
    assert {"score", "correlation"}.isdisjoint(hits.columns)


def test_a_shifted_unknown_is_matched_and_its_shift_reported(library, identifier):
    X, y = library
    shifted = identifier.identify([(GRID + 8.0, X[9])], top_k=1).iloc[0]  # its bands read 8 cm-1 high
    assert shifted["class"] == y[9] and shifted["shift_cm"] == pytest.approx(8, abs=identifier.axis_step_)
    assert shifted["hqi"] > 95
    fixed = SpectrumIdentifier(identifier.estimator, max_shift=0).fit([(GRID, r) for r in X], y)
    assert fixed.identify([(GRID + 8.0, X[9])], top_k=1)["hqi"].iloc[0] < shifted["hqi"] - 1


def test_the_default_preprocessing_ignores_a_sloped_baseline(library, identifier):
    X, y = library
    slope = 0.8 * (GRID - GRID[0]) / (GRID[-1] - GRID[0])
    assert list(identifier.predict([(GRID, row + slope) for row in X[::4]])) == list(y[::4])
    raw = SpectrumIdentifier(library_model(make_method("correlation"), GRID, derivative=0)).fit(
        [(GRID, r) for r in X], y)  # fmt: skip
    assert (raw.predict([(GRID, row + 3 * slope) for row in X[::4]]) != y[::4]).any()


def test_a_50_50_mixture_is_explained_by_its_two_substances(library, identifier):
    X, y = library
    mixture = identifier.identify_mixtures([(GRID, 0.5 * X[0] + 0.5 * X[6])]).iloc[0]
    assert {mixture["first"], mixture["second"]} == {y[0], y[6]} and mixture["mixture"]
    assert mixture["share"] == pytest.approx(0.5, abs=0.15) and mixture["gain"] > 8
    pure = identifier.identify_mixtures([(GRID, X[2])]).iloc[0]
    assert not pure["mixture"]


def test_a_sum_whose_second_component_adds_little_is_a_mixture_and_a_new_specimen_is_not(library, identifier):
    # The second component carries 15 % of the sum: a gain below MIXTURE_GAIN, but the pair fits the sum whole.
    from sklearn_teanet.identification import MIXTURE_GAIN

    X, y = library
    mixture = identifier.identify_mixtures([(GRID, 0.85 * X[0] + 0.15 * X[6])]).iloc[0]
    assert {mixture["first"], mixture["second"]} == {y[0], y[6]}
    assert 0.5 <= mixture["gain"] < MIXTURE_GAIN and mixture["explained"] > 0.9 and mixture["mixture"]
    # New specimens, which no library spectrum fits exactly: a second spectrum explains little of their misfit.
    held = np.arange(len(y)) % 4 == 0
    fitted = SpectrumIdentifier(identifier.estimator, max_shift=12.0).fit([(GRID, r) for r in X[~held]], y[~held])
    new = fitted.identify_mixtures([(GRID, r) for r in X[held]])
    assert not new["mixture"].any() and (new["explained"] < 0.5).all(), new[["gain", "explained"]]


def test_a_shifted_pure_spectrum_is_its_substance_not_a_mixture(library, identifier):
    # The hit list matches it at its shift; the mixture search compares it there too (issue 36, point 4).
    X, y = library
    unknowns = [(GRID + 10.0, X[i]) for i in range(0, len(X), 4)]
    hits = identifier.identify(unknowns, top_k=1)
    mixtures = identifier.identify_mixtures(unknowns)
    assert (hits["class"].to_numpy() == y[::4]).all()
    assert not mixtures["mixture"].any(), mixtures[["first", "second", "hqi_single", "hqi_pair", "gain"]]
    assert np.allclose(mixtures["hqi_single"], hits["hqi"], atol=0.01)
    shifted_mixture = identifier.identify_mixtures([(GRID + 10.0, 0.5 * X[0] + 0.5 * X[6])]).iloc[0]
    assert {shifted_mixture["first"], shifted_mixture["second"]} == {y[0], y[6]} and shifted_mixture["mixture"]


def test_a_likely_mixture_gets_a_figure_of_its_fitted_sum(library, identifier, tmp_path):
    from sklearn_teanet.reporting.mixture_figures import mixture_figure_data

    X, y = library
    folder = tmp_path / "unknowns"
    folder.mkdir()
    for name, values in (("mix.txt", 0.5 * X[0] + 0.5 * X[6]), ("pure.txt", X[2])):
        (folder / name).write_text("\n".join(f"{a:.3f}\t{b:.6f}" for a, b in zip(GRID, values)))
    run = identify_files(identifier, [folder], out=tmp_path / "out", mixtures=True)
    mixtures = run.mixtures.set_index("spectrum")
    assert mixtures.loc["mix.txt", "mixture"] and (tmp_path / "out" / mixtures.loc["mix.txt", "figure"]).stat().st_size
    assert mixtures.loc["pure.txt", "figure"] == ""  # a pure spectrum: no mixture, no mixture figure
    data = mixture_figure_data(identifier, "mix.txt", run.inputs["mix.txt"], mixtures.loc["mix.txt"].to_dict())
    # The two references' fitted sum explains the unknown as measured, each in the same measure (50/50).
    assert np.abs(data["unknown"] - data["fitted"]).max() < 0.05
    first, second = data["parts"].max(axis=1)
    assert first == pytest.approx(second, rel=0.3)


def test_the_library_estimates_both_error_rates_of_no_match(identifier):
    assert 0 <= identifier.known_rejection_ <= 1 and 0 <= identifier.foreign_rejection_ <= 1
    assert identifier.calibration_scores_.size == 32  # every spectrum of a class with another one


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.images, self.rows, self.failed, self._tag = [], [], 0, [], None

    def handle_starttag(self, tag, attrs):
        self._tag = tag
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs["src"])
        if tag == "tr":
            self.rows += 1

    def handle_data(self, data):
        if self._tag in ("h1", "h2") and data.strip():
            self.headings.append(data.strip())
        if self._tag == "b":
            self.failed.append(data)


def test_the_report_is_one_self_contained_page(library, identifier, tmp_path):
    X, y = library
    for i in (1, 6):
        (tmp_path / f"u{i}.txt").write_text("\n".join(f"{w:.2f} {v:.6f}" for w, v in zip(GRID, X[i])))
    (tmp_path / "flat.txt").write_text("\n".join(f"{w:.2f} 0" for w in GRID))
    (tmp_path / "broken.txt").write_text("400 1\nnot numbers\n")
    run = identify_files(identifier, [tmp_path], out=tmp_path / "out", report=tmp_path / "report.html",
                         mixtures=True)  # fmt: skip
    page = _Page()
    page.feed((tmp_path / "report.html").read_text())
    assert page.headings[:3] == ["Identification report", "Summary", "Not identified"]
    assert {"u1.txt", "u6.txt", "flat.txt"} <= set(page.headings)
    assert len(page.images) == 3 and all(src.startswith("data:image/png;base64,") for src in page.images)
    assert any("broken.txt" in f for f in page.failed)
    assert (tmp_path / "out" / "mixtures.csv").is_file() and len(run.mixtures) == 3


def test_the_report_renders_from_the_hits_and_facts_alone(library, identifier, tmp_path):
    """write_report takes the run, the facts and the library's numbers; it needs no identifier."""
    from sklearn_teanet.reporting import library_summary, provenance, write_report

    X, _ = library
    (tmp_path / "u1.txt").write_text("\n".join(f"{w:.2f} {v:.6f}" for w, v in zip(GRID, X[1])))
    run = identify_files(identifier, [tmp_path / "u1.txt"])
    facts, numbers = provenance(identifier), library_summary(identifier)
    page = tmp_path / "plain.html"
    write_report(run, page, facts=facts, library=numbers, figures={"u1.txt": b"\x89PNG fake"})
    text = page.read_text()
    assert f"holds {numbers['substances']} substances" in text and text.count("data:image/png;base64,") == 1
    with pytest.raises(ValueError, match="needs facts= and library="):
        write_report(run, tmp_path / "none.html")
    assert not (tmp_path / "none.html").exists()
    # The 0.2 order still works, with a warning naming the new one.
    with pytest.warns(FutureWarning, match=r"write_report\(run, path, facts=provenance"):
        write_report(run, identifier, tmp_path / "old.html")
    assert "Identification report" in (tmp_path / "old.html").read_text()
