"""Named settings of the neural classifiers: the paper's, next to our CPU defaults.

The estimators' defaults are what we measured to work on a 2-core CPU (RRUFF_IR,
benchmarks/README.md): TeaNet with the authors' loss scale and masks drawn once
per fit, a slim U-Net (8 base channels, depth 4, two convolutions per stage), one
masked copy per spectrum, joint training, Adam at 1e-3 for both modules with a
cosine schedule over 100 epochs; CNN_Full at 1e-3, cosine, 60 epochs.

``PAPER_SETTINGS`` holds the published configuration, for a GPU or a long run:
``TeaNetClassifier(**PAPER_SETTINGS["teanet"])``, as the authors' code trains it
(``../shared/notes/reference-implementation.md`` in the project's workspace):
the reconstruction loss summed over each spectrum, ten masked copies of each
training spectrum drawn once, whole epochs alternating between the two modules,
each module's learning rate decaying by 0.75 every 20 of its own epochs, and
batches of about 256 repairs (26 spectra x 10 copies) with their originals.
The paper itself mentions neither the schedule nor the loss's scale.
"""

from __future__ import annotations

__all__ = ["PAPER_SETTINGS"]

#: The paper's settings per estimator ("teanet" for TeaNetClassifier, "cnn" for CNNClassifier).
PAPER_SETTINGS: dict[str, dict] = {
    "teanet": {
        "reconstruction_channels": 16,
        "reconstruction_depth": 5,
        "reconstruction_width": 3,
        "n_masks": 10,
        "masks": "fixed",
        "reconstruction_loss": "sse",
        "training": "alternating",
        "gamma": 0.3,
        # The authors' batch: 256 masked copies and a proportional slice of originals.
        "batch_size": 26,
        "lr": 1e-4,
        "reconstruction_lr": 1e-3,
        "lr_schedule": "step",
        "max_epochs": 300,
        "validation_fraction": 0.2,
    },
    "cnn": {
        "lr": 1e-4,
        "lr_schedule": "step",
        "max_epochs": 300,
        "validation_fraction": 0.2,
    },
}
