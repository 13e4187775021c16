"""
Identify unknown spectra against a library
==========================================

The everyday job: a reference library of RRUFF-format files, unknown spectra
measured on another instrument (another range, step and a descending axis), and
a hit list for each with its hit quality and a calibrated "no match". Uses the
RRUFF infrared data when ``SKLEARN_TEANET_RRUFF`` (or the first argument) points
at it, else a synthetic library written as RRUFF files. One unknown is a
substance the library lacks.
"""

import os
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from sklearn_teanet import LorentzSpectraGenerator, SpectrumIdentifier, read_spectra
from sklearn_teanet.baselines import CorrelationClassifier
from sklearn_teanet.identification import library_model

QUICK = os.environ.get("SKLEARN_TEANET_EXAMPLE_QUICK") == "1"
rruff = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SKLEARN_TEANET_RRUFF", "rruff_ir/Processed"))

if rruff.exists():
    data = read_spectra(rruff, wavenumber_range=(400, 4000), n_points=1024)
else:
    # A synthetic library written as RRUFF files, read back like real ones.
    folder = Path(tempfile.mkdtemp())
    grid = np.linspace(400, 4000, 512)
    synthetic = LorentzSpectraGenerator(
        n_classes=12, n_samples_per_class=4, n_points=grid.size, theta=10, fwhm=(5, 30), random_state=0
    ).generate()
    for i, (row, c) in enumerate(zip(synthetic.data, synthetic.target)):
        rows = "\n".join(f"{w:.3f}, {v:.6e}" for w, v in zip(grid, row))
        (folder / f"Mineral{c:02d}__R{i:04d}__Infrared.txt").write_text(f"##NAMES=Mineral{c:02d}\n{rows}\n##END=\n")
    data = read_spectra(folder, n_points=512)
print(data.DESCR.splitlines()[0])

# Hold back one spectrum of the first few classes as "unknowns", and the whole last class.
rng = np.random.RandomState(0)
classes = np.unique(data.target)
foreign_class = classes[-1]
unknown_rows = [rng.choice(np.flatnonzero(data.target == c)) for c in classes[:3]]
unknown_rows += list(np.flatnonzero(data.target == foreign_class)[:1])
library_rows = [i for i in range(len(data.target)) if i not in unknown_rows and data.target[i] != foreign_class]

grid = data.wavenumbers
model = library_model(CorrelationClassifier(), grid)
identifier = SpectrumIdentifier(model, top_k=3)
identifier.fit([(grid, data.data[i]) for i in library_rows], data.target[library_rows])

# The unknowns, as another instrument would give them: narrower range, other step, descending axis.
axis = np.linspace(grid[-1] - 100, grid[0] + 50, 700)
unknowns = [(axis, np.interp(axis, grid, data.data[i])) for i in unknown_rows]
names = [f"unknown {k + 1} (truly {data.target[i]})" for k, i in enumerate(unknown_rows)]
hits = identifier.identify(unknowns, names=names)
print(hits[["spectrum", "rank", "class", "hqi", "reference", "p_value", "no_match"]].to_string(index=False))

fig, axes = plt.subplots(len(unknowns), 1, figsize=(7, 2.2 * len(unknowns)), sharex=True)
shown = identifier.display(unknowns)  # on the library's grid, as measured (the match itself compares derivatives)
names_of_library = list(identifier.library_names_)
for ax, name, spectrum in zip(axes, names, shown):
    best = hits[hits["spectrum"] == name].iloc[0]
    reference = identifier.library_display_[names_of_library.index(best["reference"])]
    ax.plot(grid, spectrum, color="black", lw=1.2, label="unknown")
    ax.plot(grid, reference - 0.5, lw=0.9, label=f"best hit {best['class']} (HQI {best['hqi']:.1f})")
    verdict = "NO MATCH" if best["no_match"] else f"p = {best['p_value']:.2f}"
    ax.set_title(f"{name}: {verdict}", fontsize=9)
    ax.set_yticks([])
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
axes[-1].set_xlabel("wavenumber (cm$^{-1}$)")
fig.tight_layout()
fig.savefig("identify_unknowns.png", dpi=110)
print("wrote identify_unknowns.png")
