"""One live answer: the utterances it owns, and how it is stored once they are transcribed.

An answer's transcript is exactly the speech between its start and its end, however late the
recogniser delivers it (ADR 0011): each utterance is tied to one answer when it closes (or,
for speech said while the next question loaded, when the next answer starts), and the answer
is stored only once every one of its utterances has its transcript.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from moodlens.interview_sessions import service as sessions
from moodlens.live.audio import Utterance
from moodlens.models import InterviewSession, Response
from moodlens.signals.audio.variety import utterances_voice_variety

log = logging.getLogger("moodlens.live")


@dataclass
class Piece:
    """One utterance on its way to a transcript, and the answer it belongs to.

    The answer is fixed when the utterance closes inside an open answer, or when the next
    answer starts for speech said while no answer was open (the next question loading):
    that speech belongs to the next answer, never to none."""

    utt: Utterance
    answer: AnswerState | None
    task: asyncio.Task[dict[str, Any]] | None = None
    message: dict[str, Any] | None = None  # the transcript message, once sent


@dataclass
class AnswerState:
    question_id: uuid.UUID
    shown_ms: float | None
    start_ms: float
    end_ms: float | None = None
    pieces: list[Piece] = field(default_factory=list)
    pre_answer: int = 0  # utterances said before answer_started, claimed by this answer

    def transcribed(self) -> list[Piece]:
        """The pieces whose transcript is out, in speaking order."""
        return sorted(
            (p for p in self.pieces if p.message is not None), key=lambda p: p.utt.start_s
        )

    def text(self) -> str:
        """The stored transcript: the pieces' texts in speaking order (seams already trimmed)."""
        done = self.transcribed()
        return " ".join(p.message["text"] for p in done if p.message and p.message["text"]).strip()

    def transcript_delay_s(self) -> float:
        """The longest a piece of this answer waited for its transcript."""
        return round(
            max(
                (float(p.message["latency_ms"]) / 1000 for p in self.transcribed() if p.message),
                default=0.0,
            ),
            2,
        )


async def voice_variety(answer: AnswerState) -> dict[str, Any]:
    """Pitch range and monotone stretches from the answer's utterance audio (already in memory
    for the recogniser), in a thread so cues never wait. Only semitone figures are stored; an
    error is stored as a reason, never in place of the answer."""
    pieces = [(p.utt.start_s, p.utt.audio) for p in answer.pieces]
    try:
        return (await asyncio.to_thread(utterances_voice_variety, pieces)).to_dict()
    except Exception:
        log.exception("pitch tracking failed for an answer")
        return {"measured": False, "reason": "Pitch could not be measured for this answer."}


async def store_answer(
    maker: async_sessionmaker[AsyncSession],
    session_id: uuid.UUID,
    started_at: datetime,
    answer: AnswerState,
    text: str,
    analysis: dict[str, Any],
) -> Response:
    """Store the answer in one transaction.

    No retry here: on SQLite the engine itself waits for the write lock (busy timeout, and
    a bounded number of BEGIN IMMEDIATE attempts, ADR 0007), and since the next question is
    planned before the session lock is taken, no writer of this app holds it for long. A
    lock that still never comes is DatabaseBusy, which the caller reports to the client."""
    assert answer.end_ms is not None
    async with maker() as db:
        session = await db.get(InterviewSession, session_id, with_for_update=True)
        assert session is not None
        response = await sessions.record_response(
            db,
            session,
            answer.question_id,
            text,
            started_at + timedelta(milliseconds=answer.start_ms),
            started_at + timedelta(milliseconds=answer.end_ms),
            "voice",
            analysis,
        )
        await db.commit()
    return response
