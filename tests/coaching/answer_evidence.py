"""One answer's scoring evidence for the scoring tests: a complete, well-evidenced answer
(STAR story, typical speech, a face in view) that each test overrides field by field."""

from __future__ import annotations

from typing import Any

from moodlens.coaching.scoring.answer import score_answer
from moodlens.coaching.scoring.evidence import (
    AnswerAnalysis,
    AnswerEvidence,
    FaceSummary,
    SpeechEvidence,
)
from moodlens.coaching.scoring.results import AnswerScores

STAR_FULL = {
    "situation": "Our checkout API was timing out at peak.",
    "task": "I had to cut p95 latency before the sale.",
    "action": "I profiled the queries and added an index.",
    "result": "p95 latency fell from 900 ms to 200 ms.",
}


def analysis(**kw: Any) -> AnswerAnalysis:
    base: dict[str, Any] = dict(
        star=STAR_FULL,
        star_coverage=1.0,
        has_result=True,
        signposting_count=2,
        key_points_covered=["profiling", "measurement"],
        key_points_missed=["rollback"],
        key_point_coverage=0.67,
        specificity_count=3,
        specifics=["900 ms", "200 ms", "index"],
        ownership_ratio=0.8,
        hedges_count=1,
        hedges=["I think"],
        word_count=180,
        length_ratio=1.0,
    )
    base.update(kw)
    return AnswerAnalysis(**base)


def speech(**kw: Any) -> SpeechEvidence:
    base: dict[str, Any] = dict(
        duration_s=90.0,
        speaking_s=75.0,
        wpm=145.0,
        articulation_wpm=165.0,
        filler_count=2,
        filler_per_min=1.3,
        pauses=[(10.0, 11.0)],
        long_pause_count=0,
        response_latency_s=1.5,
        asr_confidence=0.92,
        volume_dbfs=-20.0,
        clipping_ratio=0.0,
    )
    base.update(kw)
    return SpeechEvidence(**base)


def face(**kw: Any) -> FaceSummary:
    base: dict[str, Any] = dict(
        n_windows=180,
        seen_ratio=0.98,
        attention=0.9,
        composure=85.0,
        looking_away_ratio=0.05,
        smile_share=0.2,
        head_movement_deg_s=3.0,
    )
    base.update(kw)
    return FaceSummary(**base)


def evidence(
    a: AnswerAnalysis | None = None,
    sp: SpeechEvidence | None = None,
    fc: FaceSummary | None = None,
    **kw: Any,
) -> AnswerEvidence:
    return AnswerEvidence(
        index=0,
        analysis=a or analysis(),
        speech=sp,
        face=fc,
        start_s=0.0,
        end_s=90.0,
        question_id="q1",
        **kw,
    )


def full(**kw: Any) -> AnswerScores:
    return score_answer(evidence(analysis(), speech(), face()), **kw)


def width(s: AnswerScores, dim: str) -> float:
    lo, hi = s.dimensions[dim].value.interval
    return hi - lo
