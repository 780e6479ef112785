"""`interview_sessions.close_overdue`: live sessions past their time budget plus the grace
period are ended when they were last in use (at the latest shortly after their planned end)
and get a report; everything else is left alone."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any, cast

import pytest
from fastapi import FastAPI, WebSocket
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from moodlens.core.base import as_utc
from moodlens.interview_sessions import activity, tasks
from moodlens.jobs import broker, import_task_modules, scheduler
from moodlens.live.audio import AudioServices
from moodlens.live.consent import CaptureConsent
from moodlens.live.hub import LiveHub
from moodlens.live.schemas import FaceFeatures, FaceMessage
from moodlens.live.socket import CloseCode
from moodlens.models import AuditEntry, InterviewSession, SignalEvent, User
from moodlens.models.interview import SessionStatus
from moodlens.reports import tasks as report_tasks
from moodlens.reports.tasks import OpenSession
from moodlens.signals.audio.asr_pool import AsrPool, PoolConfig
from tests.conftest import eventually
from tests.interview_sessions.factories import T0, create_session
from tests.reports import factories as report_factories

GRACE = timedelta(minutes=15)
BUDGET = timedelta(minutes=20)


async def _live_with_answers(db: AsyncSession) -> InterviewSession:
    """A session with stored answers and signals (a report can be built) that never ended."""
    user = await report_factories.user(db)
    session = await report_factories.ended_session(db, user, started_at=T0)
    session.status = SessionStatus.LIVE
    session.ended_at = None
    await db.flush()
    return session


async def _last_used(db: AsyncSession, session: InterviewSession) -> object:
    """The session's last stored activity (its answers and signals end inside the budget)."""
    last = await activity.last_activity(db, session, until=T0 + timedelta(days=1))
    assert T0 < last < T0 + BUDGET
    return last


async def _end_audits(db: AsyncSession, session_id: uuid.UUID) -> list[AuditEntry]:
    rows = await db.execute(
        select(AuditEntry).where(
            AuditEntry.target_id == str(session_id), AuditEntry.action == "session.end"
        )
    )
    return list(rows.scalars())


@pytest.mark.sqlite
async def test_live_session_past_budget_and_grace_is_ended_and_its_report_built(
    db: AsyncSession,
) -> None:
    session = await _live_with_answers(db)
    last_used = await _last_used(db, session)
    after: list[Any] = []
    opener: OpenSession = report_factories.savepoints(db)
    now = T0 + BUDGET + GRACE  # exactly at the deadline: due
    ended = await tasks.run_close_overdue(after, grace=GRACE, now=now, open_session=opener)

    assert session.id in ended
    await db.refresh(session)
    assert session.status == "completed"
    assert session.ended_at is not None and as_utc(session.ended_at) == last_used
    assert session.report_status == "building"
    assert len(after) == 1  # reports.build, enqueued only after the job's commit
    [audit] = await _end_audits(db, session.id)
    assert audit.actor_id is None
    assert audit.details == {
        "reason": "time_budget_passed",
        "grace_minutes": 15,
        "requested_at": now.isoformat(),
    }

    outcome = await report_tasks.run_build_with_retries(session.id, open_session=opener, delays=())
    assert outcome == "ready"
    await db.refresh(session)
    assert session.report_status == "ready"


def _state(s: InterviewSession) -> tuple[str, object, str]:
    return (s.status, as_utc(s.ended_at) if s.ended_at else None, s.report_status)


@pytest.mark.sqlite
async def test_sessions_within_budget_or_not_live_are_untouched(db: AsyncSession) -> None:
    user = await report_factories.user(db)
    almost = await create_session(db, user, status="live", created_at=T0)
    running = await create_session(db, user, status="live", created_at=T0 + timedelta(minutes=30))
    longer = await create_session(db, user, status="live", created_at=T0, duration_minutes=30)
    deleted = await create_session(db, user, status="live", created_at=T0, deleted=True)
    scheduled = await create_session(db, user, status="scheduled", created_at=T0)
    completed = await create_session(db, user, status="completed", created_at=T0)
    before = [_state(s) for s in (almost, completed)]

    after: list[Any] = []
    now = T0 + BUDGET + GRACE - timedelta(seconds=1)
    ended = await tasks.run_close_overdue(
        after, grace=GRACE, now=now, open_session=report_factories.savepoints(db)
    )

    mine = {almost.id, running.id, longer.id, deleted.id, scheduled.id, completed.id}
    assert not mine & set(ended)
    assert after == []
    for s in (almost, running, longer, deleted, scheduled, completed):
        await db.refresh(s)
        assert not await _end_audits(db, s.id)
    assert almost.status == running.status == longer.status == deleted.status == "live"
    assert almost.ended_at is None and scheduled.status == "scheduled"
    assert [_state(s) for s in (almost, completed)] == before


