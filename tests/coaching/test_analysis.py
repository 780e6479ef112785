"""Behaviour of the answer analyser on small, targeted answers."""

from __future__ import annotations

import dataclasses
from typing import Literal

import pytest

from moodlens.coaching.analysis import GAP_ORDER, AnswerAnalysis, analyze_answer
from moodlens.coaching.content import Question, load_content
from moodlens.coaching.star_parts import has_action
from moodlens.coaching.text import split_sentences, stem


def _q(question_id: str) -> Question:
    q = load_content().question(question_id)
    assert q is not None
    return q


STORY = (
    "At my last job our nightly reports kept failing. I was asked to fix them. "
    "I profiled the SQL jobs in Airflow, added two indexes and split the biggest query. "
    "As a result the run time dropped from 6 hours to 40 minutes."
)


def test_scoring_contract_fields_exist() -> None:
    # Scoring (coaching/scoring/evidence.py) reads exactly these names.
    names = {f.name for f in dataclasses.fields(AnswerAnalysis)}
    assert {
        "star",
        "star_coverage",
        "has_result",
        "signposting_count",
        "key_points_covered",
        "key_points_missed",
        "key_point_coverage",
        "off_topic",
        "specificity_count",
        "specifics",
        "ownership_ratio",
        "hedges_count",
        "hedges",
        "word_count",
        "length_ratio",
        "gaps",
    } <= names
    a = analyze_answer(_q("sde-case-09"), STORY, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.word_count = 3  # type: ignore[misc]


def test_full_star_story_has_no_gaps_and_evidence_sentences() -> None:
    a = analyze_answer(_q("sde-behavioral-07"), STORY, None)
    assert a.gaps == []
    assert a.star_coverage == 1.0 and a.has_result
    assert a.star["situation"] == "At my last job our nightly reports kept failing."
    assert a.star["task"] == "I was asked to fix them."
    assert a.star["result"] is not None and a.star["result"].startswith("As a result")
    assert "sql" in a.specifics and "airflow" in a.specifics
    assert "6" in a.specifics and "40" in a.specifics
    assert a.ownership_ratio == 1.0
    assert a.signposting_count >= 1  # "As a result"


def test_gaps_are_ordered_by_probe_priority() -> None:
    text = "We had a slow service. We looked at it and we changed some things with the team."
    a = analyze_answer(_q("sde-behavioral-07"), text, None)
    assert a.gaps == sorted(a.gaps, key=GAP_ORDER.index)
    assert a.gaps[0] == "too_short"
    assert "missing_result" in a.gaps


def test_length_uses_duration_when_given() -> None:
    q = _q("sde-behavioral-07")
    estimated = analyze_answer(q, STORY, None)
    assert estimated.duration_estimated
    assert estimated.length_ratio == pytest.approx(estimated.word_count / 140 * 60 / 120)
    timed = analyze_answer(q, STORY, 300.0)
    assert not timed.duration_estimated
    assert timed.length_ratio == pytest.approx(2.5)
    assert "too_long" in timed.gaps
    override = analyze_answer(q, STORY, 30.0, target_seconds=40)
    assert override.length_ratio == pytest.approx(0.75)


def test_quantities_need_a_unit_for_spelled_numbers() -> None:
    q = _q("product-behavioral-01")
    base = (
        "At my last company I owned search. I ran a workshop with two engineers and shipped "
        "a filter."
    )
    assert "no_numbers" in analyze_answer(q, base, None).gaps
    for quantified in ("It took two weeks.", "Bookings grew 15%.", "Usage doubled."):
        a = analyze_answer(q, f"{base} {quantified}", None)
        assert "no_numbers" not in a.gaps, quantified


def test_interpersonal_questions_do_not_ask_for_numbers() -> None:
    q = _q("hr-behavioral-02")
    assert not q.wants_numbers
    text = (
        "At my previous company two team leads stopped speaking after a row about shift swaps. "
        "Their manager asked me to help. I met each of them separately and then ran a joint "
        "meeting about the rota rather than personalities, and they agreed a rule for swaps. "
        "In the end no grievance was raised and they now run the rota together."
    )
    assert analyze_answer(q, text, None).gaps == []


def test_vague_we_when_the_story_is_all_team() -> None:
    text = (
        "Last year our checkout kept failing on older phones. We paused the rollout, we found "
        "the web view bug, we rolled back for those devices and we shipped a fix. In the end "
        "the failures went away and we relaunched to 100% of users."
    )
    a = analyze_answer(_q("product-behavioral-04"), text, None)
    assert a.gaps[0] == "vague_we"
    assert a.ownership_ratio == 0.0
    assert a.we_statements >= 4


def test_ownership_is_neutral_without_pronouns() -> None:
    text = (
        "A hash map hashes each key to a bucket index, so a lookup is constant time on average. "
        "Collisions are handled by chaining or open addressing, and the table resizes when "
        "the load factor passes a threshold."
    )
    a = analyze_answer(_q("sde-technical_intro-05"), text, None)
    assert a.ownership_ratio == 0.5
    # Explanations are not expected to follow STAR.
    assert not a.star_expected
    assert not {"missing_action", "missing_result", "missing_situation"} & set(a.gaps)


def test_hedges_skip_noun_uses() -> None:
    text = (
        "I think we should probably look at what kind of users churn. Maybe it is sort of a "
        "pricing problem, but this kind of analysis takes time."
    )
    a = analyze_answer(_q("product-case-05"), text, None)
    assert a.hedges == ["i think", "probably", "maybe", "sort of"]
    assert a.hedges_count == 4


def test_case_parts_mean_clarify_goal_approach_recommendation() -> None:
    text = (
        "First I'd clarify whether the drop is in all regions. Let's assume it is. The goal is "
        "to find which part of the funnel moved. I'd segment by platform and version and look "
        "at the release notes. My recommendation is to roll back the release if one version "
        "explains the drop, and to watch daily actives for a week."
    )
    a = analyze_answer(_q("product-case-06"), text, None)
    assert all(a.star[p] is not None for p in ("situation", "task", "action", "result"))
    no_rec = text.split(" My recommendation")[0]
    assert "missing_result" in analyze_answer(_q("product-case-06"), no_rec, None).gaps


def test_off_topic_needs_enough_words_to_judge() -> None:
    q = _q("sde-behavioral-06")
    short = "I prefer TypeScript to JavaScript these days."
    assert analyze_answer(q, short, None).gaps[0] == "too_short"
    long = (
        "I really like TypeScript. The compiler catches mistakes early, editors give better "
        "autocomplete, and types document the shape of the data, so files I have never seen "
        "are easier to read. I would pick it for any new frontend project these days."
    )
    a = analyze_answer(q, long, None)
    assert a.off_topic and a.gaps[0] == "off_topic"


def test_targets_without_key_points_are_never_off_topic() -> None:
    # Callers analyse follow-up and closing answers against a bare target like this one.
    @dataclasses.dataclass(frozen=True)
    class Bare:
        text: str = "You mentioned the index. What was the measurable result?"
        format: Literal["explain"] = "explain"
        target_seconds: int = 45
        key_points: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
        wants_numbers: bool = True

    answer = (
        "Search latency at the ninety-fifth percentile went from 800 milliseconds to about "
        "200 once the index was live, and the complaints forwarded by product stopped."
    )
    a = analyze_answer(Bare(), answer, None)
    assert not a.off_topic and a.gaps == []
    assert a.key_point_coverage == 0.0 and a.key_points_missed == []


def test_key_points_match_inflections() -> None:
    q = _q("sde-behavioral-02")
    text = (
        "I finally reproduced it by replaying the logs; the root cause was a race condition, "
        "and I added a regression test."
    )
    a = analyze_answer(q, text, None)
    assert set(a.key_points_covered) == set(q.key_points)
    assert a.key_point_coverage == 1.0 and a.key_points_missed == []


def test_action_detection_ignores_scene_setting() -> None:
    assert has_action("so i rewrote the query and added an index")
    assert has_action("we rolled back the deploy")
    assert not has_action("when i joined the team everything was manual")
    assert not has_action("i was the engineer on call")
    assert not has_action("i took it on because nobody else could")
    assert not has_action("i always try to avoid jargon")


def test_present_tense_storytelling_counts_as_action_but_habits_do_not() -> None:
    q = _q("product-behavioral-09")
    story = (
        "So this is last year, and I ask the team for a saved-search feature. The tech lead "
        "says it's three months of work. So I sit down with her and we go through the "
        "estimate, and then I propose a smaller first version. We ship it in four weeks and "
        "15% of users save a search in the first month."
    )
    a = analyze_answer(q, story, None)
    assert a.star["action"] is not None and "missing_action" not in a.gaps
    habits = (
        "I always try to understand the estimate first. I think engineers usually have good "
        "reasons, so I try to ask questions and I generally look for a smaller first version. "
        "I find that this works well and people appreciate being listened to."
    )
    assert analyze_answer(q, habits, None).gaps[0] == "missing_action"


def test_text_helpers() -> None:
    assert stem("reproduced") == stem("reproduce") == stem("reproducing")
    assert stem("stopped") == stem("stop")
    assert stem("processes") == stem("process")
    assert split_sentences("One. Two? Three!") == ["One.", "Two?", "Three!"]
    run_on = " ".join(["word"] * 30) + ", and then " + " ".join(["more"] * 30)
    assert len(split_sentences(run_on)) == 2


def test_empty_answer() -> None:
    a = analyze_answer(_q("sales-behavioral-01"), "", None)
    assert a.word_count == 0 and a.gaps[0] == "too_short"
    assert a.star_coverage == 0.0 and a.length_ratio == 0.0
