"""Why the fusion gains what it gains: on one reported split, the fitted weights against the best in hindsight.

Fits ``CalibratedFusionClassifier`` (default members, torch's default threads) on the training spectra of reported split
``k`` (``LeaveOneSamplePerClassOut(10, random_state=0)``), then re-weights its members' log-probabilities on
the test spectra: each member alone, the fitted weights, a grid, and the share that either member gets right.

Run (output committed in ``results/fusion_weights_split<k>.txt``):
    .venv/bin/python benchmarks/bench_fusion_weights.py 0 > benchmarks/results/fusion_weights_split0.txt
"""

import sys

import numpy as np

from sklearn_teanet import CalibratedFusionClassifier, LeaveOneSamplePerClassOut
from sklearn_teanet.data import rruff_ir_folder
from sklearn_teanet.ensemble import default_members
from sklearn_teanet.paper import load_rruff_ir_paper

k = int(sys.argv[1]) if len(sys.argv) > 1 else 0
data = load_rruff_ir_paper(rruff_ir_folder())
X, y = data.data, data.target
train, test = list(LeaveOneSamplePerClassOut(n_repeats=10, random_state=0).split(X, y))[k]

members = default_members(0)
f = CalibratedFusionClassifier(members, random_state=0).fit(X[train], y[train])
print("weights", f.weights_, "held-out log-loss", round(f.held_out_log_loss_, 3))
logs = np.stack([f._log_proba(e, X[test], f.classes_) for _, e in f.estimators_])
codes = np.searchsorted(f.classes_, y[test])
acc = lambda w: float(np.mean(np.argmax(np.tensordot(w, logs, axes=1), 1) == codes))
print("cnn", acc(np.array([1, 0])), "d2", acc(np.array([0, 1])), "fusion", acc(f.weights_))
right = [np.argmax(logs[i], 1) == codes for i in range(2)]
print("either right", float(np.mean(right[0] | right[1])))
best = max((acc(np.array([a, b])), a, b) for a in np.linspace(0, 1, 21) for b in [0.25, 0.5, 1, 2, 4, 8, 16, 32])
print("best weights in hindsight (acc, w_cnn, w_d2)", best)
print("cnn second-class median log-prob", np.median(np.sort(logs[0], 1)[:, -2]))
