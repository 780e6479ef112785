"""Optional session recordings: chunked, resumable upload through the API, owner-only replay.

The stored file's size is the resume offset (not a counter that could drift from the bytes
really written), and the session row is locked while a chunk is appended so two clients
resuming at once cannot interleave their bytes."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.audit import record_audit
from moodlens.core.base import utcnow
from moodlens.core.errors import BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge
from moodlens.core.storage import Storage
from moodlens.interview_sessions.gate import get_owned_session
from moodlens.models import InterviewSession, SessionRecording, User
from moodlens.privacy import storage_keys
from moodlens.privacy.service import has_recording_consent

# A 60-minute 720p WebM at the browser's default bitrate stays well below this.
MAX_RECORDING_BYTES = 2_000_000_000
CONTENT_TYPES = ("video/webm", "video/mp4", "audio/webm", "audio/ogg", "audio/mp4")


class RecordingDisabled(Conflict):
    """Recording is off for this session."""


class RecordingConsentMissing(Forbidden):
    """The user's current consent does not include recording."""


class UploadOffsetMismatch(Conflict):
    """The chunk does not start where the stored upload ends; resume from Upload-Offset."""


class RecordingAlreadyComplete(Conflict):
    """The recording was completed; it cannot be appended to."""


class RecordingTooLarge(PayloadTooLarge):
    """The recording would exceed the size limit."""


class RecordingNotFound(NotFound):
    """This session has no completed recording."""


def _mismatch(size: int) -> UploadOffsetMismatch:
    return UploadOffsetMismatch(
        f"The stored recording has {size} bytes; resume the upload from offset={size}.",
        headers={"Upload-Offset": str(size)},
    )


async def upload_chunk(
    db: AsyncSession,
    storage: Storage,
    user: User,
    session_id: uuid.UUID,
    offset: int,
    data: bytes,
    content_type: str,
) -> tuple[SessionRecording, int]:
    """Append one chunk at `offset`; returns the recording and its new size."""
    session = await get_owned_session(db, user, session_id, for_update=True)
    if not session.recording_enabled:
        raise RecordingDisabled(
            "Recording is off for this session, so nothing is uploaded. Turn recording on "
            "when you create a session to keep a recording."
        )
    if not await has_recording_consent(db, user):
        raise RecordingConsentMissing(
            "Your current consent does not include recording; accept the 'recording' scope "
            "(POST /v1/users/me/consents) before uploading."
        )
    recording = await db.get(SessionRecording, session.id)
    if recording is None:
        if content_type not in CONTENT_TYPES:
            raise BadRequest(
                f"Unsupported recording type {content_type!r}; use one of "
                f"{', '.join(CONTENT_TYPES)}.",
                field="query.content_type",
            )
        recording = SessionRecording(
            session_id=session.id,
            storage_key=storage_keys.recording_key(user.id, session.id),
            content_type=content_type,
            bytes_received=0,
        )
        db.add(recording)
    if recording.completed_at is not None:
        raise RecordingAlreadyComplete("This recording is complete; it cannot be changed.")
    size = storage.size(recording.storage_key)
    if offset != size:
        raise _mismatch(size)
    if not data:
        raise BadRequest("The chunk is empty; send the next bytes of the recording.")
    if size + len(data) > MAX_RECORDING_BYTES:
        raise RecordingTooLarge(
            f"Recordings are limited to {MAX_RECORDING_BYTES // 1_000_000} MB; this chunk "
            "would go past that."
        )
    new_size = storage.append(recording.storage_key, data)
    recording.bytes_received = new_size
    if offset == 0:
        record_audit(
            db,
            actor_id=user.id,
            action="recording.upload_start",
            target_type="session",
            target_id=session.id,
            details={"content_type": recording.content_type},
        )
    await db.flush()
    return recording, new_size


async def recording_status(
    db: AsyncSession, storage: Storage, user: User, session_id: uuid.UUID
) -> tuple[InterviewSession, SessionRecording | None, int]:
    session = await get_owned_session(db, user, session_id)
    recording = await db.get(SessionRecording, session.id)
    size = storage.size(recording.storage_key) if recording else 0
    return session, recording, size


async def complete_upload(
    db: AsyncSession,
    storage: Storage,
    user: User,
    session_id: uuid.UUID,
    total_bytes: int | None,
) -> tuple[SessionRecording, int]:
    session = await get_owned_session(db, user, session_id, for_update=True)
    recording = await db.get(SessionRecording, session.id)
    if recording is None or storage.size(recording.storage_key) == 0:
        raise Conflict("Nothing was uploaded for this session's recording yet.")
    size = storage.size(recording.storage_key)
    if recording.completed_at is not None:
        return recording, size
    if total_bytes is not None and total_bytes != size:
        raise _mismatch(size)
    recording.completed_at = utcnow()
    recording.bytes_received = size
    session.recording_url = f"/v1/sessions/{session.id}/recording"
    record_audit(
        db,
        actor_id=user.id,
        action="recording.upload_complete",
        target_type="session",
        target_id=session.id,
        details={"bytes": size},
    )
    await db.flush()
    return recording, size


async def open_recording(
    db: AsyncSession, storage: Storage, user: User, session_id: uuid.UUID
) -> tuple[SessionRecording, Path]:
    session = await get_owned_session(db, user, session_id)
    recording = await db.get(SessionRecording, session.id)
    if (
        recording is None
        or recording.completed_at is None
        or not storage.exists(recording.storage_key)
    ):
        raise RecordingNotFound("This session has no recording.")
    return recording, storage.path(recording.storage_key)
