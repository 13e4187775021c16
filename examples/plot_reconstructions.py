"""
Augmented spectra and their masks (the paper's Fig. 9)
======================================================

After fitting, the reconstruction module repairs masked spectra; each repair is
an augmented training spectrum. Set ``SKLEARN_TEANET_EXAMPLE_QUICK=1`` for a tiny run.
"""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from sklearn_teanet import DoublePyramidLeNet, LorentzSpectraGenerator, TeaNetClassifier, UNetReconstructor

QUICK = os.environ.get("SKLEARN_TEANET_EXAMPLE_QUICK") == "1"
data = LorentzSpectraGenerator(
    n_classes=8 if QUICK else 20, n_samples_per_class=6, n_points=256, theta=10 / 3, fwhm=(0, 50), random_state=0
).generate()
teanet = TeaNetClassifier(
    module=DoublePyramidLeNet(channels=(8,)),
    n_masks=4,
    reconstructor=UNetReconstructor(depth=4, channels=8),
    lr=1e-3,
    max_epochs=5 if QUICK else 80,
    validation_fraction=0.0,
    random_state=0,
)
teanet.fit(data.data, data.target)

X_aug, masks = teanet.augment(data.data[:2], n_augment=4, random_state=0)
fig, axes = plt.subplots(4, 2, figsize=(10, 7), sharex=True)
for col in range(2):
    for row in range(4):
        ax = axes[row, col]
        ax.plot(data.data[col], color="tab:blue", lw=1, label="original")
        ax.plot(X_aug[col, row], color="tab:red", lw=1, label="augmented")
        masked = masks[col, row]
        edges = np.flatnonzero(np.diff(np.concatenate([[0], masked.astype(int), [0]])))
        for start, stop in edges.reshape(-1, 2):
            ax.axvspan(start, stop, color="grey", alpha=0.15)
        mse = np.mean((X_aug[col, row] - data.data[col]) ** 2)
        ax.set_title(f"spectrum {col}, mask {row + 1}: MSE {mse:.4f}", fontsize="small")
axes[0, 0].legend(fontsize="small")
fig.suptitle("Reconstructions of masked spectra (grey: masked segment)")
fig.tight_layout()
fig.savefig("reconstructions.png", dpi=110)
print("wrote reconstructions.png")
