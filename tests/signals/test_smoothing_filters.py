"""Smoothing filters: one bad sample must not dominate, real changes must come through."""

from __future__ import annotations

import math

import numpy as np
import pytest

from moodlens.signals.smoothing import OneEuroFilter, debounce, ema, one_euro, rolling_mean


def test_ema_damps_a_single_spike() -> None:
    ts = [i * 0.5 for i in range(40)]
    vals = [80.0] * 40
    vals[20] = 0.0
    out = ema(ts, vals, tau_s=2.0)
    assert out[20] > 60  # an 80-point one-window drop moves the smoothed value < 25 %
    assert out[-1] == pytest.approx(80.0, abs=0.5)


def test_ema_follows_a_sustained_change() -> None:
    ts = [i * 0.5 for i in range(60)]
    vals = [80.0] * 20 + [40.0] * 40
    out = ema(ts, vals, tau_s=2.0)
    assert out[-1] == pytest.approx(40.0, abs=1.0)


def test_ema_is_time_aware_and_skips_nans() -> None:
    a = ema([0.0, 1.0], [0.0, 10.0], tau_s=1.0)
    b = ema([0.0, 5.0], [0.0, 10.0], tau_s=1.0)
    assert b[1] > a[1]  # a longer gap lets the value move further
    c = ema([0, 1, 2, 3], [math.nan, 5.0, math.nan, 5.0], tau_s=1.0)
    assert math.isnan(c[0]) and c[2] == 5.0 and c[3] == 5.0


def test_ema_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        ema([0.0, 1.0], [1.0], tau_s=1.0)
    with pytest.raises(ValueError):
        ema([1.0, 0.0], [1.0, 1.0], tau_s=1.0)
    with pytest.raises(ValueError):
        ema([0.0], [1.0], tau_s=0.0)


def test_one_euro_smooths_jitter_but_follows_a_turn() -> None:
    rng = np.random.default_rng(0)
    ts = [i * 0.5 for i in range(80)]
    still = list(rng.normal(0.0, 2.0, 40))
    turned = [30.0 + x for x in rng.normal(0.0, 2.0, 40)]
    out = one_euro(ts, still + turned, min_cutoff=0.5, beta=0.05)
    assert np.std(out[5:40]) < np.std(still[5:]) * 0.8
    assert out[-1] == pytest.approx(30.0, abs=3.0)


def test_one_euro_ignores_duplicate_timestamps() -> None:
    f = OneEuroFilter()
    assert f(0.0, 1.0) == 1.0
    assert f(0.0, 100.0) == 1.0


def test_debounce_needs_k_agreeing_samples() -> None:
    assert debounce([True, False, True, True], 2) == [True, True, True, True]
    assert debounce([True, False, False, True], 2) == [True, True, False, False]
    assert debounce([], 3) == []


def test_rolling_mean_is_trailing() -> None:
    out = rolling_mean([0, 1, 2, 3], [0.0, 10.0, 20.0, 30.0], window_s=1.0)
    assert list(out) == [0.0, 5.0, 15.0, 25.0]
