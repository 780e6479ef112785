"""Speech metrics per answer and per rolling window (DESIGN §8b norms).

All times are seconds on one clock (file start offline, session clock live).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray
from moodlens.signals.audio.fillers import Filler
from moodlens.signals.audio.vad import Region
from moodlens.signals.audio.words import Word

PAUSE_MIN_S = 0.25
LONG_PAUSE_S = 2.0
PAUSE_BINS: tuple[tuple[str, float, float], ...] = (
    ("0.25-0.6", 0.25, 0.6),
    ("0.6-1.2", 0.6, 1.2),
    ("1.2-2", 1.2, 2.0),
    (">2", 2.0, float("inf")),
)
# Short turns inflate words-per-minute: show it only with enough evidence (DESIGN §8b).
WPM_MIN_SPAN_S = 15.0
WPM_MIN_WORDS = 30
QUIET_DBFS = -35.0  # speech this quiet is hard to transcribe; ask to move closer / gain up
CLIP_LEVEL = 0.99
CLIP_FRACTION = 0.001  # 0.1 % of speech samples at full scale is audible distortion


@dataclass(frozen=True, slots=True)
class PauseStats:
    """Distribution of silent pauses (>= 250 ms) between the first and last word."""

    count: int
    total_s: float
    median_s: float | None
    p90_s: float | None
    long_count: int  # >= 2 s
    bins: dict[str, int]


@dataclass(frozen=True, slots=True)
class VolumeStats:
    """Level of the voiced audio and clipping."""

    speech_dbfs: float | None  # RMS over voiced samples
    peak_dbfs: float | None
    clipped_fraction: float
    warnings: tuple[str, ...]  # "too_quiet", "clipping"


@dataclass(frozen=True, slots=True)
class SpeechMetrics:
    """Metrics for one answer or one time window."""

    window_start: float
    window_end: float
    word_count: int
    speaking_span_s: float  # first word start -> last word end
    voiced_s: float
    wpm: float | None
    articulation_wpm: float | None  # words / (span - pauses >= 250 ms)
    wpm_reliable: bool  # span >= 15 s or >= 30 words (DESIGN §8b)
    pauses: tuple[Region, ...]
    pause_stats: PauseStats
    filler_count: int
    filled_pause_count: int  # um/uh/erm, counted apart (DESIGN §8b)
    discourse_filler_count: int  # "like", "you know", ...
    filler_per_min: float | None  # per minute of speaking span
    filled_pause_per_min: float | None
    speaking_ratio: float  # voiced time / window length
    response_latency_s: float | None  # question shown -> first speech
    volume: VolumeStats | None = None
    # Voiced but not transcribed: unknown speech, left out of the time that rates are
    # computed over (it is not silence, and its words are not known to be missing).
    untranscribed_s: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-serialisable dict."""
        return asdict(self)


def pause_stats(pauses: Sequence[Region]) -> PauseStats:
    """Count, median, p90, long pauses and the §8b histogram of pause lengths."""
    d = np.array([p.duration for p in pauses], dtype=np.float64)
    bins = {name: int(((d >= lo) & (d < hi)).sum()) for name, lo, hi in PAUSE_BINS}
    return PauseStats(
        count=int(d.size),
        total_s=float(d.sum()),
        median_s=float(np.median(d)) if d.size else None,
        p90_s=float(np.percentile(d, 90)) if d.size else None,
        long_count=int((d >= LONG_PAUSE_S).sum()),
        bins=bins,
    )


def find_pauses(voiced: Sequence[Region], start: float, end: float) -> list[Region]:
    """Silent gaps >= 250 ms between voiced regions, inside [start, end]."""
    out: list[Region] = []
    for a, b in itertools.pairwise(voiced):
        g = Region(max(a.end, start), min(b.start, end))
        if g.duration >= PAUSE_MIN_S - 1e-6:
            out.append(g)
    return out


def volume_stats(
    samples: FloatArray, voiced: Sequence[Region], offset_s: float = 0.0
) -> VolumeStats:
    """Speech level and clipping over the voiced parts of ``samples`` (first sample at offset)."""
    parts = [
        samples[
            max(0, int((r.start - offset_s) * SAMPLE_RATE)) : int((r.end - offset_s) * SAMPLE_RATE)
        ]
        for r in voiced
    ]
    x = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
    if x.size == 0:
        return VolumeStats(None, None, 0.0, ())
    rms = float(np.sqrt(np.mean(x.astype(np.float64) ** 2)))
    peak = float(np.max(np.abs(x)))
    clipped = float(np.mean(np.abs(x) >= CLIP_LEVEL))
    level = 20 * np.log10(rms + 1e-12)
    warnings: list[str] = []
    if level < QUIET_DBFS:
        warnings.append("too_quiet")
    if clipped >= CLIP_FRACTION:
        warnings.append("clipping")
    return VolumeStats(level, 20 * float(np.log10(peak + 1e-12)), clipped, tuple(warnings))


