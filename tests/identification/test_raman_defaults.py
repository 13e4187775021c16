"""What train does for a Raman library by default: spikes removed first, axes named as Raman (issue 36, point 5)."""

import numpy as np
import pytest

from sklearn_teanet import LorentzSpectraGenerator
from sklearn_teanet.identification import train_identifier
from sklearn_teanet.paper import make_method

GRID = np.linspace(150, 1200, 600)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    data = LorentzSpectraGenerator(n_classes=4, n_samples_per_class=3, n_points=GRID.size, theta=10, fwhm=(3, 10),
                                   random_state=0).generate()  # fmt: skip
    made = {}
    for technique in ("Raman", "Infrared"):
        folder = tmp_path_factory.mktemp(technique)
        for i, (row, c) in enumerate(zip(data.data, data.target)):
            rows = "\n".join(f"{a:.3f}, {b:.6f}" for a, b in zip(GRID, row))
            text = f"##NAMES=S{c}\n{rows}\n##END=\n"
            (folder / f"S{c}__R{i:06d}-1__{technique}__Data_Processed.txt").write_text(text)
        made[technique] = folder
    return made


@pytest.mark.parametrize(("technique", "despike", "expected"), [
    ("Raman", "auto", True), ("Infrared", "auto", False), ("Raman", "off", False), ("Infrared", "on", True),
])  # fmt: skip
def test_spikes_are_removed_first_in_a_raman_library_unless_told(folders, technique, despike, expected):
    identifier, facts = train_identifier(folders[technique], make_method("correlation"), n_points=256,
                                         preprocessing={"despike": despike})  # fmt: skip
    assert ("despike" in identifier.estimator_.named_steps) is expected and facts["despiked"] is expected
    assert identifier.technique_ == technique.lower()
