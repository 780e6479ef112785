"""Whole interviews through the API, per duration and answer quality: the time budget, no
repeats, follow-ups after weak answers only, and the difficulty moving with the answers."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.content import load_content
from moodlens.models import Question
from tests.interview_sessions.answers import CLOSING_ANSWER, WEAK_ANSWERS, strong_answer
from tests.interview_sessions.api import THINK_S, answer_body, live_session, next_question
from tests.interview_sessions.conftest import Candidate
from tests.interview_sessions.factories import FakeClock

WEAK_ANSWER_S = 8


@dataclass
class Asked:
    text: str
    source: str
    follow_up_reason: str | None
    bank_id: str
    kind: str  # "main" | "follow_up" | "closing"
    asked_s: float
    expected_seconds: int
    difficulty: str | None
    answered: str  # "strong" | "weak" | "closing"


Policy = Callable[[int], str]  # main-question index -> "strong" | "weak"


async def _interview(
    client: httpx.AsyncClient,
    db: AsyncSession,
    c: Candidate,
    clock: FakeClock,
    *,
    slug: str,
    minutes: int,
    policy: Policy,
    weak_answers: tuple[str, ...] = WEAK_ANSWERS,
) -> list[Asked]:
    """Answer every question the API asks until it says the time is spent (204)."""
    content = load_content()
    sid = await live_session(client, db, c, slug, minutes)
    started = clock.now()
    asked: list[Asked] = []
    mains = -1
    verdict = "strong"
    for _ in range(200):
        r = await next_question(client, c, sid)
        if r.status_code == 204:
            break
        assert r.status_code == 201, r.text
        q = r.json()
        row = await db.get(Question, uuid.UUID(q["id"]))
        assert row is not None and row.bank_question_id is not None
        assert row.asked_at.replace(tzinfo=clock.now().tzinfo) == clock.now()
        if q["source"] == "ai_followup":
            kind = "follow_up"
        elif content.closing_question(row.bank_question_id) is not None:
            kind = "closing"
        else:
            kind, mains = "main", mains + 1
            verdict = policy(mains)
        if kind == "closing":
            text, seconds, answered = CLOSING_ANSWER, 40.0, "closing"
        elif verdict == "strong":
            bank_q = content.question(row.bank_question_id)
            assert bank_q is not None
            # A follow-up after a strong answer would get a strong answer too (none expected).
            text, seconds, answered = (
                strong_answer(bank_q),
                q["expected_seconds"] * 0.9,
                "strong",
            )
        else:
            text = weak_answers[len(asked) % len(weak_answers)]
            seconds, answered = float(WEAK_ANSWER_S), "weak"
        asked.append(
            Asked(
                text=q["question_text"],
                source=q["source"],
                follow_up_reason=q["follow_up_reason"],
                bank_id=row.bank_question_id,
                kind=kind,
                asked_s=(clock.now() - started).total_seconds(),
                expected_seconds=q["expected_seconds"],
                difficulty=row.difficulty,
                answered=answered,
            )
        )
        start = clock.advance(THINK_S)
        body = answer_body(q["id"], text, start, seconds)
        saved = await client.post(f"/v1/sessions/{sid}/responses", json=body, headers=c.headers)
        assert saved.status_code == 201, saved.text
        clock.advance(seconds + 2)
    else:
        pytest.fail("the interview never ended")
    ended = await client.post(f"/v1/sessions/{sid}/end", headers=c.headers)
    assert ended.json()["status"] == "completed"
    return asked


def _check_budget_and_repeats(asked: list[Asked], minutes: int) -> None:
    budget = minutes * 60
    for a in asked:
        # Nothing is asked that cannot be answered in the time left.
        assert a.asked_s + a.expected_seconds <= budget, a
    texts = [a.text for a in asked]
    assert len(set(texts)) == len(texts), "a question was repeated"
    for thread in _threads(asked):
        texts = [a.text for a in thread]
        assert len(set(texts)) == len(texts), "a probe was repeated about the same answer"
    main_ids = [a.bank_id for a in asked if a.kind == "main"]
    assert len(set(main_ids)) == len(main_ids), "a bank question was asked twice"
    assert asked[-1].kind == "closing"
    assert sum(a.kind == "closing" for a in asked) == 1


def _threads(asked: list[Asked]) -> list[list[Asked]]:
    """Each main question with the follow-ups asked after it."""
    threads: list[list[Asked]] = []
    for a in asked:
        if a.kind == "main":
            threads.append([a])
        elif a.kind == "follow_up":
            threads[-1].append(a)
    return threads


CLOSING_COST_S = 60 + 15  # the shortest closing question plus asking it


def _check_level(mains: list[Asked], level: str, minutes: int) -> None:
    """After the first answer every main question is at `level`, unless none is left at that
    level or none at that level fits in the time left (the session's pacing comes first)."""
    bank_q = load_content().question(mains[0].bank_id)
    assert bank_q is not None
    bank = load_content().banks[bank_q.bank]
    at_level = [q for q in bank.questions if q.difficulty == level]
    for i, m in enumerate(mains[1:], start=1):
        if m.difficulty == level:
            continue
        asked_ids = {x.bank_id for x in mains[:i]}
        left = [q for q in at_level if q.id not in asked_ids]
        room = minutes * 60 - m.asked_s - CLOSING_COST_S
        assert all(q.target_seconds + 15 > room for q in left), (i, m, room)
    assert mains[1].difficulty == level


def _follow_ups_after(asked: list[Asked]) -> list[tuple[Asked, Asked]]:
    return [(prev, a) for prev, a in itertools.pairwise(asked) if a.kind == "follow_up"]


@pytest.mark.parametrize("minutes", [10, 20, 30])
async def test_strong_answers_get_no_follow_ups_and_harder_questions(
    client: httpx.AsyncClient,
    db: AsyncSession,
    candidate: Candidate,
    clock: FakeClock,
    minutes: int,
) -> None:
    asked = await _interview(
        client,
        db,
        candidate,
        clock,
        slug="sde-behavioral-medium",
        minutes=minutes,
        policy=lambda _: "strong",
    )
    _check_budget_and_repeats(asked, minutes)
    mains = [a for a in asked if a.kind == "main"]
    assert not _follow_ups_after(asked)
    assert len(mains) == len(asked) - 1
    # Strong answers step the difficulty up to the template's top and keep it there.
    _check_level(mains, "hard", minutes)
    # The budget is used: the next main question (>= 60 s plus the closing) would not fit.
    last = asked[-1]
    assert last.asked_s + last.expected_seconds > minutes * 60 - 60 - 75 - 15


@pytest.mark.parametrize("minutes", [10, 20, 30])
async def test_weak_answers_are_followed_up(
    client: httpx.AsyncClient,
    db: AsyncSession,
    candidate: Candidate,
    clock: FakeClock,
    minutes: int,
) -> None:
    asked = await _interview(
        client,
        db,
        candidate,
        clock,
        slug="sde-behavioral-medium",
        minutes=minutes,
        policy=lambda _: "weak",
    )
    _check_budget_and_repeats(asked, minutes)
    for prev, follow_up in _follow_ups_after(asked):
        assert prev.answered == "weak"
        assert follow_up.follow_up_reason is not None
        assert follow_up.source == "ai_followup"
    threads = _threads(asked)
    # Every weak main answer is probed, at most twice (the template's limit), and the first
    # probe asks for more ("too_short") before anything specific.
    for thread in threads[:-1]:
        assert 2 <= len(thread) <= 3, thread
        assert thread[1].follow_up_reason == "too_short"
        reasons = [a.follow_up_reason for a in thread[1:]]
        assert len(set(reasons)) == len(reasons)
    # Weak answers step the difficulty down to the template's lowest and keep it there.
    _check_level([t[0] for t in threads], "easy", minutes)


@pytest.mark.sqlite
async def test_mixed_answers_follow_up_only_the_weak_ones(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, clock: FakeClock
) -> None:
    asked = await _interview(
        client,
        db,
        candidate,
        clock,
        slug="sales-case-hard",
        minutes=10,
        policy=lambda i: "weak" if i % 2 else "strong",
    )
    _check_budget_and_repeats(asked, 10)
    follow_ups = _follow_ups_after(asked)
    assert follow_ups, "the weak answers were never probed"
    for prev, _ in follow_ups:
        assert prev.answered == "weak"
    for prev, nxt in itertools.pairwise(asked):
        if prev.answered == "strong":
            assert nxt.kind != "follow_up"


async def test_more_time_means_more_main_questions(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, clock: FakeClock
) -> None:
    counts = []
    for minutes in (10, 20, 30):
        asked = await _interview(
            client,
            db,
            candidate,
            clock,
            slug="data_analyst-technical_intro-easy",
            minutes=minutes,
            policy=lambda _: "strong",
        )
        _check_budget_and_repeats(asked, minutes)
        counts.append(sum(a.kind == "main" for a in asked))
    assert counts[0] < counts[1] < counts[2], counts
