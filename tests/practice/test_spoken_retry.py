"""Spoken retries through the API with a real recording and the real recognition models:
analysed like an uploaded answer, scored like every attempt, shown beside the first one;
bad audio, a missing microphone consent and refused retries get clear 4xx errors."""

from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import numpy as np
import pytest
import soundfile as sf
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.models import AnswerRetry
from moodlens.practice.retries import MAX_SPOKEN_RETRY_BYTES
from tests.factories import auth_headers, create_user
from tests.interview_sessions.api import answer_body, next_question
from tests.interview_sessions.conftest import Candidate
from tests.interview_sessions.factories import FakeClock, grant_consent, template_id

pytestmark = pytest.mark.models

FIRST = "I worked on some stuff with the team and it went fine I guess, maybe, sort of."


def _beckett() -> bytes:
    """About 10 s of real speech (shipped with the recogniser's package)."""
    spec = importlib.util.find_spec("moonshine_cpp")
    assert spec is not None and spec.origin is not None
    return (Path(spec.origin).parent / "test-data" / "beckett.wav").read_bytes()


SPOKEN = (
    "At my last company the billing service failed during the monthly invoicing run. I was "
    "the on call engineer, so I led the incident response. I traced the outage to a slow "
    "database query, rewrote it and added an alert. As a result the run finished four hours "
    "later instead of two days, and failures dropped by ninety percent."
)


def _spoken_answer(tmp: Path) -> bytes:
    """A recorded STAR answer: synthesised speech (espeak-ng, as the pitch tests use)."""
    assert shutil.which("espeak-ng"), "espeak-ng is needed: scripts/install-system-deps.sh test"
    out = tmp / "retry.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(out), SPOKEN], check=True)
    return out.read_bytes()


def _wav(samples: np.ndarray, rate: int) -> bytes:
    buf = io.BytesIO()
    sf.write(buf, samples, rate, format="WAV", subtype="PCM_16")
    return buf.getvalue()


@pytest.fixture
async def started_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    # The recognition pool's worker processes are shut down with the app.
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c
    app.state.asr_pool.close()


async def _answered(
    client: httpx.AsyncClient, db: AsyncSession, c: Candidate, clock: FakeClock
) -> tuple[str, str]:
    """A live session whose first question has a typed first answer."""
    r = await client.post(
        "/v1/sessions",
        json={"template_id": await template_id(db), "duration_minutes": 30},
        headers=c.headers,
    )
    assert r.status_code == 201, r.text
    sid = str(r.json()["id"])
    assert (await client.post(f"/v1/sessions/{sid}/start", headers=c.headers)).is_success
    qid = str((await next_question(client, c, sid)).json()["id"])
    start = clock.advance(3)
    r = await client.post(
        f"/v1/sessions/{sid}/responses", json=answer_body(qid, FIRST, start, 40), headers=c.headers
    )
    assert r.status_code == 201, r.text
    clock.advance(40)
    return sid, qid


