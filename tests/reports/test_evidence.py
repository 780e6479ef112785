"""Stored rows -> scoring evidence, and the builder on a hand-constructed session (no DB):
the live pipeline's `analysis_json`, the offline analyser's flat form, and bad data."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from moodlens.reports import builder, evidence
from moodlens.reports.inputs import AnswerInput, SessionInput, SignalRow

pytestmark = pytest.mark.sqlite

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

# What `live.audio.answer_analysis` stores: recognised words keep their punctuation.
LIVE: dict[str, Any] = {
    "words": [
        {"text": "Um,", "start": 10.0, "end": 10.3},
        {"text": "I", "start": 10.5, "end": 10.6},
        {"text": "built", "start": 10.7, "end": 11.0},
        {"text": "it.", "start": 11.1, "end": 11.4},
        {"text": "Then", "start": 14.0, "end": 14.3},
        {"text": "shipped.", "start": 14.4, "end": 14.9},
    ],
    "fillers": [
        {"text": "um", "start": 10.0, "end": 10.3, "kind": "filled_pause", "source": "both"},
        {"text": "uh", "start": 12.0, "end": 12.4, "kind": "filled_pause", "source": "acoustic"},
    ],
    "pauses": [{"start": 11.4, "end": 14.0}, {"start": 10.3, "end": 10.5}],
    "metrics": {
        "window_start": 9.5,
        "window_end": 15.5,
        "word_count": 6,
        "speaking_span_s": 4.9,
        "voiced_s": 2.3,
        "wpm": 73.5,
        "articulation_wpm": 156.5,
        "wpm_reliable": False,
        "pauses": [{"start": 11.4, "end": 14.0}],
        "pause_stats": {"count": 1, "long_count": 1, "median_s": 2.6, "p90_s": 2.6},
        "filler_count": 2,
        "filler_per_min": None,
        "response_latency_s": 2.0,
        "volume": {"speech_dbfs": -23.5, "peak_dbfs": -6.0, "clipped_fraction": 0.0},
    },
    "skipped_utterances": 0,
}


def test_live_analysis_maps_to_speech_evidence() -> None:
    sp = evidence.speech_evidence(LIVE, 9.5, 15.5)
    assert sp is not None
    assert sp.duration_s == pytest.approx(6.0) and sp.speaking_s == pytest.approx(2.3)
    assert sp.wpm == 73.5 and sp.articulation_wpm == 156.5
    assert sp.filler_count == 2 and sp.filler_per_min is None
    assert sp.filler_rate == pytest.approx(2 / (2.3 / 60))
    assert sp.long_pause_count == 1 and sp.response_latency_s == 2.0
    assert sp.volume_dbfs == -23.5 and sp.clipping_ratio == 0.0
    assert list(sp.pauses) == [(10.3, 10.5), (11.4, 14.0)]
    assert list(sp.filler_times) == [10.0, 12.0]
    assert list(sp.word_starts) == [10.0, 10.5, 10.7, 11.1, 14.0, 14.4]


def test_offline_flat_analysis_is_read_too() -> None:
    flat = {
        "duration_s": 40.0,
        "words": [{"text": "so", "start": 1.0, "end": 1.2}],
        "wpm": 150.0,
        "fillers": [],
        "pauses": [{"start": 2.0, "end": 4.5}],
        "long_pauses": 1,
        "speaking_span_s": 30.0,
        "response_latency_s": 0.8,
        "volume": {"speech_dbfs": -20.0, "clipped_fraction": 0.002},
    }
    sp = evidence.speech_evidence(flat, 0.0, 40.0)
    assert sp is not None
    assert sp.duration_s == 40.0 and sp.speaking_s == 30.0 and sp.long_pause_count == 1
    assert sp.clipping_ratio == 0.002 and sp.filler_count == 0


def test_missing_or_malformed_values_count_as_not_measured() -> None:
    assert evidence.speech_evidence({}, 0.0, 10.0) is None  # a typed answer
    bad = {
        "words": [{"text": "x", "start": "soon"}, {"text": "y", "start": 3.0, "end": 2.0}, 7],
        "fillers": "none",
        "metrics": {"wpm": math.nan, "voiced_s": True, "filler_count": "3", "volume": None},
    }
    sp = evidence.speech_evidence(bad, 0.0, 10.0)
    assert sp is not None
    assert sp.wpm is None and sp.speaking_s == 0.0 and sp.filler_count == 0
    assert list(sp.word_starts) == [] and sp.volume_dbfs is None
    assert sp.duration_s == 10.0


def test_segments_mark_fillers_dropped_fillers_and_pauses() -> None:
    segs = evidence.segments(
        evidence.words_of(LIVE),
        evidence.fillers_of(LIVE),
        evidence.pauses_of(LIVE),
        "Um, I built it. Then shipped.",
    )
    words = [s for s in segs if s["type"] == "word"]
    assert [w["text"] for w in words] == ["Um,", "I", "built", "it.", "Then", "shipped."]
    assert [w["filler"] for w in words] == [True] + [False] * 5
    heard = [s for s in segs if s["type"] == "filler"]
    assert [(h["text"], h["start"]) for h in heard] == [("uh", 12.0)]
    pauses = [s for s in segs if s["type"] == "pause"]
    assert [(p["start"], p["duration_s"]) for p in pauses] == [(11.4, 2.6)]  # 0.2 s not shown
    assert [s["start"] for s in segs] == sorted(s["start"] for s in segs)


def test_face_windows_skip_seconds_without_face_data() -> None:
    rows = [
        SignalRow(0.0, None, None, None, None, None, None, None),
        SignalRow(1.0, {"face_present_ratio": 1.4, "yaw": 3.0}, None, None, None, None, None, None),
        SignalRow(2.0, {"yaw": 3.0}, None, None, None, None, None, None),
    ]
    ws = evidence.face_windows(rows)
    assert [(w.ts, w.face_present_ratio, w.yaw) for w in ws] == [(1.0, 1.0, 3.0)]


def _answer(index: int, mode: str, analysis: dict[str, Any], **kw: Any) -> AnswerInput:
    base: dict[str, Any] = {
        "index": index,
        "question_id": f"00000000-0000-0000-0000-00000000000{index}",
        "sequence_no": index + 1,
        "question_text": "Tell me about a bug that took you much longer to track down.",
        "question_source": "template",
        "follow_up_reason": None,
        "bank_question_id": "sde-behavioral-02",
        "parent_bank_question_id": "sde-behavioral-02",
        "expected_seconds": 120,
        "asked_s": 8.0,
        "start_s": 9.5,
        "end_s": 15.5,
        "input_mode": mode,
        "transcript": "Um, I built it. Then shipped.",
        "analysis_json": analysis,
    }
    base.update(kw)
    return AnswerInput(**base)


def test_builder_on_a_constructed_session() -> None:
    typed = _answer(
        1,
        "typed",
        {},
        question_source="ai_followup",
        follow_up_reason="missing_result",
        bank_question_id=None,
        asked_s=20.0,
        start_s=None,
        end_s=None,
        transcript="We cut duplicate charges to zero in six months.",
    )
    gap = {**LIVE, "skipped_utterances": 2}
    third = _answer(2, "voice", gap, asked_s=40.0, start_s=41.0, end_s=47.0)
    data = SessionInput(
        session_id="00000000-0000-0000-0000-0000000000aa",
        user_id="00000000-0000-0000-0000-0000000000bb",
        role="sde",
        round_type="behavioral",
        difficulty="medium",
        title="Software Engineer · Behavioral · Medium",
        started_at=T0,
        ended_at=T0 + timedelta(seconds=60),
        duration_minutes=10,
        unanswered=1,
        answers=(_answer(0, "voice", LIVE), typed, third),
        signals=tuple(
            SignalRow(float(t), None, None, None, 120.0 if t > 9 else None, 0, True, -22.0)
            for t in range(60)
        ),
    )
    built = builder.build_report(data, built_at=T0 + timedelta(minutes=2))
    rep = built.report
    assert rep["session"]["has_camera"] is False and rep["session"]["has_voice"] is True
    assert any("no answer" in w for w in rep["warnings"])  # the unanswered question
    a0, a1, a2 = rep["answers"]
    assert a0["fillers"][0]["text"] == "um" and a0["segments"][0]["filler"] is True
    # A typed follow-up without times spans from its question to the next one.
    assert (a1["start"], a1["end"]) == (20.0, 40.0) and a1["segments"] == []
    assert a1["analysis"]["answer_format"] == "explain"
    assert not any("transcribed" in w for w in a0["warnings"])
    assert any("transcribed" in w for w in a2["warnings"])
    assert len(built.summary.recommendation_rows()) == len(rep["drills"])


def test_a_session_without_answers_is_refused() -> None:
    data = SessionInput("s", "u", None, None, None, "t", T0, T0, 10, 2, (), ())
    with pytest.raises(builder.NothingToScore):
        builder.build_report(data, built_at=T0)
