"""Shared test helpers, and the small RRUFF-format library that train, identify and the identifier tests use."""

import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

from sklearn_teanet import LorentzSpectraGenerator

# Property-based tests: a short run by default (make test), a long one on demand (make test-properties).
settings.register_profile("default", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def load_benchmark_script(name: str):
    """A script of ``benchmarks/`` as a module (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: The library fixture's axis.
LIBRARY_GRID = np.linspace(400, 4000, 256)


def _rruff_file(path, name, w, v):
    rows = "\n".join(f"{a:.4f}, {b:.6e}" for a, b in zip(w, v))
    path.write_text(f"##NAMES={name}\n##RRUFFID=R{abs(hash(path.name)) % 10**6}\n{rows}\n##END=\n")


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """A RRUFF-format library of 6 substances x 4 spectra, and a few unknowns on other axes."""
    data = LorentzSpectraGenerator(
        n_classes=6, n_samples_per_class=5, n_points=LIBRARY_GRID.size, theta=10, fwhm=(5, 20), random_state=0
    ).generate()
    names = np.array(["quartz", "calcite", "gypsum", "talc", "mica", "halite"])
    folder = tmp_path_factory.mktemp("library")
    for i, (row, c) in enumerate(zip(data.data, data.target)):
        if i % 5 < 4:  # the fifth spectrum of each substance is kept back as an unknown
            _rruff_file(folder / f"{names[c].title()}__R{i}__Infrared.txt", names[c].title(), LIBRARY_GRID, row)
    unknowns = tmp_path_factory.mktemp("unknowns")
    # Another instrument: another step and a descending axis.
    axis = np.linspace(4000, 400, 700)
    for i in range(4, len(data.data), 5):
        values = np.interp(axis, LIBRARY_GRID, data.data[i])
        (unknowns / f"unknown_{names[data.target[i]]}.txt").write_text(
            "\n".join(f"{a:.3f}\t{b:.6f}" for a, b in zip(axis, values)) + "\n"
        )
    # A substance not in the library: one broad band where no library spectrum has one.
    foreign = np.exp(-0.5 * ((axis - 2100) / 400) ** 2) + 0.3 * np.sin(axis / 50) ** 2
    (unknowns / "unknown_foreign.txt").write_text("\n".join(f"{a:.3f} {b:.6f}" for a, b in zip(axis, foreign)))
    (unknowns / "empty.txt").write_text("")
    (unknowns / "notes.docx").write_text("not a spectrum")
    return folder, unknowns, names


@pytest.fixture(scope="module")
def four_substances():
    """Five spectra each of four named substances, 64 points."""
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=5, n_points=64, theta=10, random_state=0).generate()
    names = np.array(["quartz", "calcite", "gypsum", "talc"])
    return data.data, names[data.target]
