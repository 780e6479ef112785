"""Fundamental frequency (F0) of speech with YIN (de Cheveigné & Kawahara 2002), in numpy.

Input is the 16 kHz mono float audio the server already receives; output is one F0 value per
10 ms frame (NaN where the frame is unvoiced or silent). The tracker knows nothing about the
speaker: it measures how often the waveform repeats, nothing else. What the report says
about the contour (range, monotone stretches) is in `variety.py`.

All frames of a clip are processed at once (frames as rows, FFT cross-correlation): 20-50 ms
of one core per second of audio on the dev machine (idle / loaded, bench/delivery_habits.py);
the live pipeline runs it in a thread, off the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray

HOP = 160  # 10 ms frames
WINDOW = 480  # YIN integration window: 30 ms, two periods of the lowest F0 searched
F0_MIN_HZ = 60.0  # below ordinary speaking pitch of adult voices
F0_MAX_HZ = 500.0  # above it (children, raised voice); octave errors above are dropped
# YIN's absolute threshold on the cumulative mean normalised difference: the first dip under
# it is the period (the paper's 0.10-0.15; 0.15 keeps breathy voiced frames).
YIN_THRESHOLD = 0.15
# A frame whose best dip is still above this is aperiodic (noise, fricatives): unvoiced.
MAX_APERIODICITY = 0.30
# Frames quieter than this below the clip's loudest 10 % are silence or background.
SILENCE_BELOW_PEAK_DB = 35.0
ABSOLUTE_SILENCE_DBFS = -55.0
# Voiced runs shorter than this are clicks or the edges of consonants, not a pitch.
MIN_VOICED_RUN = 4
# A frame more than this far from the median of its neighbourhood is an octave error.
OUTLIER_ST = 5.0
OUTLIER_SPAN = 15  # frames each side for that median (150 ms)

FRAME_S = HOP / SAMPLE_RATE
BLOCK_FRAMES = 1000


@dataclass(frozen=True, slots=True)
class PitchTrack:
    """F0 per 10 ms frame; frame k is centred at ``start + k * FRAME_S + WINDOW/2``."""

    start: float
    f0_hz: npt.NDArray[np.float64]

    @property
    def times(self) -> npt.NDArray[np.float64]:
        """Session (or clip) time of each frame's centre."""
        centre = (WINDOW / 2) / SAMPLE_RATE
        return np.asarray(self.start + centre + np.arange(self.f0_hz.size) * FRAME_S, np.float64)

    @property
    def voiced(self) -> npt.NDArray[np.bool_]:
        return np.isfinite(self.f0_hz)


def _frames(x: npt.NDArray[np.float64], length: int, lo: int, hi: int) -> npt.NDArray[np.float64]:
    """Frames ``lo``..``hi`` as rows (a copy of that block only)."""
    view = np.lib.stride_tricks.sliding_window_view(x, length)[::HOP]
    return np.asarray(view[lo:hi])


def _cmnd(frames: npt.NDArray[np.float64], tau_max: int) -> npt.NDArray[np.float64]:
    """YIN steps 2-3: difference function, then its cumulative mean normalisation."""
    n_fft = 1 << int(np.ceil(np.log2(frames.shape[1] + WINDOW)))
    head = np.fft.rfft(frames[:, :WINDOW], n_fft)
    full = np.fft.rfft(frames, n_fft)
    cross = np.fft.irfft(np.conj(head) * full, n_fft)[:, : tau_max + 1]
    sq = np.cumsum(np.square(frames), axis=1)
    sq = np.concatenate([np.zeros((frames.shape[0], 1)), sq], axis=1)
    taus = np.arange(tau_max + 1)
    energy_shifted = sq[:, taus + WINDOW] - sq[:, taus]
    energy0 = energy_shifted[:, :1]
    diff = np.maximum(energy0 + energy_shifted - 2.0 * cross, 0.0)
    running = np.cumsum(diff[:, 1:], axis=1)
    out = np.ones_like(diff)
    with np.errstate(divide="ignore", invalid="ignore"):
        out[:, 1:] = np.where(running > 0, diff[:, 1:] * taus[1:] / running, 1.0)
    return np.asarray(out, np.float64)


