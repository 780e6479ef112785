"""Reading a session's report: its state (building, failed, ready), the stored report and
the comparison N vs N-1. Building it is `reports.build`, its PDF/CSV files `reports.exports`.

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

import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.progress import (
    MalformedSummary,
    SessionRecord,
    compare_sessions,
    record_from_summary,
)
from moodlens.core.errors import Conflict
from moodlens.interview_sessions.gate import SessionNotFound, get_owned_session, visible_sessions
from moodlens.models import (
    InterviewSession,
    InterviewTemplate,
    ReportStatus,
    SessionScore,
    SessionStatus,
    User,
)
from moodlens.reports import render

__all__ = ["SessionNotFound"]

log = logging.getLogger(__name__)

# A first attempt and up to three retries.
MAX_RETRIES = 3
MAX_ATTEMPTS = 1 + MAX_RETRIES
# A build takes seconds; one that has not moved for this long lost its worker.
STALE_AFTER = timedelta(minutes=5)


class SessionNotEnded(Conflict):
    """The session has not ended, so it has no report yet."""


class ReportNotReady(Conflict):
    """The report is not ready (still building, or the build failed)."""


class ReportAlreadyBuilding(Conflict):
    """A build of this report is already running."""


def require_ended(session: InterviewSession) -> None:
    if session.status in (SessionStatus.SCHEDULED, SessionStatus.LIVE) or session.ended_at is None:
        raise SessionNotEnded(
            "This session has not ended yet; its report is built when it ends "
            f"(POST /v1/sessions/{session.id}/end)."
        )


def is_stale(session: InterviewSession, now: datetime) -> bool:
    return session.report_status == ReportStatus.BUILDING and session.updated_at < now - STALE_AFTER


def building_body(session: InterviewSession) -> dict[str, Any]:
    attempts = session.report_attempts
    stage = "queued" if attempts == 0 else ("retrying" if attempts > 1 else "scoring")
    return {
        "status": ReportStatus.BUILDING,
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
        "status": ReportStatus.FAILED,
        "session_id": str(session.id),
        "error": reason,
        "attempts": session.report_attempts,
        "can_retry": True,
        "retry_url": f"/v1/sessions/{session.id}/report/retry",
    }


def report_state(session: InterviewSession, now: datetime) -> dict[str, Any] | None:
    """The building/failed body, or None when the stored report is ready to read."""
    if session.report_status == ReportStatus.READY:
        return None
    if session.report_status == ReportStatus.BUILDING:
        if is_stale(session, now):
            return _failed_body(
                session,
                "The report build stopped responding before it finished. Retry to build it again.",
            )
        return building_body(session)
    if session.report_status == ReportStatus.FAILED:
        return _failed_body(
            session, session.report_error or "The report could not be built. Retry to build it."
        )
    return _failed_body(
        session, "No report has been built for this session yet. Retry to build it."
    )


# Earlier sessions read per query while looking for session N-1: one is almost always enough;
# more are read only when stored summaries are unreadable and have to be skipped.
_PREVIOUS_BATCH = 4


async def previous_record(
    db: AsyncSession, session: InterviewSession
) -> tuple[SessionRecord, dict[str, Any]] | None:
    """Session N-1: the user's latest visible session with a built report that ended before
    this one and whose stored summary can be read, as a progress record plus what the UI
    shows about it.

    A session whose summary is malformed is left out (logged), as progress leaves it out of
    its figures, so the one before it takes its place; before, the whole report answered 500.
    """
    if session.ended_at is None:
        return None
    query = (
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
        # The id breaks ties so that paging through equal end times neither repeats nor skips.
        .order_by(InterviewSession.ended_at.desc(), InterviewSession.id.desc())
    )
    offset = 0
    while True:
        rows = (await db.execute(query.offset(offset).limit(_PREVIOUS_BATCH))).all()
        for sid, ended, summary, title in rows:
            try:
                record = record_from_summary(str(sid), ended, summary)
            except MalformedSummary as exc:
                _log_left_out(session, sid, exc)
                continue
            return record, {"previous_ended_at": ended.isoformat(), "previous_title": title}
        if len(rows) < _PREVIOUS_BATCH:
            return None
        offset += _PREVIOUS_BATCH


def _log_left_out(session: InterviewSession, left_out: uuid.UUID, exc: Exception) -> None:
    # The log names the session so its report can be rebuilt (POST .../report/retry).
    log.warning(
        "session left out of the comparison: %s",
        exc,
        extra={
            "fields": {
                "session_id": str(left_out),
                "report_session_id": str(session.id),
                "reason": str(exc),
            }
        },
    )


async def comparison_for(
    db: AsyncSession, session: InterviewSession, score: SessionScore
) -> dict[str, Any]:
    """Session N vs N-1 per dimension and per metric; computed when read, so a previous
    session deleted since the build never shows up.

    If this session's own stored summary is unreadable there is nothing to compare: the
    comparison is unavailable (logged) and the rest of the stored report still renders."""
    assert session.ended_at is not None
    try:
        current = record_from_summary(str(session.id), session.ended_at, score.summary_json)
    except MalformedSummary as exc:
        _log_left_out(session, session.id, exc)
        return {
            "available": False,
            "session_id": str(session.id),
            "previous_session_id": None,
            "previous_ended_at": None,
            "previous_title": None,
            # Said, so the page does not call this the user's first session.
            "unavailable_reason": "This session's stored scores could not be read, so it "
            "cannot be compared. Retry the report to build them again.",
        }
    prev = await previous_record(db, session)
    out = compare_sessions(current, prev[0] if prev else None)
    out["session_id"] = str(session.id)
    out.update(prev[1] if prev else {"previous_ended_at": None, "previous_title": None})
    return out


async def score_row(db: AsyncSession, session_id: uuid.UUID) -> SessionScore | None:
    return (
        await db.execute(select(SessionScore).where(SessionScore.session_id == session_id))
    ).scalar_one_or_none()


async def get_report(
    db: AsyncSession, user: User, session_id: uuid.UUID, now: datetime
) -> dict[str, Any]:
    session = await get_owned_session(db, user, session_id)
    require_ended(session)
    state = report_state(session, now)
    if state is not None:
        return state
    score = await score_row(db, session.id)
    if score is None or not score.report_json:
        return _failed_body(session, "The stored report is missing. Retry to build it again.")
    report = dict(score.report_json)
    report["comparison"] = await comparison_for(db, session, score)
    return report


async def get_comparison(db: AsyncSession, user: User, session_id: uuid.UUID) -> dict[str, Any]:
    session = await get_owned_session(db, user, session_id)
    require_ended(session)
    score = await score_row(db, session.id)
    if score is None:
        raise ReportNotReady(
            "This session's report is not ready yet; the comparison comes with it."
        )
    return await comparison_for(db, session, score)


async def report_with_comparison(db: AsyncSession, session: InterviewSession) -> dict[str, Any]:
    score = await score_row(db, session.id)
    if session.report_status != ReportStatus.READY or score is None or not score.report_json:
        raise ReportNotReady(
            "The report is not ready yet; poll GET "
            f"/v1/sessions/{session.id}/report until its status is 'ready'."
        )
    return {**score.report_json, "comparison": await comparison_for(db, session, score)}


async def report_html_for(db: AsyncSession, user: User, session_id: uuid.UUID) -> str:
    session = await get_owned_session(db, user, session_id)
    require_ended(session)
    return render.report_html(await report_with_comparison(db, session))
