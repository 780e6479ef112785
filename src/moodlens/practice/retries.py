"""Storing another attempt at an answered question: typed, or spoken and analysed.

A spoken retry goes through the upload analysis the API already has
(`audio_analysis.service.analyze_upload`: decoding, VAD, recognition in the shared pool,
pace, fillers, pauses, voice variety), so a retry's delivery is measured exactly as an
uploaded answer's; its content is then scored from the recognised transcript by the same
path as every attempt (`practice.attempts`). The audio is not kept, only what was measured
(DESIGN §2), like a live answer's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.audio_analysis.service import RecognitionBusy, UnusableAudio, analyze_upload
from moodlens.coaching.content import Content
from moodlens.coaching.scoring import load_config
from moodlens.core.audit import record_audit
from moodlens.core.errors import Conflict, PayloadTooLarge
from moodlens.interview_sessions.clock import Clock
from moodlens.interview_sessions.gate import get_owned_session
from moodlens.models import AnswerRetry, InterviewSession, Question, Response, SessionStatus, User
from moodlens.practice.attempts import load_inputs, question_attempts, session_question
from moodlens.practice.errors import (
    InvalidRetryTiming,
    MicrophoneConsentRequired,
    NotAnsweredYet,
    NothingRecognised,
    RetryNotAllowed,
)
from moodlens.practice.schemas import QuestionAttemptsOut, RetryIn
from moodlens.privacy.service import MICROPHONE_SCOPE, capture_scopes
from moodlens.signals.audio.asr_pool import AsrPool

# Enough to practise one answer into shape; a bound so one question cannot grow without end.
MAX_RETRIES_PER_QUESTION = 5
MAX_RETRY_MINUTES = 30
# One spoken answer, not an interview: 10 minutes is twice the longest target answer.
MAX_SPOKEN_RETRY_S = 600.0
# 10 minutes of the browser's Opus WebM is about 2.5 MB; an uncompressed 16-bit mono WAV
# at 48 kHz of the same is 58 MB, which the cap refuses with a 413 saying so.
MAX_SPOKEN_RETRY_BYTES = 20_000_000

__all__ = [
    "MAX_SPOKEN_RETRY_BYTES",
    "MAX_SPOKEN_RETRY_S",
    "RecognitionBusy",
    "UnusableAudio",
    "add_retry",
    "add_spoken_retry",
]


@dataclass(frozen=True, slots=True)
class _Admitted:
    session: InterviewSession
    question: Question
    retries: int


async def _admit(
    db: AsyncSession, user: User, session_id: uuid.UUID, question_id: uuid.UUID, lock: bool
) -> _Admitted:
    """The checks every retry passes: the session's state, a first answer, the limit."""
    session = await get_owned_session(db, user, session_id, for_update=lock)
    if session.status not in (SessionStatus.LIVE, SessionStatus.COMPLETED):
        raise RetryNotAllowed(
            f"The session is {session.status}: answers can be retried during a session or "
            "after it ended."
        )
    question = await session_question(db, session, question_id)
    first = await db.scalar(select(Response.id).where(Response.question_id == question.id))
    if first is None:
        raise NotAnsweredYet(
            "Answer this question first: a retry is compared with your first answer."
        )
    count = await db.scalar(
        select(func.count()).select_from(AnswerRetry).where(AnswerRetry.question_id == question.id)
    )
    if (count or 0) >= MAX_RETRIES_PER_QUESTION:
        raise RetryNotAllowed(
            f"This question has {MAX_RETRIES_PER_QUESTION} retries already; move on to another "
            "one or practise it in a new session."
        )
    return _Admitted(session, question, count or 0)


