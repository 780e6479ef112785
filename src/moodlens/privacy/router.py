"""Consent, privacy settings, deletion, export, recording and the user's audit trail."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import FileResponse

from moodlens.core.deps import (
    AfterCommitDep,
    CurrentUser,
    DbSession,
    RateLimiterDep,
    SettingsDep,
    StorageDep,
)
from moodlens.core.errors import BadRequest, Conflict, NotFound, TooManyRequests
from moodlens.core.pagination import Page, PageParams, page_params
from moodlens.core.ratelimit import RateLimitStoreUnavailable
from moodlens.models import ConsentRecord, SessionRecording
from moodlens.privacy import (
    account_deletion,
    consent_text,
    export_access,
    exports,
    recording,
    service,
)
from moodlens.privacy.schemas import (
    AuditEntryOut,
    ConsentIn,
    ConsentListOut,
    ConsentOut,
    ConsentScopeOut,
    ConsentTextOut,
    DeleteAccountIn,
    ExportListOut,
    ExportOut,
    PrivacySettingsIn,
    PrivacySettingsOut,
    PurgeOut,
    RecordingCompleteIn,
    RecordingStatusOut,
)

router = APIRouter(tags=["privacy"])


# ---- consent -------------------------------------------------------------------------------


@router.get("/v1/consents/current", response_model=ConsentTextOut, operation_id="consents_current")
async def current_consent() -> ConsentTextOut:
    """The consent text users must accept before a session: what is captured, where it is
    processed, and the scopes to accept. Public, so it can be read before signing up."""
    text = consent_text.current_consent()
    return ConsentTextOut(
        version=text.version,
        text=text.text,
        scopes=[
            ConsentScopeOut(id=s.id, label=s.label, description=s.description, required=s.required)
            for s in text.scopes
        ],
    )


def _consent_out(record: ConsentRecord) -> ConsentOut:
    return ConsentOut(
        id=record.id,
        consent_version=record.consent_version,
        scopes=list(record.scopes),
        client=record.client,
        created_at=record.created_at,
        current=record.consent_version == consent_text.current_consent().version,
    )


@router.post(
    "/v1/users/me/consents",
    status_code=status.HTTP_201_CREATED,
    response_model=ConsentOut,
    operation_id="consents_accept",
    responses={
        **service.ConsentVersionOutdated.openapi(),
        **service.InvalidConsentScopes.openapi(),
    },
)
async def accept_consent(
    body: ConsentIn, request: Request, db: DbSession, user: CurrentUser
) -> ConsentOut:
    """Accept the current consent version with the chosen scopes, each optional: the
    microphone for spoken answers, the camera for camera cues (typed practice needs neither),
    recording only with the microphone. The client's user agent is recorded."""
    record = await service.accept_consent(
        db, user, body.consent_version, body.scopes, request.headers.get("user-agent")
    )
    return _consent_out(record)


@router.get("/v1/users/me/consents", response_model=ConsentListOut, operation_id="consents_list")
async def list_consents(db: DbSession, user: CurrentUser) -> ConsentListOut:
    """Every consent the user gave, newest first."""
    records = await service.list_consents(db, user)
    items = [_consent_out(r) for r in records]
    required = consent_text.current_consent().required_scope_ids
    return ConsentListOut(
        current_version=consent_text.current_consent().version,
        has_current=any(i.current and required <= set(i.scopes) for i in items),
        items=items,
    )


# ---- privacy settings ----------------------------------------------------------------------


@router.get("/v1/users/me/privacy", response_model=PrivacySettingsOut, operation_id="privacy_get")
async def get_privacy(db: DbSession, user: CurrentUser) -> PrivacySettingsOut:
    """Retention, recording default and daily practice goal (defaults until chosen)."""
    prefs = await service.get_privacy_settings(db, user)
    if prefs is None:
        return PrivacySettingsOut(
            retention_days=None,
            recording_default=False,
            practice_minutes_per_day=service.DEFAULT_PRACTICE_MINUTES,
            chosen=False,
        )
    return PrivacySettingsOut(
        retention_days=prefs.retention_days,
        recording_default=prefs.recording_default,
        practice_minutes_per_day=prefs.practice_minutes_per_day,
        chosen=True,
    )


