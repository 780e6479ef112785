"""The question flow of a session that practises for a job: the engine's pick, steered.

`steer(...)` runs between the engine's decision and the new `questions` row. Only main
questions change (follow-ups and the closing question stay the engine's); the pure choice
is `coaching.job_questions.choose_main`, and the row keeps the job focus it was chosen for,
so the report, the talking points and the coverage read it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching import engine
from moodlens.coaching.content import Content
from moodlens.coaching.job_match import JobProfile
from moodlens.coaching.job_questions import choose_main
from moodlens.coaching.turns import NextQuestion
from moodlens.interview_sessions.engine_adapter import to_turns
from moodlens.models import InterviewSession, JobDescription, Question, Response


@dataclass(frozen=True)
class Steered:
    planned: NextQuestion
    bank_question_id: str | None
    job_focus: dict[str, Any] | None


async def job_profile(db: AsyncSession, session: InterviewSession) -> JobProfile | None:
    row = await db.scalar(select(JobDescription).where(JobDescription.session_id == session.id))
    return JobProfile.from_dict(row.profile_json) if row is not None else None


async def steer(
    db: AsyncSession,
    content: Content,
    session: InterviewSession,
    template_slug: str,
    history: Sequence[tuple[Question, Response | None]],
    planned: NextQuestion,
) -> Steered:
    """The question to store: the engine's, or one toward the session's job."""
    unchanged = Steered(planned, planned.question_id, None)
    if planned.kind != "main":
        return unchanged
    profile = await job_profile(db, session)
    if profile is None:
        return unchanged
    turns = to_turns(session, history)
    main_index = sum(engine.turn_kind(t, content) == "main" for t in turns)
    used = {str(q.job_focus.get("name")) for q, _ in history if q.job_focus}
    asked = {q.bank_question_id for q, _ in history if q.bank_question_id}
    tpl = content.template(template_slug)
    pool = [q for q in content.bank_for(tpl).questions if q.id not in asked]
    choice = choose_main(profile, pool, content.question(planned.question_id), main_index, used)
    if choice is None:
        return unchanged
    if choice.question is None:
        # Drawn from a duty: no bank question, the engine's time and difficulty.
        return Steered(replace(planned, question_text=choice.text), None, choice.focus.to_dict())
    q = choice.question
    steered = replace(
        planned,
        question_text=choice.text,
        question_id=q.id,
        expected_seconds=q.target_seconds,
        difficulty=q.difficulty,
    )
    return Steered(steered, q.id, choice.focus.to_dict())
