"""Report state, building and storing, comparison N vs N-1, and session exports (PDF/CSV).

`sessions.report_status` is the report's state machine:

    none -> building -> ready
               |  ^       |
               v  |       v (POST .../report/retry rebuilds)
              failed  <---+

`building` is set (attempts reset) by the end-of-session flow and by the retry endpoint, in
the same transaction that enqueues `reports.build` after commit. Each attempt of the job
counts itself in `report_attempts` before working, so a worker that dies mid-build still
uses up an attempt; a build that has not moved for STALE_AFTER is shown as failed (with a
retry) rather than as a spinner forever.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.progress import SessionRecord, compare_sessions, record_from_summary
from moodlens.core.audit import record_audit
from moodlens.core.base import utcnow
from moodlens.core.deps import AfterCommit
from moodlens.core.errors import Conflict
from moodlens.core.storage import Storage
from moodlens.interview_sessions.gate import SessionNotFound, get_owned_session, visible_sessions
from moodlens.jobs import enqueue_after_commit
from moodlens.models import (
    Export,
    InterviewSession,
    InterviewTemplate,
    Recommendation,
    SessionScore,
    SignalEvent,
    User,
)
from moodlens.privacy import exports, storage_keys
from moodlens.privacy.schemas import ExportOut
from moodlens.privacy.service import export_status
from moodlens.reports import offload, render
from moodlens.reports.builder import NothingToScore
from moodlens.reports.inputs import load_session_input

__all__ = ["SessionNotFound"]

# A first attempt and up to three retries.
MAX_RETRIES = 3
MAX_ATTEMPTS = 1 + MAX_RETRIES
# A build takes seconds; one that has not moved for this long lost its worker.
STALE_AFTER = timedelta(minutes=5)
EXPORT_TYPES = ("pdf", "csv")


class SessionNotEnded(Conflict):
    """The session has not ended, so it has no report yet."""


class ReportNotReady(Conflict):
    """The report is not ready (still building, or the build failed)."""


class ReportAlreadyBuilding(Conflict):
    """A build of this report is already running."""


# ---- reading --------------------------------------------------------------------------------


def _require_ended(session: InterviewSession) -> None:
    if session.status in ("scheduled", "live") or session.ended_at is None:
        raise SessionNotEnded(
            "This session has not ended yet; its report is built when it ends "
            f"(POST /v1/sessions/{session.id}/end)."
        )


def is_stale(session: InterviewSession, now: datetime) -> bool:
    return session.report_status == "building" and session.updated_at < now - STALE_AFTER


def _building_body(session: InterviewSession) -> dict[str, Any]:
    attempts = session.report_attempts
    stage = "queued" if attempts == 0 else ("retrying" if attempts > 1 else "scoring")
    return {
        "status": "building",
        "session_id": str(session.id),
        "progress": {
            "stage": stage,
            "attempt": attempts,
            "max_attempts": MAX_ATTEMPTS,
            # Coarse: a build is one short step, so this only says queued vs working.
            "percent": 10 if attempts == 0 else 60,
            "last_error": session.report_error if attempts > 1 else None,
        },
        "poll_after_s": 1.0,
    }


def _failed_body(session: InterviewSession, reason: str) -> dict[str, Any]:
    return {
        "status": "failed",
        "session_id": str(session.id),
        "error": reason,
        "attempts": session.report_attempts,
        "can_retry": True,
        "retry_url": f"/v1/sessions/{session.id}/report/retry",
    }


def report_state(session: InterviewSession, now: datetime) -> dict[str, Any] | None:
    """The building/failed body, or None when the stored report is ready to read."""
    if session.report_status == "ready":
        return None
    if session.report_status == "building":
        if is_stale(session, now):
            return _failed_body(
                session,
                "The report build stopped responding before it finished. Retry to build it again.",
            )
        return _building_body(session)
    if session.report_status == "failed":
        return _failed_body(
            session, session.report_error or "The report could not be built. Retry to build it."
        )
    return _failed_body(
        session, "No report has been built for this session yet. Retry to build it."
    )


async def previous_record(
    db: AsyncSession, session: InterviewSession
) -> tuple[SessionRecord, dict[str, Any]] | None:
    """Session N-1: the user's latest visible session with a built report that ended before
    this one, as a progress record plus what the UI shows about it."""
    if session.ended_at is None:
        return None
    row = (
        await db.execute(
            select(
                InterviewSession.id,
                InterviewSession.ended_at,
                SessionScore.summary_json,
                InterviewTemplate.title,
            )
            .join(SessionScore, SessionScore.session_id == InterviewSession.id)
            .join(InterviewTemplate, InterviewTemplate.id == InterviewSession.template_id)
            .where(
                InterviewSession.user_id == session.user_id,
                InterviewSession.id != session.id,
                InterviewSession.ended_at.is_not(None),
                InterviewSession.ended_at < session.ended_at,
                visible_sessions(),
            )
            .order_by(InterviewSession.ended_at.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    sid, ended, summary, title = row
    record = record_from_summary(str(sid), ended, summary)
    return record, {"previous_ended_at": ended.isoformat(), "previous_title": title}


async def comparison_for(
    db: AsyncSession, session: InterviewSession, score: SessionScore
) -> dict[str, Any]:
    """Session N vs N-1 per dimension and per metric; computed when read, so a previous
    session deleted since the build never shows up."""
    assert session.ended_at is not None
    current = record_from_summary(str(session.id), session.ended_at, score.summary_json)
    prev = await previous_record(db, session)
    out = compare_sessions(current, prev[0] if prev else None)
    out["session_id"] = str(session.id)
    out.update(prev[1] if prev else {"previous_ended_at": None, "previous_title": None})
    return out


async def _score_row(db: AsyncSession, session_id: uuid.UUID) -> SessionScore | None:
    return (
        await db.execute(select(SessionScore).where(SessionScore.session_id == session_id))
    ).scalar_one_or_none()


async def get_report(
    db: AsyncSession, user: User, session_id: uuid.UUID, now: datetime
) -> dict[str, Any]:
    session = await get_owned_session(db, user, session_id)
    _require_ended(session)
    state = report_state(session, now)
    if state is not None:
        return state
    score = await _score_row(db, session.id)
    if score is None or not score.report_json:
        return _failed_body(session, "The stored report is missing. Retry to build it again.")
    report = dict(score.report_json)
    report["comparison"] = await comparison_for(db, session, score)
    return report


async def get_comparison(db: AsyncSession, user: User, session_id: uuid.UUID) -> dict[str, Any]:
    session = await get_owned_session(db, user, session_id)
    _require_ended(session)
    score = await _score_row(db, session.id)
    if score is None:
        raise ReportNotReady(
            "This session's report is not ready yet; the comparison comes with it."
        )
    return await comparison_for(db, session, score)


# ---- building -------------------------------------------------------------------------------


def _enqueue_build(after_commit: AfterCommit, session_id: uuid.UUID) -> None:
    enqueue_after_commit(after_commit, "reports.build", str(session_id))


def start_build(session: InterviewSession, after_commit: AfterCommit) -> None:
    """Mark the report as building and enqueue `reports.build` once the caller commits."""
    session.report_status = "building"
    session.report_attempts = 0
    session.report_error = None
    _enqueue_build(after_commit, session.id)


async def retry_report(
    db: AsyncSession, user: User, session_id: uuid.UUID, after_commit: AfterCommit, now: datetime
) -> dict[str, Any]:
    """Build again: after a failure, a stale build, or to rebuild a ready report."""
    session = await get_owned_session(db, user, session_id, for_update=True)
    _require_ended(session)
    if session.report_status == "building" and not is_stale(session, now):
        raise ReportAlreadyBuilding(
            "The report is being built right now; poll GET "
            f"/v1/sessions/{session.id}/report until it is ready."
        )
    start_build(session, after_commit)
    session.updated_at = now
    await db.flush()
    record_audit(
        db,
        actor_id=user.id,
        action="report.retry",
        target_type="session",
        target_id=session.id,
    )
    return _building_body(session)


async def begin_attempt(db: AsyncSession, session_id: uuid.UUID) -> bool:
    """Count one build attempt; False when there is nothing to build (gone, deleted, or no
    longer waiting for a build: a duplicate delivery of the job)."""
    session = (
        await db.execute(
            select(InterviewSession).where(InterviewSession.id == session_id).with_for_update()
        )
    ).scalar_one_or_none()
    if session is None or session.deleted_at is not None or session.report_status != "building":
        return False
    session.report_attempts += 1
    await db.flush()
    return True


async def record_failure(
    db: AsyncSession, session_id: uuid.UUID, exc: BaseException, *, final: bool
) -> None:
    """Store why an attempt failed; after the last one the report is `failed`.

    The reason is for the candidate: our own message for expected failures, only the error's
    kind for unexpected ones (internal messages can hold anything)."""
    session = await db.get(InterviewSession, session_id)
    if session is None or session.report_status != "building":
        return
    if isinstance(exc, NothingToScore):
        reason = str(exc)
    else:
        reason = (
            f"The report could not be built ({type(exc).__name__}) after "
            f"{session.report_attempts} attempt(s)."
            if final
            else f"Attempt {session.report_attempts} failed ({type(exc).__name__}); retrying."
        )
    session.report_error = reason
    if final:
        session.report_status = "failed"
        record_audit(
            db,
            actor_id=None,
            action="report.failed",
            target_type="session",
            target_id=session.id,
            details={"attempts": session.report_attempts, "error": type(exc).__name__},
        )
    await db.flush()


async def run_build(
    db: AsyncSession, session_id: uuid.UUID, *, now: datetime | None = None
) -> bool:
    """Build the report and store it: `session_scores` (one row, updated in place) and
    `recommendations` (replaced), so rebuilding never duplicates. Returns False when the
    session is gone or deleted. Raises when the build fails (the job records it)."""
    session = await db.get(InterviewSession, session_id)
    if session is None or session.deleted_at is not None:
        return False
    moment = now or utcnow()
    data = await load_session_input(db, session)
    # Scoring is a second or two of CPU: in the report worker process, not a thread (which
    # would hold the GIL), so an API process running the embedded broker keeps answering
    # requests and live streams meanwhile. The row is locked only afterwards, to store: on
    # SQLite that lock is the database's one write lock, and holding it through scoring would
    # stall every writer, live streams included (ADR 0007).
    built = await offload.build_report(data, built_at=moment)
    session = (
        await db.execute(
            select(InterviewSession)
            .where(InterviewSession.id == session_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if session is None or session.deleted_at is not None:
        return False
    values = built.summary.session_score_row()
    score = await _score_row(db, session.id)
    if score is None:
        score = SessionScore(session_id=session.id, **values)
        db.add(score)
    else:
        for key, value in values.items():
            setattr(score, key, value)
    score.report_json = built.report
    score.created_at = moment
    await db.execute(delete(Recommendation).where(Recommendation.session_id == session.id))
    db.add_all(
        Recommendation(session_id=session.id, **row) for row in built.summary.recommendation_rows()
    )
    session.report_status = "ready"
    session.report_error = None
    record_audit(
        db,
        actor_id=None,
        action="report.build",
        target_type="session",
        target_id=session.id,
        details={"scoring_version": built.summary.scoring_version, "answers": len(built.answers)},
    )
    await db.flush()
    return True


# ---- exports --------------------------------------------------------------------------------


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
    _require_ended(session)
    if session.report_status != "ready":
        raise ReportNotReady(
            "The report is not ready yet; export it once GET "
            f"/v1/sessions/{session.id}/report returns status 'ready'."
        )
    pending = (
        await db.execute(
            select(Export).where(
                Export.session_id == session.id,
                Export.export_type == export_type,
                Export.status == "pending",
            )
        )
    ).scalar_one_or_none()
    if pending is not None:
        return export_out(pending)
    export = Export(
        user_id=user.id, session_id=session.id, export_type=export_type, status="pending"
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


def export_out(export: Export) -> ExportOut:
    """The privacy domain's export status shape (it owns GET /v1/exports/{id})."""
    state = export_status(export, utcnow())
    return ExportOut(
        export_id=export.id,
        export_type=export.export_type,
        status=state,
        session_id=export.session_id,
        created_at=export.created_at,
        expires_at=export.expires_at,
        download_url=f"/v1/exports/{export.id}/download" if state == "ready" else None,
        error=export.error,
    )


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


