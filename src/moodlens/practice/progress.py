"""Retries in the candidate's progress: per session practised again, the retry count and the
first- and best-attempt averages (issue 18: progress counts the best attempt and retries)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.content import Content
from moodlens.interview_sessions.gate import visible_sessions
from moodlens.models import AnswerRetry, InterviewSession, User
from moodlens.practice.attempts import practice_summary
from moodlens.practice.schemas import PracticeProgressOut, PracticeSessionOut

# Scoring a session's attempts takes a moment each; the most recent sessions are what a
# progress view shows.
MAX_SESSIONS = 50


async def practice_progress(db: AsyncSession, user: User, content: Content) -> PracticeProgressOut:
    rows = (
        await db.execute(
            select(InterviewSession.id, func.max(AnswerRetry.created_at).label("last"))
            .join(AnswerRetry, AnswerRetry.session_id == InterviewSession.id)
            .where(InterviewSession.user_id == user.id, visible_sessions())
            .group_by(InterviewSession.id)
            .order_by(func.max(AnswerRetry.created_at).desc())
            .limit(MAX_SESSIONS)
        )
    ).all()
    sessions: list[PracticeSessionOut] = []
    for session_id, _ in rows:
        summary = await practice_summary(db, user, content, session_id)
        sessions.append(
            PracticeSessionOut(
                session_id=str(session_id),
                retries=summary.retries,
                first_attempt_overall=summary.first_attempt_overall,
                best_attempt_overall=summary.best_attempt_overall,
            )
        )
    return PracticeProgressOut(sessions=sessions, retries_total=sum(s.retries for s in sessions))
