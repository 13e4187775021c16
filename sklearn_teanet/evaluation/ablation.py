"""The variants of the paper's ablations: masking schemes (Table 4) and training (Table 5)."""

from __future__ import annotations

from collections.abc import Sequence

from ..masking import SpectrumMasker

__all__ = ["masking_variants", "training_variants"]

# Table 4's rows as SpectrumMasker settings. In the paper a mask is [a, b); our
# masker takes the start a and the ratio tau = b - a, which must lie in (0, 1).
MASKING_SCHEMES: dict[str, dict] = {
    "MS1 a=0 b=0.5": dict(scheme="MS1", start=0.0, tau=0.5),
    "MS1 a=0.5 b=1": dict(scheme="MS1", start=0.5, tau=0.5),
    "MS2 a=0 b~(0,1)": dict(scheme="MS2", start=0.0, tau=(0.01, 0.99)),
    "MS2 a=0.5 b~(0.5,1)": dict(scheme="MS2", start=0.5, tau=(0.01, 0.5)),
    **{f"MS3 tau={t:g}": dict(scheme="MS3", tau=t) for t in (0.01, 0.1, 0.2, 0.5, 0.8, 0.9, 0.99)},
    "MS4 tau~U(0.1,0.9)": dict(scheme="MS4", tau=(0.1, 0.9)),
    "MS4 tau~U(0.3,0.7)": dict(scheme="MS4", tau=(0.3, 0.7)),
    "MS5 tau_i~U(0.1,0.3)": dict(scheme="MS5", tau=(0.3, 0.7), segment_tau=(0.1, 0.3)),
}


def masking_variants(teanet_params: dict | None = None) -> dict[str, dict]:
    """TeaNet parameters for each masking scheme of Table 4, by row name."""
    return {
        name: {**(teanet_params or {}), "masker": SpectrumMasker(**scheme)}
        for name, scheme in MASKING_SCHEMES.items()
    }


def training_variants(teanet_params: dict | None = None, n_masks: Sequence[int] = (5, 10, 20)) -> dict[str, dict]:
    """TeaNet parameters for Table 5: separate against joint training, for each number of masks."""
    return {
        f"{label} (x{n})": {**(teanet_params or {}), "training": training, "n_masks": n}
        for n in n_masks
        for label, training in (("separately", "separate"), ("jointly", "joint"))
    }
