"""Session scores and the coaching summary built on them."""

from __future__ import annotations

from typing import Any

import pytest

from moodlens.coaching.scoring.answer import score_answer
from moodlens.coaching.scoring.config import DIMENSIONS, load_config
from moodlens.coaching.scoring.evidence import (
    AnswerAnalysis,
    AnswerEvidence,
    FaceSummary,
    SpeechEvidence,
)
from moodlens.coaching.scoring.results import AnswerScores
from moodlens.coaching.scoring.session import score_session
from moodlens.coaching.summary import summarise_session


def answer(
    i: int,
    *,
    fillers: float = 1.0,
    result: bool = True,
    words: int = 160,
    face: bool = True,
    latency: float = 1.5,
) -> AnswerScores:
    a = AnswerAnalysis(
        star={"situation": "s", "task": "t", "action": "a", "result": "r" if result else None},
        star_coverage=1.0 if result else 0.75,
        has_result=result,
        signposting_count=2,
        key_points_covered=["a", "b"],
        key_points_missed=["c"],
        key_point_coverage=0.67,
        specificity_count=3,
        specifics=["30%", "Kafka", "two weeks"],
        ownership_ratio=0.75,
        word_count=words,
        length_ratio=1.0,
    )
    sp = SpeechEvidence(
        duration_s=80.0,
        speaking_s=70.0,
        wpm=140.0,
        articulation_wpm=160.0,
        filler_count=round(fillers * 80 / 60),
        filler_per_min=fillers,
        response_latency_s=latency,
        asr_confidence=0.9,
        volume_dbfs=-20.0,
        clipping_ratio=0.0,
    )
    fc = FaceSummary(
        n_windows=160,
        seen_ratio=0.95,
        attention=0.88,
        composure=82.0,
        looking_away_ratio=0.05,
        smile_share=0.1,
        head_movement_deg_s=3.0,
    )
    return score_answer(
        AnswerEvidence(
            index=i,
            analysis=a,
            speech=sp,
            face=fc if face else None,
            start_s=i * 100.0,
            end_s=i * 100.0 + 80.0,
            question_id=f"q{i}",
        )
    )


def test_overall_is_the_configured_weighted_mean() -> None:
    s = score_session([answer(0), answer(1, fillers=7.0), answer(2, result=False)])
    w = load_config().weights
    expected = sum(w[d] * s.dimensions[d].score for d in DIMENSIONS)
    assert s.overall.score == pytest.approx(expected)
    lo, hi = s.overall.interval
    assert lo <= s.overall.score <= hi


def test_more_answers_narrow_the_session_interval() -> None:
    one = score_session([answer(0)])
    five = score_session([answer(i) for i in range(5)])
    for d in DIMENSIONS:
        assert five.dimensions[d].half_width <= one.dimensions[d].half_width


def test_session_scores_to_dict_shape() -> None:
    d = score_session([answer(0), answer(1)]).to_dict()
    assert {"score", "band", "interval"} <= set(d["overall"])
    for dim in DIMENSIONS:
        v = d["dimensions"][dim]
        assert {"score", "band", "interval", "factors"} <= set(v)
        assert all(f["effect"] in ("+", "-") for f in v["factors"])
    assert d["scoring_version"] == load_config().version


def test_empty_session_is_refused() -> None:
    with pytest.raises(ValueError):
        score_session([])


def test_summary_has_top_three_strengths_and_improvements_and_drills() -> None:
    answers = [
        answer(0, fillers=7.0, result=False, latency=7.0),
        answer(1, fillers=9.0, result=False, latency=6.0),
        answer(2, fillers=6.0),
    ]
    summary = summarise_session(answers)
    d = summary.to_dict()
    assert 1 <= len(d["strengths"]) <= 3 and 1 <= len(d["improvements"]) <= 3
    keys = [i["key"] for i in d["improvements"]]
    assert "fillers" in keys and "result" in keys
    fillers = next(i for i in d["improvements"] if i["key"] == "fillers")
    assert "in 3 of 3 answers" in fillers["text"]
    assert not {i["key"] for i in d["strengths"]} & set(keys)
    assert d["drills"] and all(
        {"id", "title", "how", "minutes", "why"} <= set(x) for x in d["drills"]
    )
    targeted = {t for x in d["drills"] for t in x["targets"]}
    assert "fillers" in targeted
    assert d["scoring_version"] == load_config().version
    assert d["drills_version"]
    assert d["summary_text"].startswith("Overall ")
    assert "disclaimer" in d


def test_storage_rows_carry_scores_and_version() -> None:
    summary = summarise_session([answer(0, fillers=8.0), answer(1)])
    row = summary.session_score_row()
    assert row["scoring_version"] == load_config().version
    assert row["overall_score"] == round(summary.scores.overall.score, 1)
    assert row["summary_json"]["overall"]["score"] == row["overall_score"]
    recs = summary.recommendation_rows()
    assert recs and all(set(r) == {"priority", "dimension", "title", "action_text"} for r in recs)
    assert recs[0]["priority"] == "high"


def test_audio_only_session_scores_and_warns() -> None:
    summary = summarise_session([answer(i, face=False) for i in range(3)])
    d = summary.to_dict()
    assert 0 <= d["dimensions"]["confidence"]["score"] <= 100
    assert any("No camera data" in w for w in d["warnings"])


def test_summary_is_deterministic() -> None:
    answers: list[Any] = [answer(0, fillers=7.0), answer(1, result=False)]
    assert summarise_session(answers).to_dict() == summarise_session(answers).to_dict()
