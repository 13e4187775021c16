"""The figure workers: a stop while the run waits for them drops the figures not started."""

import signal
import time

import pytest

from sklearn_teanet.reporting import drawing
from sklearn_teanet.reporting.drawing import FigureQueue


def _slow_figure(data, path):
    time.sleep(0.3)
    with open(path, "w") as file:
        file.write(data["text"])


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs POSIX timers")
def test_a_stop_while_waiting_drops_the_figures_not_started(monkeypatch, tmp_path):
    monkeypatch.setattr(drawing, "write_figure", _slow_figure)
    queue = FigureQueue(40, workers=2)
    for i in range(40):
        queue.submit(f"s{i}", {"text": f"figure {i}"}, tmp_path / f"s{i}.txt")

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, stop)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        errors = queue.finish()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert queue.interrupted
    drawn = [name for name, error in errors.items() if error is None]
    dropped = [name for name, error in errors.items() if isinstance(error, RuntimeError)]
    assert sorted(drawn + dropped) == sorted(errors) and len(errors) == 40
    # Those started end whole; the rest (at 0.3 s a figure on two workers, most of them) are never drawn.
    assert len(dropped) >= 20
    assert all((tmp_path / f"{name}.txt").read_text() == f"figure {name[1:]}" for name in drawn)
    assert not any((tmp_path / f"{name}.txt").exists() for name in dropped)


def test_a_finished_queue_was_not_interrupted(monkeypatch, tmp_path):
    monkeypatch.setattr(drawing, "write_figure", _slow_figure)
    queue = FigureQueue(2, workers=0)
    queue.submit("a", {"text": "figure a"}, tmp_path / "a.txt")
    assert queue.finish() == {"a": None} and not queue.interrupted
