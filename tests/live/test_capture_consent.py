"""Capture follows the consent, per modality: audio only with the microphone consent, face
numbers only with the camera consent, typed practice with neither (issue 11 §4)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import httpx
import numpy as np
import pytest
from fastapi import FastAPI, WebSocket
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from moodlens.config import Settings
from moodlens.live.audio import AudioServices
from moodlens.live.consent import CaptureConsent
from moodlens.live.frames import AudioFrame
from moodlens.live.pipeline import LivePipeline
from moodlens.live.schemas import FaceFeatures, FaceMessage
from moodlens.models import SignalEvent
from moodlens.privacy import consent_text
from moodlens.signals.audio.asr_pool import AsrPool, PoolConfig
from tests.factories import auth_headers
from tests.interview_sessions.factories import (
    T0,
    FakeClock,
    create_session,
    grant_consent,
    template_id,
)
from tests.reports import factories as report_factories

pytestmark = pytest.mark.sqlite


@pytest.fixture
def clock(app: FastAPI) -> FakeClock:
    fake = FakeClock()
    app.state.clock = fake
    return fake


MIC_ONLY = frozenset({"microphone"})


class _Socket:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send_json(self, data: dict[str, Any]) -> None:
        self.sent.append(data)


def _face(seq: int, t_ms: float) -> FaceMessage:
    features = FaceFeatures(face_present_ratio=1.0, yaw=1.0, pitch=0.0, gaze_on_camera=0.9)
    return FaceMessage(type="face", seq=seq, t_ms=t_ms, features=features)


def _silence(seq: int, t_ms: float) -> AudioFrame:
    return AudioFrame(seq=seq, t_ms=t_ms, samples=np.zeros(1600, dtype=np.float32))


async def _rows(db: AsyncSession, session_id: object) -> int:
    count = await db.scalar(
        select(func.count()).select_from(SignalEvent).where(SignalEvent.session_id == session_id)
    )
    return int(count or 0)


async def _pipeline(
    db: AsyncSession, connection: AsyncConnection, consent: CaptureConsent
) -> tuple[LivePipeline, _Socket, object]:
    user = await report_factories.user(db)
    session = await create_session(db, user, status="live", created_at=T0)
    maker = async_sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    # The pool is never used: silence holds no utterance to transcribe.
    pipeline = LivePipeline(session, maker, AudioServices(AsrPool(PoolConfig(workers=1))))
    socket = _Socket()
    pipeline.websocket = cast(WebSocket, socket)
    pipeline.use_consent(consent)
    return pipeline, socket, session.id


async def test_without_the_camera_consent_face_windows_are_refused_once_and_not_stored(
    db: AsyncSession, connection: AsyncConnection
) -> None:
    pipeline, socket, sid = await _pipeline(db, connection, CaptureConsent(audio=True, face=False))
    for seq in range(3):
        await pipeline.on_json(_face(seq, 1_000.0 + 500 * seq))
    await pipeline.flush()

    assert await _rows(db, sid) == 0
    refusals = [m for m in socket.sent if m.get("error") == "ConsentRequired"]
    assert len(refusals) == 1 and "camera consent" in refusals[0]["detail"]
    # The microphone is allowed: its seconds are stored (speaking state and volume).
    for seq in range(30):
        await pipeline.on_audio(_silence(3 + seq, 5_000.0 + 100 * seq), 0.0)
    await pipeline.flush()
    assert await _rows(db, sid) >= 1


async def test_without_the_microphone_consent_audio_is_dropped_before_analysis(
    db: AsyncSession, connection: AsyncConnection
) -> None:
    pipeline, socket, sid = await _pipeline(db, connection, CaptureConsent(audio=False, face=True))
    for seq in range(10):
        await pipeline.on_audio(_silence(seq, 1_000.0 + 100 * seq), 0.0)
    await pipeline.flush()
    assert await _rows(db, sid) == 0
    refusals = [m for m in socket.sent if m.get("error") == "ConsentRequired"]
    assert len(refusals) == 1 and "microphone consent" in refusals[0]["detail"]

    # Reconnecting after the consent changed: the new rule applies, refusals are told again.
    pipeline.use_consent(CaptureConsent(audio=False, face=False))
    await pipeline.on_json(_face(10, 3_000.0))
    await pipeline.flush()
    assert await _rows(db, sid) == 0
    assert len([m for m in socket.sent if m.get("error") == "ConsentRequired"]) == 2

    # Once allowed, only the audio sent from then on is analysed: nothing was kept before.
    pipeline.use_consent(CaptureConsent(audio=True, face=False))
    for seq in range(30):
        await pipeline.on_audio(_silence(11 + seq, 8_000.0 + 100 * seq), 0.0)
    await pipeline.flush()
    stored = (await db.scalars(select(SignalEvent.t_ms).where(SignalEvent.session_id == sid))).all()
    assert stored and min(stored) >= 8_000


async def test_offline_face_batch_needs_the_camera_consent(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings, clock: FakeClock
) -> None:
    user = await report_factories.user(db)
    await grant_consent(db, user, capture=MIC_ONLY)
    headers = auth_headers(user, settings)
    session = await create_session(db, user, status="live", created_at=clock.now())
    clock.advance(30)
    windows = [{"t_ms": 1_000 + 500 * i, "features": {"face_present_ratio": 1.0}} for i in range(4)]
    url = f"/v1/sessions/{session.id}/signals/batch"

    refused = await client.post(url, json={"windows": windows}, headers=headers)
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"] == "CameraConsentRequired"
    assert "camera consent" in refused.json()["detail"]
    assert await _rows(db, session.id) == 0

    await grant_consent(db, user)  # camera and microphone
    accepted = await client.post(url, json={"windows": windows}, headers=headers)
    assert accepted.status_code == 200, accepted.text
    assert await _rows(db, session.id) == 2


async def test_typed_practice_needs_neither_camera_nor_microphone(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings, clock: FakeClock
) -> None:
    user = await report_factories.user(db)
    headers = auth_headers(user, settings)
    version = consent_text.current_consent().version
    r = await client.post(
        "/v1/users/me/consents", json={"consent_version": version, "scopes": []}, headers=headers
    )
    assert r.status_code == 201, r.text
    listed = (await client.get("/v1/users/me/consents", headers=headers)).json()
    assert listed["has_current"] is True

    created = await client.post(
        "/v1/sessions",
        json={"template_id": await template_id(db), "duration_minutes": 10},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    sid = created.json()["id"]
    assert (await client.post(f"/v1/sessions/{sid}/start", headers=headers)).status_code == 200
    q = (await client.post(f"/v1/sessions/{sid}/questions/next", headers=headers)).json()
    start = clock.now()
    clock.advance(40)
    answered = await client.post(
        f"/v1/sessions/{sid}/responses",
        json={
            "question_id": q["id"],
            "transcript_text": "I led the migration and cut build times by half.",
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(seconds=40)).isoformat(),
        },
        headers=headers,
    )
    assert answered.status_code == 201, answered.text
