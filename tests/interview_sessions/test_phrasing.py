"""The optional language model only rewords follow-ups, and never blocks the interview."""

from __future__ import annotations

import uuid

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching import llm
from moodlens.config import Settings
from moodlens.models import Question
from tests.interview_sessions.answers import WEAK_ANSWERS
from tests.interview_sessions.api import THINK_S, answer_body, live_session, next_question
from tests.interview_sessions.conftest import Candidate
from tests.interview_sessions.factories import FakeClock

pytestmark = pytest.mark.sqlite

REWORDED = "You said it went fine - what exactly did you do there, step by step?"


class RecordingProvider:
    """Stands in for the external model endpoint (the one thing outside our code)."""

    def __init__(self, reply: str | None) -> None:
        self.reply = reply
        self.requests: list[llm.FollowUpRequest] = []

    async def rephrase_follow_up(self, request: llm.FollowUpRequest) -> str:
        self.requests.append(request)
        if self.reply is None:
            raise llm.ProviderError("model server is down")
        return self.reply

    async def rephrase_summary(self, request: llm.SummaryRequest) -> str:
        raise AssertionError("sessions never ask for summaries")


async def _main_then_follow_up(
    client: httpx.AsyncClient, db: AsyncSession, c: Candidate, clock: FakeClock
) -> tuple[dict[str, object], dict[str, object]]:
    sid = await live_session(client, db, c)
    main = (await next_question(client, c, sid)).json()
    start = clock.advance(THINK_S)
    body = answer_body(main["id"], WEAK_ANSWERS[0], start, 8)
    saved = await client.post(f"/v1/sessions/{sid}/responses", json=body, headers=c.headers)
    assert saved.status_code == 201
    clock.advance(10)
    follow_up = await next_question(client, c, sid)
    assert follow_up.status_code == 201
    return main, follow_up.json()


async def test_follow_ups_are_reworded_and_main_questions_are_not(
    app: FastAPI,
    client: httpx.AsyncClient,
    db: AsyncSession,
    candidate: Candidate,
    clock: FakeClock,
) -> None:
    provider = RecordingProvider(REWORDED)
    app.state.phrasing_provider = provider
    main, follow_up = await _main_then_follow_up(client, db, candidate, clock)
    assert main["question_text"] != REWORDED
    assert follow_up["source"] == "ai_followup"
    assert follow_up["question_text"] == REWORDED
    # The model saw the gap, the question and what the candidate said, and nothing else.
    [request] = provider.requests
    assert request.gap == follow_up["follow_up_reason"]
    assert request.question_text == main["question_text"]
    assert request.answer_excerpt == WEAK_ANSWERS[0]
    row = await db.get(Question, uuid.UUID(str(follow_up["id"])))
    assert row is not None and row.question_text == REWORDED


@pytest.mark.parametrize("reply", [None, "Tell me more.", "How nervous were you?"])
async def test_a_failing_or_unusable_model_keeps_the_rule_wording(
    app: FastAPI,
    client: httpx.AsyncClient,
    db: AsyncSession,
    candidate: Candidate,
    clock: FakeClock,
    reply: str | None,
) -> None:
    """Down, not a question, or inner-state wording: the engine's own probe is asked."""
    provider = RecordingProvider(reply)
    app.state.phrasing_provider = provider
    _, follow_up = await _main_then_follow_up(client, db, candidate, clock)
    assert len(provider.requests) == 1
    assert follow_up["source"] == "ai_followup"
    assert follow_up["question_text"] not in (reply, REWORDED)
    assert "?" in str(follow_up["question_text"])


async def test_configured_but_unreachable_endpoint_falls_back(
    app: FastAPI,
    client: httpx.AsyncClient,
    db: AsyncSession,
    candidate: Candidate,
    clock: FakeClock,
    settings: Settings,
) -> None:
    # Port 9 (discard) is closed here: the real HTTP client fails at once.
    app.state.settings = settings.model_copy(
        update={"llm_url": "http://127.0.0.1:9/v1", "llm_model": "any"}
    )
    _, follow_up = await _main_then_follow_up(client, db, candidate, clock)
    assert follow_up["source"] == "ai_followup"
    assert "?" in str(follow_up["question_text"])
