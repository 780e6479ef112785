"""Offline analysis of a recorded answer: file or samples in, ``AudioAnalysis`` out.

The work is split so the web layer can run recognition in the process pool without
blocking: ``prepare`` (VAD + segmentation, cheap) -> transcribe each
``plan.utterances[i].audio`` anywhere -> ``finish(plan, texts)``. ``analyze_samples`` and
``analyze_file`` do all three in-process.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from moodlens.signals.audio.asr import AsrResult, MoonshineAsr
from moodlens.signals.audio.decode import (
    DEFAULT_MAX_DURATION_S,
    SAMPLE_RATE,
    FloatArray,
    human_duration,
    load_audio,
    to_mono_16k,
)
from moodlens.signals.audio.errors import AudioTooLongError, EmptyAudioError, SilentAudioError
from moodlens.signals.audio.fillers import Filler
from moodlens.signals.audio.merge import split_overlapping
from moodlens.signals.audio.metrics import SpeechMetrics, compute_metrics, volume_stats
from moodlens.signals.audio.robust import OVERLAP_S
from moodlens.signals.audio.utterance import (
    UtteranceResult,
    process_utterance,
    utterance_bounds,
    with_markers,
)
from moodlens.signals.audio.vad import (
    Region,
    VadConfig,
    group_utterances,
    speech_probabilities,
    trim_hangover,
    voiced_regions,
)
from moodlens.signals.audio.variety import VoiceVariety, answer_voice_variety
from moodlens.signals.audio.words import Word


class Transcriber(Protocol):
    """Anything that turns one utterance's samples into text (MoonshineAsr, a pool proxy).

    ``transcribe_robust`` must not lose voiced speech silently (see robust.py)."""

    def transcribe_robust(self, audio: FloatArray) -> AsrResult: ...


@dataclass(frozen=True, slots=True)
class PlannedUtterance:
    """An utterance to recognise: its span and the (padded) samples to send to the ASR."""

    span: Region
    audio: FloatArray
    audio_start: float
    # Cut from the previous utterance inside speech (the 10 s cap, no silence at the cut):
    # the audio reaches OVERLAP_S back over the cut and the texts are joined (merge.py).
    continues: bool = False


@dataclass(frozen=True, slots=True)
class AnalysisPlan:
    """Output of ``prepare``: everything except the transcripts."""

    samples: FloatArray
    duration_s: float
    voiced: tuple[Region, ...]
    utterances: tuple[PlannedUtterance, ...]


@dataclass(frozen=True, slots=True)
class AudioAnalysis:
    """Full analysis of one recorded answer."""

    duration_s: float
    transcript: str
    words: tuple[Word, ...]
    fillers: tuple[Filler, ...]
    voiced: tuple[Region, ...]
    utterances: tuple[UtteranceResult, ...]
    metrics: SpeechMetrics

    # Voiced stretches nothing could be recognised in (shown in the transcript).
    untranscribed: tuple[Region, ...] = ()
    # Pitch range and monotone stretches (semitones only; variety.py).
    voice_variety: VoiceVariety | None = None

    def to_dict(self) -> dict[str, object]:
        """The ``analyze-audio --json`` object (issue #3 keys plus a few extras)."""
        m = self.metrics
        ps = m.pause_stats
        vol = m.volume
        return {
            "duration_s": round(self.duration_s, 3),
            "transcript": self.transcript,
            "words": [w.to_dict() for w in self.words],
            "wpm": _r(m.wpm, 1),
            "articulation_wpm": _r(m.articulation_wpm, 1),
            "fillers": [f.to_dict() for f in self.fillers],
            "filler_per_min": _r(m.filler_per_min, 2),
            "pauses": [{"start": round(p.start, 3), "end": round(p.end, 3)} for p in m.pauses],
            "long_pauses": ps.long_count,
            "speaking_ratio": round(m.speaking_ratio, 3),
            # Speech heard but not recognised: unknown, not silence (left out of the rates).
            "untranscribed": [
                {"start": round(s.start, 3), "end": round(s.end, 3)} for s in self.untranscribed
            ],
            "untranscribed_s": round(m.untranscribed_s, 3),
            # extras
            "word_count": m.word_count,
            "wpm_reliable": m.wpm_reliable,
            "speaking_span_s": round(m.speaking_span_s, 3),
            "filled_pause_count": m.filled_pause_count,
            "discourse_filler_count": m.discourse_filler_count,
            "filled_pause_per_min": _r(m.filled_pause_per_min, 2),
            "pause_stats": {
                "count": ps.count,
                "median_s": _r(ps.median_s, 3),
                "p90_s": _r(ps.p90_s, 3),
                "bins": ps.bins,
            },
            "response_latency_s": _r(m.response_latency_s, 3),
            "volume": None
            if vol is None
            else {
                "speech_dbfs": _r(vol.speech_dbfs, 1),
                "peak_dbfs": _r(vol.peak_dbfs, 1),
                "clipped_fraction": round(vol.clipped_fraction, 5),
                "warnings": list(vol.warnings),
            },
            "voice_variety": None if self.voice_variety is None else self.voice_variety.to_dict(),
            "utterances": [
                {
                    "start": round(u.span.start, 3),
                    "end": round(u.span.end, 3),
                    "text": u.display_text,
                }
                for u in self.utterances
            ],
        }


def _r(v: float | None, nd: int) -> float | None:
    return None if v is None else round(v, nd)


def prepare(
    samples: FloatArray,
    sample_rate: int = SAMPLE_RATE,
    max_duration_s: float = DEFAULT_MAX_DURATION_S,
    cfg: VadConfig = VadConfig(),
) -> AnalysisPlan:
    """Resample, validate and segment. Raises EmptyAudioError, AudioTooLongError,
    SilentAudioError (no speech found)."""
    x = to_mono_16k(samples, sample_rate)
    if x.size == 0:
        raise EmptyAudioError("the recording contains no audio samples")
    dur = x.size / SAMPLE_RATE
    if dur > max_duration_s:
        raise AudioTooLongError(
            f"the recording is {human_duration(dur)} long; "
            f"the limit is {human_duration(max_duration_s)}"
        )
    probs = speech_probabilities(x)
    voiced = voiced_regions(probs, cfg)
    if not voiced:
        rms = float(np.sqrt(np.mean(x.astype(np.float64) ** 2)))
        what = (
            "the recording is completely silent"
            if rms < 1e-5
            else f"no speech found in the recording (average level {20 * np.log10(rms):.0f} dBFS)"
        )
        raise SilentAudioError(f"{what}; check that the microphone was on")
    utts = group_utterances(voiced, probs, cfg, samples=x)
    planned = []
    for k, u in enumerate(utts):
        # Long continuous speech is cut by the cap where nobody paused: both sides of such a
        # cut hear OVERLAP_S of the other, so a word cut in two is heard whole once.
        cut_before = k > 0 and utts[k - 1].end >= u.start
        cut_after = k + 1 < len(utts) and utts[k + 1].start <= u.end
        a, b = utterance_bounds(x.size, u, cfg.asr_pad_s)
        if cut_before:
            a = max(0, int((u.start - OVERLAP_S) * SAMPLE_RATE))
        if cut_after:
            b = min(x.size, int((u.end + OVERLAP_S) * SAMPLE_RATE))
        planned.append(PlannedUtterance(u, x[a:b], a / SAMPLE_RATE, cut_before))
    # Pauses are measured on the regions without the VAD's decay tail (trim_hangover).
    return AnalysisPlan(x, dur, tuple(trim_hangover(voiced, probs, cfg)), tuple(planned))


def _untranscribed(pu: PlannedUtterance, r: AsrResult) -> list[Region]:
    return [Region(pu.audio_start + a, pu.audio_start + b) for a, b in r.untranscribed]


def finish(plan: AnalysisPlan, texts: Sequence[str | AsrResult]) -> AudioAnalysis:
    """Combine the plan with one recognition result (or plain text) per planned utterance."""
    if len(texts) != len(plan.utterances):
        raise ValueError("one transcript per planned utterance is required")
    asr = [t if isinstance(t, AsrResult) else AsrResult(t, (), False) for t in texts]
    kept = [r.text for r in asr]
    for k, pu in enumerate(plan.utterances):
        if pu.continues:
            kept[k - 1], kept[k] = split_overlapping(kept[k - 1], kept[k])
    results = []
    for pu, r, text in zip(plan.utterances, asr, kept, strict=True):
        results.append(
            process_utterance(
                text,
                pu.span,
                plan.voiced,
                pu.audio,
                pu.audio_start,
                untranscribed=_untranscribed(pu, r),
            )
        )
    words = tuple(w for r in results for w in r.words)
    fillers = tuple(f for r in results for f in r.fillers)
    unknown = tuple(_merge_close(s for r in results for s in r.untranscribed))
    vol = volume_stats(plan.samples, plan.voiced)
    metrics = compute_metrics(
        words,
        fillers,
        plan.voiced,
        0.0,
        plan.duration_s,
        question_shown_at=0.0,
        volume=vol,
        untranscribed=unknown,
    )
    transcript = (
        with_markers(words, unknown)
        if unknown
        else " ".join(r.text for r in results if r.text).strip()
    )
    return AudioAnalysis(
        plan.duration_s,
        transcript,
        words,
        fillers,
        plan.voiced,
        tuple(results),
        metrics,
        unknown,
        answer_voice_variety([(0.0, plan.samples)]),
    )


def _merge_close(spans: Iterable[Region], gap_s: float = 0.3) -> list[Region]:
    """One span for stretches split only by a segmentation cut (they touch or overlap)."""
    out: list[Region] = []
    for sp in sorted(spans, key=lambda r: r.start):
        if out and sp.start - out[-1].end <= gap_s:
            out[-1] = Region(out[-1].start, max(out[-1].end, sp.end))
        else:
            out.append(sp)
    return out


@functools.cache
def default_asr() -> MoonshineAsr:
    """A process-wide recogniser for offline use (CLI, tests); loads models on first call."""
    return MoonshineAsr()


def analyze_samples(
    samples: FloatArray,
    sample_rate: int = SAMPLE_RATE,
    asr: Transcriber | None = None,
    max_duration_s: float = DEFAULT_MAX_DURATION_S,
) -> AudioAnalysis:
    """Analyse audio samples in this process (blocking; use the pool from async code)."""
    plan = prepare(samples, sample_rate, max_duration_s)
    engine = asr or default_asr()
    return finish(plan, [engine.transcribe_robust(u.audio) for u in plan.utterances])


def analyze_file(
    path: Path | str,
    asr: Transcriber | None = None,
    max_duration_s: float = DEFAULT_MAX_DURATION_S,
) -> AudioAnalysis:
    """Decode and analyse an audio file (WAV/FLAC/OGG/MP3/WebM, any rate, mono/stereo)."""
    x = load_audio(path, max_duration_s)
    return analyze_samples(x, SAMPLE_RATE, asr, max_duration_s)
