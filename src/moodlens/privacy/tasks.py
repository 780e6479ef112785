"""Privacy jobs: hard delete of a session (named `privacy.hard_delete`)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.jobs import broker, job_session
from moodlens.models import InterviewSession


async def run_hard_delete(db: AsyncSession, session_id: uuid.UUID) -> None:
    """Idempotent: a session already gone is a no-op (the full body lands with issue 7)."""
    session = await db.get(InterviewSession, session_id)
    if session is None or session.deleted_at is None:
        return
    await db.delete(session)


@broker.task(task_name="privacy.hard_delete")
async def hard_delete_session(session_id: str) -> None:
    async with job_session() as db:
        await run_hard_delete(db, uuid.UUID(session_id))
