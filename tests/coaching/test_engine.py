"""The question engine's single decisions: difficulty steps, follow-up wording, unanswered
questions, rebuilt histories, end signals and bad input (whole sessions: test_engine_sessions)."""

from __future__ import annotations

import pytest

from moodlens.coaching.content import DIFFICULTIES, Content, Question
from moodlens.coaching.engine import next_question
from moodlens.coaching.turns import NextQuestion, SessionEnd, Turn
from moodlens.coaching.wording import find_banned_words
from tests.coaching.engine_simulation import (
    CONTENT,
    WEAK,
    answer_mixed,
    answer_strong,
    simulate,
    strong_answer,
)


def _main_turn(q: Question, answer: str | None, at: float = 0.0) -> Turn:
    return Turn(q.text, "template", q.id, None, at, answer, 90.0 if answer else None)


def _first_main(template_id: str) -> NextQuestion:
    r = next_question(template_id, 20, [], seed=1)
    assert isinstance(r, NextQuestion) and r.kind == "main"
    return r


def test_difficulty_steps_up_after_strong_and_down_after_weak() -> None:
    template_id = "sde-behavioral-medium"
    # Pin the first question to a medium one, whatever the opener would have been.
    first = next(q for q in CONTENT.banks["sde-behavioral"].questions if q.difficulty == "medium")
    up = next_question(
        template_id, 30, [_main_turn(first, strong_answer(first))], seed=1, elapsed_s=150
    )
    down = next_question(template_id, 30, [_main_turn(first, WEAK)], seed=1, elapsed_s=150)
    assert isinstance(up, NextQuestion) and up.kind == "main" and up.difficulty == "hard"
    assert isinstance(down, NextQuestion) and down.kind == "follow_up"
    follow = Turn(down.question_text, "ai_followup", first.id, down.follow_up_reason, 100, WEAK)
    follow2 = Turn("More?", "ai_followup", first.id, "missing_action", 120, WEAK)
    after = next_question(
        template_id, 30, [_main_turn(first, WEAK), follow, follow2], seed=1, elapsed_s=200
    )
    assert isinstance(after, NextQuestion) and after.kind == "main"
    assert after.difficulty == "easy"


def test_difficulty_stays_inside_the_template_range() -> None:
    easy = CONTENT.template("sales-behavioral-easy")
    s = simulate(easy.id, 20, seed=9, answerer=answer_strong)
    lo, hi = (DIFFICULTIES.index(d) for d in easy.config.difficulty_range)
    for q in s.asked:
        if q.kind == "main":
            assert q.difficulty is not None
            assert lo <= DIFFICULTIES.index(q.difficulty) <= hi
    hard_first = _first_main("sales-behavioral-hard")
    assert hard_first.difficulty == "hard"


def test_follow_up_quotes_the_candidates_words() -> None:
    q = CONTENT.question("sde-behavioral-07")
    assert q is not None
    answer = (
        "In my previous role our search endpoint was getting slow as the catalogue grew. "
        "I was on call for that service, so I took it on. I looked at the query plan and "
        "I added a composite index on category and popularity."
    )
    r = next_question("sde-behavioral-medium", 20, [_main_turn(q, answer)], seed=4, elapsed_s=140)
    assert isinstance(r, NextQuestion) and r.kind == "follow_up"
    assert r.follow_up_reason == "missing_result"
    assert r.question_id == q.id and r.difficulty == q.difficulty
    assert r.parent_question_text == q.text and r.answer_excerpt == answer
    assert 25 <= r.expected_seconds <= 90
    wordings = {
        next_question(
            "sde-behavioral-medium", 20, [_main_turn(q, answer)], seed=s, elapsed_s=140
        ).question_text  # type: ignore[union-attr]
        for s in range(12)
    }
    quoted = [w for w in wordings if "you added a composite index on category and popularity" in w]
    assert quoted, wordings


