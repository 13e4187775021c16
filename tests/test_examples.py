"""Every example script runs, with tiny settings, and writes its figure."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each example is a process of its own

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("plot_*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(script, tmp_path):
    pytest.importorskip("matplotlib")
    env = dict(os.environ, SKLEARN_TEANET_EXAMPLE_QUICK="1", MPLBACKEND="Agg")
    result = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-2000:]
    if "rruff" not in script.stem:  # without data the RRUFF example explains and stops
        assert list(tmp_path.glob("*.png")), result.stdout
