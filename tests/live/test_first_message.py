"""Whatever arrives first on the live socket, the handler answers with a close code and a
reason instead of crashing: binary, huge or deeply nested first messages (issue 11 §6), over
the real server `moodlens serve` runs."""

from __future__ import annotations

import json
import uuid

import pytest
from fastapi import FastAPI
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from moodlens.config import Settings
from moodlens.core.security import create_access_token
from moodlens.live.socket import AUTH_MESSAGE_MAX_CHARS, CloseCode
from moodlens.main import create_app
from moodlens.models import User
from tests.factories import create_user
from tests.interview_sessions.factories import create_session
from tests.serving import serving

pytestmark = pytest.mark.sqlite


@pytest.fixture
def app(settings: Settings, engine: AsyncEngine) -> FastAPI:
    """The app on the run's migrated database; the socket opens its own DB sessions, so the
    test commits its rows (and deletes them afterwards)."""
    return create_app(settings)


async def _close_after(base_url: str, first: str | bytes) -> tuple[int, str]:
    url = base_url.replace("http://", "ws://") + f"/v1/sessions/{uuid.uuid4()}/stream"
    async with connect(url, max_size=None) as ws:
        await ws.send(first)
        with pytest.raises(ConnectionClosed) as closed:
            await ws.recv()
    assert closed.value.rcvd is not None, "the server dropped the connection without a close"
    return closed.value.rcvd.code, closed.value.rcvd.reason


async def test_bad_first_messages_close_with_a_code_and_a_reason(app: FastAPI) -> None:
    async with serving(app) as base_url:
        binary = await _close_after(base_url, b"\x00\x01binary audio before auth")
        huge = await _close_after(base_url, "[" * 200_000)
        deep = await _close_after(base_url, "[" * (AUTH_MESSAGE_MAX_CHARS - 1))
        # The server is still serving: an ordinary bad token gets its usual answer.
        token = await _close_after(base_url, '{"type": "auth", "token": "nope"}')
    assert binary == (
        CloseCode.BAD_FIRST_MESSAGE,
        "The first message must be the auth message as JSON text.",
    )
    assert huge[0] == CloseCode.BAD_FIRST_MESSAGE and str(AUTH_MESSAGE_MAX_CHARS) in huge[1]
    assert deep == (CloseCode.UNAUTHORIZED, "First message must be auth.")
    assert token[0] == CloseCode.UNAUTHORIZED


async def test_a_deeply_nested_message_after_auth_is_a_bad_message_reply(
    app: FastAPI, settings: Settings
) -> None:
    maker = app.state.sessionmaker
    async with maker() as db:
        user = await create_user(db)
        session = await create_session(db, user, status="live")
        await db.commit()
    try:
        async with serving(app) as base_url:
            url = base_url.replace("http://", "ws://") + f"/v1/sessions/{session.id}/stream"
            token = create_access_token(user.id, settings.signing_key(), 5)
            async with connect(url, max_size=None) as ws:
                await ws.send(json.dumps({"type": "auth", "token": token}))
                assert json.loads(await ws.recv())["type"] == "ready"
                await ws.send("[" * 100_000 + "]" * 100_000)
                reply = json.loads(await ws.recv())
                # Still connected and served: the next message gets its own answer.
                await ws.send(json.dumps({"type": "nope", "seq": 0}))
                after = json.loads(await ws.recv())
    finally:
        async with maker() as db:
            await db.execute(delete(User).where(User.id == user.id))
            await db.commit()
    assert reply["type"] == "error" and reply["error"] == "BadMessage"
    assert "nested too deeply" in reply["detail"]
    assert after["type"] == "error" and "nested" not in after["detail"]
