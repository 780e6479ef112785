"""API steps shared by the session tests."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.interview_sessions.conftest import Candidate
from tests.interview_sessions.factories import template_id

# Seconds a candidate takes to start answering after a question appears.
THINK_S = 3


async def live_session(
    client: httpx.AsyncClient,
    db: AsyncSession,
    c: Candidate,
    slug: str = "sde-behavioral-medium",
    minutes: int = 20,
) -> str:
    r = await client.post(
        "/v1/sessions",
        json={"template_id": await template_id(db, slug), "duration_minutes": minutes},
        headers=c.headers,
    )
    assert r.status_code == 201, r.text
    sid: str = r.json()["id"]
    assert (await client.post(f"/v1/sessions/{sid}/start", headers=c.headers)).status_code == 200
    return sid


async def next_question(client: httpx.AsyncClient, c: Candidate, sid: str) -> httpx.Response:
    return await client.post(f"/v1/sessions/{sid}/questions/next", headers=c.headers)


def answer_body(question_id: str, text: str, start: datetime, seconds: float) -> dict[str, str]:
    return {
        "question_id": question_id,
        "transcript_text": text,
        "started_at": start.isoformat(),
        "ended_at": (start + timedelta(seconds=seconds)).isoformat(),
    }
