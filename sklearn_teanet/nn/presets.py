"""The paper's two classification modules, as data: settings objects read them without loading torch."""

from __future__ import annotations

__all__ = ["INPUTS", "PRESETS"]

#: The paper's two classification modules.
#: ``fig5a`` (USGS and synthetic data): five blocks, kernel halved after each pool,
#: a 2048-unit dense layer. ``fig5b`` (RRUFF_IR and ReLab): one block and a linear head.
PRESETS: dict[str, dict] = {
    "fig5a": {"channels": (16, 32, 64, 128, 256), "kernel_size": 21, "kernel_shrink": "halve", "hidden_units": 2048},
    "fig5b": {"channels": (16,), "kernel_size": 21, "kernel_shrink": "minus4", "hidden_units": None},
}

#: The input channels a classification module can take, and the derivative order of each.
INPUTS: dict[str, int] = {"spectrum": 0, "first_derivative": 1, "second_derivative": 2}
