"""Session report, its comparison with the previous session, and PDF/CSV exports."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, status
from fastapi import Response as HttpResponse
from fastapi.responses import HTMLResponse

from moodlens.core.base import utcnow
from moodlens.core.deps import AfterCommitDep, CurrentUser, DbSession
from moodlens.models import ReportStatus
from moodlens.privacy.schemas import ExportOut
from moodlens.reports import build, exports, service
from moodlens.reports.schemas import ComparisonOut, ExportIn, ReportBuildingOut, ReportOut

router = APIRouter(prefix="/v1/sessions", tags=["reports"])

_NOT_FOUND = service.SessionNotFound.openapi()


@router.get(
    "/{session_id}/report",
    response_model=ReportOut,
    operation_id="reports_get",
    responses={
        202: {"model": ReportBuildingOut, "description": "Still building: poll again."},
        **_NOT_FOUND,
        409: {
            "model": service.SessionNotEnded.openapi()[409]["model"],
            "description": "SessionNotEnded: the session is scheduled or live.",
        },
    },
)
async def get_report(
    session_id: uuid.UUID, db: DbSession, user: CurrentUser, response: HttpResponse
) -> Any:
    """The session's coaching report. Built by a job when the session ends (seconds).

    - **202** `{"status": "building", "progress": {stage, attempt, max_attempts, percent},
      "poll_after_s"}` while the job runs: poll again.
    - **200** `{"status": "failed", "error", "attempts", "can_retry", "retry_url"}` when the
      build failed after its retries (or stalled): show `error` and a retry button that
      POSTs `retry_url`.
    - **200** `{"status": "ready", ...}` the report:
      - `overall` `{score, band, interval}`: 0-100 session score (weights 30/25/25/20),
        `band` low/medium/high = how much evidence stands behind it, `interval` its likely
        range. `dimensions` has `communication`, `confidence`, `structure`, `relevance`
        with the same inner shape plus `label` (show labels, not keys: "confidence" is
        shown as "Delivery"), `level`, `factors` [{text, effect "+"|"-", key, sources}]
        and `warnings`.
      - `summary_text`, `strengths`, `improvements` (top 3 each), `drills` (what to
        practise, how, minutes, why).
      - `answers[]`: `question_text`, `transcript`, `segments` (timed words with
        `filler: true` marks, fillers heard but not transcribed, pauses >= 0.6 s),
        `fillers`, `pauses`, `start`/`end` (seconds from session start), `scores` (four
        dimensions, same shape), `overall`, `metrics`, `analysis` (STAR parts, key
        points), `warnings`, `event_indices`.
      - `events[]` `{type, label, start, end, answer_index, ...}` for the timeline;
        `event_types` explains each type. `timeline` holds per-second series (`t`,
        `attention`, `composure`, `face_in_view`, `pace_wpm`, `speaking`) and
        `answer_spans` for the chart.
      - `comparison`: this session vs the previous one (per dimension and metric).
      - `warnings` (low-confidence notes) and `disclaimer` ("do not over-interpret"): show
        both with the scores. Facial cues are observable behaviour only.
    """
    body = await service.get_report(db, user, session_id, utcnow())
    if body["status"] == ReportStatus.BUILDING:
        response.status_code = status.HTTP_202_ACCEPTED
    return body


@router.post(
    "/{session_id}/report/retry",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ReportBuildingOut,
    operation_id="reports_retry",
    responses={
        **_NOT_FOUND,
        409: {
            "model": service.ReportAlreadyBuilding.openapi()[409]["model"],
            "description": "SessionNotEnded, or ReportAlreadyBuilding (a build is running).",
        },
    },
)
async def retry_report(
    session_id: uuid.UUID, db: DbSession, user: CurrentUser, after_commit: AfterCommitDep
) -> Any:
    """Build the report again (after a failure, or to rebuild a ready one with the current
    scoring rules). Rebuilding replaces the stored scores; it never duplicates them. Then
    poll GET .../report."""
    return await build.retry_report(db, user, session_id, after_commit, utcnow())


@router.get(
    "/{session_id}/comparison",
    response_model=ComparisonOut,
    operation_id="reports_comparison",
    responses={
        **_NOT_FOUND,
        409: {
            "model": service.ReportNotReady.openapi()[409]["model"],
            "description": "SessionNotEnded, or ReportNotReady (the report is not built yet).",
        },
    },
)
async def get_comparison(session_id: uuid.UUID, db: DbSession, user: CurrentUser) -> Any:
    """This session (N) against the previous session with a report (N-1): per dimension
    `{current, previous, delta, direction}` and per metric. A direction is "same" when the
    change is within the scores' measurement noise. `available` is false for a first
    session. Deleted sessions are never compared with."""
    return await service.get_comparison(db, user, session_id)


@router.get(
    "/{session_id}/report/html",
    response_class=HTMLResponse,
    operation_id="reports_html",
    responses={**_NOT_FOUND, **service.ReportNotReady.openapi()},
)
async def get_report_html(session_id: uuid.UUID, db: DbSession, user: CurrentUser) -> HTMLResponse:
    """The printable report (the same HTML template the PDF is made from), e.g. for a
    print view in an iframe's `srcdoc`."""
    html = await service.report_html_for(db, user, session_id)
    return HTMLResponse(html, headers={"Cache-Control": "private, no-store"})


@router.post(
    "/{session_id}/export",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ExportOut,
    operation_id="reports_export",
    responses={
        **_NOT_FOUND,
        409: {
            "model": service.ReportNotReady.openapi()[409]["model"],
            "description": "SessionNotEnded, or ReportNotReady (export once it is ready).",
        },
    },
)
async def export_report(
    session_id: uuid.UUID,
    body: ExportIn,
    db: DbSession,
    user: CurrentUser,
    after_commit: AfterCommitDep,
) -> ExportOut:
    """Queue a PDF (the report, with the timeline chart) or a CSV (one `second` row per
    second of signals, then one `answer` row per answer with its scores). Poll
    GET /v1/exports/{export_id}; download from its `download_url` for 24 hours."""
    return await exports.request_export(db, user, session_id, body.export_type, after_commit)
