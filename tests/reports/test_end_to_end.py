"""Through the sessions API: answer typed questions, end the session, and the report flow
starts (202 while building), then the job makes it ready."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.reports import tasks
from tests.factories import auth_headers
from tests.interview_sessions.factories import FakeClock, grant_consent, template_id
from tests.reports import factories

pytestmark = pytest.mark.sqlite

ANSWER = (
    "At my last job the nightly import failed about twice a week. I reproduced it locally, "
    "added logging around the parser, and traced it to a race condition between two workers. "
    "I fixed it with a lock and added a regression test, and the failures dropped to zero "
    "over the next three months."
)


async def test_end_session_then_report_ready(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    clock = FakeClock()
    app.state.clock = clock
    user = await factories.user(db)
    await grant_consent(db, user)
    headers = auth_headers(user, settings)
    r = await client.post(
        "/v1/sessions",
        json={"template_id": await template_id(db), "duration_minutes": 10},
        headers=headers,
    )
    sid = r.json()["id"]
    assert (await client.post(f"/v1/sessions/{sid}/start", headers=headers)).status_code == 200
    for _ in range(2):
        clock.advance(2)
        q = (await client.post(f"/v1/sessions/{sid}/questions/next", headers=headers)).json()
        start = clock.advance(3)
        end = clock.advance(60)
        r = await client.post(
            f"/v1/sessions/{sid}/responses",
            headers=headers,
            json={
                "question_id": q["id"],
                "transcript_text": ANSWER,
                "started_at": start.isoformat(),
                "ended_at": end.isoformat(),
            },
        )
        assert r.status_code in (200, 201), r.text
    clock.advance(5)
    r = await client.post(f"/v1/sessions/{sid}/end", headers=headers)
    assert r.status_code == 200 and r.json()["report_status"] == "building"

    r = await client.get(f"/v1/sessions/{sid}/report", headers=headers)
    assert r.status_code == 202 and r.json()["progress"]["stage"] == "queued"
    outcome = await tasks.run_build_with_retries(
        uuid.UUID(sid), open_session=factories.savepoints(db), delays=()
    )
    assert outcome == "ready"
    rep = (await client.get(f"/v1/sessions/{sid}/report", headers=headers)).json()
    assert rep["status"] == "ready" and len(rep["answers"]) == 2
    assert all(a["input_mode"] == "typed" for a in rep["answers"])
    assert rep["answers"][0]["duration_s"] == pytest.approx(60.0)
    # Typed-only: structure and relevance come from the words, delivery has little evidence.
    assert rep["dimensions"]["confidence"]["band"] != "high"
    assert rep["session"]["duration_s"] == pytest.approx(
        (timedelta(seconds=2 * 65 + 5)).total_seconds()
    )
