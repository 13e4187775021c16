"""
Preparing spectra from two instruments
======================================

The same substances measured on two "instruments": the second has another
wavenumber range and step, a descending axis, a sloping baseline and a different
intensity scale. A pipeline of :class:`~sklearn_teanet.SpectrumResampler`,
:class:`~sklearn_teanet.BaselineCorrector`, :class:`~sklearn_teanet.SavitzkyGolay`
and :class:`~sklearn_teanet.SpectrumNormalizer` puts both on common ground; a
correlation classifier trained on instrument A then identifies instrument B's
spectra, with and without the preprocessing. Uses RRUFF infrared spectra when
``SKLEARN_TEANET_RRUFF`` (or the first argument) points at them, else synthetic ones.
"""

import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from sklearn.pipeline import make_pipeline

from sklearn_teanet import (
    BaselineCorrector,
    CorrelationClassifier,
    LorentzSpectraGenerator,
    SavitzkyGolay,
    SpectrumNormalizer,
    SpectrumResampler,
)
from sklearn_teanet.paper import load_rruff_ir_paper

QUICK = os.environ.get("SKLEARN_TEANET_EXAMPLE_QUICK") == "1"
rruff = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SKLEARN_TEANET_RRUFF", "rruff_ir/Processed"))
if rruff.exists():
    data = load_rruff_ir_paper(rruff)
    X, y, grid = data.data, np.asarray(data.target), data.wavenumbers
else:
    grid = np.linspace(400, 4000, 512)
    data = LorentzSpectraGenerator(
        n_classes=15 if QUICK else 40, n_samples_per_class=4, n_points=grid.size, theta=10, fwhm=(5, 30), random_state=0
    ).generate()
    X, y = data.data, data.target

# Instrument A: the library, one spectrum held back per class as the test set.
rng = np.random.RandomState(0)
test = np.array([rng.choice(np.flatnonzero(y == c)) for c in np.unique(y) if (y == c).sum() > 1])
train = np.setdiff1d(np.arange(len(y)), test)

# Instrument B measures the test spectra: 500-3900 cm-1, another step, descending,
# with a sloping baseline and its own intensity scale.
axis_b = np.linspace(3900, 500, 900)
slope = 0.3 * (axis_b - 500) / 3400
instrument_b = [(axis_b, 2.5 * np.interp(axis_b, grid, X[i]) + slope + 0.2) for i in test]

plain = make_pipeline(SpectrumResampler(grid=grid), CorrelationClassifier())
prepared = make_pipeline(
    SpectrumResampler(grid=np.linspace(500, 3900, 800)),  # the range both instruments cover
    BaselineCorrector("modpoly", {"poly_order": 1}),
    SavitzkyGolay(window_length=7, polyorder=2),
    SpectrumNormalizer("max"),
    CorrelationClassifier(),
)
library = [(grid, X[i]) for i in train]
scores = {}
for name, model in (("resampled only", plain), ("full preprocessing", prepared)):
    model.fit(library, y[train])
    scores[name] = float(np.mean(model.predict(instrument_b) == y[test]))
    print(f"{name:>20}: {100 * scores[name]:.1f} % of instrument B's {len(test)} spectra identified")

fig, axes = plt.subplots(2, 1, figsize=(7, 5))
axes[0].plot(grid, X[test[0]], label="instrument A")
axes[0].plot(*instrument_b[0], label="instrument B")
axes[0].set_title("As measured")
after = prepared[:-1]
axes[1].plot(after[0].grid_, after.transform([(grid, X[test[0]])])[0], label="instrument A")
axes[1].plot(after[0].grid_, after.transform([instrument_b[0]])[0], "--", label="instrument B")
axes[1].set_title(
    f"After the pipeline ({100 * scores['full preprocessing']:.0f} % identified, "
    f"{100 * scores['resampled only']:.0f} % without)"
)
for ax in axes:
    ax.legend(fontsize=8)
    ax.set_yticks([])
axes[1].set_xlabel("wavenumber (cm$^{-1}$)")
fig.tight_layout()
fig.savefig("preprocessing.png", dpi=110)
print("wrote preprocessing.png")
