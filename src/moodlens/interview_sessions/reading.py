"""What the API shows of a session: its summary with the time left, the detail with every
question and answer, and the user's list of visible sessions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.pagination import Page, PageParams
from moodlens.interview_sessions.gate import get_owned_session, visible_sessions
from moodlens.interview_sessions.schemas import (
    QuestionOut,
    ResponseOut,
    SessionDetail,
    SessionOut,
    SessionStatus,
    TemplateSummary,
)
from moodlens.models import InterviewSession, InterviewTemplate, Question, Response, User

# The stored status under its own name: schemas.SessionStatus is the API's Literal of it.
from moodlens.models import SessionStatus as Lifecycle


def time_left_s(session: InterviewSession, now: datetime) -> int | None:
    """Seconds left in the session's budget while it is live; None otherwise."""
    if session.status != Lifecycle.LIVE or session.started_at is None:
        return None
    spent = (now - session.started_at).total_seconds()
    return max(0, int(session.duration_minutes * 60 - spent))


def template_summary(template: InterviewTemplate) -> TemplateSummary:
    return TemplateSummary.model_validate(
        {
            "id": template.id,
            "slug": template.slug,
            "title": template.title,
            "role_track": template.role_track,
            "round_type": template.round_type,
            "difficulty": template.difficulty,
        }
    )


def session_fields(
    session: InterviewSession, template: InterviewTemplate, now: datetime
) -> dict[str, Any]:
    return {
        "id": session.id,
        "status": session.status,
        "template": template_summary(template),
        "duration_minutes": session.duration_minutes,
        "created_at": session.created_at,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "time_left_s": time_left_s(session, now),
        "recording_enabled": session.recording_enabled,
        "content_version": session.content_version,
        "consent_version": session.consent_version,
        "report_status": session.report_status,
    }


async def template_of(db: AsyncSession, session: InterviewSession) -> InterviewTemplate:
    template = await db.get(InterviewTemplate, session.template_id)
    # The FK guarantees the row; a template leaving the content keeps its row.
    assert template is not None
    return template


async def to_out(db: AsyncSession, session: InterviewSession, now: datetime) -> SessionOut:
    template = await template_of(db, session)
    return SessionOut.model_validate(session_fields(session, template, now))


def response_out(response: Response) -> ResponseOut:
    return ResponseOut.model_validate(
        {
            "id": response.id,
            "question_id": response.question_id,
            "transcript_text": response.transcript_text,
            "input_mode": response.input_mode,
            "started_at": response.started_at,
            "ended_at": response.ended_at,
            "analysis": response.analysis_json,
        }
    )


async def questions_with_responses(
    db: AsyncSession, session: InterviewSession
) -> list[tuple[Question, Response | None]]:
    """The session's questions in order, each with its answer (None while unanswered)."""
    questions = (
        await db.scalars(
            select(Question).where(Question.session_id == session.id).order_by(Question.sequence_no)
        )
    ).all()
    responses = (await db.scalars(select(Response).where(Response.session_id == session.id))).all()
    by_question = {r.question_id: r for r in responses}
    return [(q, by_question.get(q.id)) for q in questions]


async def session_detail(
    db: AsyncSession, user: User, session_id: uuid.UUID, now: datetime
) -> SessionDetail:
    session = await get_owned_session(db, user, session_id)
    template = await template_of(db, session)
    questions = [
        QuestionOut.model_validate(
            {
                "id": q.id,
                "sequence_no": q.sequence_no,
                "question_text": q.question_text,
                "source": q.source,
                "follow_up_reason": q.follow_up_reason,
                "expected_seconds": q.expected_seconds,
                "difficulty": q.difficulty,
                "asked_at": q.asked_at,
                "response": response_out(r) if r is not None else None,
            }
        )
        for q, r in await questions_with_responses(db, session)
    ]
    return SessionDetail.model_validate(
        {**session_fields(session, template, now), "questions": questions}
    )


async def list_sessions(
    db: AsyncSession,
    user: User,
    page: PageParams,
    now: datetime,
    *,
    status: SessionStatus | None = None,
    role_track: str | None = None,
) -> Page[SessionOut]:
    """The user's visible sessions, newest first."""
    where = [InterviewSession.user_id == user.id, visible_sessions()]
    if status is not None:
        where.append(InterviewSession.status == status)
    if role_track is not None:
        where.append(InterviewTemplate.role_track == role_track)
    base = (
        select(InterviewSession, InterviewTemplate)
        .join(InterviewTemplate, InterviewTemplate.id == InterviewSession.template_id)
        .where(*where)
    )
    total = await db.scalar(select(func.count()).select_from(base.subquery()))
    rows = (
        await db.execute(
            base.order_by(InterviewSession.created_at.desc(), InterviewSession.id.desc())
            .offset(page.offset)
            .limit(page.page_size)
        )
    ).all()
    return Page[SessionOut](
        items=[SessionOut.model_validate(session_fields(s, t, now)) for s, t in rows],
        total=total or 0,
        page=page.page,
        page_size=page.page_size,
    )
