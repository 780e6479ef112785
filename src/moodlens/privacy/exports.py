"""Export files of every kind behind one status/download API (`GET /v1/exports/{id}`).

Other domains (reports: PDF/CSV of a session) create `Export` rows, write the file to storage
under `storage_keys.export_key(...)` and finish with `mark_export_ready` (or
`mark_export_failed`); they register their type here if it is not one of the defaults. Status and
download work for every registered type.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.audit import record_audit
from moodlens.core.base import Base, as_utc, utcnow
from moodlens.core.storage import Storage
from moodlens.models import (
    AnswerRetry,
    AssignmentAttempt,
    AuditEntry,
    ConsentRecord,
    Export,
    ExportStatus,
    InterviewSession,
    JobDescription,
    Organization,
    OrganizationMember,
    PlanItemCheck,
    Question,
    Recommendation,
    Response,
    SessionComment,
    SessionRecording,
    SessionScore,
    SignalEvent,
    User,
    UserPrivacySettings,
)

DOWNLOAD_HOURS = 24
USER_DATA_EXPORT = "zip"


@dataclass(frozen=True)
class ExportKind:
    export_type: str
    media_type: str
    extension: str
    label: str


EXPORT_KINDS: dict[str, ExportKind] = {}


def register_export_type(kind: ExportKind) -> None:
    EXPORT_KINDS[kind.export_type] = kind


def export_kind(export_type: str) -> ExportKind:
    # Unknown types still download, as bytes, rather than failing: the row is the truth.
    return EXPORT_KINDS.get(
        export_type, ExportKind(export_type, "application/octet-stream", "bin", export_type)
    )


register_export_type(ExportKind(USER_DATA_EXPORT, "application/zip", "zip", "All my data"))
register_export_type(ExportKind("pdf", "application/pdf", "pdf", "Session report (PDF)"))
register_export_type(ExportKind("csv", "text/csv", "csv", "Session data (CSV)"))


def expiry_from(moment: datetime) -> datetime:
    return moment + timedelta(hours=DOWNLOAD_HOURS)


def is_expired(export: Export, now: datetime) -> bool:
    return export.expires_at is not None and export.expires_at <= now


# ---- the end of a build: every export job (the zip here, a session's PDF/CSV in reports)
# finishes through these two, so the row's fields and the `export.ready` audit entry are
# written one way.

BUILD_FAILED = "The file could not be built; request a new export."


async def mark_export_ready(
    db: AsyncSession, export: Export, key: str, *, now: datetime | None = None
) -> None:
    """The file is in storage under `key`: the export downloads for `DOWNLOAD_HOURS`."""
    export.file_url = key
    export.status = ExportStatus.READY
    export.error = None
    export.expires_at = expiry_from(now or utcnow())
    record_audit(
        db,
        actor_id=None,
        action="export.ready",
        target_type="export",
        target_id=export.id,
        details={"export_type": export.export_type},
    )
    await db.flush()


async def mark_export_failed(
    db: AsyncSession, export_id: uuid.UUID, error: str = BUILD_FAILED
) -> None:
    """A pending export that will not be built: the client stops polling and can ask again.
    A finished one (ready, or failed already) is left as it is."""
    export = await db.get(Export, export_id)
    if export is not None and export.status == ExportStatus.PENDING:
        export.status = ExportStatus.FAILED
        export.error = error
        await db.flush()


# ---- the user-data zip -------------------------------------------------------------------

# Secrets never leave the server, not even to their owner.
_EXCLUDED_COLUMNS = {"users": {"password_hash"}}

README = """MoodLens data export

account.json            your account (no password)
consents.json           every consent you gave: version, scopes, time, client
privacy_settings.json   retention and recording preferences
sessions.json           sessions with their questions, answers (transcripts), scores,
                        recommendations, the comments coaches and you left on them, the
                        job description a session practised for, and answers you retried
plan_item_checks.json   the weekly-plan items you marked done, and when
organizations.json      the institutes you belong to, your role, and whether you share your
                        progress with them
assignment_attempts.json  the assignments you started, when, and which session each became
signal_events.csv       the per-second numbers captured during sessions (face-in-view, pace,
                        fillers, volume...): observable delivery only, never emotions
recordings/             session recordings, if you turned recording on
activity.json           the audit trail of operations on your data

