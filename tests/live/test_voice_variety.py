"""The live path stores each spoken answer's voice variety, measured from the audio it
already receives: a monotone answer (espeak-ng, prosody range 0) gets a flat stretch at its
own session times, a lively one (espeak-ng's default intonation) gets none. Real pipeline,
real recogniser (one worker), real database."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest
from fastapi import WebSocket
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from moodlens.live.audio import AudioServices
from moodlens.live.consent import CaptureConsent
from moodlens.live.frames import SAMPLE_RATE, AudioFrame
from moodlens.live.hub import LiveHub
from moodlens.live.schemas import EventMessage
from moodlens.models import Question, Response
from moodlens.signals.audio.asr_pool import AsrPool, PoolConfig
from moodlens.signals.audio.decode import load_audio
from tests.conftest import eventually
from tests.factories import create_user
from tests.interview_sessions.factories import create_session

pytestmark = pytest.mark.models

TEXT = (
    "In my last role I owned the billing service. We had slow releases and frequent rollbacks, "
    "so I rebuilt the deployment pipeline with automated tests and canary checks. Within a "
    "quarter our release time dropped from two days to four hours."
)


class _Socket:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send_json(self, data: dict[str, Any]) -> None:
        self.sent.append(json.loads(json.dumps(data)))

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        pass


def _espeak(tmp: Path, name: str, *args: str) -> np.ndarray:
    assert shutil.which("espeak-ng"), "espeak-ng is needed: scripts/install-system-deps.sh test"
    out = tmp / f"{name}.wav"
    subprocess.run(["espeak-ng", "-w", str(out), *args], check=True, capture_output=True)
    return load_audio(out)


@pytest.fixture
async def pool() -> AsyncIterator[AsrPool]:
    async with AsrPool(PoolConfig(workers=1)) as p:
        yield p


async def test_live_answers_store_pitch_range_and_flat_stretches(
    db: AsyncSession, connection: AsyncConnection, pool: AsrPool, tmp_path: Path
) -> None:
    flat = _espeak(tmp_path, "flat", "-m", f'<speak><prosody range="0">{TEXT}</prosody></speak>')
    lively = _espeak(tmp_path, "lively", TEXT)
    user = await create_user(db)
    started = datetime.now(UTC) - timedelta(minutes=1)
    session = await create_session(db, user, status="live", created_at=started)
    questions = [
        Question(
            session_id=session.id,
            sequence_no=i + 1,
            question_text="Tell me about a project you led.",
            source="template",
            expected_seconds=90,
            asked_at=session.started_at,
        )
        for i in range(2)
    ]
    db.add_all(questions)
    await db.flush()
    maker = async_sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    hub = LiveHub(maker, AudioServices(pool))
    socket = _Socket()
    pipeline, _ = await hub.attach(
        session, cast(WebSocket, socket), CaptureConsent(audio=True, face=False)
    )
    seq = -1
    t_ms = 0.0

    async def event(name: str, qid: uuid.UUID) -> None:
        nonlocal seq
        seq += 1
        await pipeline.on_json(
            EventMessage(type="event", seq=seq, t_ms=t_ms, name=name, question_id=qid)
        )

    async def play(samples: np.ndarray) -> tuple[float, float]:
        nonlocal seq, t_ms
        start = t_ms
        step = SAMPLE_RATE // 10
        for i in range(0, samples.size, step):
            chunk = np.asarray(samples[i : i + step], dtype=np.float32)
            seq += 1
            await pipeline.on_audio(AudioFrame(seq, t_ms, chunk), time.perf_counter())
            t_ms += chunk.size * 1000 / SAMPLE_RATE
        return start / 1000, t_ms / 1000

    spans = []
    for q, audio in zip(questions, (flat, lively), strict=True):
        await event("question_shown", q.id)
        await event("answer_started", q.id)
        spans.append(await play(audio))
        await play(np.zeros(SAMPLE_RATE // 2, dtype=np.float32))
        await event("answer_ended", q.id)

    async def both_saved() -> bool:
        return len([m for m in socket.sent if m["type"] == "answer_saved"]) == 2

    await eventually(both_saved, within=240)
    await hub.close()

    rows = {
        r.question_id: r
        for r in await db.scalars(select(Response).where(Response.session_id == session.id))
    }
    p_flat = rows[questions[0].id].analysis_json["pitch"]
    p_lively = rows[questions[1].id].analysis_json["pitch"]
    assert p_flat["measured"] and p_lively["measured"]
    assert p_flat["range_st"] < 1.5 < 4.0 < p_lively["range_st"]
    assert p_lively["monotone"] == []
    (stretch,) = p_flat["monotone"]
    lo, hi = spans[0]
    # Session times of the stretch lie inside the answer's own audio.
    assert lo - 0.2 <= stretch["start"] < lo + 1.0 and hi - 1.5 < stretch["end"] <= hi + 0.2
    assert not any("hz" in k.lower() for k in p_flat)
