"""Despiker: cosmic rays out, bands left alone."""

import numpy as np
import pytest

from sklearn_teanet.preprocessing import Despiker


def test_spikes_are_replaced_and_narrow_bands_are_not():
    rng = np.random.RandomState(0)
    x = np.sin(np.linspace(0, 3, 200)) + 0.01 * rng.randn(200)
    spiked = x.copy()
    spiked[[50, 120]] += [3.0, 2.0]
    despiked = Despiker().fit_transform(spiked[None])[0]
    assert np.abs(despiked - x).max() < 0.05
    assert np.flatnonzero(Despiker().fit(spiked[None]).spikes(spiked[None])[0]).tolist() == [50, 120]
    for sigma in (1.5, 2.0, 4.0):  # a band a few points wide rounds off: not a spike
        band = np.exp(-0.5 * ((np.arange(200) - 100) / sigma) ** 2)[None] + 0.001 * rng.randn(1, 200)
        assert not Despiker().fit(band).spikes(band).any()


def test_a_two_point_spike_needs_width_two():
    x = np.linspace(0, 1, 100)
    x[[40, 41]] += 5.0
    assert not Despiker().fit(x[None]).spikes(x[None]).any()
    assert np.flatnonzero(Despiker(width=2).fit(x[None]).spikes(x[None])[0]).tolist() == [40, 41]
    assert Despiker(width=2).fit_transform(x[None])[0, 40] == pytest.approx(x[39], abs=0.05)
