"""A session's length is the time it was in use (issue 11 §2): an end that comes late (a
closed tab, a retried end, a room reopened only to press End) does not count the time in
between, and neither does the overdue sweep."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.base import as_utc
from moodlens.interview_sessions import activity, tasks
from moodlens.models import AuditEntry, InterviewSession, SignalEvent
from moodlens.models.interview import SessionStatus
from moodlens.reports import build as report_build
from tests.interview_sessions.api import answer_body, live_session, next_question
from tests.interview_sessions.conftest import Candidate
from tests.interview_sessions.factories import FakeClock
from tests.reports import factories as report_factories

pytestmark = pytest.mark.sqlite


async def _four_minute_interview(
    client: httpx.AsyncClient, db: AsyncSession, c: Candidate, clock: FakeClock
) -> tuple[str, datetime]:
    """Start, one question, a typed answer ending 4 minutes in; returns the id and that end."""
    sid = await live_session(client, db, c, minutes=10)
    started = clock.now()
    clock.advance(20)
    q = (await next_question(client, c, sid)).json()
    clock.advance(220)
    body = answer_body(q["id"], "I split the release into stages and cut rollbacks.", started, 0)
    body["started_at"] = (started + timedelta(seconds=30)).isoformat()
    body["ended_at"] = (started + timedelta(minutes=4)).isoformat()
    r = await client.post(f"/v1/sessions/{sid}/responses", json=body, headers=c.headers)
    assert r.status_code == 201, r.text
    return sid, started + timedelta(minutes=4)


async def _end_audit(db: AsyncSession, sid: str) -> AuditEntry:
    return (
        await db.scalars(
            select(AuditEntry).where(
                AuditEntry.target_id == sid, AuditEntry.action == "session.end"
            )
        )
    ).one()


async def test_ended_an_hour_later_the_session_lasts_until_its_last_answer(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, clock: FakeClock
) -> None:
    sid, last_answer = await _four_minute_interview(client, db, candidate, clock)
    started = last_answer - timedelta(minutes=4)
    clock.current = started + timedelta(minutes=57, seconds=23)  # the tab was closed

    ended = await client.post(f"/v1/sessions/{sid}/end", headers=candidate.headers)
    assert ended.status_code == 200, ended.text
    assert datetime.fromisoformat(ended.json()["ended_at"]) == last_answer
    audit = await _end_audit(db, sid)
    assert audit.details == {"requested_at": clock.now().isoformat()}

    assert await report_build.run_build(db, uuid.UUID(sid), now=clock.now())
    report = await client.get(f"/v1/sessions/{sid}/report", headers=candidate.headers)
    assert report.status_code == 200, report.text
    assert report.json()["session"]["duration_s"] == 240.0


async def test_an_end_right_after_the_last_activity_ends_now(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, clock: FakeClock
) -> None:
    sid, last_answer = await _four_minute_interview(client, db, candidate, clock)
    clock.current = last_answer + timedelta(seconds=90)  # reading the next question, then End

    ended = await client.post(f"/v1/sessions/{sid}/end", headers=candidate.headers)
    assert datetime.fromisoformat(ended.json()["ended_at"]) == clock.now()
    assert not (await _end_audit(db, sid)).details  # nothing to explain


async def test_a_room_reopened_after_the_budget_does_not_stretch_the_session(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, clock: FakeClock
) -> None:
    """The reopened room streams a few seconds before End is pressed: those signal rows lie
    past the budget (plus the overrun an answer in progress may take) and do not count."""
    sid, last_answer = await _four_minute_interview(client, db, candidate, clock)
    started = last_answer - timedelta(minutes=4)
    reopened = started + timedelta(minutes=57)
    for s in range(3):
        t = 57 * 60 + s
        db.add(
            SignalEvent(
                session_id=uuid.UUID(sid),
                ts=started + timedelta(seconds=t),
                t_ms=t * 1000,
                speaking=False,
                volume_dbfs=-70.0,
            )
        )
    await db.flush()
    clock.current = reopened + timedelta(seconds=5)

    ended = await client.post(f"/v1/sessions/{sid}/end", headers=candidate.headers)
    assert datetime.fromisoformat(ended.json()["ended_at"]) == last_answer


async def _live_with_answers(db: AsyncSession) -> InterviewSession:
    user = await report_factories.user(db)
    session = await report_factories.ended_session(db, user, started_at=report_factories.T0)
    session.status = SessionStatus.LIVE
    session.ended_at = None
    await db.flush()
    return session


async def test_the_overdue_sweep_ends_a_session_at_its_last_activity(db: AsyncSession) -> None:
    session = await _live_with_answers(db)
    assert session.started_at is not None
    far = activity.planned_end(session) + timedelta(days=1)
    expected = await activity.last_activity(db, session, until=far)
    assert as_utc(session.started_at) < expected < activity.planned_end(session)

    after: list[Any] = []
    now = as_utc(session.started_at) + timedelta(hours=3)
    ended = await tasks.run_close_overdue(
        after,
        grace=timedelta(minutes=15),
        now=now,
        open_session=report_factories.savepoints(db),
    )
    assert session.id in ended
    await db.refresh(session)
    assert session.ended_at is not None and as_utc(session.ended_at) == expected
    audit = await _end_audit(db, str(session.id))
    assert audit.details is not None and audit.details["requested_at"] == now.isoformat()
