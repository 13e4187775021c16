"""The identification figure as a run writes it (axes kept as pixels, changing texts drawn with Pillow, a PNG on
the figure's palette) shows what matplotlib's own drawing of it shows."""

import numpy as np
import pytest
from PIL import Image

from sklearn_teanet.reporting import figure_layout, figures
from sklearn_teanet.reporting.figure_layout import IdentificationFigure
from sklearn_teanet.reporting.figures import draw_figure, write_figure

pytest.importorskip("matplotlib")

AXIS = np.linspace(150, 1500, 1024)


def _spectrum(rng, low=0.0):
    s = np.zeros_like(AXIS)
    for centre in rng.uniform(200, 1400, 8):
        s += rng.uniform(0.2, 1) * np.exp(-(((AXIS - centre) / 6) ** 2))
    s = s / s.max()
    return s + low * (1 - s)  # low < 0: a spectrum that dips below zero, as a corrected baseline can


def _data(seed, low=0.0, name="q001.txt", neural=False):
    rng = np.random.default_rng(seed)
    unknown = _spectrum(rng, low)
    references = np.array([unknown if k == 0 else _spectrum(rng) for k in range(5)])
    references[0] = np.roll(unknown, 3)  # the best reference: the unknown's bands, three points off
    return {
        "name": name, "axis": AXIS, "unknown": unknown, "references": references,
        "classes": ["calcite", "aragonite", "dolomite", "magnesite", "siderite"],
        "hqi": np.array([95.0, 80, 70, 60, 50]), "ranks": [1, 2, 3, 4, 5], "no_match": False, "p_value": 0.5,
        "shift": 1.5, "response": np.abs(np.sin(AXIS / 50)) if neural else None,
        "x_label": "Raman shift (cm$^{-1}$)", "y_label": "intensity (max = 1)",
    }  # fmt: skip


def _pixels(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB")).astype(int)


def _matplotlib_png(data, path) -> None:
    import matplotlib.pyplot as plt

    figure = draw_figure(data)
    figure.savefig(path, dpi=100)
    plt.close(figure)


@pytest.mark.parametrize("neural", [False, True])
def test_a_written_figure_shows_what_matplotlib_draws(tmp_path, neural):
    data = _data(0, neural=neural)
    write_figure(_data(1, neural=neural), tmp_path / "first.png")  # the figure is reused, as in a run
    write_figure(data, tmp_path / "fast.png")
    _matplotlib_png(data, tmp_path / "slow.png")
    fast, slow = _pixels(tmp_path / "fast.png"), _pixels(tmp_path / "slow.png")
    assert fast.shape == slow.shape
    # Texts are drawn by another renderer (a pixel or two apart) and colours sit on a palette: a few pixels
    # differ, and none by a colour's worth over a region.
    differ = np.abs(fast - slow).sum(axis=2) > 60
    assert differ.mean() < 0.02, differ.mean()
    assert (fast[0, 0] == 255).all() and (fast == 255).all(axis=2).mean() > 0.8  # the page stays white

    def ink(image):  # the title's dark pixels: drawn by Pillow in one, by matplotlib in the other
        return (image[:40].sum(axis=2) < 300).sum()

    assert ink(fast) > 100 and abs(ink(fast) - ink(slow)) <= 0.4 * ink(slow)  # renderers differ in weight

    def green(image):  # the bands the unknown has: tab:green dashes and their positions
        return ((image[..., 1] > 140) & (image[..., 0] < 100) & (image[..., 2] < 100)).sum()

    assert green(fast) > 0 and abs(green(fast) - green(slow)) <= 0.25 * green(slow)


def test_nothing_of_the_previous_unknown_stays_on_the_next(tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "_LAID_OUT", type(figures._LAID_OUT)())  # this test's own figures
    write_figure(_data(1, name="a much longer name that wraps. " * 5), tmp_path / "first.png")
    write_figure(_data(0), tmp_path / "second.png")
    monkeypatch.setattr(figures, "_LAID_OUT", type(figures._LAID_OUT)())
    write_figure(_data(0), tmp_path / "alone.png")
    assert np.array_equal(_pixels(tmp_path / "second.png"), _pixels(tmp_path / "alone.png"))


def test_a_spectrum_below_zero_gets_axes_of_its_own_and_is_drawn_whole(tmp_path):
    figure = IdentificationFigure(5, False)
    figure.show(_data(0))
    usual = figure.top.get_ylim()
    figure.write_png(tmp_path / "usual.png")
    figure.show(_data(0, low=-0.3))
    below = figure.top.get_ylim()
    figure.write_png(tmp_path / "below.png")
    assert below[0] < -0.3 < usual[0] and below[1] == usual[1]
    assert len(figure.backgrounds) == 2
    # Drawn again on the first axes: the kept background, not a new one.
    figure.show(_data(2))
    figure.write_png(tmp_path / "again.png")
    assert len(figure.backgrounds) == 2


def test_names_are_drawn_as_written(tmp_path):
    data = _data(0, name="$x$ α-lactose (K)")
    data["classes"][0] = "Fluorapophyllite-(K) $"
    write_figure(data, tmp_path / "named.png")
    assert Image.open(tmp_path / "named.png").size == (900, 710)


def test_limits_come_in_steps():
    up, down = figure_layout._step_up, figure_layout._step_down
    assert up(0.93) == 1.0 and up(1.0) == 1.0 and up(1.01) == 1.5 and up(12.5) == 12.5
    assert up(0.0) == 0.0 and up(-1) == 0.0 and up(np.nan) == 0.0
    assert down(-0.2) == -0.25 and down(0.3) == 0.0


def test_only_bands_that_stand_out_are_marked_and_named():
    # Three bands over a rippling baseline: three marks, not three and five ripples with wavenumbers under them.
    rng = np.random.default_rng(4)
    bands = sum(h * np.exp(-(((AXIS - c) / 8) ** 2)) for c, h in ((400, 1.0), (800, 0.5), (1200, 0.08)))
    reference = bands + 0.01 * np.sin(AXIS / 7) + 0.002 * rng.standard_normal(AXIS.size)
    unknown = np.roll(bands, 2) + 0.002 * rng.standard_normal(AXIS.size)
    marked = figure_layout.matched_bands(unknown, reference)
    assert np.allclose([AXIS[i] for i, _ in marked], [400, 800, 1200], atol=2) and all(m for _, m in marked)
