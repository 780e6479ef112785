"""Privacy logic other domains call: consent gate, session deletion, visibility filter; the
user's consents, privacy settings and audit trail. Deleting the account is
`account_deletion.py`, exports `export_access.py`."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import get_settings
from moodlens.core.audit import record_audit
from moodlens.core.base import utcnow
from moodlens.core.deps import AfterCommit
from moodlens.core.errors import (
    BadRequest,
    Conflict,
)
from moodlens.interview_sessions.gate import (
    SessionNotFound,
    find_visible_session,
    get_owned_session,
    visible_sessions,
)
from moodlens.jobs import enqueue_after_commit
from moodlens.models import (
    AuditEntry,
    ConsentRecord,
    InterviewSession,
    User,
    UserPrivacySettings,
)
from moodlens.privacy import consent_text
from moodlens.privacy.errors import CameraConsentRequired, ConsentRequired

# The session gate and the consent errors, under the names other domains have used from here.
__all__ = [
    "CameraConsentRequired",
    "ConsentRequired",
    "SessionNotFound",
    "find_visible_session",
    "visible_sessions",
]


async def latest_consent(db: AsyncSession, user: User) -> ConsentRecord | None:
    stmt = (
        select(ConsentRecord)
        .where(ConsentRecord.user_id == user.id)
        .order_by(ConsentRecord.created_at.desc())
        .limit(1)
    )
    return (await db.execute(stmt)).scalar_one_or_none()


CAMERA_SCOPE = "camera"
MICROPHONE_SCOPE = "microphone"
RECORDING_SCOPE = "recording"


async def capture_scopes(db: AsyncSession, user_id: uuid.UUID) -> frozenset[str]:
    """What the user's latest consent allows capturing (empty without one).

    The latest record of any version: the version gate is at session create and start
    (`require_current_consent`); a capture check only asks what the user allowed last, so a
    scope withdrawn in Settings stops that kind of capture from the next check on."""
    latest = (
        await db.execute(
            select(ConsentRecord.scopes)
            .where(ConsentRecord.user_id == user_id)
            .order_by(ConsentRecord.created_at.desc())
            .limit(1)
        )
    ).scalar_one_or_none()
    return frozenset(latest or ())


async def require_camera_consent(db: AsyncSession, user_id: uuid.UUID) -> None:
    """No face numbers stored without the camera consent (REST: 403 with what to do)."""
    if CAMERA_SCOPE not in await capture_scopes(db, user_id):
        raise CameraConsentRequired(
            "Face numbers need the camera consent, which you have not given: allow the camera "
            "(POST /v1/users/me/consents) or practise without camera cues."
        )


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
        enqueue_after_commit(after_commit, "privacy.hard_delete", str(session.id))


# ---- consent -------------------------------------------------------------------------------


class ConsentVersionOutdated(Conflict):
    """The consent version sent is not the current one."""


class InvalidConsentScopes(BadRequest):
    """The scopes sent are unknown or leave out a required one."""


async def accept_consent(
    db: AsyncSession, user: User, version: str, scopes: list[str], client: str | None
) -> ConsentRecord:
    current = consent_text.current_consent()
    if version != current.version:
        raise ConsentVersionOutdated(
            f"Consent version {version} is not the current one; read version "
            f"{current.version} (GET /v1/consents/current) and accept that.",
            field="body.consent_version",
        )
    accepted = sorted(set(scopes))
    unknown = [s for s in accepted if s not in current.scope_ids]
    if unknown:
        raise InvalidConsentScopes(
            f"Unknown consent scope(s): {', '.join(unknown)}. "
            f"Valid scopes: {', '.join(sorted(current.scope_ids))}.",
            field="body.scopes",
        )
    missing = sorted(current.required_scope_ids - set(accepted))
    if missing:
        raise InvalidConsentScopes(
            f"Practice sessions need {' and '.join(missing)}; accept "
            f"{'it' if len(missing) == 1 else 'them'} to continue (recording stays optional).",
            field="body.scopes",
        )
    # A recording is the microphone's audio: it cannot be allowed without the microphone.
    if RECORDING_SCOPE in accepted and MICROPHONE_SCOPE not in accepted:
        raise InvalidConsentScopes(
            "Recording keeps your microphone's audio: allow the microphone too, or leave "
            "recording off.",
            field="body.scopes",
        )
    record = ConsentRecord(
        user_id=user.id,
        consent_version=current.version,
        scopes=accepted,
        client=(client or "")[:300] or None,
    )
    db.add(record)
    record_audit(
        db,
        actor_id=user.id,
        action="consent.accept",
        target_type="user",
        target_id=user.id,
        details={"version": current.version, "scopes": accepted},
    )
    await db.flush()
    return record


async def list_consents(db: AsyncSession, user: User) -> list[ConsentRecord]:
    stmt = (
        select(ConsentRecord)
        .where(ConsentRecord.user_id == user.id)
        .order_by(ConsentRecord.created_at.desc())
    )
    return list((await db.execute(stmt)).scalars().all())


async def has_recording_consent(db: AsyncSession, user: User) -> bool:
    """The newest consent decides: accepting again without "recording" withdraws it."""
    record = await latest_consent(db, user)
    return record is not None and "recording" in record.scopes


# ---- privacy settings ----------------------------------------------------------------------

RETENTION_CHOICES = (30, 90, 365)
DEFAULT_PRACTICE_MINUTES = 20


async def get_privacy_settings(db: AsyncSession, user: User) -> UserPrivacySettings | None:
    """None until the user chose at onboarding; callers show the defaults then."""
    return await db.get(UserPrivacySettings, user.id)


async def update_privacy_settings(
    db: AsyncSession,
    user: User,
    *,
    retention_days: int | None,
    recording_default: bool,
    practice_minutes_per_day: int,
) -> UserPrivacySettings:
    current = await db.get(UserPrivacySettings, user.id)
    before: dict[str, object] | None = None
    if current is None:
        current = UserPrivacySettings(user_id=user.id)
        db.add(current)
    else:
        before = {
            "retention_days": current.retention_days,
            "recording_default": current.recording_default,
            "practice_minutes_per_day": current.practice_minutes_per_day,
        }
    after: dict[str, object] = {
        "retention_days": retention_days,
        "recording_default": recording_default,
        "practice_minutes_per_day": practice_minutes_per_day,
    }
    current.retention_days = retention_days
    current.recording_default = recording_default
    current.practice_minutes_per_day = practice_minutes_per_day
    if before != after:
        changed = {k: {"from": (before or {}).get(k), "to": v} for k, v in after.items()}
        if before is not None:
            changed = {k: c for k, c in changed.items() if c["from"] != c["to"]}
        record_audit(
            db,
            actor_id=user.id,
            action="privacy.retention_change"
            if "retention_days" in changed
            else "privacy.settings_change",
            target_type="user",
            target_id=user.id,
            details={"changed": changed, "first_choice": before is None},
        )
    await db.flush()
    return current


# ---- audit trail ---------------------------------------------------------------------------


async def audit_trail(
    db: AsyncSession, user: User, offset: int, limit: int
) -> tuple[list[AuditEntry], int]:
    """Entries by the user, about the user, or about one of their sessions (admin views)."""
    session_ids = [
        str(i)
        for i in (
            await db.execute(select(InterviewSession.id).where(InterviewSession.user_id == user.id))
        ).scalars()
    ]
    about_sessions = (
        [and_(AuditEntry.target_type == "session", AuditEntry.target_id.in_(session_ids))]
        if session_ids
        else []
    )
    condition = or_(
        AuditEntry.actor_id == user.id,
        and_(AuditEntry.target_type == "user", AuditEntry.target_id == str(user.id)),
        *about_sessions,
    )
    total = int(await db.scalar(select(func.count()).select_from(AuditEntry).where(condition)) or 0)
    rows = await db.execute(
        select(AuditEntry)
        .where(condition)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(rows.scalars().all()), total


def record_member_data_view(
    db: AsyncSession,
    *,
    admin_id: uuid.UUID,
    member_id: uuid.UUID,
    resource: str,
    session_id: uuid.UUID | None = None,
    organization_id: uuid.UUID | None = None,
) -> None:
    """For org admin endpoints: every admin view of member data is audited (DESIGN §8), and
    shows up in the member's own trail (GET /v1/users/me/audit)."""
    record_audit(
        db,
        actor_id=admin_id,
        action="admin.view_member_data",
        target_type="session" if session_id else "user",
        target_id=session_id or member_id,
        details={
            "resource": resource,
            "member_id": str(member_id),
            "organization_id": str(organization_id) if organization_id else None,
        },
    )


# ---- delete now ----------------------------------------------------------------------------


async def purge_session(
    db: AsyncSession, user: User, session_id: uuid.UUID, after_commit: AfterCommit
) -> InterviewSession:
    """ "Delete now": works on a visible session and on one already in its grace period (the
    user may change their mind from "delete" to "delete now" after the list lost it)."""
    session = await get_owned_session(db, user, session_id, for_update=True, include_deleted=True)
    await schedule_session_deletion(db, session, after_commit, now=True)
    return session
