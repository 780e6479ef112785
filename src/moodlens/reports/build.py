"""Building a session's report: start a build, retry one, and the body of the `reports.build`
job (count the attempt, score, store, or record why it failed). The states are described in
`reports.service`."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.audit import record_audit
from moodlens.core.base import utcnow
from moodlens.core.deps import AfterCommit
from moodlens.interview_sessions.gate import get_owned_session
from moodlens.jobs import enqueue_after_commit
from moodlens.models import InterviewSession, Recommendation, ReportStatus, SessionScore, User
from moodlens.reports import offload
from moodlens.reports.builder import NothingToScore
from moodlens.reports.inputs import load_session_input
from moodlens.reports.service import (
    ReportAlreadyBuilding,
    building_body,
    is_stale,
    require_ended,
    score_row,
)


def _enqueue_build(after_commit: AfterCommit, session_id: uuid.UUID) -> None:
    enqueue_after_commit(after_commit, "reports.build", str(session_id))


def start_build(session: InterviewSession, after_commit: AfterCommit) -> None:
    """Mark the report as building and enqueue `reports.build` once the caller commits."""
    session.report_status = ReportStatus.BUILDING
    session.report_attempts = 0
    session.report_error = None
    _enqueue_build(after_commit, session.id)


async def retry_report(
    db: AsyncSession, user: User, session_id: uuid.UUID, after_commit: AfterCommit, now: datetime
) -> dict[str, Any]:
    """Build again: after a failure, a stale build, or to rebuild a ready report."""
    session = await get_owned_session(db, user, session_id, for_update=True)
    require_ended(session)
    if session.report_status == ReportStatus.BUILDING and not is_stale(session, now):
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
    return building_body(session)


async def begin_attempt(db: AsyncSession, session_id: uuid.UUID) -> bool:
    """Count one build attempt; False when there is nothing to build (gone, deleted, or no
    longer waiting for a build: a duplicate delivery of the job)."""
    session = (
        await db.execute(
            select(InterviewSession).where(InterviewSession.id == session_id).with_for_update()
        )
    ).scalar_one_or_none()
    if (
        session is None
        or session.deleted_at is not None
        or session.report_status != ReportStatus.BUILDING
    ):
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
    if session is None or session.report_status != ReportStatus.BUILDING:
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
        session.report_status = ReportStatus.FAILED
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
    score = await score_row(db, session.id)
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
    session.report_status = ReportStatus.READY
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
