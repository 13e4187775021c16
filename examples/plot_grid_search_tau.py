"""
Grid search over the mask ratio tau
===================================

Which range of the mask ratio ``tau`` suits your spectra? ``GridSearchCV`` reaches
the masker's parameters as ``masker__tau``, and the paper's protocol is a
cross-validation splitter. Set ``SKLEARN_TEANET_EXAMPLE_QUICK=1`` for a tiny run.
"""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from sklearn.model_selection import GridSearchCV

from sklearn_teanet import (
    DoublePyramidLeNet,
    LeaveOneSamplePerClassOut,
    LorentzSpectraGenerator,
    SpectrumMasker,
    TeaNetClassifier,
    UNetReconstructor,
)

QUICK = os.environ.get("SKLEARN_TEANET_EXAMPLE_QUICK") == "1"
data = LorentzSpectraGenerator(
    n_classes=8 if QUICK else 20, n_samples_per_class=5, n_points=128, theta=10 / 3, fwhm=(0, 50), random_state=0
).generate()
teanet = TeaNetClassifier(
    masker=SpectrumMasker(),
    module=DoublePyramidLeNet(channels=(8,)),
    n_masks=2,
    reconstructor=UNetReconstructor(depth=3, channels=8),
    lr=1e-3,
    max_epochs=3 if QUICK else 40,
    validation_fraction=0.0,
    random_state=0,
)
grid = {"masker__tau": [(0.1, 0.3), (0.3, 0.7), (0.6, 0.9)]}
search = GridSearchCV(teanet, grid, cv=LeaveOneSamplePerClassOut(n_repeats=2 if QUICK else 3, random_state=0))
search.fit(data.data, data.target)

table = pd.DataFrame(search.cv_results_)[["param_masker__tau", "mean_test_score", "std_test_score"]]
print(table.to_string(index=False))
print("best:", search.best_params_)

labels = [f"{lo}-{hi}" for lo, hi in grid["masker__tau"]]
fig, ax = plt.subplots(figsize=(5, 3))
ax.bar(labels, 100 * table.mean_test_score, yerr=100 * table.std_test_score, capsize=4)
ax.set_xlabel("tau range (MS4)")
ax.set_ylabel("accuracy (%)")
ax.set_title("TeaNet accuracy by mask ratio")
fig.tight_layout()
fig.savefig("grid_search_tau.png", dpi=110)
print("wrote grid_search_tau.png")