def test_inner_state_words_are_never_echoed() -> None:
    q = CONTENT.question("sde-behavioral-04")
    assert q is not None
    answer = (
        "I was really nervous about the deadline. I felt anxious the whole week. "
        "We shipped something and it was fine I guess."
    )
    for seed in range(15):
        r = next_question("sde-behavioral-medium", 20, [_main_turn(q, answer)], seed=seed)
        assert isinstance(r, NextQuestion) and r.kind == "follow_up"
        assert find_banned_words(r.question_text) == [], r.question_text


def test_unanswered_question_moves_on() -> None:
    first = _first_main("hr-behavioral-medium")
    q = CONTENT.question(first.question_id)
    assert q is not None
    r = next_question("hr-behavioral-medium", 20, [_main_turn(q, None)], seed=1, elapsed_s=60)
    assert isinstance(r, NextQuestion) and r.kind == "main" and r.question_id != q.id


def test_history_rebuilt_without_bank_ids_still_avoids_repeats() -> None:
    q = CONTENT.banks["hr-case"].questions[0]
    turn = Turn(q.text, "template", None, None, 0.0, strong_answer(q), 150.0)
    for seed in range(10):
        r = next_question("hr-case-easy", 30, [turn], seed=seed, elapsed_s=170)
        assert isinstance(r, NextQuestion) and r.question_id != q.id


def test_end_signals() -> None:
    first = _first_main("sde-case-medium")
    q = CONTENT.question(first.question_id)
    assert q is not None
    # Budget spent.
    late = next_question(
        "sde-case-medium", 10, [_main_turn(q, strong_answer(q))], seed=1, elapsed_s=590
    )
    assert isinstance(late, SessionEnd) and late.reason == "time_up"
    assert late.content_version == CONTENT.version and late.time_left_s == 10
    # Closing asked: the session is over, answered or not.
    closing = CONTENT.closing["case"][0]
    done = next_question(
        "sde-case-medium",
        10,
        [_main_turn(q, strong_answer(q)), Turn(closing.text, "template", closing.id, None, 500.0)],
        seed=1,
        elapsed_s=520,
    )
    assert isinstance(done, SessionEnd) and done.reason == "closing_done"
    lost_id = Turn(closing.text, "template", None, None, 500.0)
    again = next_question(
        "sde-case-medium", 10, [_main_turn(q, strong_answer(q)), lost_id], seed=1, elapsed_s=520
    )
    assert isinstance(again, SessionEnd) and again.reason == "closing_done"
    # Not enough time for a main question: the closing comes instead.
    near = next_question(
        "sde-case-medium", 10, [_main_turn(q, strong_answer(q))], seed=1, elapsed_s=480
    )
    assert isinstance(near, NextQuestion) and near.kind == "closing"
    assert near.difficulty is None and near.question_id.startswith("closing-case-")


def test_invalid_inputs() -> None:
    with pytest.raises(ValueError):
        next_question("sde-case-medium", 15, [], seed=1)
    with pytest.raises(KeyError):
        next_question("sde-case-impossible", 10, [], seed=1)


def test_elapsed_is_estimated_from_history_when_not_given() -> None:
    q = CONTENT.banks["sales-case"].questions[0]
    turns = [Turn(q.text, "template", q.id, None, 0.0, strong_answer(q), 150.0, 575.0)]
    r = next_question("sales-case-medium", 10, turns, seed=1)
    assert isinstance(r, SessionEnd) and r.time_left_s == pytest.approx(25.0)
    # Without times, answers are timed from their length plus the transition.
    untimed = [Turn(q.text, "template", q.id, None, None, strong_answer(q), 150.0)]
    r = next_question("sales-case-medium", 10, untimed, seed=1)
    assert isinstance(r, NextQuestion) and r.time_left_s == pytest.approx(600 - 165)


def test_every_template_runs_a_short_session() -> None:
    content: Content = CONTENT
    for t in content.templates:
        s = simulate(t.id, 10, seed=1, answerer=answer_mixed)
        assert s.end is not None, t.id
        assert any(q.kind == "main" for q in s.asked), t.id
        assert s.elapsed <= 600, t.id
