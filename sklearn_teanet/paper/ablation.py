"""The variants of the paper's ablations: masking schemes (Table 4) and training (Table 5)."""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.base import clone

from ..masking import SpectrumMasker
from ..reconstruction import UNetReconstructor

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


def masking_variants(teanet_params: dict | None = None, schemes: Sequence[str] | None = None) -> dict[str, dict]:
    """TeaNet parameters for each masking scheme of Table 4, by row name.

    ``schemes`` keeps some rows: a scheme ("MS3", all its rows) or a whole row
    name ("MS3 tau=0.5"); None keeps all 15, whose TeaNet fits a CPU pays 15 times.
    """
    rows = list(MASKING_SCHEMES)
    if schemes is not None:
        unknown = [s for s in schemes if s not in rows and s not in {r.split()[0] for r in rows}]
        if unknown:
            raise ValueError(f"Unknown masking scheme(s) {unknown}; use MS1 ... MS5 or a row of Table 4: {rows}.")
        rows = [r for r in rows if r in schemes or r.split()[0] in schemes]
    return {name: {**(teanet_params or {}), "masker": SpectrumMasker(**MASKING_SCHEMES[name])} for name in rows}


def training_variants(teanet_params: dict | None = None, n_masks: Sequence[int] = (5, 10, 20)) -> dict[str, dict]:
    """TeaNet parameters for Table 5: separate against joint training, for each number of masks.

    The schedule is set on (a copy of) ``teanet_params["reconstructor"]``, so the rest of the U-Net's
    settings stay as given.
    """
    params = dict(teanet_params or {})
    unet = params.pop("reconstructor", None) or UNetReconstructor()
    return {
        f"{label} (x{n})": {**params, "reconstructor": clone(unet).set_params(schedule=schedule), "n_masks": n}
        for n in n_masks
        for label, schedule in (("separately", "separate"), ("jointly", "joint"))
    }
