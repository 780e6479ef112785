from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.base import as_utc
from moodlens.core.storage import LocalStorage
from moodlens.models import AuditEntry, InterviewSession, UserPrivacySettings
from moodlens.privacy import deletion, service, tasks
from tests.factories import auth_headers
from tests.privacy import factories
from tests.privacy.factories import T0

pytestmark = pytest.mark.sqlite


async def _exists(db: AsyncSession, session: InterviewSession) -> bool:
    found = await db.scalar(select(InterviewSession.id).where(InterviewSession.id == session.id))
    return found is not None


async def test_retention_sweep_with_a_moved_clock(db: AsyncSession, storage: LocalStorage) -> None:
    short = await factories.quick_user(db)
    db.add(UserPrivacySettings(user_id=short.id, retention_days=30))
    keeper = await factories.quick_user(db)
    db.add(UserPrivacySettings(user_id=keeper.id, retention_days=None))
    undecided = await factories.quick_user(db)  # never chose: kept until they delete
    old = await factories.full_session(db, storage, short, created_at=T0)
    recent = await factories.full_session(db, storage, short, created_at=T0 + timedelta(days=20))
    kept = await factories.session(db, keeper, created_at=T0)
    kept_too = await factories.session(db, undecided, created_at=T0)

    result = await tasks.run_retention_sweep(db, storage, now=T0 + timedelta(days=29))
    assert result.past_retention == 0 and await _exists(db, old.session)

    result = await tasks.run_retention_sweep(db, storage, now=T0 + timedelta(days=30, hours=1))
    assert result.past_retention == 1 and result.session_ids == [old.session.id]
    assert not await _exists(db, old.session)
    assert not any(storage.exists(k) for k in old.files)
    assert await _exists(db, recent.session) and all(storage.exists(k) for k in recent.files)
    assert await _exists(db, kept) and await _exists(db, kept_too)
    entry = (
        await db.execute(
            select(AuditEntry).where(
                AuditEntry.action == "session.hard_delete",
                AuditEntry.target_id == str(old.session.id),
            )
        )
    ).scalar_one()
    assert entry.actor_id is None and entry.details["reason"] == "retention_30_days"

    # Idempotent: a second run finds nothing more.
    again = await tasks.run_retention_sweep(db, storage, now=T0 + timedelta(days=30, hours=2))
    assert again.past_retention == 0

    result = await tasks.run_retention_sweep(db, storage, now=T0 + timedelta(days=400))
    assert result.past_retention == 1 and not await _exists(db, recent.session)
    assert await _exists(db, kept) and await _exists(db, kept_too)


async def test_soft_deleted_sessions_are_hard_deleted_when_grace_ends(
    db: AsyncSession, storage: LocalStorage
) -> None:
    user = await factories.quick_user(db)
    fs = await factories.full_session(db, storage, user)
    await service.schedule_session_deletion(db, fs.session, [], grace_days=7)
    due = fs.session.hard_delete_after
    assert due is not None
    # The job itself refuses to delete early (a stray enqueue cannot skip the grace).
    assert not await deletion.run_hard_delete(
        db, storage, fs.session.id, now=as_utc(due) - timedelta(minutes=1)
    )
    early = await tasks.run_retention_sweep(db, storage, now=as_utc(due) - timedelta(minutes=1))
    assert early.due_soft_deleted == 0 and await _exists(db, fs.session)
    late = await tasks.run_retention_sweep(db, storage, now=as_utc(due) + timedelta(minutes=1))
    assert late.due_soft_deleted == 1 and not await _exists(db, fs.session)
    assert not any(storage.exists(k) for k in fs.files)


async def test_delete_now_skips_the_grace_period(
    client: httpx.AsyncClient, db: AsyncSession, storage: LocalStorage, settings: Settings
) -> None:
    user = await factories.quick_user(db)
    fs = await factories.full_session(db, storage, user)
    await service.schedule_session_deletion(db, fs.session, [])  # plain delete first
    r = await client.post(
        f"/v1/sessions/{fs.session.id}/purge", headers=auth_headers(user, settings)
    )
    assert r.status_code == 202, r.text
    # The test app does not run after-commit callbacks; run the job body the API enqueues.
    assert await deletion.run_hard_delete(db, storage, fs.session.id)
    assert not await _exists(db, fs.session)
    stranger = await factories.quick_user(db)
    other = await factories.session(db, stranger)
    r = await client.post(f"/v1/sessions/{other.id}/purge", headers=auth_headers(user, settings))
    assert r.status_code == 404


async def test_schedule_session_deletion_enqueues_hard_delete_only_for_now(
    db: AsyncSession,
) -> None:
    user = await factories.quick_user(db)
    a = await factories.session(db, user)
    b = await factories.session(db, user)
    later: list[object] = []
    await service.schedule_session_deletion(db, a, later)  # type: ignore[arg-type]
    assert later == [] and a.deleted_at is not None and a.hard_delete_after is not None
    assert as_utc(a.hard_delete_after) - as_utc(a.deleted_at) >= timedelta(days=7)
    await service.schedule_session_deletion(db, b, later, now=True)  # type: ignore[arg-type]
    assert len(later) == 1
    actions = {
        x
        for (x,) in (
            await db.execute(select(AuditEntry.action).where(AuditEntry.actor_id == user.id))
        ).all()
    }
    assert actions == {"session.soft_delete", "session.delete_now"}
