"""Whatever the upload's file name, it is only a format hint: odd names (slashes, NUL, control
characters, emoji, 2000 characters, no extension) were a 500 and now change nothing."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import httpx
import numpy as np
import pytest
import soundfile as sf
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.uploads import safe_suffix
from tests.factories import auth_headers, create_user

pytestmark = pytest.mark.sqlite

ODD_NAMES = [
    "clip.w/av",
    "../../../etc/passwd",
    "a\x00b.wav",
    "take 1\r\n.wav",
    "résumé 🎤.wav",
    "x" * 2000,
    "answer." + "w" * 300,
    "...",
    ".wav",
    "C:\\Users\\me\\answer.WAV",
]


@pytest.fixture
async def client_with_pool(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c
    app.state.asr_pool.close()


async def test_odd_file_names_get_the_same_answer_as_a_plain_one(
    client_with_pool: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    headers = auth_headers(await create_user(db), settings)
    buf = io.BytesIO()
    sf.write(buf, np.zeros(16000 * 2, dtype=np.float32), 16000, format="WAV")
    silent_wav = buf.getvalue()

    async def answer(name: str) -> tuple[int, str]:
        r = await client_with_pool.post(
            "/v1/analyze/audio", files={"file": (name, silent_wav, "audio/wav")}, headers=headers
        )
        return r.status_code, r.json()["detail"]

    plain = await answer("answer.wav")
    assert plain[0] == 422 and "silent" in plain[1]  # decoded, then found silent
    for name in ODD_NAMES:
        assert await answer(name) == plain, repr(name[:40])
    # An empty name makes the part a plain form field, not a file: a 422 on the field.
    status, detail = await answer("")
    assert status == 422 and detail.startswith("body.file")


def test_only_a_short_alphanumeric_extension_survives() -> None:
    assert safe_suffix("answer.WAV") == ".wav"
    assert safe_suffix("C:\\Users\\me\\take.webm") == ".webm"
    assert safe_suffix("clip.w/av") == ""
    assert safe_suffix("a.wa\x00v") == ""
    assert safe_suffix(".wav") == ""
    assert safe_suffix("answer." + "w" * 9) == ""
    assert safe_suffix(None) == ""
