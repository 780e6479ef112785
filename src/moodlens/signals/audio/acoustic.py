"""Frame-level acoustic features (energy, pitch, spectral change) and a filled-pause detector.

A filled pause ("uh", "um", "erm") is a sustained, voiced, spectrally steady sound with an
almost flat pitch, typically 200-1000 ms long; ordinary vowels rarely stay that steady for
more than ~150 ms. The detector backs the transcript, which sometimes drops a mid-sentence
"uh". Everything here is plain numpy so it is cheap enough for the live path.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray

HOP = SAMPLE_RATE // 100  # 10 ms
WIN = 512  # 32 ms: two periods of a 70 Hz voice
HOP_S = HOP / SAMPLE_RATE
F0_MIN, F0_MAX = 70.0, 400.0
N_BANDS = 24
# Voiced frames (1 s) needed before a sound's pitch is compared with the speaker's.
BASELINE_MIN_FRAMES = 100


@dataclass(frozen=True, slots=True)
class FilledPauseConfig:
    """Detector thresholds; the defaults were set on synthetic and real speech (see tests)."""

    min_s: float = 0.25
    max_s: float = 1.0
    voicing: float = 0.6  # normalised autocorrelation peak
    max_flux_db: float = 3.0  # mean |change| of band levels per 10 ms
    max_pitch_step_st: float = 0.6  # semitones between neighbouring frames
    max_slope_st_s: float = 8.0  # semitones per second: level or gently falling
    max_wobble_st: float = 1.0  # p90 distance from the linear pitch trend
    max_spread_db: float = 3.0  # spectral shape kept over the whole sound (see _spread_db)
    min_level_db: float = -25.0  # relative to the loud frames of the utterance


@dataclass(frozen=True, slots=True)
class FrameFeatures:
    """Per-10 ms-frame features of a signal; frame i is centred at i*10 ms + 16 ms."""

    level_db: npt.NDArray[np.float64]
    voicing: npt.NDArray[np.float64]
    f0: npt.NDArray[np.float64]  # Hz, 0 where unvoiced
    flux_db: npt.NDArray[np.float64]
    bands_db: npt.NDArray[np.float64]  # (frames, N_BANDS) mel-band levels

    def __len__(self) -> int:
        return int(self.level_db.size)


@dataclass(frozen=True, slots=True)
class FilledPause:
    """A detected filled pause, times in seconds."""

    start: float
    end: float
    f0: float
    # Its pitch in semitones against the median pitch of the voiced signal it was found in
    # (None when that signal has too little other voicing to tell).
    pitch_rel_st: float | None = None


def _band_edges(n_fft: int) -> list[tuple[int, int]]:
    # Mel-spaced bands between 100 Hz and 5 kHz: where vowel formants move.
    mel = np.linspace(2595 * np.log10(1 + 100 / 700), 2595 * np.log10(1 + 5000 / 700), N_BANDS + 1)
    hz = 700 * (10 ** (mel / 2595) - 1)
    bins = np.round(hz / SAMPLE_RATE * n_fft).astype(int)
    return [(int(a), max(int(b), int(a) + 1)) for a, b in itertools.pairwise(bins)]


_EDGES = _band_edges(WIN)
_WINDOW = np.hanning(WIN)
# A windowed frame's autocorrelation tapers with the lag; undo it so long lags (low
# voices) are not penalised.
_TAPER = np.correlate(_WINDOW, _WINDOW, mode="full")[WIN - 1 :]
_TAPER_FIX = _TAPER[0] / np.maximum(_TAPER, 1e-6)
# Averages the power bins of each band: (WIN // 2 + 1, N_BANDS).
_BAND_MATRIX = np.zeros((WIN // 2 + 1, N_BANDS))
for _j, (_a, _b) in enumerate(_EDGES):
    _BAND_MATRIX[_a:_b, _j] = 1.0 / (_b - _a)


def frame_features(x: FloatArray) -> FrameFeatures:
    """Compute level, voicing, pitch and spectral flux for 10 ms frames of a 16 kHz signal."""
    # float64: numpy's float32 FFT path is slower, and the autocorrelation wants precision.
    sig = np.asarray(x, dtype=np.float64).reshape(-1)
    n = max(0, (sig.size - WIN) // HOP + 1)
    if n == 0:
        z = np.zeros(0)
        return FrameFeatures(z, z, z, z, np.zeros((0, N_BANDS)))
    frames = np.lib.stride_tricks.sliding_window_view(sig, WIN)[::HOP][:n]
    frames = frames - frames.mean(axis=1, keepdims=True)
    level = 10 * np.log10((frames**2).mean(axis=1) + 1e-12)

    # One zero-padded FFT serves both the autocorrelation (no circular wrap) and the band
    # levels (its even bins are the bins of the unpadded transform).
    spec = np.fft.rfft(frames * _WINDOW, n=2 * WIN, axis=1)
    power = spec.real**2 + spec.imag**2
    # Autocorrelation by Wiener-Khinchin, normalised by the zero lag; only the lags a
    # voice can have (plus one for interpolation) are kept.
    lag_lo, lag_hi = int(SAMPLE_RATE / F0_MAX), int(SAMPLE_RATE / F0_MIN)
    ac = np.fft.irfft(power, axis=1)[:, : lag_hi + 2]
    nac = (ac / (ac[:, :1] + 1e-12)) * _TAPER_FIX[: lag_hi + 2]
    rows = np.arange(n)
    lag = np.argmax(nac[:, lag_lo:lag_hi], axis=1) + lag_lo
    # A period T also peaks at 2T; prefer the shorter lag when it is nearly as strong,
    # which removes the octave-down errors that would fake a pitch jump.
    for _ in range(2):
        half = lag // 2
        ok = half - 1 >= lag_lo
        cand = np.stack([nac[rows, np.clip(half + d, 0, lag_hi)] for d in (-1, 0, 1)], axis=1)
        cbest = np.argmax(cand, axis=1)
        use = ok & (cand[rows, cbest] >= 0.85 * nac[rows, lag])
        lag = np.where(use, half + cbest - 1, lag)
    voicing = nac[rows, lag]
    # Parabolic interpolation for sub-sample pitch.
    left = nac[rows, np.maximum(lag - 1, 0)]
    right = nac[rows, np.minimum(lag + 1, lag_hi + 1)]
    denom = left - 2 * voicing + right
    safe = np.where(np.abs(denom) > 1e-9, denom, 1.0)
    shift = np.where(np.abs(denom) > 1e-9, 0.5 * (left - right) / safe, 0.0)
    f0 = SAMPLE_RATE / (lag + np.clip(shift, -0.5, 0.5))

    bands = power[:, ::2] @ _BAND_MATRIX
    bands_db = 10 * np.log10(bands + 1e-12)
    flux = np.zeros(n)
    if n > 1:
        flux[1:] = np.abs(np.diff(bands_db, axis=0)).mean(axis=1)
    voicing = np.clip(voicing, 0.0, 1.0)
    f0 = np.where(voicing > 0.3, f0, 0.0)
    return FrameFeatures(level, voicing, f0, flux, bands_db)


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i, n = 0, mask.size
    while i < n:
        if mask[i]:
            j = i
            while j < n and mask[j]:
                j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


def detect_filled_pauses(
    x: FloatArray,
    offset_s: float = 0.0,
    cfg: FilledPauseConfig = FilledPauseConfig(),
    feats: FrameFeatures | None = None,
) -> list[FilledPause]:
    """Find filled pauses in a speech signal (times are ``offset_s`` + position in ``x``)."""
    f = feats or frame_features(x)
    n = len(f)
    if n < 3:
        return []
    loud = float(np.percentile(f.level_db, 95))
    semis = 12 * np.log2(np.maximum(f.f0, 1.0) / 100.0)
    step = np.zeros(n)
    step[1:] = np.abs(np.diff(semis))
    steady = (
        (f.voicing >= cfg.voicing)
        & (f.level_db >= loud + cfg.min_level_db)
        & (f.flux_db <= cfg.max_flux_db)
        & (step <= cfg.max_pitch_step_st)
    )
    # One odd frame (a glitch in pitch tracking) does not break a sustained sound.
    bridged = steady.copy()
    bridged[1:-1] |= steady[:-2] & steady[2:]
    out: list[FilledPause] = []
    centre = WIN / 2 / SAMPLE_RATE - HOP_S / 2
    max_frames = round(cfg.max_s / HOP_S)
    voiced = (f.voicing >= cfg.voicing) & (f.level_db >= loud + cfg.min_level_db) & (f.f0 > 0)
    baseline = float(np.median(semis[voiced])) if voiced.sum() >= BASELINE_MIN_FRAMES else None
    for a, b in _runs(bridged):
        dur = (b - a) * HOP_S
        if dur < cfg.min_s or dur > cfg.max_s:
            continue
        if not _flat_pitch(semis[a:b], f.voicing[a:b] >= cfg.voicing, cfg):
            continue
        if _spread_db(f.bands_db[a:b]) > cfg.max_spread_db:
            continue
        # Carry on through a nasal coda ("u-m") at the same pitch: same sound, other shape.
        end = b
        while (
            end < n
            and end - a < max_frames
            and f.voicing[end] >= cfg.voicing
            and step[end] <= cfg.max_pitch_step_st
            and f.level_db[end] >= loud + cfg.min_level_db
        ):
            end += 1
        f0 = float(np.median(f.f0[a:b][f.f0[a:b] > 0]))
        rel = None if baseline is None else 12 * float(np.log2(f0 / 100.0)) - baseline
        fp = FilledPause(
            start=offset_s + a * HOP_S + centre,
            end=offset_s + end * HOP_S + centre,
            f0=f0,
            pitch_rel_st=rel,
        )
        if out and fp.start <= out[-1].end:
            last = out.pop()
            fp = FilledPause(last.start, max(fp.end, last.end), last.f0, last.pitch_rel_st)
        out.append(fp)
    return out


def _spread_db(bands_db: npt.NDArray[np.float64]) -> float:
    """Median distance (dB) of each frame's spectral shape from the sound's median shape.

    Frame-to-frame flux misses slow formant glides (which synthetic and careful speech
    have); a filled pause keeps one vowel shape for its whole length.
    """
    shape = bands_db - bands_db.mean(axis=1, keepdims=True)
    return float(np.median(np.abs(shape - np.median(shape, axis=0)).mean(axis=1)))


def _flat_pitch(
    semis: npt.NDArray[np.float64], voiced: npt.NDArray[np.bool_], cfg: FilledPauseConfig
) -> bool:
    """Level or gently drifting pitch: small slope and small wobble around the trend."""
    if voiced.sum() < 5:
        return False
    t = np.arange(semis.size)[voiced] * HOP_S
    y = semis[voiced]
    slope, icpt = np.polyfit(t, y, 1)
    resid = np.abs(y - (slope * t + icpt))
    return bool(abs(slope) <= cfg.max_slope_st_s and np.percentile(resid, 90) <= cfg.max_wobble_st)


def quiet_gaps(
    feats: FrameFeatures, offset_s: float = 0.0, min_s: float = 0.12, below_db: float = 30.0
) -> list[tuple[float, float]]:
    """Stretches >= ``min_s`` quieter than the loud frames by ``below_db`` (times in s).

    Finer than the VAD (10 ms frames, 120 ms minimum): used to place word boundaries at
    the short silences between phrases, never reported as pauses.
    """
    if len(feats) == 0:
        return []
    loud = float(np.percentile(feats.level_db, 95))
    quiet = feats.level_db < loud - below_db
    centre = WIN / 2 / SAMPLE_RATE - HOP_S / 2
    return [
        (offset_s + a * HOP_S + centre, offset_s + b * HOP_S + centre)
        for a, b in _runs(quiet)
        if (b - a) * HOP_S >= min_s
    ]


def concat_features(a: FrameFeatures, b: FrameFeatures) -> FrameFeatures:
    """Frames of ``a`` followed by the next frames ``b`` (flux fixed at the seam)."""
    if len(a) == 0:
        return b
    if len(b) == 0:
        return a
    flux_b = b.flux_db.copy()
    flux_b[0] = float(np.abs(b.bands_db[0] - a.bands_db[-1]).mean())
    return FrameFeatures(
        np.concatenate([a.level_db, b.level_db]),
        np.concatenate([a.voicing, b.voicing]),
        np.concatenate([a.f0, b.f0]),
        np.concatenate([a.flux_db, flux_b]),
        np.concatenate([a.bands_db, b.bands_db]),
    )


def slice_features(f: FrameFeatures, i: int, j: int) -> FrameFeatures:
    """Frames ``[i, j)``; the first frame's flux is kept (it compares with frame i-1)."""
    return FrameFeatures(
        f.level_db[i:j], f.voicing[i:j], f.f0[i:j], f.flux_db[i:j], f.bands_db[i:j]
    )


def empty_features() -> FrameFeatures:
    """Zero frames."""
    z = np.zeros(0)
    return FrameFeatures(z, z, z, z, np.zeros((0, N_BANDS)))