async def _store(
    db: AsyncSession,
    user: User,
    content: Content,
    admitted: _Admitted,
    *,
    transcript: str,
    mode: str,
    started_at: datetime,
    ended_at: datetime,
    analysis: dict[str, Any],
) -> QuestionAttemptsOut:
    session, question = admitted.session, admitted.question
    retry = AnswerRetry(
        session_id=session.id,
        question_id=question.id,
        attempt_no=admitted.retries + 2,
        transcript_text=transcript,
        input_mode=mode,
        started_at=started_at,
        ended_at=ended_at,
        analysis_json=analysis,
    )
    db.add(retry)
    try:
        await db.flush()
    except IntegrityError as exc:
        # Only without row locks (SQLite): two retries raced for one attempt number.
        raise Conflict(
            "Another retry of this question was saved at the same time; try again."
        ) from exc
    record_audit(
        db,
        actor_id=user.id,
        action="session.answer_retry",
        target_type="question",
        target_id=question.id,
        details={"session_id": str(session.id), "attempt_no": retry.attempt_no, "mode": mode},
    )
    data, retries = await load_inputs(db, session)
    built = question_attempts(data, retries, str(question.id), content, load_config())
    assert built is not None  # the question has its first answer
    return built[0]


async def add_retry(
    db: AsyncSession,
    user: User,
    content: Content,
    session_id: uuid.UUID,
    question_id: uuid.UUID,
    body: RetryIn,
) -> QuestionAttemptsOut:
    """Store a typed attempt at an answered question and compare it with the earlier ones."""
    admitted = await _admit(db, user, session_id, question_id, lock=True)
    if body.ended_at - body.started_at > timedelta(minutes=MAX_RETRY_MINUTES):
        raise InvalidRetryTiming(
            f"A retry lasts at most {MAX_RETRY_MINUTES} minutes; check the client's clock.",
            field="body.ended_at",
        )
    return await _store(
        db,
        user,
        content,
        admitted,
        transcript=body.transcript_text,
        mode="typed",
        started_at=body.started_at,
        ended_at=body.ended_at,
        analysis={},
    )


async def add_spoken_retry(
    db: AsyncSession,
    user: User,
    content: Content,
    session_id: uuid.UUID,
    question_id: uuid.UUID,
    *,
    data: bytes,
    suffix: str,
    pool: AsrPool,
    clock: Clock,
) -> QuestionAttemptsOut:
    """Analyse a recorded attempt like an uploaded answer, then store and compare it.

    Everything that can refuse the retry is checked before the audio is analysed, so a
    refused retry costs no recognition; the row lock is taken only afterwards, so the
    session is not locked while the recording is recognised (seconds)."""
    await _admit(db, user, session_id, question_id, lock=False)
    if MICROPHONE_SCOPE not in await capture_scopes(db, user.id):
        raise MicrophoneConsentRequired(
            "A spoken retry needs the microphone consent, which you have not given: the "
            "recording was not used. Allow the microphone in Settings, or type your retry."
        )
    if len(data) > MAX_SPOKEN_RETRY_BYTES:
        raise PayloadTooLarge(
            f"The recording is larger than {MAX_SPOKEN_RETRY_BYTES // 1_000_000} MB; record "
            "one answer (at most 10 minutes)."
        )
    analysis = await analyze_upload(data, suffix, pool, MAX_SPOKEN_RETRY_S)
    transcript = str(analysis.get("transcript") or "").strip()
    if not transcript:
        raise NothingRecognised(
            "No words could be recognised in the recording; speak closer to the microphone "
            "and try again, or type your retry.",
            field="body.file",
        )
    # The server's clock, not the browser's: the recording's length says when it began.
    ended = clock.now()
    duration = float(analysis.get("duration_s") or 0.0)
    admitted = await _admit(db, user, session_id, question_id, lock=True)
    # The transcript is kept as the retry's text; the analysis keeps what was measured.
    kept = {k: v for k, v in analysis.items() if k != "transcript"}
    return await _store(
        db,
        user,
        content,
        admitted,
        transcript=transcript,
        mode="voice",
        started_at=ended - timedelta(seconds=duration),
        ended_at=ended,
        analysis=kept,
    )
