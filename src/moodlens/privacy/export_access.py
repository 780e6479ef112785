"""Asking for, finding and downloading exports: the user's whole-data zip here, and the
status, list and download of every kind (reports add a session's PDF/CSV, `reports/exports.py`).
What a kind's file holds and how long it may be downloaded is `exports.py`."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.audit import record_audit
from moodlens.core.base import utcnow
from moodlens.core.deps import AfterCommit
from moodlens.core.errors import Conflict, MoodLensError, NotFound
from moodlens.core.storage import Storage
from moodlens.interview_sessions.gate import visible_sessions
from moodlens.jobs import enqueue_after_commit
from moodlens.models import Export, ExportStatus, InterviewSession, User
from moodlens.privacy import exports
from moodlens.privacy.schemas import ExportOut


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
                Export.status == ExportStatus.PENDING,
            )
        )
    ).scalar_one_or_none()
    if pending is not None:
        return pending
    export = Export(
        user_id=user.id, export_type=exports.USER_DATA_EXPORT, status=ExportStatus.PENDING
    )
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


def export_status(export: Export, now: datetime) -> ExportStatus:
    """The stored status, except that a ready export past its download window is expired."""
    if export.status == ExportStatus.READY and exports.is_expired(export, now):
        return ExportStatus.EXPIRED
    return export.status


async def open_export_download(
    db: AsyncSession, storage: Storage, user: User, export_id: uuid.UUID
) -> tuple[Export, Path]:
    export = await get_export(db, user, export_id)
    status = export_status(export, utcnow())
    if status == ExportStatus.EXPIRED:
        raise ExportExpired(
            f"This download expired {exports.DOWNLOAD_HOURS} hours after it was built; "
            "request a new export."
        )
    if status != ExportStatus.READY or not export.file_url or not storage.exists(export.file_url):
        raise ExportNotReady(
            "The file is not ready yet; check GET /v1/exports/{id} until status is 'ready'."
            if status == ExportStatus.PENDING
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


def export_out(export: Export) -> ExportOut:
    """The status shape of an export of any kind (GET /v1/exports/{id})."""
    state = export_status(export, utcnow())
    return ExportOut(
        export_id=export.id,
        export_type=export.export_type,
        status=state,
        session_id=export.session_id,
        created_at=export.created_at,
        expires_at=export.expires_at,
        download_url=f"/v1/exports/{export.id}/download" if state == ExportStatus.READY else None,
        error=export.error,
    )


async def list_exports(db: AsyncSession, user: User) -> list[Export]:
    stmt = (
        select(Export)
        .outerjoin(InterviewSession, Export.session_id == InterviewSession.id)
        .where(Export.user_id == user.id, or_(Export.session_id.is_(None), visible_sessions()))
        .order_by(Export.created_at.desc())
        .limit(50)
    )
    return list((await db.execute(stmt)).scalars().all())