def compute_metrics(
    words: Sequence[Word],
    fillers: Sequence[Filler],
    voiced: Sequence[Region],
    window_start: float,
    window_end: float,
    question_shown_at: float | None = None,
    volume: VolumeStats | None = None,
    untranscribed: Sequence[Region] = (),
) -> SpeechMetrics:
    """Metrics over [window_start, window_end] (an answer, or a rolling window).

    Words, fillers and voiced regions outside the window are ignored; regions crossing
    its edges are clipped. ``untranscribed`` spans (speech heard, words unknown) count as
    neither speaking time with no words nor silence: rates leave that time out.
    """
    ws = [w for w in words if w.start >= window_start - 1e-6 and w.end <= window_end + 1e-6]
    fs = [f for f in fillers if window_start <= (f.start + f.end) / 2 <= window_end]
    vs = [
        Region(max(r.start, window_start), min(r.end, window_end))
        for r in voiced
        if r.end > window_start and r.start < window_end
    ]
    vs = sorted((r for r in vs if r.duration > 0), key=lambda r: r.start)
    voiced_s = sum(r.duration for r in vs)
    if ws:
        span_start, span_end = min(w.start for w in ws), max(w.end for w in ws)
    elif vs:
        span_start, span_end = vs[0].start, vs[-1].end
    else:
        span_start = span_end = window_start
    unknown_s = sum(
        max(0.0, min(u.end, window_end) - max(u.start, window_start)) for u in untranscribed
    )
    if untranscribed and (ws or vs):
        span_start = min(span_start, *(u.start for u in untranscribed if u.end > window_start))
        span_end = max(span_end, *(u.end for u in untranscribed if u.start < window_end))
        span_start, span_end = max(span_start, window_start), min(span_end, window_end)
    span = max(0.0, span_end - span_start)
    pauses = find_pauses(vs, span_start, span_end)
    ps = pause_stats(pauses)
    n = len(ws)
    known = span - unknown_s
    wpm = n / known * 60 if known > 0 and n else None
    artic_s = known - ps.total_s
    artic = n / artic_s * 60 if artic_s > 0 and n else None
    minutes = known / 60
    fp = sum(1 for f in fs if f.kind == "filled_pause")
    window = window_end - window_start
    first_speech = vs[0].start if vs else None
    latency = (
        max(0.0, first_speech - question_shown_at)
        if question_shown_at is not None and first_speech is not None
        else None
    )
    return SpeechMetrics(
        window_start=window_start,
        window_end=window_end,
        word_count=n,
        speaking_span_s=span,
        voiced_s=voiced_s,
        wpm=wpm,
        articulation_wpm=artic,
        # Mostly unknown speech: the rate rests on too little.
        wpm_reliable=(known >= WPM_MIN_SPAN_S or n >= WPM_MIN_WORDS) and unknown_s <= 0.25 * span,
        pauses=tuple(pauses),
        pause_stats=ps,
        filler_count=len(fs),
        filled_pause_count=fp,
        discourse_filler_count=len(fs) - fp,
        filler_per_min=len(fs) / minutes if minutes > 0 else None,
        filled_pause_per_min=fp / minutes if minutes > 0 else None,
        speaking_ratio=voiced_s / window if window > 0 else 0.0,
        response_latency_s=latency,
        volume=volume,
        untranscribed_s=unknown_s,
    )


def latency_band(latency_s: float) -> str:
    """DESIGN §8b response latency band: immediate / normal / noticeable / long."""
    if latency_s < 1.0:
        return "immediate"
    if latency_s < 3.0:
        return "normal"
    if latency_s <= 5.0:
        return "noticeable"
    return "long"


def pace_band(wpm: float) -> str:
    """DESIGN §8b pace band: green 120-160, amber 100-120 / 160-180, red otherwise."""
    if 120 <= wpm <= 160:
        return "green"
    if 100 <= wpm < 120 or 160 < wpm <= 180:
        return "amber"
    return "red"
