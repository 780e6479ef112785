"""Factories for session tests: consent, synced templates, sessions in a given state."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.content import load_content
from moodlens.interview_templates.service import sync_templates
from moodlens.models import ConsentRecord, InterviewSession, InterviewTemplate, User
from moodlens.privacy.consent_text import current_consent

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FakeClock:
    """A clock tests move by hand: `app.state.clock = FakeClock()`, then `advance(seconds)`."""

    def __init__(self, start: datetime = T0) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> datetime:
        self.current += timedelta(seconds=seconds)
        return self.current


async def grant_consent(
    db: AsyncSession,
    user: User,
    *,
    recording: bool = False,
    version: str | None = None,
    capture: frozenset[str] = frozenset({"camera", "microphone"}),
) -> ConsentRecord:
    """The current consent with `capture` (camera and microphone unless told otherwise)."""
    consent = current_consent()
    scopes = sorted(consent.required_scope_ids | capture | ({"recording"} if recording else set()))
    record = ConsentRecord(
        user_id=user.id, consent_version=version or consent.version, scopes=scopes
    )
    db.add(record)
    await db.flush()
    return record


async def template_by_slug(db: AsyncSession, slug: str) -> InterviewTemplate:
    await sync_templates(db, load_content())
    row = await db.scalar(select(InterviewTemplate).where(InterviewTemplate.slug == slug))
    assert row is not None, slug
    return row


async def create_session(
    db: AsyncSession,
    user: User,
    *,
    slug: str = "sde-behavioral-medium",
    status: str = "scheduled",
    duration_minutes: int = 20,
    created_at: datetime = T0,
    seed: int = 7,
    deleted: bool = False,
) -> InterviewSession:
    """A session row straight in the DB (for list/ownership tests that skip the API)."""
    template = await template_by_slug(db, slug)
    session = InterviewSession(
        id=uuid.uuid4(),
        user_id=user.id,
        template_id=template.id,
        status=status,
        duration_minutes=duration_minutes,
        content_version=template.content_version,
        consent_version=current_consent().version,
        seed=seed,
        created_at=created_at,
        updated_at=created_at,
        started_at=created_at if status != "scheduled" else None,
        ended_at=created_at + timedelta(minutes=duration_minutes)
        if status in ("completed", "failed")
        else None,
        deleted_at=created_at if deleted else None,
    )
    db.add(session)
    await db.flush()
    return session


async def template_id(db: AsyncSession, slug: str = "sde-behavioral-medium") -> str:
    return str((await template_by_slug(db, slug)).id)
