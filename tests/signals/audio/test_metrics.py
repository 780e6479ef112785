"""Per-answer and rolling-window speech metrics on hand-made timelines."""

from __future__ import annotations

import numpy as np
import pytest

from moodlens.signals.audio.decode import SAMPLE_RATE
from moodlens.signals.audio.fillers import Filler
from moodlens.signals.audio.metrics import (
    compute_metrics,
    find_pauses,
    latency_band,
    pace_band,
    pause_stats,
    volume_stats,
)
from moodlens.signals.audio.vad import Region
from moodlens.signals.audio.words import Word


def _timeline() -> tuple[list[Word], list[Region]]:
    """2 s latency; 3 phrases of 10 words (4 s each) with pauses of 0.5 s and 2.5 s."""
    words: list[Word] = []
    voiced: list[Region] = []
    t = 2.0
    for gap in (0.5, 2.5, 0.0):
        voiced.append(Region(t, t + 4.0))
        words += [Word(f"w{i}", t + i * 0.4, t + i * 0.4 + 0.35) for i in range(10)]
        t += 4.0 + gap
    return words, voiced


def test_answer_metrics() -> None:
    words, voiced = _timeline()
    fillers = [
        Filler("um", 3.0, 3.4, "filled_pause", "both"),
        Filler("like", 7.0, 7.3, "discourse", "lexical"),
        Filler("uh", 30.0, 30.5, "filled_pause", "acoustic"),  # outside the window
    ]
    m = compute_metrics(words, fillers, voiced, 0.0, 20.0, question_shown_at=0.0)
    span = (2.0 + 3 * 4.0 + 3.0) - 2.0 - 0.05  # first word start -> last word end
    assert m.word_count == 30
    assert m.speaking_span_s == pytest.approx(span)
    assert m.wpm == pytest.approx(30 / span * 60)
    assert m.articulation_wpm == pytest.approx(30 / (span - 3.0) * 60)
    assert [(p.start, p.end) for p in m.pauses] == [(6.0, 6.5), (10.5, 13.0)]
    assert m.pause_stats.count == 2 and m.pause_stats.long_count == 1
    assert m.pause_stats.median_s == pytest.approx(1.5)
    assert m.pause_stats.bins == {"0.25-0.6": 1, "0.6-1.2": 0, "1.2-2": 0, ">2": 1}
    assert m.filler_count == 2 and m.filled_pause_count == 1 and m.discourse_filler_count == 1
    assert m.filler_per_min == pytest.approx(2 / (span / 60))
    assert m.response_latency_s == pytest.approx(2.0)
    assert m.speaking_ratio == pytest.approx(12.0 / 20.0)
    assert m.wpm_reliable  # 30 words
    stats = m.to_dict()["pause_stats"]
    assert isinstance(stats, dict) and stats["count"] == 2


def test_short_answers_flag_wpm_as_unreliable() -> None:
    words = [Word("a", i * 0.3, i * 0.3 + 0.25) for i in range(20)]
    m = compute_metrics(words, [], [Region(0.0, 6.0)], 0.0, 6.0)
    assert m.wpm is not None and not m.wpm_reliable


def test_rolling_window_clips_regions() -> None:
    words, voiced = _timeline()
    m = compute_metrics(words, [], voiced, 8.0, 12.0)
    assert m.word_count == 6  # words of the second phrase from 8.0 s on
    assert m.voiced_s == pytest.approx(2.5)
    assert m.pauses == ()  # the silence after 10.5 s is after the last word: not a pause
    assert m.speaking_span_s == pytest.approx(10.45 - 8.1)


def test_no_speech() -> None:
    m = compute_metrics([], [], [], 0.0, 10.0, question_shown_at=0.0)
    assert m.wpm is None and m.articulation_wpm is None and m.response_latency_s is None
    assert m.speaking_ratio == 0.0 and m.pause_stats.median_s is None


def test_pause_threshold_and_p90() -> None:
    voiced = [Region(0, 1), Region(1.2, 2), Region(2.3, 3), Region(4.0, 5), Region(8.0, 9)]
    pauses = find_pauses(voiced, 0.0, 9.0)
    assert [round(p.duration, 2) for p in pauses] == [0.3, 1.0, 3.0]  # 0.2 s is not a pause
    st = pause_stats(pauses)
    assert st.p90_s == pytest.approx(np.percentile([0.3, 1.0, 3.0], 90))


def test_volume_warnings() -> None:
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    tone = np.sin(2 * np.pi * 200 * t).astype(np.float32)
    voiced = [Region(0.0, 1.0)]
    ok = volume_stats(0.3 * tone, voiced)
    assert ok.warnings == () and ok.speech_dbfs == pytest.approx(-13.5, abs=0.2)
    assert volume_stats(0.01 * tone, voiced).warnings == ("too_quiet",)
    clipped = np.clip(3.0 * tone, -1.0, 1.0)
    assert "clipping" in volume_stats(clipped, voiced).warnings
    assert volume_stats(tone, []).speech_dbfs is None


@pytest.mark.parametrize(
    ("wpm", "band"), [(140, "green"), (110, "amber"), (170, "amber"), (90, "red"), (200, "red")]
)
def test_pace_bands(wpm: float, band: str) -> None:
    assert pace_band(wpm) == band


@pytest.mark.parametrize(
    ("s", "band"), [(0.5, "immediate"), (2.0, "normal"), (4.0, "noticeable"), (6.0, "long")]
)
def test_latency_bands(s: float, band: str) -> None:
    assert latency_band(s) == band