@router.put(
    "/v1/users/me/privacy", response_model=PrivacySettingsOut, operation_id="privacy_update"
)
async def update_privacy(
    body: PrivacySettingsIn, db: DbSession, user: CurrentUser
) -> PrivacySettingsOut:
    """Choose retention (30, 90, 365 days or null = until you delete). A shorter retention
    applies at the next hourly sweep: older sessions are then deleted for good."""
    prefs = await service.update_privacy_settings(
        db,
        user,
        retention_days=body.retention_days,
        recording_default=body.recording_default,
        practice_minutes_per_day=body.practice_minutes_per_day,
    )
    return PrivacySettingsOut(
        retention_days=prefs.retention_days,
        recording_default=prefs.recording_default,
        practice_minutes_per_day=prefs.practice_minutes_per_day,
        chosen=True,
    )


# ---- deletion ------------------------------------------------------------------------------


@router.delete(
    "/v1/users/me",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="account_delete",
    responses={
        403: {
            "model": account_deletion.ReauthenticationFailed.openapi()[403]["model"],
            "description": "ReauthenticationFailed (wrong password, or the account has none) "
            "or InvalidReauthProof (unknown, another account's, expired or used confirmation).",
        },
        **TooManyRequests.openapi(),
        **RateLimitStoreUnavailable.openapi(),
    },
)
async def delete_account(
    body: DeleteAccountIn,
    db: DbSession,
    storage: StorageDep,
    limiter: RateLimiterDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> None:
    """Delete the account and all its data now (sessions, transcripts, signals, scores,
    exports, recordings, consents, sign-ins). Needs the password again, or for an account
    without one a provider confirmation (`reauth_proof`). Not reversible."""
    await account_deletion.delete_my_account(
        db, storage, limiter, settings, user, body.password, body.reauth_proof
    )


@router.post(
    "/v1/sessions/{session_id}/purge",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=PurgeOut,
    operation_id="session_purge",
    responses=service.SessionNotFound.openapi(),
)
async def purge_session(
    session_id: uuid.UUID, db: DbSession, user: CurrentUser, after_commit: AfterCommitDep
) -> PurgeOut:
    """Delete now: hide the session and remove all its data without the grace period (also for
    a session already deleted and waiting for it)."""
    session = await service.purge_session(db, user, session_id, after_commit)
    assert session.hard_delete_after is not None
    return PurgeOut(session_id=session.id, hard_delete_after=session.hard_delete_after)


# ---- exports -------------------------------------------------------------------------------


@router.post(
    "/v1/users/me/export",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ExportOut,
    operation_id="export_my_data",
)
async def export_my_data(
    db: DbSession, user: CurrentUser, after_commit: AfterCommitDep
) -> ExportOut:
    """Build a zip of all your data (JSON + CSV + recordings). Poll GET /v1/exports/{id};
    the file can be downloaded for 24 hours."""
    return export_access.export_out(await export_access.request_user_export(db, user, after_commit))


@router.get("/v1/users/me/exports", response_model=ExportListOut, operation_id="exports_list")
async def list_my_exports(db: DbSession, user: CurrentUser) -> ExportListOut:
    """Your exports of every kind, newest first (sessions you deleted are left out)."""
    return ExportListOut(
        items=[export_access.export_out(e) for e in await export_access.list_exports(db, user)]
    )


@router.get(
    "/v1/exports/{export_id}",
    response_model=ExportOut,
    operation_id="export_get",
    responses=NotFound.openapi(),
)
async def get_export(export_id: uuid.UUID, db: DbSession, user: CurrentUser) -> ExportOut:
    """Status of an export of any type, with its download URL once ready."""
    return export_access.export_out(await export_access.get_export(db, user, export_id))


@router.get(
    "/v1/exports/{export_id}/download",
    operation_id="export_download",
    response_class=FileResponse,
    responses={
        **NotFound.openapi(),
        **export_access.ExportNotReady.openapi(),
        **export_access.ExportExpired.openapi(),
    },
)
async def download_export(
    export_id: uuid.UUID, db: DbSession, storage: StorageDep, user: CurrentUser
) -> FileResponse:
    """The export file, for its owner only, while its 24-hour window is open (410 after)."""
    export, path = await export_access.open_export_download(db, storage, user, export_id)
    kind = exports.export_kind(export.export_type)
    stamp = export.created_at.strftime("%Y%m%d")
    return FileResponse(
        path,
        media_type=kind.media_type,
        filename=f"moodlens-{export.export_type}-{stamp}.{kind.extension}",
        headers={"Cache-Control": "private, no-store"},
    )


# ---- recording -----------------------------------------------------------------------------


def _recording_out(
    session_id: uuid.UUID, enabled: bool, rec: SessionRecording | None, size: int
) -> RecordingStatusOut:
    complete = rec is not None and rec.completed_at is not None
    return RecordingStatusOut(
        session_id=session_id,
        recording_enabled=enabled,
        bytes_received=size,
        complete=complete,
        content_type=rec.content_type if rec else None,
        max_bytes=recording.MAX_RECORDING_BYTES,
        playback_url=f"/v1/sessions/{session_id}/recording" if complete else None,
    )


@router.put(
    "/v1/sessions/{session_id}/recording",
    response_model=RecordingStatusOut,
    operation_id="recording_upload_chunk",
    responses={
        **service.SessionNotFound.openapi(),
        **recording.UploadOffsetMismatch.openapi(),
        **recording.RecordingConsentMissing.openapi(),
        **recording.RecordingTooLarge.openapi(),
        **BadRequest.openapi(),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/octet-stream": {"schema": {"type": "string"}}},
        }
    },
)
async def upload_recording_chunk(
    session_id: uuid.UUID,
    request: Request,
    db: DbSession,
    storage: StorageDep,
    user: CurrentUser,
    offset: Annotated[int, Query(ge=0, description="Byte offset where this chunk starts.")],
    content_type: Annotated[
        str, Query(description="Media type, fixed by the first chunk.")
    ] = "video/webm",
) -> RecordingStatusOut:
    """Append a chunk (application/octet-stream) at `offset`. On a 409 the `Upload-Offset`
    header (and GET .../recording/status) says where to resume."""
    data = await request.body()
    rec, size = await recording.upload_chunk(
        db, storage, user, session_id, offset, data, content_type
    )
    return _recording_out(session_id, True, rec, size)


