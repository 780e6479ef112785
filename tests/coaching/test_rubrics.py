"""Issue 15 behaviours of answer analysis and scoring, one example each.

The corpus test (test_coaching_corpus.py) measures the same behaviours on 240 answers;
these pin the wording the issue quoted.
"""

from __future__ import annotations

import dataclasses

from moodlens.coaching.analysis import analyze_answer
from moodlens.coaching.content import Question, load_content
from moodlens.coaching.engine import probe_gap
from moodlens.coaching.scoring import AnswerEvidence, AnswerScores, load_config, score_answer
from moodlens.coaching.summary import summarise_session

STORY = (
    "Last year I was selling to a hospital group where finance, IT and the nurses all had a "
    "say. I met each group separately and wrote down what each of them worried about. I "
    "built a payback model for finance and arranged a security review for IT. "
)


def _q(qid: str) -> Question:
    q = load_content().question(qid)
    assert q is not None
    return q


def _typed(q: Question, text: str) -> AnswerScores:
    a = analyze_answer(q, text, None)
    ev = AnswerEvidence(index=0, analysis=a, question_id=q.id, transcript=text)
    return score_answer(ev, role=q.role, round_type=q.round)


def test_results_stated_without_stock_phrases_are_results() -> None:
    q = _q("sales-behavioral-07")
    a = analyze_answer(q, STORY + "We closed the year at 104 % of plan.", None)
    assert a.has_result and a.star["result"] == "We closed the year at 104 % of plan."
    assert "missing_result" not in a.gaps and "no_numbers" not in a.gaps
    perf = _q("sde-behavioral-07")
    text = (
        "Our product page was slow and customers complained about it every week. I profiled "
        "it, found an N+1 query, rewrote it as one join and added a small cache in front of "
        "the ratings. The page now loads in under a second."
    )
    found = analyze_answer(perf, text, None).star["result"]
    assert found == "The page now loads in under a second."


def test_a_hedged_outcome_is_not_a_result() -> None:
    q = _q("sales-behavioral-07")
    a = analyze_answer(q, STORY + "It kind of worked out in the end, I think.", None)
    assert not a.has_result
    assert probe_gap(a) == "missing_result"


def test_a_quarter_or_a_week_is_not_a_number_of_outcome() -> None:
    q = _q("sales-behavioral-07")
    for end in ("The deal took a quarter.", "It took a week."):
        a = analyze_answer(q, STORY + end, None)
        assert a.quantities == (), end
        assert "no_numbers" in a.gaps
    a = analyze_answer(q, STORY + "A quarter of the nurses signed up in the first month.", None)
    assert "a quarter of" in a.quantities


def test_we_only_story_is_asked_what_you_did() -> None:
    q = _q("sde-behavioral-07")
    text = (
        "Checkout was getting slower every month at my last company. We profiled it and we "
        "found a missing index on the orders table. We added it and we rewrote two queries "
        "that loaded every line item. We also moved the tax calculation out of the request. "
        "After that checkout took 300 milliseconds instead of 2 seconds."
    )
    a = analyze_answer(q, text, None)
    assert a.has_result
    assert probe_gap(a) == "vague_we"


def test_each_format_is_graded_on_its_own_rubric() -> None:
    explain = analyze_answer(
        _q("data_analyst-technical_intro-03"),
        "The mean adds every value and divides, so outliers drag it, while the median is the "
        "middle value of the sorted data. With skewed data like order values the median shows "
        "the typical customer. For example, at my last job a few corporate orders pushed the "
        "mean to 90 dollars while the median was 42. The trade-off is that the median cannot "
        "be added up across groups, so for revenue planning I still use the mean.",
        None,
    )
    assert set(explain.rubric) == {"concepts", "example", "trade_off"}
    assert all(explain.rubric.values()) and explain.gaps == []
    assert "missing_result" not in explain.gaps  # never STAR for an explanation
    motivation = analyze_answer(
        _q("sde-hr-02"),
        "I'm looking for a place where I can keep learning and work on meaningful problems "
        "with smart people. I enjoy mentoring and I like teams that care about quality. I "
        "want my next role to stretch me and give me more ownership.",
        None,
    )
    assert set(motivation.rubric) == {"reasons", "fit", "specifics"}
    assert probe_gap(motivation) == "no_specifics"
    case = analyze_answer(
        _q("sde-case-07"),
        "I'd want to know whether customers are affected and whether the errors started at "
        "the exact minute of the deploy. I'd break the errors down by endpoint and host, read "
        "the change list, and check whether a dependency changed at the same time.",
        None,
    )
    assert set(case.rubric) == {
        "clarifying",
        "structure",
        "hypothesis",
        "numbers",
        "recommendation",
    }
    assert case.rubric["recommendation"] is None
    assert probe_gap(case) == "missing_result"


