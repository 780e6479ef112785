"""Voice variety of one answer from its pitch tracks: range, variability, monotone stretches.

Everything is in semitones relative to the answer's own median F0, so the figures describe how
much the pitch moved, never how high a voice is: no Hz value is stored or shown (a voice's
height says nothing about delivery and comes close to a protected attribute, DESIGN §8).

Definitions (documented in the report's wording and in tests):
- range_st: the spread of the middle 90 % of voiced frames (5th to 95th percentile).
- variability_st: standard deviation of the voiced frames.
- a monotone stretch: at least MONOTONE_MIN_S of speech in which every syllable-sized chunk
  (the median of a 0.2 s slice of voiced frames) stayed within MONOTONE_MAX_ST semitones, with
  no silence longer than MAX_GAP_S inside it. Ordinary speech moves 4-12 semitones within a
  few seconds; espeak-ng with its pitch range set to zero stays within 0.5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from moodlens.signals.audio.decode import FloatArray
from moodlens.signals.audio.pitch import FRAME_S, PitchTrack, track_pitch
from moodlens.signals.audio.vad import VadConfig

CHUNK_S = 0.2  # about a syllable
MIN_FRAMES_PER_CHUNK = 5  # 50 ms of voicing makes a chunk's pitch
MONOTONE_MAX_ST = 2.0
MONOTONE_MIN_S = 8.0
MAX_GAP_S = 1.0  # a longer silence ends a stretch (the next phrase starts afresh)
MIN_VOICED_S = 3.0  # less voiced speech than this is too little to judge variety
VERSION = 1


@dataclass(frozen=True, slots=True)
class MonotoneStretch:
    start: float
    end: float
    range_st: float

    def to_dict(self) -> dict[str, float]:
        return {
            "start": round(self.start, 2) + 0.0,
            "end": round(self.end, 2),
            "duration_s": round(self.end - self.start, 1),
            "range_st": round(self.range_st, 1),
        }


@dataclass(frozen=True, slots=True)
class VoiceVariety:
    """What the report needs about one answer's pitch; ``measured`` False says why not."""

    measured: bool
    voiced_s: float
    range_st: float | None = None
    variability_st: float | None = None
    monotone: tuple[MonotoneStretch, ...] = ()
    reason: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "version": VERSION,
            "measured": self.measured,
            "voiced_s": round(self.voiced_s, 1),
            "range_st": None if self.range_st is None else round(self.range_st, 1),
            "variability_st": None
            if self.variability_st is None
            else round(self.variability_st, 2),
            "monotone": [m.to_dict() for m in self.monotone],
            "reason": self.reason,
            "thresholds": {"max_st": MONOTONE_MAX_ST, "min_s": MONOTONE_MIN_S},
        }


def _chunks(
    times: npt.NDArray[np.float64], st: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Median pitch of each 0.2 s slice that holds enough voiced frames."""
    slot = np.floor(times / CHUNK_S).astype(np.int64)
    out_t: list[float] = []
    out_v: list[float] = []
    for s in np.unique(slot):
        mask = slot == s
        if int(mask.sum()) >= MIN_FRAMES_PER_CHUNK:
            out_t.append(float(np.mean(times[mask])))
            out_v.append(float(np.median(st[mask])))
    return np.asarray(out_t), np.asarray(out_v)


def monotone_stretches(
    times: npt.NDArray[np.float64],
    st: npt.NDArray[np.float64],
    max_st: float = MONOTONE_MAX_ST,
    min_s: float = MONOTONE_MIN_S,
) -> list[MonotoneStretch]:
    """Longest non-overlapping spans of chunks whose pitch stayed within ``max_st``."""
    ct, cv = _chunks(times, st)
    half = CHUNK_S / 2
    windows: list[tuple[float, int, int]] = []
    j = 0
    for i in range(ct.size):
        j = max(j, i)
        # Extend while the next chunk keeps the span within max_st and follows closely.
        while (
            j + 1 < ct.size
            and ct[j + 1] - ct[j] <= MAX_GAP_S
            and float(np.ptp(cv[i : j + 2])) <= max_st
        ):
            j += 1
        length = (ct[j] + half) - (ct[i] - half)
        if length >= min_s:
            windows.append((length, i, j))
    taken: list[tuple[int, int]] = []
    for _, i, j in sorted(windows, key=lambda w: -w[0]):
        if all(j < a or i > b for a, b in taken):
            taken.append((i, j))
    return [
        MonotoneStretch(float(ct[i] - half), float(ct[j] + half), float(np.ptp(cv[i : j + 1])))
        for i, j in sorted(taken)
    ]


def voice_variety(tracks: Sequence[PitchTrack]) -> VoiceVariety:
    """Summarise the pitch tracks of one answer (its utterances, in time order)."""
    times_parts: list[npt.NDArray[np.float64]] = [np.zeros(0)]
    f0_parts: list[npt.NDArray[np.float64]] = [np.zeros(0)]
    last = -np.inf
    for t in sorted(tracks, key=lambda t: t.start):
        # An utterance cut inside speech (the recogniser's 10 s cap) repeats a little audio
        # of the previous one: count those frames once.
        keep = t.voiced & (t.times > last)
        times_parts.append(t.times[keep])
        f0_parts.append(t.f0_hz[keep])
        if t.f0_hz.size:
            last = max(last, float(t.times[-1]))
    times = np.concatenate(times_parts)
    f0 = np.concatenate(f0_parts)
    voiced_s = float(f0.size * FRAME_S)
    if voiced_s < MIN_VOICED_S:
        return VoiceVariety(
            False,
            voiced_s,
            reason=f"Only {voiced_s:.1f} s of voiced speech was heard; pitch variety needs "
            f"at least {MIN_VOICED_S:.0f} s.",
        )
    order = np.argsort(times, kind="stable")
    times, f0 = times[order], f0[order]
    st = 12.0 * np.log2(f0 / float(np.median(f0)))
    p5, p95 = np.percentile(st, [5, 95])
    return VoiceVariety(
        True,
        voiced_s,
        float(p95 - p5),
        float(np.std(st)),
        tuple(monotone_stretches(times, st)),
    )


def answer_voice_variety(pieces: Sequence[tuple[float, FloatArray]]) -> VoiceVariety:
    """Voice variety from an answer's audio: (time of the first sample, samples) per piece."""
    return voice_variety([track_pitch(audio, start) for start, audio in pieces])


def utterances_voice_variety(utterances: Sequence[tuple[float, FloatArray]]) -> VoiceVariety:
    """Voice variety from VAD utterances: (speech start, the utterance's audio) each.

    The VAD hands the recogniser each utterance with `asr_pad_s` of audio before the speech
    start, so the samples begin that much earlier."""
    lead = VadConfig().asr_pad_s
    return answer_voice_variety([(max(0.0, start - lead), audio) for start, audio in utterances])
