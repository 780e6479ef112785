"""POST /v1/analyze/audio with real recordings through the real models."""

from __future__ import annotations

import importlib.util
import io
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import numpy as np
import pytest
import soundfile as sf
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from tests.factories import auth_headers, create_user

pytestmark = pytest.mark.models


def _beckett() -> bytes:
    spec = importlib.util.find_spec("moonshine_cpp")
    assert spec is not None and spec.origin is not None
    return (Path(spec.origin).parent / "test-data" / "beckett.wav").read_bytes()


@pytest.fixture
async def started_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    # The recognition pool's worker processes are shut down with the app.
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c
    app.state.asr_pool.close()


async def test_upload_gets_the_same_report_as_the_cli(
    started_client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await create_user(db)
    # A stereo 44.1 kHz FLAC of the same speech: decoding and resampling are exercised too.
    mono, sr = sf.read(io.BytesIO(_beckett()), dtype="float32")
    t_new = np.linspace(0, len(mono) / sr, int(len(mono) / sr * 44100), endpoint=False)
    resampled = np.interp(t_new, np.arange(len(mono)) / sr, mono).astype(np.float32)
    buf = io.BytesIO()
    sf.write(buf, np.stack([resampled, resampled], axis=1), 44100, format="FLAC")
    r = await started_client.post(
        "/v1/analyze/audio",
        files={"file": ("answer.flac", buf.getvalue(), "audio/flac")},
        headers=auth_headers(user, settings),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert 9.5 < body["duration_s"] < 10.5
    text = body["transcript"].lower()
    assert all(w in text for w in ("tried", "matter", "again", "better"))
    assert len(body["words"]) >= 10
    assert all(w["start"] <= w["end"] for w in body["words"])
    for key in (
        "wpm",
        "articulation_wpm",
        "fillers",
        "filler_per_min",
        "pauses",
        "long_pauses",
        "speaking_ratio",
    ):
        assert key in body


async def test_unreadable_and_silent_uploads_say_what_to_fix(
    started_client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    headers = auth_headers(await create_user(db), settings)
    junk = await started_client.post(
        "/v1/analyze/audio",
        files={"file": ("a.wav", b"not audio at all", "audio/wav")},
        headers=headers,
    )
    assert junk.status_code == 422
    assert junk.json()["error"] == "UnusableAudio"
    assert "WAV" in junk.json()["detail"]
    buf = io.BytesIO()
    sf.write(buf, np.zeros(16000 * 3, dtype=np.float32), 16000, format="WAV")
    silent = await started_client.post(
        "/v1/analyze/audio",
        files={"file": ("s.wav", buf.getvalue(), "audio/wav")},
        headers=headers,
    )
    assert silent.status_code == 422
    assert "silent" in silent.json()["detail"]
    empty = await started_client.post(
        "/v1/analyze/audio", files={"file": ("e.wav", b"", "audio/wav")}, headers=headers
    )
    assert empty.status_code == 422


async def test_upload_needs_sign_in(started_client: httpx.AsyncClient) -> None:
    r = await started_client.post(
        "/v1/analyze/audio", files={"file": ("a.wav", _beckett(), "audio/wav")}
    )
    assert r.status_code == 401
