"""Between the DB rows and the pure question engine (`moodlens.coaching.engine`).

The engine keeps no state: each call rebuilds the history from the session's `questions` and
`responses` rows, so any API instance (or a restarted one) asks the same next question.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from moodlens.coaching import engine
from moodlens.coaching.content import GAPS, Content, Gap
from moodlens.coaching.turns import NextQuestion, SessionEnd, Turn
from moodlens.core.errors import Conflict
from moodlens.models import InterviewSession, Question, Response


class TemplateRetired(Conflict):
    """The session's template is no longer in the content, so no question can follow."""


def _seconds_since(moment: datetime | None, start: datetime) -> float | None:
    return (moment - start).total_seconds() if moment is not None else None


def _gap(reason: str | None) -> Gap | None:
    for gap in GAPS:
        if gap == reason:
            return gap
    return None


def to_turns(
    session: InterviewSession, rows: Sequence[tuple[Question, Response | None]]
) -> list[Turn]:
    """One engine `Turn` per question row, oldest first."""
    assert session.started_at is not None
    start = session.started_at
    turns: list[Turn] = []
    for q, r in rows:
        spoken: float | None = None
        if r is not None and r.input_mode != "typed" and r.started_at and r.ended_at:
            spoken = (r.ended_at - r.started_at).total_seconds()
        # Typed answers pass no duration: typing takes far longer than saying the same words,
        # and the engine would call a typed answer "too long". It estimates from the words.
        turns.append(
            Turn(
                question_text=q.question_text,
                source="ai_followup" if q.source == "ai_followup" else "template",
                question_id=q.bank_question_id,
                follow_up_reason=_gap(q.follow_up_reason),
                asked_at_s=_seconds_since(q.asked_at, start),
                transcript=r.transcript_text if r is not None else None,
                answer_duration_s=spoken,
                answered_at_s=_seconds_since(r.ended_at, start) if r is not None else None,
            )
        )
    return turns


def plan_next(
    content: Content,
    session: InterviewSession,
    template_slug: str,
    rows: Sequence[tuple[Question, Response | None]],
    now: datetime,
) -> NextQuestion | None:
    """The engine's next question for this session, or None when the session should end."""
    assert session.started_at is not None
    elapsed = (now - session.started_at).total_seconds()
    try:
        decided = engine.next_question(
            template_slug,
            session.duration_minutes,
            to_turns(session, rows),
            # The seed stored at creation (not one derived from the id) so it shows in the row.
            seed=session.seed,
            elapsed_s=elapsed,
            content=content,
        )
    except KeyError:
        raise TemplateRetired(
            "This session's interview template was retired in a content update; end this "
            "session and start a new one."
        ) from None
    if isinstance(decided, SessionEnd):
        return None
    return decided