@pytest.mark.sqlite
async def test_sweep_is_idempotent(db: AsyncSession) -> None:
    session = await _live_with_answers(db)
    last_used = await _last_used(db, session)
    opener = report_factories.savepoints(db)
    now = T0 + timedelta(hours=3)
    first: list[Any] = []
    assert session.id in await tasks.run_close_overdue(
        first, grace=GRACE, now=now, open_session=opener
    )
    again: list[Any] = []
    later = now + timedelta(hours=1)
    assert session.id not in await tasks.run_close_overdue(
        again, grace=GRACE, now=later, open_session=opener
    )
    # Ending the same ids again (a duplicate delivery holding yesterday's list) does nothing.
    assert await tasks.end_overdue(db, [session.id], again, now=later, grace=GRACE) == []
    assert again == []
    await db.refresh(session)
    assert as_utc(session.ended_at or T0) == last_used
    assert len(await _end_audits(db, session.id)) == 1


class _Socket:
    """Stands in for Starlette's WebSocket (not our code): records what the server does."""

    def __init__(self) -> None:
        self.closed: tuple[int, str] | None = None
        self.sent: list[dict[str, Any]] = []

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        self.closed = (code, reason or "")

    async def send_json(self, data: dict[str, Any]) -> None:
        self.sent.append(data)


async def test_a_pipeline_this_process_holds_is_finished_first(
    db: AsyncSession, connection: AsyncConnection
) -> None:
    """The candidate's tab is still connected hours later: the sweep stores what the live
    pipeline held (here the last signal seconds), closes the socket as "not live" and ends."""
    user = await report_factories.user(db)
    session = await create_session(db, user, status="live", created_at=T0)
    # The pipeline writes through its own sessions; bind them to this test's transaction.
    maker = async_sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    async with AsrPool(PoolConfig(workers=1)) as pool:
        hub = LiveHub(maker, AudioServices(pool))
        socket = _Socket()
        capture = CaptureConsent(audio=True, face=True)
        pipeline, _ = await hub.attach(session, cast(WebSocket, socket), capture)
        for seq, t_ms in enumerate((1_190_000.0, 1_190_500.0, 1_191_000.0)):
            features = FaceFeatures(face_present_ratio=1.0, yaw=2.0, pitch=1.0, gaze_on_camera=0.9)
            await pipeline.on_json(FaceMessage(type="face", seq=seq, t_ms=t_ms, features=features))

        after: list[Any] = []
        ended = await tasks.run_close_overdue(
            after,
            grace=GRACE,
            now=T0 + timedelta(hours=2),
            hub=hub,
            open_session=report_factories.savepoints(db),
        )
        await hub.close()

    assert session.id in ended and hub.get(session.id) is None
    assert socket.closed is not None and socket.closed[0] == CloseCode.NOT_LIVE
    stored = await db.scalar(
        select(func.count()).where(
            SignalEvent.session_id == session.id, SignalEvent.t_ms >= 1_190_000
        )
    )
    assert stored == 2  # seconds 1190 and 1191, flushed before the session ended
    await db.refresh(session)
    assert session.status == "completed" and len(after) == 1


async def test_close_overdue_is_labelled_hourly() -> None:
    import_task_modules()
    source = scheduler.OncePerTickScheduleSource(broker, None)
    await source.startup()
    schedules = await source.get_schedules()
    [sweep] = [s for s in schedules if s.task_name == "interview_sessions.close_overdue"]
    assert sweep.cron == tasks.OVERDUE_SCHEDULE["cron"]
    assert sweep.schedule_id == "interview_sessions.close_overdue.hourly"


async def test_embedded_mode_runs_the_sweep_and_the_report_is_built(live_app: FastAPI) -> None:
    """Through the real in-memory broker on committed data: the task ends the session, commits,
    then enqueues reports.build, which builds the report."""
    running = {t.get_name() for t in asyncio.all_tasks()}
    assert "interview_sessions.close_overdue" in running  # the lifespan's embedded sweeper

    maker: async_sessionmaker[AsyncSession] = live_app.state.sessionmaker
    async with maker() as db:
        session = await _live_with_answers(db)
        last_used = await _last_used(db, session)
        user_id = session.user_id
        await db.commit()
    try:
        task = await tasks.close_overdue_sessions.kiq()
        result = await task.wait_result(timeout=30)
        assert not result.is_err and result.return_value >= 1

        async def built() -> bool:
            async with maker() as db:
                row = await db.get(InterviewSession, session.id)
                return row is not None and row.report_status == "ready"

        await eventually(built)
        async with maker() as db:
            row = await db.get(InterviewSession, session.id)
            assert row is not None and row.status == "completed"
            assert row.ended_at is not None and as_utc(row.ended_at) == last_used
    finally:
        async with maker() as db:
            await db.execute(delete(User).where(User.id == user_id))
            await db.commit()
