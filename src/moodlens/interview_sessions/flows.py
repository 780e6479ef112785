"""Cross-domain workflows around a session (DESIGN §5.9): the one place they are wired.

Routers and the live pipeline never chain domains themselves; they call these hooks.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.audit import record_audit
from moodlens.core.deps import AfterCommit
from moodlens.interview_sessions import activity
from moodlens.interview_sessions.capture import LiveCapture
from moodlens.models import InterviewSession, SessionStatus
from moodlens.reports import build as report_build


async def on_session_ended(
    db: AsyncSession, session: InterviewSession, after_commit: AfterCommit
) -> None:
    """Called once, when a live session ends (ended_at already set, status still "live").

    Owned by the reports work: finalise signals -> score -> build the report. Whatever it
    grows into, it must leave the session "completed" (or "failed") and enqueue jobs only
    through `after_commit` so workers see the committed session. Flush, never commit.
    """
    session.status = SessionStatus.COMPLETED
    # The report job reads the committed session, answers and signals (DESIGN §5.5).
    report_build.start_build(session, after_commit)
    await db.flush()


async def end_live_session(
    db: AsyncSession,
    session: InterviewSession,
    after_commit: AfterCommit,
    *,
    now: datetime,
    actor_id: uuid.UUID | None,
    details: dict[str, Any] | None = None,
) -> None:
    """End a live session (row locked by the caller): its end time, the report flow, and the
    `session.end` audit entry. `POST /end` and the overdue sweep both end sessions this way.

    The end time is when the session was last in use (`activity.honest_end`), not `now`: an
    end that comes late (a closed tab, a retried end) must not count the time in between."""
    session.ended_at = await activity.honest_end(db, session, now)
    await db.flush()
    await on_session_ended(db, session, after_commit)
    if session.ended_at != now:
        details = {**(details or {}), "requested_at": now.isoformat()}
    record_audit(
        db,
        actor_id=actor_id,
        action="session.end",
        target_type="session",
        target_id=session.id,
        details=details,
    )


async def finish_live_capture(capture: LiveCapture, session: InterviewSession) -> None:
    """Before a session ends: store the live pipeline's pending answers and signal rows, so
    the report job that `on_session_ended` enqueues sees every answer."""
    await capture.finish(session.id)


async def finish_overdue_capture(capture: LiveCapture, session_id: uuid.UUID) -> bool:
    """Before the overdue sweep ends a session whose pipeline this process still holds: the
    capture tells the socket the session is over, then stores pending answers and signal rows,
    as `finish_live_capture` does for `POST /end`. Returns whether this process held it."""
    return await capture.end_overdue(session_id)