def _pick_periods(
    d: npt.NDArray[np.float64], tau_min: int, tau_max: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """YIN steps 4-5: first dip under the threshold (else the global minimum), refined to its
    local minimum and by parabolic interpolation. Returns (period in samples, aperiodicity)."""
    rows = np.arange(d.shape[0])
    band = d[:, tau_min : tau_max + 1]
    under = band < YIN_THRESHOLD
    has = under.any(axis=1)
    first = np.where(has, np.argmax(under, axis=1), np.argmin(band, axis=1)) + tau_min
    # Walk down to the bottom of that dip.
    for _ in range(tau_max - tau_min):
        nxt = np.minimum(first + 1, tau_max)
        step = (d[rows, nxt] < d[rows, first]) & (first < tau_max)
        if not step.any():
            break
        first = np.where(step, nxt, first)
    left = d[rows, np.maximum(first - 1, 0)]
    mid = d[rows, first]
    right = d[rows, np.minimum(first + 1, tau_max)]
    denom = left - 2.0 * mid + right
    with np.errstate(divide="ignore", invalid="ignore"):
        shift = np.where(np.abs(denom) > 1e-12, 0.5 * (left - right) / denom, 0.0)
    shift = np.clip(shift, -0.5, 0.5)
    return first + shift, mid


def _drop_short_runs(voiced: npt.NDArray[np.bool_], min_run: int) -> npt.NDArray[np.bool_]:
    out = voiced.copy()
    k = 0
    while k < out.size:
        if not out[k]:
            k += 1
            continue
        j = k
        while j < out.size and out[j]:
            j += 1
        if j - k < min_run:
            out[k:j] = False
        k = j
    return out


def _drop_octave_errors(f0: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """NaN out voiced frames far (in semitones) from the median of the voiced frames around
    them (OUTLIER_SPAN voiced neighbours each side)."""
    idx = np.flatnonzero(np.isfinite(f0))
    if idx.size < 5:
        return f0.copy()
    st = 12.0 * np.log2(f0[idx] / 100.0)
    padded = np.pad(st, OUTLIER_SPAN, constant_values=np.nan)
    around = np.lib.stride_tricks.sliding_window_view(padded, 2 * OUTLIER_SPAN + 1)
    median = np.nanmedian(around, axis=1)
    out = f0.copy()
    out[idx[np.abs(st - median) > OUTLIER_ST]] = np.nan
    return out


def track_pitch(audio: FloatArray, start: float = 0.0) -> PitchTrack:
    """F0 of ``audio`` (16 kHz mono in [-1, 1]) per 10 ms frame; NaN where unvoiced.

    ``start`` is the time of the first sample (session seconds for a live utterance)."""
    x = np.asarray(audio, dtype=np.float64)
    tau_min = int(SAMPLE_RATE / F0_MAX_HZ)
    tau_max = int(np.ceil(SAMPLE_RATE / F0_MIN_HZ))
    length = WINDOW + tau_max + 1
    if x.size < length:
        return PitchTrack(start, np.full(0, np.nan))
    n = 1 + (x.size - length) // HOP
    # Window energies from a running sum: no frame matrix for the whole clip.
    cs = np.concatenate([[0.0], np.cumsum(np.square(x))])
    at = np.arange(n) * HOP
    rms_db = 10.0 * np.log10((cs[at + WINDOW] - cs[at]) / WINDOW + 1e-12)
    loud = float(np.percentile(rms_db, 90))
    audible = (rms_db > loud - SILENCE_BELOW_PEAK_DB) & (rms_db > ABSOLUTE_SILENCE_DBFS)
    period = np.ones(n)
    aperiodicity = np.ones(n)
    # Blocks of frames keep memory flat for long uploads (10 s: about 15 MB of work arrays).
    for lo in range(0, n, BLOCK_FRAMES):
        hi = min(n, lo + BLOCK_FRAMES)
        d = _cmnd(_frames(x, length, lo, hi), tau_max)
        period[lo:hi], aperiodicity[lo:hi] = _pick_periods(d, tau_min, tau_max)
    voiced = audible & (aperiodicity < MAX_APERIODICITY)
    voiced = _drop_short_runs(voiced, MIN_VOICED_RUN)
    f0 = np.where(voiced, SAMPLE_RATE / period, np.nan)
    f0 = np.where((f0 >= F0_MIN_HZ) & (f0 <= F0_MAX_HZ), f0, np.nan)
    return PitchTrack(start, _drop_octave_errors(f0))
