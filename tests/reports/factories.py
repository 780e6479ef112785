"""Report test data: completed sessions with voice and typed answers, signals, built reports.

Sessions come from `moodlens.reports.demo_data`, which stores voice answers exactly as the
live pipeline does (timed words, fillers from the speech library's rules, SpeechMetrics)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.models import InterviewSession, User
from moodlens.reports import build
from moodlens.reports.demo_data import (
    QUESTIONS,
    Level,
    PlannedAnswer,
    create_completed_session,
    demo_template,
)
from moodlens.reports.tasks import OpenSession

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

MIXED: tuple[PlannedAnswer, ...] = (
    PlannedAnswer(QUESTIONS[0], "fair"),
    PlannedAnswer(QUESTIONS[1], "weak"),
    PlannedAnswer(QUESTIONS[2], "strong", "typed"),
    PlannedAnswer(QUESTIONS[3], "strong"),
)


async def user(db: AsyncSession) -> User:
    """A user without a password: hashing one costs about a second on these machines."""
    row = User(email=f"reports-{secrets.token_hex(4)}@example.com", full_name="Report Tester")
    db.add(row)
    await db.flush()
    return row


def plan(levels: Sequence[Level], typed_at: int | None = 2) -> list[PlannedAnswer]:
    return [
        PlannedAnswer(QUESTIONS[i % len(QUESTIONS)], level, "typed" if i == typed_at else "voice")
        for i, level in enumerate(levels)
    ]


async def ended_session(
    db: AsyncSession,
    user: User,
    answers: Sequence[PlannedAnswer] = MIXED,
    *,
    started_at: datetime = T0,
    camera: bool = True,
    seed: int = 1,
) -> InterviewSession:
    template = await demo_template(db)
    return await create_completed_session(
        db, user, template, answers, started_at=started_at, camera=camera, seed=seed
    )


async def built_session(
    db: AsyncSession,
    user: User,
    answers: Sequence[PlannedAnswer] = MIXED,
    *,
    started_at: datetime = T0,
    camera: bool = True,
    seed: int = 1,
) -> InterviewSession:
    session = await ended_session(
        db, user, answers, started_at=started_at, camera=camera, seed=seed
    )
    assert await build.run_build(db, session.id, now=started_at + timedelta(minutes=30))
    return session


def savepoints(db: AsyncSession) -> OpenSession:
    """`open_session` for the build job that runs each attempt in a savepoint of the test's
    transaction: a failed attempt rolls back only itself, as a job's own transaction would."""

    @asynccontextmanager
    async def open_session() -> AsyncIterator[AsyncSession]:
        async with db.begin_nested():
            yield db

    return open_session


async def get_report(
    client: httpx.AsyncClient, sid: uuid.UUID, headers: dict[str, str]
) -> httpx.Response:
    return await client.get(f"/v1/sessions/{sid}/report", headers=headers)
