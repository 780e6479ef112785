"""The WebSocket side of docs/live-protocol.md: origin and auth checks, sequence handling,
dispatch to the session's pipeline, periodic persistence."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from fastapi import WebSocket, WebSocketDisconnect
from pydantic import TypeAdapter, ValidationError

from moodlens.config import Settings
from moodlens.core.security import InvalidToken, decode_access_token
from moodlens.live.consent import load_capture_consent
from moodlens.live.frames import FrameError, parse_audio_frame
from moodlens.live.messages import (
    AckMessage,
    CaptureAllowed,
    ErrorMessage,
    NackMessage,
    ReadyMessage,
    server_message,
)
from moodlens.live.pipeline import LivePipeline
from moodlens.live.schemas import AuthMessage, ClientJson
from moodlens.models import InterviewSession, SessionStatus
from moodlens.privacy.service import find_visible_session

if TYPE_CHECKING:  # the hub imports this module for its close codes
    from moodlens.live.hub import LiveHub

log = logging.getLogger("moodlens.live")
AUTH_TIMEOUT_S = 5.0
ACK_INTERVAL_S = 0.1
_client_json: TypeAdapter[ClientJson] = TypeAdapter(ClientJson)


class CloseCode:
    FORBIDDEN_ORIGIN = 4403
    UNAUTHORIZED = 4401
    NOT_FOUND = 4404
    NOT_LIVE = 4409
    AUTH_TIMEOUT = 4408
    BAD_FIRST_MESSAGE = 4400


# The auth message is a token in a small JSON object; anything longer is not one, and a bound
# keeps a deeply nested or huge first message from costing more than a glance.
AUTH_MESSAGE_MAX_CHARS = 8192


def origin_allowed(websocket: WebSocket, settings: Settings) -> bool:
    origin = websocket.headers.get("origin")
    if origin is None:
        # Non-browser clients (benchmarks, tests) send no Origin; browsers always do, so a
        # cross-site page cannot use this path.
        return True
    host = websocket.headers.get("host", "")
    return urlsplit(origin).netloc == host or origin in settings.allowed_origins


async def _authenticate(websocket: WebSocket, session_id: uuid.UUID) -> InterviewSession | None:
    settings: Settings = websocket.app.state.settings
    try:
        first = await asyncio.wait_for(websocket.receive(), AUTH_TIMEOUT_S)
    except TimeoutError:
        await websocket.close(CloseCode.AUTH_TIMEOUT, "Send the auth message first.")
        return None
    if first["type"] == "websocket.disconnect":
        return None
    raw = first.get("text")
    if raw is None:
        await websocket.close(
            CloseCode.BAD_FIRST_MESSAGE, "The first message must be the auth message as JSON text."
        )
        return None
    if len(raw) > AUTH_MESSAGE_MAX_CHARS:
        await websocket.close(
            CloseCode.BAD_FIRST_MESSAGE,
            f"The auth message is longer than {AUTH_MESSAGE_MAX_CHARS} characters.",
        )
        return None
    try:
        auth = AuthMessage.model_validate_json(raw)
        user_id = decode_access_token(auth.token, settings.signing_key())
    except (ValidationError, InvalidToken) as exc:
        reason = str(exc) if isinstance(exc, InvalidToken) else "First message must be auth."
        await websocket.close(CloseCode.UNAUTHORIZED, reason[:120])
        return None
    async with websocket.app.state.sessionmaker() as db:
        session = await find_visible_session(db, user_id, session_id)
    if session is None:
        await websocket.close(CloseCode.NOT_FOUND, "No such session.")
        return None
    if session.status != SessionStatus.LIVE:
        await websocket.close(CloseCode.NOT_LIVE, f"The session is {session.status}, not live.")
        return None
    return session


async def serve_stream(websocket: WebSocket, session_id: uuid.UUID) -> None:
    settings: Settings = websocket.app.state.settings
    await websocket.accept()
    if not origin_allowed(websocket, settings):
        await websocket.close(CloseCode.FORBIDDEN_ORIGIN, "Origin not allowed.")
        return
    session = await _authenticate(websocket, session_id)
    if session is None:
        return
    hub: LiveHub = websocket.app.state.live_hub
    consent = await load_capture_consent(websocket.app.state.sessionmaker, session.user_id)
    pipeline, resumed = await hub.attach(session, websocket, consent)
    ready = ReadyMessage(
        type="ready",
        last_seq=pipeline.last_seq,
        resumed=resumed,
        capture=CaptureAllowed(**consent.as_message()),
    )
    await websocket.send_json(server_message(ready))
    try:
        await _receive_loop(websocket, pipeline)
    except WebSocketDisconnect:
        pass
    finally:
        await hub.detach(pipeline, websocket)


async def _receive_loop(websocket: WebSocket, pipeline: LivePipeline) -> None:
    acked = -1
    last_ack_time = 0.0

    async def ack() -> None:
        nonlocal acked, last_ack_time
        await websocket.send_json(server_message(AckMessage(type="ack", seq=pipeline.last_seq)))
        acked, last_ack_time = pipeline.last_seq, time.perf_counter()

    while True:
        # Acks are batched (at most one per ACK_INTERVAL_S); a quiet line flushes the last one.
        waiting = acked != pipeline.last_seq
        try:
            message = await asyncio.wait_for(
                websocket.receive(), ACK_INTERVAL_S if waiting else None
            )
        except TimeoutError:
            await ack()
            continue
        if message["type"] == "websocket.disconnect":
            return
        received = time.perf_counter()
        data = message.get("bytes")
        text = message.get("text")
        try:
            if data is not None:
                frame = parse_audio_frame(data)
                outcome = pipeline.accept_seq(frame.seq)
                if outcome == "new":
                    await pipeline.on_audio(frame, received)
            elif text is not None:
                parsed = _client_json.validate_python(json.loads(text))
                outcome = pipeline.accept_seq(parsed.seq)
                if outcome == "new":
                    await pipeline.on_json(parsed)
            else:
                continue
        except (FrameError, ValidationError, ValueError, RecursionError) as exc:
            # RecursionError: json.loads of a very deeply nested message.
            bad = ErrorMessage(type="error", error="BadMessage", detail=_message_of(exc))
            await websocket.send_json(server_message(bad))
            continue
        if outcome == "gap":
            nack = NackMessage(type="nack", expected=pipeline.last_seq + 1)
            await websocket.send_json(server_message(nack))
        elif (
            outcome == "duplicate"
            or text is not None
            or time.perf_counter() - last_ack_time >= ACK_INTERVAL_S
        ):
            await ack()


def _message_of(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "The message is nested too deeply to be one of the protocol's messages."
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ()))
        return f"{loc}: {first.get('msg')}" if loc else str(first.get("msg"))
    return str(exc)
