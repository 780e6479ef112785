"""Asking the next question of a live session: the engine plans it off the event loop (an
optional language model rewords follow-ups, practice for a job may steer a main question),
then it is stored as the session's next `questions` row."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching import llm
from moodlens.coaching.content import Content
from moodlens.core.errors import Conflict
from moodlens.interview_sessions import engine_adapter
from moodlens.interview_sessions.gate import get_owned_session
from moodlens.interview_sessions.reading import questions_with_responses, template_of, time_left_s
from moodlens.interview_sessions.schemas import NextQuestionOut
from moodlens.interview_sessions.service import transition_conflict
from moodlens.models import InterviewSession, Question, Response, User

# The stored status under its own name: schemas.SessionStatus is the API's Literal of it.
from moodlens.models import SessionStatus as Lifecycle
from moodlens.practice import job_flow


def _turn_ids(
    rows: list[tuple[Question, Response | None]],
) -> list[tuple[uuid.UUID, uuid.UUID | None]]:
    """What planning depends on: which questions there are and which have an answer."""
    return [(q.id, r.id if r is not None else None) for q, r in rows]


async def _plan(
    db: AsyncSession,
    content: Content,
    session: InterviewSession,
    template_slug: str,
    history: list[tuple[Question, Response | None]],
    now: datetime,
    phrasing: llm.PhrasingProvider | None,
) -> job_flow.Steered | None:
    """The engine's next question (off the event loop: it is CPU work), reworded and steered."""
    planned = await asyncio.to_thread(
        engine_adapter.plan_next, content, session, template_slug, history, now
    )
    if planned is None:
        return None
    # Only follow-ups are reworded; on any provider trouble the rule wording stays.
    planned = await llm.phrase_follow_up(phrasing, planned)
    # Practising for a job (issue 18): a main question may be swapped for one toward the job.
    return await job_flow.steer(db, content, session, template_slug, history, planned)


async def next_question(
    db: AsyncSession,
    user: User,
    content: Content,
    session_id: uuid.UUID,
    now: datetime,
    phrasing: llm.PhrasingProvider | None = None,
) -> NextQuestionOut | None:
    """Ask the next question of a live session, or None when the time budget is spent.

    The engine plans before the session row is locked (on SQLite the lock is the whole
    database's write lock, and planning took 3.7-4 s on a loaded machine, stalling every
    answer save meanwhile): the lock is taken only to store, after checking that no question
    or answer arrived while planning; if one did, it plans again under the lock."""
    session = await get_owned_session(db, user, session_id)
    template = await template_of(db, session)
    history = await questions_with_responses(db, session)
    locked = False
    while True:
        if session.status != Lifecycle.LIVE:
            raise transition_conflict(
                session,
                "ask a question in",
                "start it first." if session.status == Lifecycle.SCHEDULED else "it has ended.",
            )
        steered = await _plan(db, content, session, template.slug, history, now, phrasing)
        if steered is None or locked:
            break
        await db.refresh(session, with_for_update=True)
        locked = True
        current = await questions_with_responses(db, session)
        if session.status == Lifecycle.LIVE and _turn_ids(current) == _turn_ids(history):
            break
        history = current  # changed while planning: plan again, now holding the lock
    if steered is None:
        return None
    left = time_left_s(session, now)
    assert left is not None  # live sessions have started_at
    planned = steered.planned
    question = Question(
        session_id=session.id,
        sequence_no=len(history) + 1,
        question_text=planned.question_text,
        source=planned.source,
        bank_question_id=steered.bank_question_id,
        follow_up_reason=planned.follow_up_reason,
        expected_seconds=planned.expected_seconds,
        difficulty=planned.difficulty,
        asked_at=now,
        job_focus=steered.job_focus,
    )
    db.add(question)
    try:
        await db.flush()
    except IntegrityError as exc:
        # Only reachable without row locks (SQLite): two requests raced for one sequence number.
        raise Conflict("Another request asked a question at the same time; try again.") from exc
    return NextQuestionOut(
        id=question.id,
        sequence_no=question.sequence_no,
        question_text=question.question_text,
        source=planned.source,
        follow_up_reason=question.follow_up_reason,
        expected_seconds=question.expected_seconds,
        time_left_s=left,
    )
