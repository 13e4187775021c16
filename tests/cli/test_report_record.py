"""The report as a QC record: when, which software, model (with its hash), library and settings; figures drawn
once (issue 36, point 6)."""

import base64
import hashlib
import re
import shutil

import pandas as pd

from sklearn_teanet import __version__
from sklearn_teanet.cli import main


def test_the_report_records_the_run_and_embeds_the_figures_as_drawn(library, model, tmp_path):
    _, unknowns, _ = library
    batch = tmp_path / "batch"
    batch.mkdir()
    for name in ("unknown_quartz.txt", "unknown_calcite.txt"):
        shutil.copy(unknowns / name, batch / name)
    out, report = tmp_path / "out", tmp_path / "report.html"
    assert main(["identify", "--model", str(model), str(batch), "--out", str(out), "--report", str(report)]) == 0
    page = report.read_text()
    facts = dict(re.findall(r"<tr><td>([^<]+)</td><td>([^<]*)</td></tr>", page))
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", facts["date (UTC)"])
    assert facts["sklearn-teanet"] == __version__
    assert hashlib.sha256(model.read_bytes()).hexdigest() in facts["model file"]
    assert facts["library spectra / substances"] == "24 / 6"
    assert "cm-1, 256 points" in facts["compared on"] and "DerivativeViews(" in facts["preprocessing and model"]
    assert facts["confidence"] == "0.9" and "no match below HQI" in facts
    assert "library" in facts and "estimated &#x27;no match&#x27; rates" in page
    # Each figure is the PNG the run wrote, embedded as it is.
    figures = pd.read_csv(out / "hits.csv").query("rank == 1")["figure"]
    embedded = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert sorted(embedded) == sorted(base64.b64encode((out / f).read_bytes()).decode() for f in figures)
    assert 'class="summary"' in page and "@media print" in page
