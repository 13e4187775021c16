"""
Quick start: TeaNet on synthetic spectra
========================================

Fit a TeaNetClassifier on few-shot synthetic spectra, predict, and plot a few
test spectra with their predicted class. Set ``SKLEARN_TEANET_EXAMPLE_QUICK=1``
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

QUICK = os.environ.get("SKLEARN_TEANET_EXAMPLE_QUICK") == "1"
data = LorentzSpectraGenerator(
    n_classes=10 if QUICK else 30, n_samples_per_class=6, n_points=256, theta=10 / 3, fwhm=(0, 50), random_state=0
).generate()
X_train, X_test, y_train, y_test = train_test_split(
    data.data, data.target, test_size=1 / 3, stratify=data.target, random_state=0
)
common = dict(
    module=DoublePyramidLeNet(channels=(8,)),
    lr=1e-3,
    max_epochs=5 if QUICK else 60,
    validation_fraction=0.0,
    random_state=0,
)
teanet = TeaNetClassifier(n_masks=4, reconstructor=UNetReconstructor(depth=3, channels=8), **common)
cnn = CNNClassifier(**common)
for model in (teanet, cnn):
    model.fit(X_train, y_train)
    print(f"{type(model).__name__}: test accuracy {model.score(X_test, y_test):.2%}")

predicted = teanet.predict(X_test)
fig, axes = plt.subplots(2, 2, figsize=(9, 5), sharex=True)
for ax, spectrum, true, guess in zip(axes.flat, X_test, y_test, predicted):
    ax.plot(spectrum, color="tab:blue")
    for center in data.peaks[true].center:
        ax.axvline(center, color="tab:green", ls=":", lw=1)
    ax.set_title(f"class {true}, predicted {guess}", color="k" if true == guess else "tab:red")
fig.suptitle("Test spectra (dotted: the class's characteristic peaks)")
fig.tight_layout()
fig.savefig("quickstart.png", dpi=110)
print("wrote quickstart.png")
