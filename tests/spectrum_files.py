"""Spectrum files written for the tests: RRUFF texts, a folder of them with a far-IR file, JCAMP-DX points."""

from pathlib import Path

import numpy as np


def rruff_text(name="Quartz", rruff_id="R040031", rows=None, sep=", ", newline="\n", end=True, row_end=""):
    rows = rows if rows is not None else [(400.0 + 10 * i, float(i % 7)) for i in range(400)]
    lines = [f"##NAMES={name}", f"##RRUFFID={rruff_id}", "##IDEAL CHEMISTRY=SiO_2_", "##LOCALITY=Somewhere"]
    lines += [f"{w:.4e}{sep}{v:.6e}{row_end}" for w, v in rows]
    if end:
        lines += ["##END="]
    return newline.join(lines) + newline


def write_collection(folder: Path, n_per_class=(1, 2, 3), far_ir=True):
    folder.mkdir(parents=True, exist_ok=True)
    names = ["Quartz", "Calcite", "Aeschynite-(Y)"]
    for name, count in zip(names, n_per_class):
        for k in range(count):
            rows = [(400 + 9 * i, np.sin(i / (5 + k)) + 1) for i in range(400)]
            (folder / f"{name}__R0{k}__Infrared__Infrared_Data_Processed__{k}.txt").write_text(
                rruff_text(name, f"R0{k}", rows)
            )
    if far_ir:
        rows = [(50 + i, 1.0) for i in range(650)]
        (folder / "Talc__R9__Infrared__Infrared_Data_Processed__9.txt").write_text(rruff_text("Talc", "R9", rows))
    return folder


def short_rruff_text(name="Quartz", end=True, n=50):
    """A RRUFF file of ``n`` rows from 400 cm-1 in steps of 2, with or without its ``##END=`` line."""
    lines = [f"##NAMES={name}", "##RRUFFID=R1"] + [f"{400 + 2 * i:.4e}, {i % 5 + 0.5:.6e}" for i in range(n)]
    return "\n".join(lines + (["##END="] if end else [])) + "\n"


def jcamp_points(x, y, xunits, yunits, title="Quartz"):
    """A JCAMP-DX file of (XY..XY) pairs: any axis, in the units given."""
    lines = [
        f"##TITLE={title}",
        "##JCAMP-DX=4.24",
        f"##XUNITS={xunits}",
        f"##YUNITS={yunits}",
        f"##NPOINTS={len(x)}",
        "##XYPOINTS=(XY..XY)",
    ] + [f"{a:.10g}, {b:.10g}" for a, b in zip(x, y)]
    return ("\n".join(lines + ["##END="]) + "\n").encode()