def test_a_few_words_score_low_with_a_wide_band_and_say_why() -> None:
    s = _typed(_q("sde-behavioral-07"), "I made the database faster once.")
    cfg = load_config()
    for dim in ("communication", "structure", "relevance"):
        d = s.dimensions[dim]
        assert d.score < 25 and d.value.band == "low"
    assert s.overall.score < 25
    assert any("too little to judge" in w for w in s.dimensions["structure"].warnings)
    assert s.overall.score < cfg.role("sde").baseline["structure"]


def test_typed_answer_has_no_delivery_score_and_a_strong_one_reads_high() -> None:
    text = (
        "Last spring our search page started getting complaints from support, so before "
        "touching anything I pulled the p95 latency from Grafana: 2.8 seconds. I profiled "
        "slow requests and found that every result row triggered its own query for the "
        "seller's rating. I rewrote it as one join and added a short-lived Redis cache for "
        "the facet counts, then load tested staging before and after. Once it shipped, p95 "
        "dropped to 450 milliseconds and related tickets went from twenty a week to two."
    )
    s = _typed(_q("sde-behavioral-07"), text)
    assert not s.dimensions["confidence"].measured
    assert s.to_dict()["scores"]["confidence"]["measured"] is False
    assert s.overall.score >= 75
    assert s.overall.band != "low"


def test_typed_session_never_names_unmeasured_delivery() -> None:
    q = _q("sde-behavioral-07")
    answers = [
        _typed(q, "I made the database faster once."),
        _typed(
            q,
            "At my last job the admin dashboard took forever to open. I profiled it, moved the "
            "filtering to the server and lazy loaded the charts. It now opens in under a "
            "second and the account managers stopped complaining.",
        ),
    ]
    answers = [dataclasses.replace(a, index=i) for i, a in enumerate(answers)]
    summary = summarise_session(answers)
    assert not summary.scores.dimensions["confidence"].measured
    assert "Delivery" not in summary.summary_text


# Phrasings written for these tests (not in the corpus): the kinds of mistake the corpus's
# held-back misses showed, checked on new wording and other questions.
BIKE_STEPS = (
    "Can I assume we mean new bicycles, not second-hand ones? I'll assume a country of 60 "
    "million people. I'd split buyers into children, commuters and sport riders, and take "
    "each group's share of the population times how often they replace a bike. "
)


def test_a_case_estimate_stated_plainly_is_its_result() -> None:
    q = _q("data_analyst-case-04")
    for end in (
        "My final estimate is about 3 million bicycles a year.",
        "The final number I land on is three million a year.",
        "Roughly three million a year, I'd estimate.",
    ):
        a = analyze_answer(q, BIKE_STEPS + end, None)
        assert a.star["result"] == end, end
        assert "missing_result" not in a.gaps, (end, a.gaps)
    bare = analyze_answer(q, "About three million, I'd say.", None)
    assert bare.has_result
    assert probe_gap(bare) == "too_short"


def test_a_case_goal_or_recommendation_is_not_also_its_steps() -> None:
    q = _q("hr-case-05")
    no_steps = (
        "Is this about every role in that office, or only the sales hires? I'll assume every "
        "role. The goal is to bring early leavers down to the company rate within a year. I'd "
        "recommend we segment the leavers by manager and fix whatever that shows."
    )
    a = analyze_answer(q, no_steps, None)
    assert a.star["action"] is None
    assert probe_gap(a) == "missing_action"
    with_steps = no_steps.replace(
        "I'd recommend",
        "First I'd read the exit interviews and compare each manager's leavers with the "
        "company's. Then I'd check whether the job ads promise something the office does not "
        "offer. I'd recommend",
    )
    b = analyze_answer(q, with_steps, None)
    assert b.star["action"] is not None and "missing_action" not in b.gaps
    assert b.star["action"] != b.star["result"]


def test_from_one_step_to_another_is_not_a_measured_result() -> None:
    q = _q("sales-behavioral-07")
    route = STORY + "I walked the buyer from discovery to procurement myself."
    a = analyze_answer(q, route, None)
    assert not a.has_result
    assert probe_gap(a) == "missing_result"
    moved = "The approval time went from nine weeks to three."
    assert analyze_answer(q, STORY + moved, None).star["result"] == moved


def test_yours_names_the_employer_in_a_motivation_answer() -> None:
    q = _q("data_analyst-hr-17")
    text = (
        "Pricing problems are the ones I like most. They touch every customer, the data is "
        "messy, and a marketplace like yours, with prices changing by the hour across regions, "
        "has them at a scale few others do."
    )
    a = analyze_answer(q, text, None)
    assert "no_specifics" not in a.gaps
    assert probe_gap(a) == "no_fit"
