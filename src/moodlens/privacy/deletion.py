"""Hard deletion: of one session (after its grace period), of sessions past the user's
retention, and of a whole account. Every path ends in `subject.py`, which removes rows and
files the schema says belong to the subject, then leaves a pseudonymous audit entry."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.audit import record_audit
from moodlens.core.base import utcnow
from moodlens.core.storage import Storage
from moodlens.models import Export, ExportStatus, InterviewSession, User, UserPrivacySettings
from moodlens.orgs.ownership import hand_over_owned_orgs
from moodlens.privacy import storage_keys
from moodlens.privacy.pseudonym import pseudonymise_audit_subject
from moodlens.privacy.subject import (
    delete_files,
    delete_subject_rows,
    subject_file_keys,
    subject_of,
)

log = logging.getLogger(__name__)

# One sweep handles at most this many sessions; the next run continues. Keeps a sweep's
# transaction bounded after, e.g., a user shortens their retention from a year to 30 days.
SWEEP_BATCH = 200

_SESSIONS = InterviewSession.__table__
_USERS = User.__table__


@dataclass
class SweepResult:
    due_soft_deleted: int = 0
    past_retention: int = 0
    expired_exports: int = 0
    session_ids: list[uuid.UUID] = field(default_factory=list)


async def hard_delete_session(
    db: AsyncSession,
    storage: Storage,
    session: InterviewSession,
    *,
    reason: str,
    actor_id: uuid.UUID | None = None,
) -> dict[str, int]:
    """Remove every row and file of the session now, whatever its soft-delete state."""
    assert isinstance(_SESSIONS, Table)
    user_id, session_id = session.user_id, session.id
    # Wait for an in-flight recording upload (it holds this lock) so it cannot append to a file
    # after the files below are gone.
    await db.execute(
        select(InterviewSession.id).where(InterviewSession.id == session_id).with_for_update()
    )
    subject = subject_of(_SESSIONS, session_id)
    keys = await subject_file_keys(db, subject)
    delete_files(storage, keys, [storage_keys.session_prefix(user_id, session_id)])
    counts = await delete_subject_rows(db, subject)
    record_audit(
        db,
        actor_id=actor_id,
        action="session.hard_delete",
        target_type="session",
        target_id=session_id,
        # Counts and the reason only: the content is gone and must not reappear here.
        details={"reason": reason, "rows": counts, "files": len(keys)},
    )
    return counts


async def run_hard_delete(
    db: AsyncSession, storage: Storage, session_id: uuid.UUID, *, now: datetime | None = None
) -> bool:
    """Job body of `privacy.hard_delete`. Idempotent: a session that is gone, not
    soft-deleted (restored) or not yet due is left alone. Returns whether it deleted."""
    now = now or utcnow()
    session = await db.get(InterviewSession, session_id)
    if session is None or session.deleted_at is None:
        return False
    due = session.hard_delete_after
    if due is not None and due > now:
        return False
    await hard_delete_session(db, storage, session, reason="deleted_by_user")
    return True


async def run_retention_sweep(
    db: AsyncSession, storage: Storage, *, now: datetime | None = None
) -> SweepResult:
    """Job body of `privacy.retention_sweep`: hard-delete soft-deleted sessions whose grace
    period ended, sessions older than their owner's retention, and expired export files."""
    now = now or utcnow()
    result = SweepResult()
    budget = SWEEP_BATCH

    due = (
        await db.execute(
            select(InterviewSession)
            .where(
                InterviewSession.deleted_at.is_not(None),
                InterviewSession.hard_delete_after.is_not(None),
                InterviewSession.hard_delete_after <= now,
            )
            .order_by(InterviewSession.hard_delete_after)
            .limit(budget)
        )
    ).scalars()
    for session in list(due):
        result.session_ids.append(session.id)
        await hard_delete_session(db, storage, session, reason="grace_period_ended")
        result.due_soft_deleted += 1
    budget -= result.due_soft_deleted

    # Retention values are few (30/90/365): one portable query per value instead of
    # per-dialect interval arithmetic.
    retentions = (
        await db.execute(
            select(UserPrivacySettings.retention_days)
            .where(UserPrivacySettings.retention_days.is_not(None))
            .distinct()
        )
    ).scalars()
    for days in sorted(d for d in retentions if d is not None):
        if budget <= 0:
            break
        owners = select(UserPrivacySettings.user_id).where(
            UserPrivacySettings.retention_days == days
        )
        expired = (
            await db.execute(
                select(InterviewSession)
                .where(
                    InterviewSession.user_id.in_(owners),
                    InterviewSession.created_at < now - timedelta(days=days),
                )
                .order_by(InterviewSession.created_at)
                .limit(budget)
            )
        ).scalars()
        for session in list(expired):
            result.session_ids.append(session.id)
            await hard_delete_session(db, storage, session, reason=f"retention_{days}_days")
            result.past_retention += 1
            budget -= 1

    result.expired_exports = await _purge_expired_exports(db, storage, now)
    if result.session_ids or result.expired_exports:
        log.info(
            "retention sweep",
            extra={
                "fields": {
                    "due_soft_deleted": result.due_soft_deleted,
                    "past_retention": result.past_retention,
                    "expired_exports": result.expired_exports,
                }
            },
        )
    return result


async def _purge_expired_exports(db: AsyncSession, storage: Storage, now: datetime) -> int:
    """Export files are copies of user data: once their download window closed they go; the
    row stays (status "expired") so the client can say why the link no longer works."""
    expired = (
        await db.execute(
            select(Export).where(
                Export.expires_at.is_not(None),
                Export.expires_at <= now,
                Export.file_url.is_not(None),
            )
        )
    ).scalars()
    count = 0
    for export in list(expired):
        if export.file_url and "://" not in export.file_url:
            storage.delete_prefix(export.file_url)
        export.file_url = None
        export.status = ExportStatus.EXPIRED
        count += 1
    await db.flush()
    return count


async def delete_account(db: AsyncSession, storage: Storage, user: User) -> dict[str, int]:
    """Remove the user and everything that belongs to them, rows and files. The email is free
    to sign up again. Audit entries keep a random pseudonym in place of the user id."""
    assert isinstance(_USERS, Table)
    user_id = user.id
    # Same as for one session: in-flight recording uploads finish before files are removed.
    await db.execute(
        select(InterviewSession.id).where(InterviewSession.user_id == user_id).with_for_update()
    )
    # Before the membership rows go: institutes this user alone owns get a new owner.
    orgs = await hand_over_owned_orgs(db, user_id)
    subject = subject_of(_USERS, user_id)
    keys = await subject_file_keys(db, subject)
    delete_files(storage, keys, [storage_keys.user_prefix(user_id)])
    counts = await delete_subject_rows(db, subject)
    # The user's earlier audit entries stay (their details never hold personal data, by
    # record_audit's rule) but under a random pseudonym instead of the user id.
    pseudonym = await pseudonymise_audit_subject(db, user_id)
    record_audit(
        db,
        actor_id=pseudonym,
        action="account.delete",
        target_type="user",
        target_id=pseudonym,
        details={"rows": counts, "files": len(keys), **orgs},
    )
    await db.flush()
    return counts
