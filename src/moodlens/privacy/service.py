"""Privacy logic other domains call: consent gate, session deletion, visibility filter."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import get_settings
from moodlens.core.audit import record_audit
from moodlens.core.base import utcnow
from moodlens.core.deps import AfterCommit
from moodlens.core.errors import Forbidden
from moodlens.models import ConsentRecord, InterviewSession, User
from moodlens.privacy import consent_text


class ConsentRequired(Forbidden):
    """The user has not accepted the current consent version."""


def visible_sessions() -> ColumnElement[bool]:
    """WHERE clause every list, report, export, progress figure and org dashboard must add:
    a soft-deleted session disappears everywhere at once (DESIGN §8)."""
    return InterviewSession.deleted_at.is_(None)


async def latest_consent(db: AsyncSession, user: User) -> ConsentRecord | None:
    stmt = (
        select(ConsentRecord)
        .where(ConsentRecord.user_id == user.id)
        .order_by(ConsentRecord.created_at.desc())
        .limit(1)
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def require_current_consent(db: AsyncSession, user: User) -> ConsentRecord:
    """No capture before the current consent version is accepted (DESIGN §8).

    Raises ConsentRequired (403) whose message tells the client what to do."""
    current = consent_text.current_consent()
    stmt = (
        select(ConsentRecord)
        .where(
            ConsentRecord.user_id == user.id,
            ConsentRecord.consent_version == current.version,
        )
        .order_by(ConsentRecord.created_at.desc())
        .limit(1)
    )
    record = (await db.execute(stmt)).scalar_one_or_none()
    if record is None or not current.required_scope_ids <= set(record.scopes):
        raise ConsentRequired(
            f"Accept the current consent (version {current.version}) before starting a "
            "session: POST /v1/users/me/consents"
        )
    return record


async def schedule_session_deletion(
    db: AsyncSession,
    session: InterviewSession,
    after_commit: AfterCommit,
    *,
    now: bool = False,
    grace_days: int | None = None,
) -> None:
    """Soft delete: hidden at once (visible_sessions), hard-deleted after the grace period.

    With `now`, the hard-delete job is enqueued once the transaction committed (so the job sees
    the soft delete); otherwise the periodic sweep picks the session up when it is due.
    `grace_days` defaults to MOODLENS_HARD_DELETE_GRACE_DAYS (routers pass settings' value)."""
    moment = utcnow()
    if session.deleted_at is None:
        session.deleted_at = moment
    if grace_days is None:
        grace_days = get_settings().hard_delete_grace_days
    grace = timedelta(days=0 if now else grace_days)
    due = moment + grace
    # A later "delete now" may shorten an earlier grace period, never extend it.
    if session.hard_delete_after is None or now:
        session.hard_delete_after = due
    record_audit(
        db,
        actor_id=session.user_id,
        action="session.delete_now" if now else "session.soft_delete",
        target_type="session",
        target_id=session.id,
        details={"hard_delete_after": session.hard_delete_after.isoformat()},
    )
    await db.flush()
    if now:
        session_id = session.id

        async def _enqueue() -> None:
            # Imported here: tasks imports the broker, which service users need not load.
            from moodlens.privacy.tasks import hard_delete_session

            await hard_delete_session.kiq(str(session_id))

        after_commit.append(_enqueue)
