"""What a report is built from, read out of the database into plain frozen data.

The builder and the renderers work on these, not on ORM rows, so they never trigger lazy
loads and the benchmark can feed them the same way the job does. All times here are seconds
from the session's start (the clock of `signal_events.t_ms` and of `responses.analysis_json`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.models import (
    InterviewSession,
    InterviewTemplate,
    Question,
    Response,
    SignalEvent,
)


@dataclass(frozen=True, slots=True)
class AnswerInput:
    """One answered question."""

    index: int
    question_id: str
    sequence_no: int
    question_text: str
    question_source: str
    follow_up_reason: str | None
    bank_question_id: str | None
    # The bank question a follow-up probes (the nearest earlier question from the bank).
    parent_bank_question_id: str | None
    expected_seconds: int
    asked_s: float | None
    start_s: float | None
    end_s: float | None
    input_mode: str
    transcript: str
    analysis_json: Mapping[str, Any]
    # The job skill or duty the question was chosen for (`coaching.job_questions.JobFocus`).
    job_focus: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class SignalRow:
    """One `signal_events` row (about one second)."""

    t_s: float
    face: Mapping[str, Any] | None
    attention: float | None
    composure: float | None
    pace_wpm: float | None
    fillers_in_window: int | None
    speaking: bool | None
    volume_dbfs: float | None


@dataclass(frozen=True, slots=True)
class SessionInput:
    session_id: str
    user_id: str
    role: str | None
    round_type: str | None
    difficulty: str | None
    title: str
    started_at: datetime | None
    ended_at: datetime | None
    duration_minutes: int
    unanswered: int
    answers: tuple[AnswerInput, ...]
    signals: tuple[SignalRow, ...]


def is_follow_up(source: str, follow_up_reason: str | None) -> bool:
    """Follow-ups probe the previous bank question ("ai_followup", or any with a reason)."""
    return source != "template" or follow_up_reason is not None


def _offset(moment: datetime | None, start: datetime | None) -> float | None:
    if moment is None or start is None:
        return None
    return (moment - start).total_seconds()


def assemble(
    session: InterviewSession,
    template: InterviewTemplate | None,
    questions: Sequence[Question],
    responses: Sequence[Response],
    signals: Sequence[SignalEvent],
) -> SessionInput:
    """Plain inputs from rows (questions in sequence order, answered ones only)."""
    start = session.started_at
    by_question = {r.question_id: r for r in responses}
    answers: list[AnswerInput] = []
    parent: str | None = None
    unanswered = 0
    for q in sorted(questions, key=lambda q: q.sequence_no):
        if q.bank_question_id and not is_follow_up(q.source, q.follow_up_reason):
            parent = q.bank_question_id
        r = by_question.get(q.id)
        if r is None:
            unanswered += 1
            continue
        answers.append(
            AnswerInput(
                index=len(answers),
                question_id=str(q.id),
                sequence_no=q.sequence_no,
                question_text=q.question_text,
                question_source=q.source,
                follow_up_reason=q.follow_up_reason,
                bank_question_id=q.bank_question_id,
                parent_bank_question_id=parent,
                expected_seconds=q.expected_seconds,
                asked_s=_offset(q.asked_at, start),
                start_s=_offset(r.started_at, start),
                end_s=_offset(r.ended_at, start),
                input_mode=r.input_mode,
                transcript=r.transcript_text or "",
                analysis_json=dict(r.analysis_json or {}),
                job_focus=q.job_focus,
            )
        )
    rows = tuple(
        SignalRow(
            t_s=s.t_ms / 1000.0,
            face=s.face_json,
            attention=s.attention_score,
            composure=s.composure_score,
            pace_wpm=s.pace_wpm,
            fillers_in_window=s.fillers_count_window,
            speaking=s.speaking,
            volume_dbfs=s.volume_dbfs,
        )
        for s in sorted(signals, key=lambda s: s.t_ms)
    )
    return SessionInput(
        session_id=str(session.id),
        user_id=str(session.user_id),
        role=template.role_track if template else None,
        round_type=template.round_type if template else None,
        difficulty=template.difficulty if template else None,
        title=template.title if template else "Practice interview",
        started_at=session.started_at,
        ended_at=session.ended_at,
        duration_minutes=session.duration_minutes,
        unanswered=unanswered,
        answers=tuple(answers),
        signals=rows,
    )


async def load_session_input(db: AsyncSession, session: InterviewSession) -> SessionInput:
    sid: uuid.UUID = session.id
    template = await db.get(InterviewTemplate, session.template_id)
    questions = (await db.scalars(select(Question).where(Question.session_id == sid))).all()
    responses = (await db.scalars(select(Response).where(Response.session_id == sid))).all()
    signals = (
        await db.scalars(
            select(SignalEvent).where(SignalEvent.session_id == sid).order_by(SignalEvent.t_ms)
        )
    ).all()
    return assemble(session, template, questions, responses, signals)
