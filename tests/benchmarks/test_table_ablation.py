"""benchmarks/table_ablation.py: Tables 4-5 from recorded fits, paired, each fit once."""

import json
from pathlib import Path

import pytest
from conftest import load_benchmark_script


@pytest.fixture(scope="module")
def table_ablation():
    return load_benchmark_script("table_ablation")


def _record(folder: Path, method: str, split: int, accuracy: float) -> None:
    folder.mkdir(exist_ok=True)
    with open(folder / "fits.jsonl", "a") as f:
        f.write(json.dumps({"key": f"{method}|{split}", "method": method, "split": split, "accuracy": accuracy}) + "\n")


def test_masking_rows_are_paired_with_cnn_full_counted_once(tmp_path, table_ablation):
    a, b = tmp_path / "a", tmp_path / "b"
    for split, (cnn, ms1, ms4) in enumerate([(0.80, 0.82, 0.90), (0.70, 0.73, 0.72), (0.60, 0.61, 0.66)]):
        _record(a, "cnn_full", split, cnn)
        _record(b, "cnn_full", split, cnn)  # the same fit, recorded by the second run too
        _record(a, "MS1 a=0 b=0.5", split, ms1)
        _record(b, "MS4 tau~U(0.3,0.7)", split, ms4)
    fits = table_ablation.read_fits([b, a])  # rows come out in the paper's order all the same
    assert len(fits) == 9
    lines = table_ablation.masking_table(fits).splitlines()
    assert lines[2].startswith("| cnn_full | 88.00 | 70.00 ± 10.00 (3) | reference")
    assert lines[3].startswith("| MS1 a=0 b=0.5 | 87.35 | 72.00 ± 10.54 (3) | +2.00 (")
    assert lines[4] == "| MS4 tau~U(0.3,0.7) | 90.07 | 76.00 ± 12.49 (3) | +6.00 (-3.94 .. +15.94) |"  # 10, 2, 6: sd 4


def test_training_rows_pair_jointly_with_separately_at_the_same_masks(tmp_path, table_ablation):
    for split, (sep, joint) in enumerate([(0.80, 0.81), (0.70, 0.72), (0.60, 0.63)]):
        _record(tmp_path, "separately (x5)", split, sep)
        _record(tmp_path, "jointly (x5)", split, joint)
    _record(tmp_path, "jointly (x10)", 0, 0.9)  # no separate fit at x10: no difference claimed
    lines = table_ablation.training_table(table_ablation.read_fits([tmp_path])).splitlines()
    assert lines[2] == "| separately (x5) | 86.94 | 70.00 ± 10.00 (3) | reference |"
    # differences 1, 2 and 3 points: mean 2, t(0.975, 2) * 1 / sqrt(3) = 2.48
    assert lines[3] == "| jointly (x5) | 89.05 | 72.00 ± 9.00 (3) | +2.00 (-0.48 .. +4.48) |"
    assert lines[4] == "| jointly (x10) | 90.07 | 90.00 (1) | no separate fit |"
