"""The generative baselines of the paper's Table 3 (Sec. 5.1): CWGAN, DAGAN and LTSA; and masked pretraining.

Each trains its own networks on the training spectra first, then the same
classification module as every other method: on the originals plus generated
spectra (CWGAN, DAGAN), or starting from self-supervised features (LTSA, and
masked pretraining, whose blocks learn to fill masked segments).
"""

from .cwgan import CWGANClassifier
from .dagan import DAGANClassifier
from .ltsa import LTSAClassifier
from .masked_pretraining import MaskedPretrainingClassifier

__all__ = ["CWGANClassifier", "DAGANClassifier", "LTSAClassifier", "MaskedPretrainingClassifier"]