Deleted sessions are not included. This file is available for 24 hours after it was built.
"""


def _json_value(value: object) -> object:
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def row_dict(obj: Base) -> dict[str, Any]:
    """Every column of the row (new columns are exported automatically), minus secrets."""
    table = cast(Table, obj.__table__)
    excluded = _EXCLUDED_COLUMNS.get(table.name, set())
    return {
        col.key: _json_value(getattr(obj, col.key))
        for col in table.columns
        if col.key not in excluded
    }


def _dump(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)


async def _all(db: AsyncSession, stmt: Any) -> list[Any]:
    return list((await db.execute(stmt)).scalars().all())


async def collect_user_data(
    db: AsyncSession, user: User
) -> tuple[dict[str, Any], list[SignalEvent], list[SessionRecording]]:
    """The JSON document of everything stored about the user (sessions visible to them only)."""
    sessions = await _all(
        db,
        select(InterviewSession)
        .where(InterviewSession.user_id == user.id, InterviewSession.deleted_at.is_(None))
        .order_by(InterviewSession.created_at),
    )
    ids = [s.id for s in sessions]
    questions = await _all(
        db, select(Question).where(Question.session_id.in_(ids)).order_by(Question.sequence_no)
    )
    responses = await _all(
        db, select(Response).where(Response.session_id.in_(ids)).order_by(Response.started_at)
    )
    scores = await _all(db, select(SessionScore).where(SessionScore.session_id.in_(ids)))
    jobs = await _all(db, select(JobDescription).where(JobDescription.session_id.in_(ids)))
    retries = await _all(
        db,
        select(AnswerRetry)
        .where(AnswerRetry.session_id.in_(ids))
        .order_by(AnswerRetry.question_id, AnswerRetry.attempt_no),
    )
    recs = await _all(db, select(Recommendation).where(Recommendation.session_id.in_(ids)))
    comments = await _all(
        db,
        select(SessionComment)
        .where(SessionComment.session_id.in_(ids))
        .order_by(SessionComment.created_at, SessionComment.id),
    )
    attempts = await _all(
        db,
        select(AssignmentAttempt)
        .where(AssignmentAttempt.user_id == user.id)
        .order_by(AssignmentAttempt.created_at),
    )
    recordings = await _all(
        db,
        select(SessionRecording).where(
            SessionRecording.session_id.in_(ids), SessionRecording.completed_at.is_not(None)
        ),
    )
    signals = await _all(
        db,
        select(SignalEvent)
        .where(SignalEvent.session_id.in_(ids))
        .order_by(SignalEvent.session_id, SignalEvent.t_ms),
    )
    consents = await _all(
        db,
        select(ConsentRecord)
        .where(ConsentRecord.user_id == user.id)
        .order_by(ConsentRecord.created_at),
    )
    privacy = await db.get(UserPrivacySettings, user.id)
    plan_checks = await _all(
        db,
        select(PlanItemCheck)
        .where(PlanItemCheck.user_id == user.id)
        .order_by(PlanItemCheck.done_at, PlanItemCheck.item_id),
    )
    memberships = (
        await db.execute(
            select(OrganizationMember, Organization.name)
            .join(Organization, Organization.id == OrganizationMember.organization_id)
            .where(OrganizationMember.user_id == user.id)
            .order_by(OrganizationMember.created_at)
        )
    ).all()
    activity = await _all(
        db,
        select(AuditEntry).where(AuditEntry.actor_id == user.id).order_by(AuditEntry.id),
    )

    def of(rows: list[Any], sid: uuid.UUID) -> list[dict[str, Any]]:
        return [row_dict(r) for r in rows if r.session_id == sid]

    recording_ext = {r.session_id: _recording_extension(r.content_type) for r in recordings}
    session_docs = []
    for s in sessions:
        doc = row_dict(s)
        doc["questions"] = of(questions, s.id)
        doc["responses"] = of(responses, s.id)
        # Practice loop (issue 18): the job practised for and answers given again.
        job = of(jobs, s.id)
        doc["job_description"] = job[0] if job else None
        doc["answer_retries"] = of(retries, s.id)
        score = of(scores, s.id)
        doc["score"] = score[0] if score else None
        doc["recommendations"] = of(recs, s.id)
        doc["comments"] = of(comments, s.id)
        doc["recording_file"] = (
            f"recordings/{s.id}.{recording_ext[s.id]}" if s.id in recording_ext else None
        )
        session_docs.append(doc)
    document = {
        "account": row_dict(user),
        "consents": [row_dict(c) for c in consents],
        "privacy_settings": row_dict(privacy) if privacy else None,
        "sessions": session_docs,
        "plan_item_checks": [row_dict(c) for c in plan_checks],
        "organizations": [{**row_dict(m), "organization_name": name} for m, name in memberships],
        "assignment_attempts": [row_dict(a) for a in attempts],
        "activity": [row_dict(a) for a in activity],
    }
    return document, signals, recordings


def _recording_extension(content_type: str) -> str:
    return {"video/mp4": "mp4", "audio/ogg": "ogg", "audio/webm": "webm"}.get(content_type, "webm")


def signals_csv(signals: list[SignalEvent]) -> str:
    table = cast(Table, SignalEvent.__table__)
    columns = [c.key for c in table.columns]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for event in signals:
        row = []
        for key in columns:
            value = _json_value(getattr(event, key))
            row.append(json.dumps(value) if isinstance(value, dict | list) else value)
        writer.writerow(row)
    return out.getvalue()


async def build_user_zip(db: AsyncSession, storage: Storage, user: User) -> bytes:
    document, signals, recordings = await collect_user_data(db, user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", README)
        zf.writestr("account.json", _dump(document["account"]))
        zf.writestr("consents.json", _dump(document["consents"]))
        zf.writestr("privacy_settings.json", _dump(document["privacy_settings"]))
        zf.writestr("sessions.json", _dump(document["sessions"]))
        zf.writestr("plan_item_checks.json", _dump(document["plan_item_checks"]))
        zf.writestr("organizations.json", _dump(document["organizations"]))
        zf.writestr("assignment_attempts.json", _dump(document["assignment_attempts"]))
        zf.writestr("activity.json", _dump(document["activity"]))
        zf.writestr("signal_events.csv", signals_csv(signals))
        for rec in recordings:
            if storage.exists(rec.storage_key):
                # Media is already compressed; deflating it again only costs CPU.
                zf.write(
                    storage.path(rec.storage_key),
                    f"recordings/{rec.session_id}.{_recording_extension(rec.content_type)}",
                    compress_type=zipfile.ZIP_STORED,
                )
    return buffer.getvalue()
