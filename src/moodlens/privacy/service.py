"""Privacy logic other domains call: consent gate, session deletion, visibility filter."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.auth import reauth
from moodlens.config import Settings, get_settings
from moodlens.core.audit import record_audit, record_refusal_audit
from moodlens.core.base import utcnow
from moodlens.core.deps import AfterCommit
from moodlens.core.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    MoodLensError,
    NotFound,
    TooManyRequests,
)
from moodlens.core.ratelimit import RateLimiter
from moodlens.core.security import verify_password_off_loop
from moodlens.core.storage import Storage
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
    Export,
    InterviewSession,
    User,
    UserPrivacySettings,
)
from moodlens.privacy import consent_text, deletion, exports
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


# ---- account deletion ----------------------------------------------------------------------


class ReauthenticationFailed(Forbidden):
    """The password does not match: the account was not deleted."""


async def delete_my_account(
    db: AsyncSession,
    storage: Storage,
    limiter: RateLimiter,
    settings: Settings,
    user: User,
    password: str | None,
    reauth_proof: str | None = None,
) -> None:
    """Delete the account once its owner confirmed: with the password, or with the proof of a
    fresh sign-in at a linked provider (`auth.reauth`), which password-less accounts need."""
    # 403, not 401: the access token is fine, and a 401 would make clients refresh and retry.
    key = f"reauth:{user.id}"
    window = settings.login_window_seconds
    wait = await limiter.hit(key, settings.login_attempts_per_account, window, record=False)
    if wait:
        raise TooManyRequests("Too many failed confirmations; try again later.", wait)
    if reauth_proof is not None:
        try:
            await reauth.consume(db, user, reauth_proof, utcnow())
        except reauth.InvalidReauthProof:
            await limiter.hit(key, settings.login_attempts_per_account, window)
            await _refused(db, user, "invalid_reauth_proof")
            raise
    else:
        await _check_password(db, limiter, settings, user, password or "", key)
    await limiter.reset(key)
    await deletion.delete_account(db, storage, user)


async def _refused(db: AsyncSession, user: User, reason: str) -> None:
    # Someone holding this account's access token tried to delete it: the owner sees it.
    await record_refusal_audit(
        db,
        actor_id=user.id,
        action="account.delete_refused",
        target_type="user",
        target_id=user.id,
        details={"reason": reason},
    )


async def _check_password(
    db: AsyncSession,
    limiter: RateLimiter,
    settings: Settings,
    user: User,
    password: str,
    key: str,
) -> None:
    if user.password_hash is None:
        raise ReauthenticationFailed(
            "This account signs in with a provider and has no password; confirm the deletion "
            "with that provider instead.",
            field="body.password",
        )
    if not await verify_password_off_loop(user.password_hash, password):
        await limiter.hit(key, settings.login_attempts_per_account, settings.login_window_seconds)
        await _refused(db, user, "wrong_password")
        raise ReauthenticationFailed(
            "That password is not correct, so nothing was deleted. Enter the password you "
            "sign in with.",
            field="body.password",
        )


# ---- exports -------------------------------------------------------------------------------


class ExportNotReady(Conflict):
    """The export file is not ready (still building, or it failed)."""


class ExportExpired(MoodLensError):
    """The export's download window has closed."""

    status_code = 410


async def request_user_export(db: AsyncSession, user: User, after_commit: AfterCommit) -> Export:
    """Queue the whole-data zip. A pending one is reused so repeated clicks build one file."""
    pending = (
        await db.execute(
            select(Export).where(
                Export.user_id == user.id,
                Export.export_type == exports.USER_DATA_EXPORT,
                Export.status == "pending",
            )
        )
    ).scalar_one_or_none()
    if pending is not None:
        return pending
    export = Export(user_id=user.id, export_type=exports.USER_DATA_EXPORT, status="pending")
    db.add(export)
    await db.flush()
    record_audit(
        db,
        actor_id=user.id,
        action="export.request",
        target_type="export",
        target_id=export.id,
        details={"export_type": export.export_type},
    )
    enqueue_after_commit(after_commit, "privacy.export_user_data", str(export.id))
    return export


async def get_export(db: AsyncSession, user: User, export_id: uuid.UUID) -> Export:
    export = await db.get(Export, export_id)
    if export is None or export.user_id != user.id:
        raise NotFound("No such export.")
    if export.session_id is not None:
        # A soft-deleted session's exports vanish with it.
        session = await db.get(InterviewSession, export.session_id)
        if session is None or session.deleted_at is not None:
            raise NotFound("No such export.")
    return export


def export_status(export: Export, now: datetime) -> str:
    if export.status == "ready" and exports.is_expired(export, now):
        return "expired"
    return export.status


async def open_export_download(
    db: AsyncSession, storage: Storage, user: User, export_id: uuid.UUID
) -> tuple[Export, Path]:
    export = await get_export(db, user, export_id)
    status = export_status(export, utcnow())
    if status == "expired":
        raise ExportExpired(
            f"This download expired {exports.DOWNLOAD_HOURS} hours after it was built; "
            "request a new export."
        )
    if status != "ready" or not export.file_url or not storage.exists(export.file_url):
        raise ExportNotReady(
            "The file is not ready yet; check GET /v1/exports/{id} until status is 'ready'."
            if status == "pending"
            else "This export failed; request a new one."
        )
    record_audit(
        db,
        actor_id=user.id,
        action="export.download",
        target_type="export",
        target_id=export.id,
        details={"export_type": export.export_type},
    )
    return export, storage.path(export.file_url)


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


async def list_exports(db: AsyncSession, user: User) -> list[Export]:
    stmt = (
        select(Export)
        .outerjoin(InterviewSession, Export.session_id == InterviewSession.id)
        .where(Export.user_id == user.id, or_(Export.session_id.is_(None), visible_sessions()))
        .order_by(Export.created_at.desc())
        .limit(50)
    )
    return list((await db.execute(stmt)).scalars().all())
