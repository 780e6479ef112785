"""The stream analyser's sparse coaching cues (DESIGN §8b), each rate-limited so a cue does
not flicker: ``volume_low`` and ``clipping`` from the audio, ``pace_fast``/``pace_slow`` and
``fillers`` (3+ in 30 s) from the transcripts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from moodlens.signals.audio.decode import FloatArray
from moodlens.signals.audio.metrics import CLIP_LEVEL
from moodlens.signals.audio.stream_types import StreamEvent
from moodlens.signals.audio.vad import CHUNK_S

if TYPE_CHECKING:
    from moodlens.signals.audio.stream import StreamAnalyzer


def cue(s: StreamAnalyzer, kind: str, at: float, **data: Any) -> list[StreamEvent]:
    last = s.last_cue.get(kind)
    if last is not None and at - last < s.cfg.cue_cooldown_s:
        return []
    s.last_cue[kind] = at
    return [StreamEvent("cue", at, {"cue": kind, **data})]


def level_cues(s: StreamAnalyzer, t: float, chunk: FloatArray) -> list[StreamEvent]:
    events: list[StreamEvent] = []
    ms = float(np.mean(chunk.astype(np.float64) ** 2))
    s.speech_levels.append((t, ms))
    need = round(s.cfg.level_window_s / CHUNK_S)
    while len(s.speech_levels) > need:
        s.speech_levels.popleft()
    if len(s.speech_levels) == need:
        level = 10 * np.log10(np.mean([m for _, m in s.speech_levels]) + 1e-12)
        if level < s.cfg.quiet_dbfs:
            events += cue(s, "volume_low", t, dbfs=round(float(level), 1))
    clipped = float(np.mean(np.abs(chunk) >= CLIP_LEVEL))
    if clipped >= s.cfg.clip_fraction:
        events += cue(s, "clipping", t, fraction=round(clipped, 4))
    return events


def filler_cue(s: StreamAnalyzer, t: float) -> list[StreamEvent]:
    lo = t - s.cfg.filler_window_s
    n = sum(1 for f in s.all_fillers() if f.start >= lo)
    if n >= s.cfg.filler_count:
        return cue(s, "fillers", t, count=n, window_s=s.cfg.filler_window_s)
    return []


def pace_cues(s: StreamAnalyzer, t: float) -> list[StreamEvent]:
    events: list[StreamEvent] = []
    for kind, window, limit, fast in (
        ("pace_fast", s.cfg.pace_fast_window_s, s.cfg.pace_fast_wpm, True),
        ("pace_slow", s.cfg.pace_slow_window_s, s.cfg.pace_slow_wpm, False),
    ):
        m = s.window_metrics(t - window, t)
        # Judge pace only over a window that is mostly speech (span >= 75 % of it).
        if m.wpm is None or m.speaking_span_s < 0.75 * window:
            continue
        if (fast and m.wpm > limit) or (not fast and m.wpm < limit):
            events += cue(s, kind, t, wpm=round(m.wpm, 1), window_s=window)
    return events
