"""Session jobs: `interview_sessions.close_overdue` (scheduled hourly) ends sessions left live
past their time budget, so they get a report instead of staying "live" for ever (a closed
tab, a lost network, a client that crashed before `POST /end`).

The body is `run_close_overdue`, which takes a session opener (tests pass savepoints of their
transaction) and the after-commit list; the task runs it on job sessions, then the enqueues.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import get_settings
from moodlens.core.base import utcnow
from moodlens.core.deps import AfterCommit
from moodlens.interview_sessions import flows
from moodlens.interview_sessions.activity import planned_end
from moodlens.interview_sessions.capture import LiveCapture
from moodlens.jobs import broker, job_session, run_after_commit
from moodlens.models import InterviewSession, SessionStatus

log = logging.getLogger(__name__)

# Cron in UTC, away from the retention sweep's minute 17. A fixed schedule_id lets several
# schedulers (one per worker) agree on one run (jobs/scheduler.py).
OVERDUE_SCHEDULE = {
    "cron": "47 * * * *",
    "schedule_id": "interview_sessions.close_overdue.hourly",
}

# One run ends at most this many sessions (each enqueues a report build); the next run
# continues. Keeps a run's transaction and the burst of builds bounded after an outage.
SWEEP_BATCH = 200

OpenSession = Callable[[], AbstractAsyncContextManager[AsyncSession]]


class _JobHub:
    """The API process hands jobs its live hub; worker processes (Redis mode) have none."""

    hub: LiveCapture | None = None


def use_live_hub(hub: LiveCapture | None) -> None:
    _JobHub.hub = hub


def _is_overdue(session: InterviewSession, now: datetime, grace: timedelta) -> bool:
    return (
        session.status == SessionStatus.LIVE
        and session.deleted_at is None
        and session.started_at is not None
        and planned_end(session) + grace <= now
    )


async def find_overdue(db: AsyncSession, *, now: datetime, grace: timedelta) -> list[uuid.UUID]:
    """Ids of live sessions whose budget plus `grace` has passed, oldest first.

    Soft-deleted sessions are left to the hard-delete job: no report for data on its way out
    (a restored one is picked up by a later run)."""
    live = (
        InterviewSession.status == SessionStatus.LIVE,
        InterviewSession.deleted_at.is_(None),
        InterviewSession.started_at.is_not(None),
    )
    # Durations are few (10/20/30): one portable query per value instead of per-dialect
    # interval arithmetic on started_at + duration_minutes.
    durations = (
        await db.execute(select(InterviewSession.duration_minutes).where(*live).distinct())
    ).scalars()
    found: list[tuple[datetime, uuid.UUID]] = []
    for minutes in sorted(durations):
        cutoff = now - grace - timedelta(minutes=minutes)
        rows = await db.execute(
            select(InterviewSession.started_at, InterviewSession.id)
            .where(
                *live,
                InterviewSession.duration_minutes == minutes,
                InterviewSession.started_at <= cutoff,
            )
            .order_by(InterviewSession.started_at)
            .limit(SWEEP_BATCH)
        )
        found += [(started, sid) for started, sid in rows.all() if started is not None]
    return [sid for _, sid in sorted(found)[:SWEEP_BATCH]]


async def end_overdue(
    db: AsyncSession,
    session_ids: list[uuid.UUID],
    after_commit: AfterCommit,
    *,
    now: datetime,
    grace: timedelta,
) -> list[uuid.UUID]:
    """End each session that is still overdue once its row is locked (a `POST /end` may have
    won the race), through the same flow as `POST /end` (ended when last in use). Idempotent:
    an ended session is skipped. Returns the ids it ended."""
    if not session_ids:
        return []
    sessions = (
        await db.execute(
            select(InterviewSession)
            .where(InterviewSession.id.in_(session_ids))
            .order_by(InterviewSession.id)  # one lock order for concurrent runs
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalars()
    ended: list[uuid.UUID] = []
    for session in list(sessions):
        if not _is_overdue(session, now, grace):
            continue
        # Ended when last in use (at the latest shortly after the budget ran out), not now:
        # the report's duration and timeline must not count the hours in between.
        await flows.end_live_session(
            db,
            session,
            after_commit,
            now=now,
            actor_id=None,
            details={
                "reason": "time_budget_passed",
                "grace_minutes": grace // timedelta(minutes=1),
            },
        )
        ended.append(session.id)
    await db.flush()
    return ended


async def run_close_overdue(
    after_commit: AfterCommit,
    *,
    grace: timedelta,
    now: datetime | None = None,
    hub: LiveCapture | None = None,
    open_session: OpenSession = job_session,
) -> list[uuid.UUID]:
    """Job body of `interview_sessions.close_overdue`; returns the ids it ended. The caller
    runs `after_commit` once this returned (the ending transaction has committed by then).

    Three steps, each outside the others' transactions:
    1. find the overdue sessions (read only);
    2. sessions whose live pipeline this process still holds are finished first, like
       `POST /end` does (docs/adr/0003: the pipeline holds the answer in progress and up to
       2 s of signal rows). Not left alone: past budget plus grace no answer may still be
       coming (`questions/next` stopped at the budget), and a tab left open would otherwise
       keep its session live for ever, since the hub drops only pipelines without a socket.
       This runs with no row lock held and no transaction open, because the pipeline's answer
       save locks the session row itself (and SQLite would refuse our later write if the
       pipeline committed after our read began). Worker processes (Redis mode) hold no
       pipelines and cannot reach the API's: there the grace period is what protects them,
       as the hub drops a disconnected pipeline (storing what it held) after 15 minutes
       (`live.hub.IDLE_DROP_S`), which is why the grace defaults to 15 minutes;
    3. lock, re-check and end them, enqueueing their report builds after commit.
    """
    now = now or utcnow()
    async with open_session() as db:
        overdue = await find_overdue(db, now=now, grace=grace)
    if not overdue:
        return []
    if hub is not None:
        for sid in overdue:
            if await flows.finish_overdue_capture(hub, sid):
                log.info("finished the live pipeline of an overdue session %s", sid)
    async with open_session() as db:
        ended = await end_overdue(db, overdue, after_commit, now=now, grace=grace)
    if ended:
        log.info(
            "ended %d overdue live sessions", len(ended), extra={"fields": {"ended": len(ended)}}
        )
    return ended


# ---- tasks ---------------------------------------------------------------------------------


@broker.task(task_name="interview_sessions.close_overdue", schedule=[OVERDUE_SCHEDULE])
async def close_overdue_sessions() -> int:
    after_commit: AfterCommit = []
    grace = timedelta(minutes=get_settings().overdue_session_grace_minutes)
    ended = await run_close_overdue(after_commit, grace=grace, hub=_JobHub.hub)
    await run_after_commit(after_commit)
    return len(ended)
