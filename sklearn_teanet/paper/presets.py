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

from sklearn.base import BaseEstimator, clone

from ..reconstruction import UNetReconstructor

__all__ = ["PAPER_SETTINGS"]


class _Presets(dict):
    """Settings per estimator; each read hands out copies of the settings objects, so that two estimators
    made from one preset never share (and so never change) one U-Net's settings."""

    def __getitem__(self, key: str) -> dict:
        return {k: clone(v) if isinstance(v, BaseEstimator) else v for k, v in super().__getitem__(key).items()}

    def get(self, key: str, default=None):
        return self[key] if key in self else default


#: The paper's settings per estimator ("teanet" for TeaNetClassifier, "cnn" for CNNClassifier).
PAPER_SETTINGS: dict[str, dict] = _Presets(
    {
        "teanet": {
            # The paper's U-Net (Fig. 6), trained as the authors' code does.
            "reconstructor": UNetReconstructor(
                depth=5, channels=16, width=3, lr=1e-3, loss="sse", schedule="alternating"
            ),
            "n_masks": 10,
            "masks": "fixed",
            "gamma": 0.3,
            # The authors' batch: 256 masked copies and a proportional slice of originals.
            "batch_size": 26,
            "lr": 1e-4,
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
)
