"""Asking and answering questions through the API: the flow's rules (whole interviews:
test_whole_interviews.py)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.content import load_content
from moodlens.models import Question, Response
from tests.interview_sessions.answers import CLOSING_ANSWER, strong_answer
from tests.interview_sessions.api import THINK_S, answer_body, live_session, next_question
from tests.interview_sessions.conftest import Candidate
from tests.interview_sessions.factories import FakeClock, create_session

# --- the flow's rules ----------------------------------------------------------------------


@pytest.mark.sqlite
async def test_first_question_and_answer_round_trip(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, clock: FakeClock
) -> None:
    sid = await live_session(client, db, candidate)
    clock.advance(2)
    r = await next_question(client, candidate, sid)
    assert r.status_code == 201, r.text
    q = r.json()
    assert set(q) == {
        "id",
        "sequence_no",
        "question_text",
        "source",
        "follow_up_reason",
        "expected_seconds",
        "time_left_s",
    }
    assert q["sequence_no"] == 1 and q["source"] == "template"
    assert q["follow_up_reason"] is None
    assert q["time_left_s"] == 20 * 60 - 2
    row = await db.get(Question, uuid.UUID(q["id"]))
    assert row is not None
    bank_q = load_content().question(row.bank_question_id or "")
    assert bank_q is not None and bank_q.text == q["question_text"]
    assert q["expected_seconds"] == bank_q.target_seconds

    start = clock.advance(THINK_S)
    body = answer_body(q["id"], strong_answer(bank_q), start, 70)
    saved = await client.post(f"/v1/sessions/{sid}/responses", json=body, headers=candidate.headers)
    assert saved.status_code == 201, saved.text
    assert saved.json()["input_mode"] == "typed"
    assert saved.json()["analysis"] == {}

    detail = (await client.get(f"/v1/sessions/{sid}", headers=candidate.headers)).json()
    assert len(detail["questions"]) == 1
    answered = detail["questions"][0]
    assert answered["id"] == q["id"]
    assert answered["response"]["id"] == saved.json()["id"]
    assert answered["response"]["transcript_text"] == body["transcript_text"]


@pytest.mark.sqlite
@pytest.mark.parametrize("status", ["scheduled", "completed", "failed"])
async def test_questions_only_in_alive_session(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, status: str
) -> None:
    session = await create_session(db, candidate.user, status=status)
    r = await next_question(client, candidate, str(session.id))
    assert r.status_code == 409
    assert r.json()["error"] == "InvalidTransition"


@pytest.mark.sqlite
async def test_time_up_is_204_with_no_body(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, clock: FakeClock
) -> None:
    sid = await live_session(client, db, candidate, minutes=10)
    clock.advance(10 * 60 - 20)
    r = await next_question(client, candidate, sid)
    assert r.status_code == 204 and r.content == b""
    clock.advance(3600)
    assert (await next_question(client, candidate, sid)).status_code == 204
    assert (await client.post(f"/v1/sessions/{sid}/end", headers=candidate.headers)).json()[
        "status"
    ] == "completed"


@pytest.mark.sqlite
async def test_near_the_end_the_closing_question_comes_instead_of_a_main_one(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, clock: FakeClock
) -> None:
    sid = await live_session(client, db, candidate, minutes=10)
    clock.advance(10 * 60 - 70)
    q = (await next_question(client, candidate, sid)).json()
    row = await db.get(Question, uuid.UUID(q["id"]))
    assert row is not None
    assert load_content().closing_question(row.bank_question_id or "") is not None
    assert q["expected_seconds"] <= q["time_left_s"]
    start = clock.advance(THINK_S)
    body = answer_body(q["id"], CLOSING_ANSWER, start, 40)
    assert (
        await client.post(f"/v1/sessions/{sid}/responses", json=body, headers=candidate.headers)
    ).status_code == 201
    clock.advance(45)
    assert (await next_question(client, candidate, sid)).status_code == 204


@pytest.mark.sqlite
async def test_asking_again_without_an_answer_skips_the_question(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, clock: FakeClock
) -> None:
    sid = await live_session(client, db, candidate)
    first = (await next_question(client, candidate, sid)).json()
    clock.advance(30)
    second = (await next_question(client, candidate, sid)).json()
    assert second["sequence_no"] == 2
    assert second["source"] == "template"  # no follow-up to a question never answered
    assert second["question_text"] != first["question_text"]
    detail = (await client.get(f"/v1/sessions/{sid}", headers=candidate.headers)).json()
    assert [q["response"] for q in detail["questions"]] == [None, None]


@pytest.mark.sqlite
async def test_response_validation(
    client: httpx.AsyncClient,
    db: AsyncSession,
    candidate: Candidate,
    clock: FakeClock,
) -> None:
    sid = await live_session(client, db, candidate)
    other_sid = await live_session(client, db, candidate)
    q = (await next_question(client, candidate, sid)).json()
    foreign = (await next_question(client, candidate, other_sid)).json()
    start = clock.advance(THINK_S)
    url = f"/v1/sessions/{sid}/responses"

    async def post(body: dict[str, str]) -> httpx.Response:
        return await client.post(url, json=body, headers=candidate.headers)

    good = answer_body(q["id"], "I led the migration and cut costs by 20 percent.", start, 30)
    cases: list[tuple[dict[str, str], int, str, str]] = [
        ({**good, "question_id": foreign["id"]}, 422, "UnknownQuestion", "body.question_id"),
        ({**good, "question_id": str(uuid.uuid4())}, 422, "UnknownQuestion", "body.question_id"),
        ({**good, "question_id": "nope"}, 422, "ValidationError", "body.question_id"),
        ({**good, "transcript_text": "   "}, 422, "ValidationError", "body.transcript_text"),
        ({**good, "transcript_text": ""}, 422, "ValidationError", "body.transcript_text"),
        ({**good, "transcript_text": "x" * 20_001}, 422, "ValidationError", "body.transcript_text"),
        (
            {**good, "ended_at": (start - timedelta(seconds=1)).isoformat()},
            422,
            "ValidationError",
            "body",
        ),
        ({**good, "started_at": "2026-03-02T09:00:00"}, 422, "ValidationError", "body.started_at"),
        (
            {**good, "ended_at": (start + timedelta(minutes=21)).isoformat()},
            422,
            "InvalidAnswerTiming",
            "body.ended_at",
        ),
    ]
    for body, status, error, loc in cases:
        r = await post(body)
        assert r.status_code == status, (body, r.text)
        assert r.json()["error"] == error
        assert r.json()["fields"][0]["loc"] == loc

    assert (await post(good)).status_code == 201
    again = await post(good)
    assert again.status_code == 409
    assert again.json()["error"] == "AnswerAlreadyRecorded"
    rows = (await db.scalars(select(Response).where(Response.session_id == uuid.UUID(sid)))).all()
    assert len(rows) == 1


@pytest.mark.sqlite
async def test_no_answers_once_the_session_ended(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, clock: FakeClock
) -> None:
    sid = await live_session(client, db, candidate)
    q = (await next_question(client, candidate, sid)).json()
    await client.post(f"/v1/sessions/{sid}/end", headers=candidate.headers)
    body = answer_body(q["id"], "A late answer that arrives after the end.", clock.now(), 5)
    r = await client.post(f"/v1/sessions/{sid}/responses", json=body, headers=candidate.headers)
    assert r.status_code == 409
    assert r.json()["error"] == "InvalidTransition"
