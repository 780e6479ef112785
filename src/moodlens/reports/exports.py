"""A session's report as a file: queue a PDF or CSV, build it in the `reports.export` job,
and the export's status shape (the privacy domain owns GET /v1/exports/{id})."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.audit import record_audit
from moodlens.core.deps import AfterCommit
from moodlens.core.storage import Storage
from moodlens.interview_sessions.gate import get_owned_session
from moodlens.jobs import enqueue_after_commit
from moodlens.models import Export, ExportStatus, InterviewSession, ReportStatus, SignalEvent, User
from moodlens.practice.attempts import job_coverage
from moodlens.privacy import exports as privacy_exports
from moodlens.privacy import storage_keys
from moodlens.privacy.export_access import export_out
from moodlens.privacy.schemas import ExportOut
from moodlens.reports import offload, render
from moodlens.reports.service import ReportNotReady, report_with_comparison, require_ended


async def request_export(
    db: AsyncSession,
    user: User,
    session_id: uuid.UUID,
    export_type: str,
    after_commit: AfterCommit,
) -> ExportOut:
    """Queue a PDF or CSV of a ready report; a pending one of the same kind is reused, so
    repeated clicks build one file."""
    session = await get_owned_session(db, user, session_id)
    require_ended(session)
    if session.report_status != ReportStatus.READY:
        raise ReportNotReady(
            "The report is not ready yet; export it once GET "
            f"/v1/sessions/{session.id}/report returns status 'ready'."
        )
    pending = (
        await db.execute(
            select(Export).where(
                Export.session_id == session.id,
                Export.export_type == export_type,
                Export.status == ExportStatus.PENDING,
            )
        )
    ).scalar_one_or_none()
    if pending is not None:
        return export_out(pending)
    export = Export(
        user_id=user.id, session_id=session.id, export_type=export_type, status=ExportStatus.PENDING
    )
    db.add(export)
    await db.flush()
    record_audit(
        db,
        actor_id=user.id,
        action="export.request",
        target_type="export",
        target_id=export.id,
        details={"export_type": export_type},
    )
    enqueue_after_commit(after_commit, "reports.export", str(export.id))
    return export_out(export)


async def session_signals(db: AsyncSession, session_id: uuid.UUID) -> list[SignalEvent]:
    return list(
        (
            await db.scalars(
                select(SignalEvent)
                .where(SignalEvent.session_id == session_id)
                .order_by(SignalEvent.t_ms)
            )
        ).all()
    )


async def render_export(db: AsyncSession, session: InterviewSession, export_type: str) -> bytes:
    """The file's bytes, from the stored report (the same document the web shows)."""
    report = await report_with_comparison(db, session)
    if export_type == "pdf":
        # The job's skills against the answers (issue 18) come from the practice loop, with
        # retries, so the PDF shows what the web's practice view shows.
        job = await job_coverage(db, session)
        if job is not None:
            report = {**report, "job_skills": job.model_dump()}
        return await offload.report_pdf(report)  # a process: the live loop never waits
    signals = await session_signals(db, session.id)
    return (await asyncio.to_thread(render.report_csv, report, signals)).encode("utf-8")


async def run_export(
    db: AsyncSession, storage: Storage, export_id: uuid.UUID, *, now: datetime | None = None
) -> None:
    """Build a session's PDF/CSV. Idempotent: only a pending export is built; an export of a
    session deleted meanwhile is dropped (failed), never written."""
    export = await db.get(Export, export_id)
    if export is None or export.status != ExportStatus.PENDING or export.session_id is None:
        return
    session = await db.get(InterviewSession, export.session_id)
    if session is None or session.deleted_at is not None:
        await privacy_exports.mark_export_failed(db, export.id, "The session was deleted.")
        return
    kind = privacy_exports.export_kind(export.export_type)
    data = await render_export(db, session, export.export_type)
    key = storage_keys.export_key(export.user_id, export.id, kind.extension, session.id)
    storage.write(key, data)
    await privacy_exports.mark_export_ready(db, export, key, now=now)
