"""Time-aware smoothing so that one bad frame or second never dominates a cue or a score.

Browser windows arrive every ~500 ms but with jitter and gaps (tab throttling, reconnects), so
every filter here takes timestamps and derives its coefficient from the real time step instead
of assuming a fixed rate.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
# Filters chain (median -> EMA), so every one accepts another's output as well as a list.
Series = Sequence[float] | FloatArray


def _as_series(ts: Series, values: Series) -> tuple[FloatArray, FloatArray]:
    t = np.asarray(ts, dtype=np.float64)
    v = np.asarray(values, dtype=np.float64)
    if t.shape != v.shape or t.ndim != 1:
        raise ValueError("ts and values must be 1-D sequences of the same length")
    if t.size > 1 and np.any(np.diff(t) < 0):
        raise ValueError("ts must be non-decreasing")
    return t, v


def ema(ts: Series, values: Series, tau_s: float) -> FloatArray:
    """Exponential moving average with time constant ``tau_s`` seconds.

    NaN inputs (no face in that window) hold the previous output rather than poisoning it;
    leading NaNs stay NaN until the first real value.
    """
    if tau_s <= 0:
        raise ValueError("tau_s must be positive")
    t, v = _as_series(ts, values)
    out = np.full_like(v, np.nan)
    prev: float | None = None
    prev_t = 0.0
    for i in range(v.size):
        x = float(v[i])
        if math.isnan(x):
            out[i] = np.nan if prev is None else prev
            continue
        if prev is None:
            prev = x
        else:
            alpha = 1.0 - math.exp(-max(float(t[i]) - prev_t, 0.0) / tau_s)
            prev = prev + alpha * (x - prev)
        prev_t = float(t[i])
        out[i] = prev
    return out


class OneEuroFilter:
    """The 1€ filter (Casiez, Roussel & Vogel, CHI 2012).

    Chosen for head pose because it smooths jitter hard while the head is still but follows a
    real turn with little lag, which a fixed EMA cannot do at the same time.
    """

    def __init__(self, min_cutoff: float = 1.0, beta: float = 0.05, d_cutoff: float = 1.0) -> None:
        if min_cutoff <= 0 or d_cutoff <= 0 or beta < 0:
            raise ValueError("cutoffs must be positive and beta non-negative")
        self.min_cutoff = min_cutoff
        self.beta = beta
        self.d_cutoff = d_cutoff
        self._x: float | None = None
        self._dx = 0.0
        self._t = 0.0

    @staticmethod
    def _alpha(dt: float, cutoff: float) -> float:
        tau = 1.0 / (2.0 * math.pi * cutoff)
        return 1.0 / (1.0 + tau / dt)

    def __call__(self, t: float, x: float) -> float:
        if self._x is None:
            self._x, self._t = x, t
            return x
        dt = t - self._t
        if dt <= 0:
            # Duplicate timestamps (resent windows) must not divide by zero or double-count.
            return self._x
        dx = (x - self._x) / dt
        self._dx += self._alpha(dt, self.d_cutoff) * (dx - self._dx)
        cutoff = self.min_cutoff + self.beta * abs(self._dx)
        self._x += self._alpha(dt, cutoff) * (x - self._x)
        self._t = t
        return self._x


def one_euro(
    ts: Series,
    values: Series,
    *,
    min_cutoff: float = 1.0,
    beta: float = 0.05,
    d_cutoff: float = 1.0,
) -> FloatArray:
    """Apply a fresh :class:`OneEuroFilter` over a series; NaNs hold the last output."""
    t, v = _as_series(ts, values)
    filt = OneEuroFilter(min_cutoff=min_cutoff, beta=beta, d_cutoff=d_cutoff)
    out = np.full_like(v, np.nan)
    last = math.nan
    for i in range(v.size):
        x = float(v[i])
        if not math.isnan(x):
            last = filt(float(t[i]), x)
        out[i] = last
    return out


def debounce(states: Sequence[bool], k: int) -> list[bool]:
    """Change state only after ``k`` consecutive samples agree (face presence flicker)."""
    if k < 1:
        raise ValueError("k must be >= 1")
    if not states:
        return []
    current = bool(states[0])
    run = 0
    out: list[bool] = []
    for s in states:
        if bool(s) != current:
            run += 1
            if run >= k:
                current = bool(s)
                run = 0
        else:
            run = 0
        out.append(current)
    return out


def rolling_mean(ts: Series, values: Series, window_s: float) -> FloatArray:
    """Trailing mean over the last ``window_s`` seconds, ignoring NaNs."""
    t, v = _as_series(ts, values)
    out = np.full_like(v, np.nan)
    lo = 0
    for i in range(v.size):
        while t[i] - t[lo] > window_s:
            lo += 1
        chunk = v[lo : i + 1]
        finite = chunk[~np.isnan(chunk)]
        if finite.size:
            out[i] = float(finite.mean())
    return out


def rolling_median(
    ts: Series, values: Series, window_s: float, *, centered: bool = True
) -> FloatArray:
    """Median over ``window_s`` seconds, ignoring NaNs.

    Applied before an EMA because a median drops an impulse shorter than half its window
    entirely, where an EMA would smear it into a longer, shallower drop that could then pass
    a duration test. ``centered`` uses future samples too (reports); live cues use trailing.
    """
    t, v = _as_series(ts, values)
    out = np.full_like(v, np.nan)
    half = window_s / 2.0 if centered else window_s
    vals = v.tolist()
    lo = hi = 0
    for i in range(v.size):
        while t[i] - t[lo] > half:
            lo += 1
        if centered:
            while hi + 1 < v.size and t[hi + 1] - t[i] <= half:
                hi += 1
        else:
            hi = i
        hi = max(hi, i)
        # Plain Python on the few samples in a window: np.median's per-call overhead made this
        # the slowest step of a report build.
        finite = [x for x in vals[lo : hi + 1] if not math.isnan(x)]
        if finite:
            out[i] = statistics.median(finite)
    return out
