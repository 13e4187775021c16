"""Time SpectrumMasker on 700 x 10 spectra of 1024 points (the foundation issue's target: well under 0.1 s).

Run: .venv/bin/python benchmarks/bench_masking.py
"""

import platform
import time

import numpy as np
import torch

from sklearn_teanet import SpectrumMasker

N_SPECTRA, N_MASKS, N_POINTS, REPEATS = 700, 10, 1024, 20


def best_time(fn) -> float:
    fn()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), float(np.median(times))


def main() -> None:
    X = np.random.RandomState(0).rand(N_SPECTRA * N_MASKS, N_POINTS)
    X_t = torch.tensor(X, dtype=torch.float32)
    print(f"# {platform.processor() or platform.machine()}, torch threads {torch.get_num_threads()}")
    print(f"# {N_SPECTRA} x {N_MASKS} spectra of {N_POINTS} points, best and median of {REPEATS} runs, seconds")
    print("| scheme | numpy masks | numpy transform | torch mask_tensor |")
    print("|---|---|---|---|")
    configs = {
        "MS1": dict(tau=0.3, start=0.5),
        "MS2": dict(tau=(0.1, 0.4), start=0.5),
        "MS3": dict(tau=0.5),
        "MS4": {},
        "MS5": {},
    }
    for scheme, params in configs.items():
        masker = SpectrumMasker(scheme, random_state=0, **params).fit(X)
        rng = np.random.RandomState(0)
        cells = [
            best_time(lambda m=masker, r=rng: m.sample_masks(*X.shape, random_state=r)),
            best_time(lambda m=masker: m.transform(X)),
            best_time(lambda m=masker, r=rng: m.mask_tensor(X_t, r)),
        ]
        print(f"| {scheme} | " + " | ".join(f"{b:.4f} (median {m:.4f})" for b, m in cells) + " |")


if __name__ == "__main__":
    main()