async def report_with_comparison(db: AsyncSession, session: InterviewSession) -> dict[str, Any]:
    score = await _score_row(db, session.id)
    if session.report_status != "ready" or score is None or not score.report_json:
        raise ReportNotReady(
            "The report is not ready yet; poll GET "
            f"/v1/sessions/{session.id}/report until its status is 'ready'."
        )
    return {**score.report_json, "comparison": await comparison_for(db, session, score)}


async def report_html_for(db: AsyncSession, user: User, session_id: uuid.UUID) -> str:
    session = await get_owned_session(db, user, session_id)
    _require_ended(session)
    return render.report_html(await report_with_comparison(db, session))


async def render_export(db: AsyncSession, session: InterviewSession, export_type: str) -> bytes:
    """The file's bytes, from the stored report (the same document the web shows)."""
    report = await report_with_comparison(db, session)
    if export_type == "pdf":
        return await offload.report_pdf(report)  # a process: the live loop never waits
    signals = await session_signals(db, session.id)
    return (await asyncio.to_thread(render.report_csv, report, signals)).encode("utf-8")


async def run_export(
    db: AsyncSession, storage: Storage, export_id: uuid.UUID, *, now: datetime | None = None
) -> None:
    """Build a session's PDF/CSV. Idempotent: only a pending export is built; an export of a
    session deleted meanwhile is dropped (failed), never written."""
    export = await db.get(Export, export_id)
    if export is None or export.status != "pending" or export.session_id is None:
        return
    session = await db.get(InterviewSession, export.session_id)
    if session is None or session.deleted_at is not None:
        export.status = "failed"
        export.error = "The session was deleted."
        await db.flush()
        return
    kind = exports.export_kind(export.export_type)
    data = await render_export(db, session, export.export_type)
    key = storage_keys.export_key(export.user_id, export.id, kind.extension, session.id)
    storage.write(key, data)
    export.file_url = key
    export.status = "ready"
    export.error = None
    export.expires_at = exports.expiry_from(now or utcnow())
    record_audit(
        db,
        actor_id=None,
        action="export.ready",
        target_type="export",
        target_id=export.id,
        details={"export_type": export.export_type},
    )
    await db.flush()


async def mark_export_failed(db: AsyncSession, export_id: uuid.UUID) -> None:
    export = await db.get(Export, export_id)
    if export is not None and export.status == "pending":
        export.status = "failed"
        export.error = "The file could not be built; request a new export."
        await db.flush()
