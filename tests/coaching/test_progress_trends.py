"""Comparison N vs N-1, trends, sessions per week, improvement after three sessions."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from moodlens.coaching.progress import (
    SessionRecord,
    compare_sessions,
    compute_progress,
    record_from_summary,
    sessions_per_week,
    weak_areas,
)
from moodlens.coaching.scoring.answer import score_answer
from moodlens.coaching.scoring.evidence import AnswerAnalysis, AnswerEvidence, SpeechEvidence
from moodlens.coaching.summary import summarise_session


def rec(
    sid: str,
    day: datetime,
    overall: float,
    comm: float = 60.0,
    struct: float = 60.0,
    **metrics: float | None,
) -> SessionRecord:
    return SessionRecord(
        sid,
        day,
        overall,
        {"communication": comm, "structure": struct, "relevance": 60.0, "confidence": 60.0},
        metrics=metrics,
        half_widths=dict.fromkeys(
            ("overall", "communication", "structure", "relevance", "confidence"), 5.0
        ),
        scoring_version="v1",
    )


def test_comparison_per_dimension_and_metric() -> None:
    prev = rec(
        "a",
        datetime(2025, 1, 1),
        55.0,
        comm=50.0,
        struct=70.0,
        filler_per_min=6.0,
        wpm=190.0,
        star_coverage=0.5,
        volume_dbfs=-20.0,
    )
    cur = rec(
        "b",
        datetime(2025, 1, 8),
        63.0,
        comm=66.0,
        struct=68.0,
        filler_per_min=2.5,
        wpm=150.0,
        star_coverage=0.5,
        volume_dbfs=-25.0,
    )
    c = compare_sessions(cur, prev)
    assert c["available"] and c["previous_session_id"] == "a"
    assert c["overall"]["direction"] == "better" and c["overall"]["delta"] == 8.0
    assert c["dimensions"]["communication"]["direction"] == "better"
    assert c["dimensions"]["structure"]["direction"] == "same"  # within noise
    m = c["metrics"]
    assert m["filler_per_min"]["direction"] == "better"  # fewer fillers is better
    assert m["wpm"]["direction"] == "better"  # closer to the middle of the pace band
    assert m["star_coverage"]["direction"] == "same"
    assert m["volume_dbfs"]["direction"] is None and m["volume_dbfs"]["delta"] == -5.0
    assert not c["versions_differ"]


def test_comparison_without_previous_session() -> None:
    assert compare_sessions(rec("a", datetime(2025, 1, 1), 50.0), None) == {
        "available": False,
        "previous_session_id": None,
    }


def test_more_fillers_is_worse() -> None:
    a = rec("a", datetime(2025, 1, 1), 60.0, filler_per_min=2.0)
    b = rec("b", datetime(2025, 1, 2), 60.0, filler_per_min=5.0)
    assert compare_sessions(b, a)["metrics"]["filler_per_min"]["direction"] == "worse"


def test_progress_trends_and_improvement_after_three() -> None:
    rs = [
        rec(f"s{i}", datetime(2025, 1, 1 + 3 * i), 50.0 + 5 * i, comm=50.0 + 6 * i)
        for i in range(5)
    ]
    p = compute_progress(list(reversed(rs)), today=date(2025, 1, 20))
    assert p["session_count"] == 5
    assert p["trends"]["overall"]["direction"] == "improving"
    assert p["trends"]["overall"]["slope_per_session"] == pytest.approx(5.0)
    assert [pt["session_id"] for pt in p["trends"]["overall"]["points"]] == [
        "s0",
        "s1",
        "s2",
        "s3",
        "s4",
    ]
    assert p["trends"]["structure"]["direction"] == "steady"
    assert p["improvement_after_3"]["overall"] == 10.0
    assert p["improvement_after_3"]["communication"] == 12.0
    assert p["improvement_since_first"]["overall"] == 20.0


def test_improvement_after_three_needs_three_sessions() -> None:
    p = compute_progress(
        [rec("a", datetime(2025, 1, 1), 50.0), rec("b", datetime(2025, 1, 2), 55.0)]
    )
    assert p["improvement_after_3"] is None
    assert compute_progress([])["session_count"] == 0


def test_sessions_per_week_includes_empty_weeks() -> None:
    rs = [
        rec("a", datetime(2025, 1, 6, 9), 50.0),
        rec("b", datetime(2025, 1, 8, 9), 50.0),
        rec("c", datetime(2025, 1, 22, 9), 50.0),
    ]
    weeks = sessions_per_week(rs, today=date(2025, 1, 28))
    assert weeks == [
        {"week_start": "2025-01-06", "count": 2},
        {"week_start": "2025-01-13", "count": 0},
        {"week_start": "2025-01-20", "count": 1},
        {"week_start": "2025-01-27", "count": 0},
    ]


def test_weak_areas_weight_recent_sessions() -> None:
    old = rec("a", datetime(2025, 1, 1), 50.0, comm=30.0, struct=70.0)
    new = rec("b", datetime(2025, 1, 9), 50.0, comm=75.0, struct=50.0)
    areas = weak_areas([old, new])
    assert areas[0]["dimension"] == "structure"
    assert {a["label"] for a in areas} == {"Communication", "Structure", "Relevance", "Delivery"}


def test_record_round_trips_through_stored_summary() -> None:
    a = AnswerAnalysis(
        star={"situation": "s"},
        star_coverage=0.25,
        word_count=120,
        specificity_count=1,
        specifics=["5"],
        ownership_ratio=0.6,
    )
    sp = SpeechEvidence(
        duration_s=60,
        speaking_s=50,
        wpm=150,
        articulation_wpm=170,
        filler_count=6,
        filler_per_min=6.0,
        response_latency_s=2.0,
    )
    summary = summarise_session([score_answer(AnswerEvidence(index=0, analysis=a, speech=sp))])
    r = record_from_summary("x", datetime(2025, 2, 1), summary.to_dict())
    assert r.overall == round(summary.scores.overall.score, 1)
    assert r.metrics["filler_per_min"] == 6.0
    assert r.improvement_keys == tuple(f.key for f in summary.improvements)
    assert "result" in r.improvement_keys
    assert r.scoring_version == summary.scoring_version
    assert r.half_widths["overall"] > 0


def _typed_summary_record(sid: str, day: datetime) -> SessionRecord:
    # A typed answer: no speech, no camera, so delivery is not measured.
    a = AnswerAnalysis(
        star={"situation": "s", "action": "a"},
        star_coverage=0.5,
        word_count=120,
        specificity_count=2,
        specifics=["5", "SQL"],
        ownership_ratio=0.7,
    )
    summary = summarise_session([score_answer(AnswerEvidence(index=0, analysis=a))])
    assert summary.to_dict()["dimensions"]["confidence"]["measured"] is False
    return record_from_summary(sid, day, summary.to_dict())


def test_a_typed_session_s_delivery_takes_no_part_in_progress() -> None:
    # Issue 15: a typed session's delivery placeholder (the role baseline) is not a score.
    typed = _typed_summary_record("t", datetime(2025, 1, 5))
    assert "confidence" not in typed.dimensions
    assert "confidence" not in typed.half_widths
    spoken = [rec("a", datetime(2025, 1, 1), 50.0), rec("b", datetime(2025, 1, 9), 55.0)]
    records = [spoken[0], typed, spoken[1]]
    progress = compute_progress(records)
    points = progress["trends"]["confidence"]["points"]
    assert [p["session_id"] for p in points] == ["a", "b"]
    assert len(progress["trends"]["communication"]["points"]) == 3
    assert progress["improvement_after_3"]["overall"] == 5.0
    assert progress["improvement_after_3"]["confidence"] == 0.0  # a and b both measured it
    cmp = compare_sessions(typed, spoken[0])
    assert "confidence" not in cmp["dimensions"]
    assert set(cmp["dimensions"]) == {"communication", "structure", "relevance"}
    # Only typed sessions: delivery is never a weak area, nor an improvement.
    only_typed = [typed, _typed_summary_record("u", datetime(2025, 1, 8))]
    assert "confidence" not in {a["dimension"] for a in weak_areas(only_typed)}
    assert "confidence" not in compute_progress(only_typed)["improvement_since_first"]
    assert compute_progress(only_typed)["trends"]["confidence"]["points"] == []
