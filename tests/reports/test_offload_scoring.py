"""Report scoring runs in the report worker process (not a thread of the API process, where it
would hold the GIL and stall the live loop); a worker that dies fails the attempt with a clear
error recorded on the report, and the next attempt starts a fresh worker."""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.models import InterviewSession, SessionScore
from moodlens.reports import build, builder, offload, tasks
from moodlens.reports.inputs import load_session_input
from tests.reports import factories

pytestmark = pytest.mark.sqlite


def _pid() -> int:
    return os.getpid()


async def _worker_pid() -> int:
    return await asyncio.get_running_loop().run_in_executor(offload._executor(), _pid)


async def test_scoring_in_the_worker_gives_the_same_report_as_in_process(
    db: AsyncSession,
) -> None:
    user = await factories.user(db)
    session = await factories.ended_session(db, user)
    data = await load_session_input(db, session)
    moment = factories.T0 + timedelta(minutes=30)

    remote = await offload.build_report(data, built_at=moment)
    local = builder.build_report(data, built_at=moment)
    assert remote == local  # pickled in and out without loss
    assert await _worker_pid() != os.getpid()


async def test_a_worker_killed_mid_scoring_raises_and_the_next_build_gets_a_fresh_one(
    db: AsyncSession,
) -> None:
    user = await factories.user(db)
    session = await factories.ended_session(db, user)
    data = await load_session_input(db, session)
    pid = await _worker_pid()

    build = asyncio.create_task(offload.build_report(data, built_at=factories.T0))
    await asyncio.sleep(0)  # the task has handed the build to the worker
    os.kill(pid, 9)
    with pytest.raises(offload.OffloadProcessDied, match="stopped before it finished"):
        await build

    built = await offload.build_report(data, built_at=factories.T0)
    assert built.answers and built.report["session"]
    assert await _worker_pid() not in (pid, os.getpid())


async def test_a_dead_worker_is_recorded_on_the_report_and_the_retry_builds_it(
    db: AsyncSession,
) -> None:
    user = await factories.user(db)
    session = await factories.ended_session(db, user)
    build.start_build(session, [])
    await db.flush()
    os.kill(await _worker_pid(), 9)  # e.g. killed for memory between two builds
    seen: list[tuple[str, str | None]] = []

    async def look_between_attempts(seconds: float) -> None:
        row = await db.get(InterviewSession, session.id, populate_existing=True)
        assert row is not None
        seen.append((row.report_status, row.report_error))

    outcome = await tasks.run_build_with_retries(
        session.id, open_session=factories.savepoints(db), sleep=look_between_attempts
    )
    assert seen == [("building", "Attempt 1 failed (OffloadProcessDied); retrying.")]
    assert outcome == "ready"
    await db.refresh(session)
    assert session.report_status == "ready" and session.report_attempts == 2
    assert session.report_error is None
    assert (
        await db.scalar(select(SessionScore.id).where(SessionScore.session_id == session.id))
    ) is not None
