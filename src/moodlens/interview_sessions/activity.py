"""When a session was last in use, so that one ended late is not reported as long.

A session ends when someone asks (`POST /end`) or when the overdue sweep finds it; either can
come long after the candidate stopped: a closed tab, a failed end tried again the next day, a
room reopened an hour later only to press End. The session's length (ended_at - started_at,
the report's duration and timeline) must be the time it was in use: from its start to its last
stored activity (a question asked, an answer's times, a second of live signals).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.models import InterviewSession, Question, Response, SignalEvent

# An end this soon after the last activity is the candidate stopping: the session was in use
# until now (reading a question, typing an answer, thinking). Longer than any pause the room
# leaves without storing something: live signal rows arrive every second while it streams,
# and a typed answer of several minutes ends with a stored answer.
IDLE_END = timedelta(minutes=5)
# Activity after the time budget counts for this long: the room asks no question once the
# budget is spent but lets the answer in progress finish. Later activity (a room reopened
# after the budget, streaming until End is pressed) is not practice time.
OVERRUN = timedelta(minutes=5)


def planned_end(session: InterviewSession) -> datetime:
    assert session.started_at is not None
    return session.started_at + timedelta(minutes=session.duration_minutes)


async def last_activity(
    db: AsyncSession, session: InterviewSession, *, until: datetime
) -> datetime:
    """The latest stored activity of the session not after `until` (its start if none)."""
    assert session.started_at is not None
    sid = session.id
    probes = (
        select(func.max(Question.asked_at)).where(
            Question.session_id == sid, Question.asked_at <= until
        ),
        select(func.max(Response.ended_at)).where(
            Response.session_id == sid, Response.ended_at <= until
        ),
        select(func.max(Response.started_at)).where(
            Response.session_id == sid, Response.started_at <= until
        ),
        select(func.max(SignalEvent.ts)).where(
            SignalEvent.session_id == sid, SignalEvent.ts <= until
        ),
    )
    found = [session.started_at]
    for probe in probes:
        value = await db.scalar(probe)
        if value is not None:
            found.append(value)
    return max(found)


async def honest_end(db: AsyncSession, session: InterviewSession, now: datetime) -> datetime:
    """When a live session ending at `now` stopped being used: `now` if something happened
    in the last IDLE_END, otherwise its last activity (within the budget plus OVERRUN)."""
    last = await last_activity(db, session, until=min(now, planned_end(session) + OVERRUN))
    return now if now - last <= IDLE_END else last
