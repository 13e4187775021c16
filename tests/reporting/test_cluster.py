"""identify on a dask cluster: the same hits as here, and nothing lost when a worker dies mid-batch (issue 39,
point 4). A real local scheduler with two worker processes."""

import os
import signal

import numpy as np
import pandas as pd
import pytest

from sklearn_teanet import LorentzSpectraGenerator, SpectrumIdentifier, save_model
from sklearn_teanet.cli import main
from sklearn_teanet.identification import library_model
from sklearn_teanet.paper import make_method
from sklearn_teanet.reporting import batch, identify_files

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")
pytestmark = pytest.mark.slow

GRID = np.linspace(400, 4000, 256)


@pytest.fixture(scope="module")
def identifier_and_files(tmp_path_factory):
    data = LorentzSpectraGenerator(n_classes=12, n_samples_per_class=3, n_points=GRID.size, theta=10, fwhm=(5, 20),
                                   random_state=4).generate()  # fmt: skip
    y = np.array([f"substance {c}" for c in data.target])
    identifier = SpectrumIdentifier(library_model(make_method("correlation"), GRID), random_state=0)
    identifier.fit([(GRID, row) for row in data.data], y)
    folder = tmp_path_factory.mktemp("unknowns")
    for i, row in enumerate(data.data):
        (folder / f"u{i:02d}.txt").write_text("\n".join(f"{w:.3f}\t{v:.6g}" for w, v in zip(GRID + 3.0, row)))
    (folder / "broken.txt").write_text("not a spectrum")
    return identifier, folder


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def _hits(run) -> pd.DataFrame:
    return run.hits.sort_values(["spectrum", "rank"]).reset_index(drop=True)


def test_a_cluster_run_gives_the_hits_of_a_run_here(identifier_and_files, cluster, tmp_path, monkeypatch):
    identifier, folder = identifier_and_files
    monkeypatch.setattr(batch, "CHUNK", 4)
    here = identify_files(identifier, [folder], out=tmp_path / "here", plots=False)
    there = identify_files(identifier, [folder], out=tmp_path / "there", plots=False,
                           scheduler=cluster.scheduler_address)  # fmt: skip
    pd.testing.assert_frame_equal(_hits(here), _hits(there))
    assert there.failures == here.failures and len(there.failures) == 1
    assert (tmp_path / "here" / "hits.csv").read_text() == (tmp_path / "there" / "hits.csv").read_text()


def test_a_worker_that_dies_mid_batch_loses_no_chunk(identifier_and_files, cluster, tmp_path, monkeypatch):
    identifier, folder = identifier_and_files
    monkeypatch.setattr(batch, "CHUNK", 2)  # 19 chunks; at most 4 in flight
    here = identify_files(identifier, [folder], out=tmp_path / "here", plots=False)
    killed = []

    def kill_a_worker_midway(items):
        for k, item in enumerate(items):
            if k == 10:  # chunks have gone out and come back; more are in flight, the rest not yet sent
                # Every worker that holds the identifier dies (their nannies start new ones): the chunks in flight
                # and the identifier they need are lost, as when the one worker the scheduler left it on dies.
                with distributed.Client(cluster.scheduler_address) as client:
                    holders = {w for key, where in client.who_has().items() if key.startswith("SpectrumIdentifier")
                               for w in where}  # fmt: skip
                    pids = client.run(os.getpid, workers=sorted(holders))
                for pid in pids.values():
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
            yield item

    there = identify_files(identifier, [folder], out=tmp_path / "there", plots=False,
                           scheduler=cluster.scheduler_address, progress=kill_a_worker_midway)  # fmt: skip
    assert killed
    pd.testing.assert_frame_equal(_hits(here), _hits(there))
    assert (tmp_path / "here" / "hits.csv").read_text() == (tmp_path / "there" / "hits.csv").read_text()


def test_a_scheduler_nobody_runs_is_named(identifier_and_files, tmp_path):
    identifier, folder = identifier_and_files
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):  # not the default half minute
        with pytest.raises(OSError, match="no dask scheduler answered at --scheduler tcp://127.0.0.1:1 "):
            identify_files(identifier, [folder], out=tmp_path, plots=False, scheduler="tcp://127.0.0.1:1")
    assert not (tmp_path / "hits.csv").exists()


def test_identify_on_the_command_line_sends_the_batch_to_the_scheduler(identifier_and_files, cluster, tmp_path):
    identifier, folder = identifier_and_files
    model = save_model(identifier, tmp_path / "library.skops")
    outs = {"here": [], "there": ["--scheduler", cluster.scheduler_address]}
    for name, option in outs.items():
        main(["identify", "--model", str(model), str(folder), "--no-plots", "--out", str(tmp_path / name), *option])
    assert (tmp_path / "here" / "hits.csv").read_text() == (tmp_path / "there" / "hits.csv").read_text()