@router.get(
    "/v1/sessions/{session_id}/recording/status",
    response_model=RecordingStatusOut,
    operation_id="recording_status",
    responses=service.SessionNotFound.openapi(),
)
async def recording_status(
    session_id: uuid.UUID, db: DbSession, storage: StorageDep, user: CurrentUser
) -> RecordingStatusOut:
    """How many bytes are stored (the offset to resume from) and whether it is complete."""
    session, rec, size = await recording.recording_status(db, storage, user, session_id)
    return _recording_out(session_id, session.recording_enabled, rec, size)


@router.post(
    "/v1/sessions/{session_id}/recording/complete",
    response_model=RecordingStatusOut,
    operation_id="recording_complete",
    responses={
        **service.SessionNotFound.openapi(),
        **Conflict.openapi(),
    },
)
async def complete_recording(
    session_id: uuid.UUID,
    db: DbSession,
    storage: StorageDep,
    user: CurrentUser,
    body: RecordingCompleteIn | None = None,
) -> RecordingStatusOut:
    """Mark the upload finished (optionally checking the total size); replay becomes
    available at GET /v1/sessions/{id}/recording."""
    rec, size = await recording.complete_upload(
        db, storage, user, session_id, body.total_bytes if body else None
    )
    return _recording_out(session_id, True, rec, size)


@router.get(
    "/v1/sessions/{session_id}/recording",
    operation_id="recording_play",
    response_class=FileResponse,
    responses=recording.RecordingNotFound.openapi(),
)
async def play_recording(
    session_id: uuid.UUID, db: DbSession, storage: StorageDep, user: CurrentUser
) -> FileResponse:
    """The recording, for its owner only; supports Range requests for seeking."""
    rec, path = await recording.open_recording(db, storage, user, session_id)
    return FileResponse(
        path, media_type=rec.content_type, headers={"Cache-Control": "private, no-store"}
    )


# ---- audit trail ---------------------------------------------------------------------------


@router.get("/v1/users/me/audit", response_model=Page[AuditEntryOut], operation_id="audit_mine")
async def my_audit_trail(
    db: DbSession, user: CurrentUser, page: Annotated[PageParams, Depends(page_params)]
) -> Page[AuditEntryOut]:
    """Operations on your data, newest first: consents, exports, deletions, recordings and
    any organization admin who viewed your data."""
    entries, total = await service.audit_trail(db, user, page.offset, page.page_size)
    return Page[AuditEntryOut](
        items=[AuditEntryOut.model_validate(e) for e in entries],
        total=total,
        page=page.page,
        page_size=page.page_size,
    )
