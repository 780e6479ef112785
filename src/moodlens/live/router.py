from __future__ import annotations

import uuid

from fastapi import APIRouter, WebSocket

from moodlens.core.deps import CurrentUser, DbSession
from moodlens.interview_sessions.clock import ClockDep
from moodlens.interview_sessions.gate import SessionNotFound, get_owned_session
from moodlens.live import batch
from moodlens.live.schemas import SignalBatchIn, SignalBatchOut
from moodlens.live.socket import serve_stream
from moodlens.privacy.errors import CameraConsentRequired

router = APIRouter(prefix="/v1/sessions", tags=["live"])


@router.post(
    "/{session_id}/signals/batch",
    response_model=SignalBatchOut,
    operation_id="live_signals_batch",
    responses={
        **SessionNotFound.openapi(),
        **CameraConsentRequired.openapi(),
        **batch.SessionNotCapturing.openapi(),
        **batch.WindowOutsideSession.openapi(),
    },
)
async def signals_batch(
    session_id: uuid.UUID, body: SignalBatchIn, db: DbSession, user: CurrentUser, clock: ClockDep
) -> SignalBatchOut:
    """Store face-window features a client buffered while offline (same shape as the live
    `face` message). At most 720 windows (6 minutes) per call; times must fall inside the
    session; numbers must be finite and in range. Resending a window replaces, never
    duplicates. Needs the camera consent (403 without it)."""
    session = await get_owned_session(db, user, session_id)
    return await batch.ingest_batch(db, session, body.windows, clock.now())


@router.websocket("/{session_id}/stream")
async def stream(websocket: WebSocket, session_id: uuid.UUID) -> None:
    """Live audio and face features in, acknowledgements, cues and transcripts out.
    Protocol: docs/live-protocol.md."""
    await serve_stream(websocket, session_id)
