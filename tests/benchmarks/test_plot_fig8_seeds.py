"""benchmarks/plot_fig8_seeds.py: the per-seed and over-seed tables of Fig. 8 from recorded fits."""

import pandas as pd
import pytest
from conftest import load_benchmark_script


@pytest.fixture(scope="module")
def fig8():
    return load_benchmark_script("plot_fig8_seeds")


def _results():
    rows = []
    for seed, (teanet, cnn) in enumerate([(25.0, 22.75), (21.25, 23.5), (29.5, 24.25)]):
        for method, accuracy, minutes in (("teanet", teanet, 40.0 + seed), ("cnn_full", cnn, 2.0)):
            rows.append(
                {
                    "seed": seed,
                    "theta": 1.0,
                    "fwhm": "150-200",
                    "method": method,
                    "accuracy": accuracy,
                    "minutes": minutes,
                }
            )
    rows += [
        {"seed": 0, "theta": 10.0, "fwhm": "0-50", "method": m, "accuracy": a, "minutes": 1.5}
        for m, a in (("teanet", 99.25), ("cnn_full", 98.5))
    ]
    return pd.DataFrame(rows)


def test_per_seed_rows_pair_the_methods_of_each_seed_largest_theta_first(fig8):
    lines = fig8.per_seed_table(_results()).splitlines()
    assert lines[2] == "| 10, 0-50 | 0 | 99.25 | 98.50 | +0.75 | 1.5 / 1.5 |"
    assert lines[3:] == [
        "| 1, 150-200 | 0 | 25.00 | 22.75 | +2.25 | 40.0 / 2.0 |",
        "| 1, 150-200 | 1 | 21.25 | 23.50 | -2.25 | 41.0 / 2.0 |",
        "| 1, 150-200 | 2 | 29.50 | 24.25 | +5.25 | 42.0 / 2.0 |",
    ]


def test_over_the_seeds_a_paired_interval_and_none_for_one_seed(fig8):
    lines = fig8.table(_results()).splitlines()
    # Differences +2.25, -2.25, +5.25: mean 1.75, t(2) interval 1.75 +- 4.303 * 3.775 / sqrt(3).
    assert lines[2] == "| 1 | 150-200 | 3 | 25.25 | 23.50 | +1.75 (-7.6 .. +11.1) |"
    assert lines[3] == "| 10 | 0-50 | 1 | 99.25 | 98.50 | +0.75 |"
    # Pooled over the 4 pairs: +2.25, -2.25, +5.25, +0.75.
    assert lines[-1] == "All 4 cell-seed pairs: TeaNet - CNN_Full +1.50 points (95 % CI -3.47 .. +6.47)"