async def test_a_spoken_retry_is_measured_from_its_audio_and_compared(
    started_client: httpx.AsyncClient,
    db: AsyncSession,
    candidate: Candidate,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    sid, qid = await _answered(started_client, db, candidate, clock)
    recording = _spoken_answer(tmp_path)
    seconds = sf.info(io.BytesIO(recording)).duration
    r = await started_client.post(
        f"/v1/sessions/{sid}/questions/{qid}/retries/audio",
        files={"file": ("retry.wav", recording, "audio/wav")},
        headers=candidate.headers,
    )
    assert r.status_code == 201, r.text
    body = r.json()
    first, spoken = body["attempts"]
    assert (first["input_mode"], spoken["input_mode"]) == ("typed", "voice")
    assert spoken["attempt_no"] == 2 and body["retries"] == 1
    # The recognised words are the attempt's transcript and what its content is scored on.
    text = spoken["transcript"].lower()
    assert all(w in text for w in ("company", "incident", "alert", "result")), text
    assert spoken["word_count"] >= 40
    # Delivery from the audio: pace, pauses and pitch, none of which a typed attempt has.
    assert spoken["pace_wpm"] is not None and 40 < spoken["pace_wpm"] < 250
    assert spoken["long_pauses"] is not None and first["long_pauses"] is None
    assert first["voice_range_st"] is None and "typed" in first["voice_note"]
    assert spoken["voice_range_st"] is not None, spoken["voice_note"]
    assert "semitones" in spoken["voice_note"]
    assert spoken["overall"] is not None
    assert {"communication", "structure", "relevance"} <= set(spoken["scores"])
    # The first attempt's hedges ("I guess", "maybe", "sort of") are gone in the retry.
    assert first["hedges"] >= 2 and spoken["hedges"] == 0
    kinds = {c["kind"] for c in body["changes"]}
    assert {"habits", "words"} <= kinds, body["changes"]
    assert any(c["text"].startswith("Hedges") and c["better"] for c in body["changes"])

    # Stored: the text and what was measured, not the audio; times from the server's clock.
    row = await db.scalar(select(AnswerRetry).where(AnswerRetry.session_id == sid))
    assert row is not None and row.input_mode == "voice"
    assert "transcript" not in row.analysis_json and row.analysis_json["words"]
    assert row.ended_at is not None and row.started_at is not None
    assert abs((row.ended_at - row.started_at).total_seconds() - seconds) < 0.5

    # The report's practice view shows the same attempt (one scoring path).
    practice = await started_client.get(f"/v1/sessions/{sid}/practice", headers=candidate.headers)
    assert practice.status_code == 200
    again = practice.json()["questions"][0]["attempts"][1]
    assert again == spoken


async def test_bad_recordings_get_clear_errors(
    started_client: httpx.AsyncClient,
    db: AsyncSession,
    candidate: Candidate,
    clock: FakeClock,
) -> None:
    sid, qid = await _answered(started_client, db, candidate, clock)
    url = f"/v1/sessions/{sid}/questions/{qid}/retries/audio"

    async def post(data: bytes, name: str = "a.wav") -> httpx.Response:
        return await started_client.post(
            url, files={"file": (name, data, "audio/wav")}, headers=candidate.headers
        )

    empty = await post(b"")
    assert (empty.status_code, empty.json()["error"]) == (422, "UnusableAudio")
    assert "empty" in empty.json()["detail"]
    junk = await post(b"%PDF-1.4 this is not a recording at all", "a.pdf")
    assert (junk.status_code, junk.json()["error"]) == (422, "UnusableAudio")
    assert "WAV" in junk.json()["detail"]
    silent = await post(_wav(np.zeros(16000 * 3, dtype=np.float32), 16000))
    assert silent.status_code == 422 and "silent" in silent.json()["detail"]
    # 601 s at 8 kHz: small enough for the size cap, too long for one answer.
    long = await post(_wav(np.full(8000 * 601, 0.01, dtype=np.float32), 8000))
    assert long.status_code == 422, long.text
    assert "single answer" in long.json()["detail"]
    huge = await post(b"\0" * (MAX_SPOKEN_RETRY_BYTES + 1))
    assert (huge.status_code, huge.json()["error"]) == (413, "PayloadTooLarge")
    # Nothing was stored by any of them.
    assert await db.scalar(select(AnswerRetry).where(AnswerRetry.session_id == sid)) is None


async def test_no_spoken_retry_without_the_microphone_consent_or_a_first_answer(
    started_client: httpx.AsyncClient,
    db: AsyncSession,
    settings: Settings,
    clock: FakeClock,
) -> None:
    user = await create_user(db)
    await grant_consent(db, user, capture=frozenset())  # typed practice only
    typed_only = Candidate(user, auth_headers(user, settings))
    sid, qid = await _answered(started_client, db, typed_only, clock)
    r = await started_client.post(
        f"/v1/sessions/{sid}/questions/{qid}/retries/audio",
        files={"file": ("a.wav", _beckett(), "audio/wav")},
        headers=typed_only.headers,
    )
    assert (r.status_code, r.json()["error"]) == (403, "MicrophoneConsentRequired")
    assert "type your retry" in r.json()["detail"]

    # A question not answered yet cannot be retried (checked before any recognition).
    other = await create_user(db)
    await grant_consent(db, other)
    c = Candidate(other, auth_headers(other, settings))
    r = await started_client.post(
        "/v1/sessions",
        json={"template_id": await template_id(db), "duration_minutes": 30},
        headers=c.headers,
    )
    sid2 = str(r.json()["id"])
    assert (await started_client.post(f"/v1/sessions/{sid2}/start", headers=c.headers)).is_success
    qid2 = str((await next_question(started_client, c, sid2)).json()["id"])
    r = await started_client.post(
        f"/v1/sessions/{sid2}/questions/{qid2}/retries/audio",
        files={"file": ("a.wav", _beckett(), "audio/wav")},
        headers=c.headers,
    )
    assert (r.status_code, r.json()["error"]) == (409, "NotAnsweredYet")
    # Someone else's session is not found, whatever the audio.
    r = await started_client.post(
        f"/v1/sessions/{sid}/questions/{qid}/retries/audio",
        files={"file": ("a.wav", _beckett(), "audio/wav")},
        headers=c.headers,
    )
    assert r.status_code == 404
