"""
Which wavenumbers did the model rely on? (the paper's Fig. 13-14)
=================================================================

Fit TeaNet and CNN on synthetic spectra whose true characteristic peaks are known,
then plot each model's response to a test spectrum against those peaks, with the
A metric (Eq. 5) on the true peak regions. Set ``SKLEARN_TEANET_EXAMPLE_QUICK=1``
for a tiny run.
"""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from sklearn.model_selection import train_test_split

from sklearn_teanet import (
    CNNClassifier,
    DoublePyramidLeNet,
    LorentzSpectraGenerator,
    TeaNetClassifier,
    UNetReconstructor,
)
from sklearn_teanet.interpretation import attention
from sklearn_teanet.interpretation.plotting import plot_response

QUICK = os.environ.get("SKLEARN_TEANET_EXAMPLE_QUICK") == "1"
data = LorentzSpectraGenerator(
    n_classes=8 if QUICK else 20, n_samples_per_class=8, n_points=256, theta=1.0, fwhm=(0, 50), random_state=0
).generate()
X_train, X_test, y_train, y_test = train_test_split(
    data.data, data.target, test_size=0.25, stratify=data.target, random_state=0
)
common = dict(
    module=DoublePyramidLeNet(channels=(8,)),
    lr=1e-3,
    max_epochs=5 if QUICK else 80,
    validation_fraction=0.0,
    random_state=0,
)
models = {
    "TeaNet": TeaNetClassifier(n_masks=4, reconstructor=UNetReconstructor(depth=3, channels=8), **common),
    "CNN": CNNClassifier(**common),
}
fig, axes = plt.subplots(2, 1, figsize=(9, 5), sharex=True)
for ax, (name, model) in zip(axes, models.items()):
    model.fit(X_train, y_train)
    response = model.explain(X_test[:1], target=y_test[:1])[0]
    share = attention(response, data.regions[y_test[0]])
    plot_response(
        X_test[0],
        response,
        regions=data.regions[y_test[0]],
        peaks=data.peaks[y_test[0]].center,
        ax=ax,
        title=f"{name}: accuracy {model.score(X_test, y_test):.0%}, A on true peaks {share:.2f}",
    )
fig.tight_layout()
fig.savefig("discriminant_wavenumbers.png", dpi=110)
print("wrote discriminant_wavenumbers.png")
