"""The question engine over whole simulated sessions: each duration's budget, the closing
question, follow-ups after weak answers only, and seeds."""

from __future__ import annotations

import pytest

from moodlens.coaching.analysis import analyze_answer
from moodlens.coaching.engine import TRANSITION_S, session_seed
from tests.coaching.engine_simulation import (
    CONTENT,
    WEAK_ANSWERS,
    answer_mixed,
    answer_strong,
    answer_weak,
    closing_cost_s,
    simulate,
    strong_answer,
)


def test_strong_answer_helper_is_strong_for_every_question() -> None:
    for bank in CONTENT.banks.values():
        for q in bank.questions:
            a = analyze_answer(q, strong_answer(q), float(q.target_seconds))
            assert a.gaps == [], (q.id, a.gaps)


SESSION_TEMPLATES = ["sde-behavioral-medium", "product-case-hard", "hr-hr-easy"]
MAIN_RANGE = {10: (2, 10), 20: (5, 18), 30: (8, 26)}


@pytest.mark.parametrize("minutes", [10, 20, 30])
@pytest.mark.parametrize("template_id", SESSION_TEMPLATES)
@pytest.mark.parametrize("style", ["strong", "mixed"])
def test_session_fits_budget_without_repeats(template_id: str, minutes: int, style: str) -> None:
    answerer = answer_strong if style == "strong" else answer_mixed
    s = simulate(template_id, minutes, seed=7, answerer=answerer)
    budget = minutes * 60
    closing_cost = closing_cost_s(template_id)
    mains = [q for q in s.asked if q.kind == "main"]

    assert s.end is not None and s.end.reason == "closing_done"
    assert s.asked[-1].kind == "closing"
    assert [q.kind for q in s.asked].count("closing") == 1
    # Every main question fitted, with room left for the closing question.
    for q in mains:
        assert q.expected_seconds + TRANSITION_S + closing_cost <= q.time_left_s
    assert s.elapsed <= budget
    lo, hi = MAIN_RANGE[minutes]
    assert lo <= len(mains) <= hi, len(mains)
    # No repeats, of ids or wording.
    assert len({q.question_id for q in mains}) == len(mains)
    texts = [q.question_text for q in s.asked]
    assert len(set(texts)) == len(texts)
    # Every output carries the content version.
    assert {q.content_version for q in s.asked} == {CONTENT.version}


@pytest.mark.parametrize("minutes", [10, 20, 30])
def test_closing_comes_only_when_no_main_question_fits(minutes: int) -> None:
    template_id = "sde-behavioral-medium"
    s = simulate(template_id, minutes, seed=3, answerer=answer_strong)
    closing = s.asked[-1]
    bank = CONTENT.bank_for(CONTENT.template(template_id))
    asked = {q.question_id for q in s.asked}
    shortest_left = min(q.target_seconds for q in bank.questions if q.id not in asked)
    assert shortest_left + TRANSITION_S + closing_cost_s(template_id) > closing.time_left_s
    # "Near the end": at most one long main question plus the closing would still fit.
    assert closing.time_left_s < max(q.target_seconds for q in bank.questions) + 2 * 75


def test_strong_answers_get_no_follow_ups() -> None:
    for minutes in (10, 20, 30):
        s = simulate("data_analyst-behavioral-medium", minutes, seed=11, answerer=answer_strong)
        assert [q for q in s.asked if q.kind == "follow_up"] == []


def test_follow_ups_follow_weak_answers_only() -> None:
    for minutes in (10, 20, 30):
        s = simulate("sales-behavioral-medium", minutes, seed=5, answerer=answer_mixed)
        follow_ups = 0
        for i, q in enumerate(s.asked):
            if q.kind != "follow_up":
                continue
            follow_ups += 1
            parent = max(j for j in range(i) if s.asked[j].kind == "main")
            assert s.answers[parent] in WEAK_ANSWERS
            assert q.question_id == s.asked[parent].question_id
            assert q.follow_up_reason is not None and q.source == "ai_followup"
        assert follow_ups >= 1
        for i, q in enumerate(s.asked[:-1]):
            weak = s.answers[i] in WEAK_ANSWERS
            if q.kind == "main" and weak and s.asked[i + 1].kind != "closing":
                assert s.asked[i + 1].kind == "follow_up"


@pytest.mark.parametrize(("template_id", "cap"), [("sde-hr-easy", 1), ("sde-hr-medium", 2)])
def test_follow_ups_per_main_question_are_capped(template_id: str, cap: int) -> None:
    s = simulate(template_id, 30, seed=2, answerer=answer_weak)
    run = 0
    reasons: list[str | None] = []
    for q in s.asked:
        if q.kind == "follow_up":
            run += 1
            reasons.append(q.follow_up_reason)
            assert run <= cap
        else:
            assert len(reasons) == len(set(reasons))  # never the same gap twice in a row
            run, reasons = 0, []
    assert any(q.kind == "follow_up" for q in s.asked)


def test_same_seed_same_session_other_seeds_vary() -> None:
    first = simulate("product-behavioral-medium", 20, seed=42, answerer=answer_mixed)
    again = simulate("product-behavioral-medium", 20, seed=42, answerer=answer_mixed)
    assert [q.question_text for q in first.asked] == [q.question_text for q in again.asked]
    sequences = {
        tuple(
            q.question_id
            for q in simulate("product-behavioral-medium", 20, seed=s, answerer=answer_mixed).asked
        )
        for s in range(6)
    }
    assert len(sequences) >= 4


def test_session_seed_is_stable() -> None:
    assert session_seed("2f4c0d6e-1111-4bbb-8ccc-000000000000") == session_seed(
        "2f4c0d6e-1111-4bbb-8ccc-000000000000"
    )
    assert session_seed("a") != session_seed("b")
    assert session_seed("a") == 0xCA978112CA1BBDCA
