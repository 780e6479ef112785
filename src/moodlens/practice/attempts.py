"""Retrying an answer, attempts side by side, talking points and the job's coverage.

Every attempt is scored by the report's own path (`reports.evidence.analyse` and
`coaching.scoring.score_answer`), so a retry is judged exactly as the first answer was. The
comparison leaves camera cues out for every attempt: a retry is typed, and comparing a
camera-scored attempt with one without a camera would credit or blame the camera.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from statistics import fmean

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.analysis import AnswerAnalysis
from moodlens.coaching.content import Content
from moodlens.coaching.job_match import AnswerText, skill_coverage
from moodlens.coaching.job_questions import (
    AttemptPoints,
    JobFocus,
    focus_key_points,
    talking_points,
)
from moodlens.coaching.scoring import AnswerEvidence, ScoringConfig, load_config, score_answer
from moodlens.core.audit import record_audit
from moodlens.core.base import as_utc
from moodlens.core.errors import Conflict, MoodLensError, NotFound
from moodlens.interview_sessions.gate import get_owned_session
from moodlens.models import AnswerRetry, InterviewSession, Question, Response, User
from moodlens.practice import compare
from moodlens.practice.job_flow import job_profile
from moodlens.practice.schemas import (
    AttemptOut,
    JobCoverageOut,
    PracticeOut,
    QuestionAttemptsOut,
    RetryIn,
    SkillCoverageOut,
    TalkingPointOut,
    TalkingPointsOut,
)
from moodlens.reports import evidence as ev
from moodlens.reports.inputs import AnswerInput, SessionInput, load_session_input

# Enough to practise one answer into shape; a bound so one question cannot grow without end.
MAX_RETRIES_PER_QUESTION = 5
MAX_RETRY_MINUTES = 30
COMPARE_NOTE = (
    "Attempts are compared on their words and voice; camera cues are left out of this "
    "comparison for every attempt, since a retry has none."
)


class QuestionNotInSession(NotFound):
    """The question is not part of this session."""


class NotAnsweredYet(Conflict):
    """The question has no first answer yet."""


class RetryNotAllowed(Conflict):
    """The session's state or the retry limit does not allow another attempt."""


class InvalidRetryTiming(MoodLensError):
    """The retry's times are not plausible."""

    status_code = 422


async def _question(
    db: AsyncSession, session: InterviewSession, question_id: uuid.UUID
) -> Question:
    question = await db.get(Question, question_id)
    if question is None or question.session_id != session.id:
        raise QuestionNotInSession(f"Question {question_id} is not part of this session.")
    return question


async def add_retry(
    db: AsyncSession,
    user: User,
    content: Content,
    session_id: uuid.UUID,
    question_id: uuid.UUID,
    body: RetryIn,
) -> QuestionAttemptsOut:
    """Store another attempt at an answered question and compare it with the earlier ones."""
    session = await get_owned_session(db, user, session_id, for_update=True)
    if session.status not in ("live", "completed"):
        raise RetryNotAllowed(
            f"The session is {session.status}: answers can be retried during a session or "
            "after it ended."
        )
    question = await _question(db, session, question_id)
    first = await db.scalar(select(Response.id).where(Response.question_id == question.id))
    if first is None:
        raise NotAnsweredYet(
            "Answer this question first: a retry is compared with your first answer."
        )
    if body.ended_at - body.started_at > timedelta(minutes=MAX_RETRY_MINUTES):
        raise InvalidRetryTiming(
            f"A retry lasts at most {MAX_RETRY_MINUTES} minutes; check the client's clock.",
            field="body.ended_at",
        )
    count = await db.scalar(
        select(func.count()).select_from(AnswerRetry).where(AnswerRetry.question_id == question.id)
    )
    if (count or 0) >= MAX_RETRIES_PER_QUESTION:
        raise RetryNotAllowed(
            f"This question has {MAX_RETRIES_PER_QUESTION} retries already; move on to another "
            "one or practise it in a new session."
        )
    retry = AnswerRetry(
        session_id=session.id,
        question_id=question.id,
        attempt_no=(count or 0) + 2,
        transcript_text=body.transcript_text,
        input_mode="typed",
        started_at=body.started_at,
        ended_at=body.ended_at,
        analysis_json={},
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
        details={"session_id": str(session.id), "attempt_no": retry.attempt_no},
    )
    data, retries = await _inputs(db, session)
    built = _question_attempts(data, retries, str(question.id), content, load_config())
    assert built is not None  # the question has its first answer
    return built[0]


# --- reading ---------------------------------------------------------------------------------


async def _inputs(
    db: AsyncSession, session: InterviewSession
) -> tuple[SessionInput, Sequence[AnswerRetry]]:
    data = await load_session_input(db, session)
    retries = (
        await db.scalars(
            select(AnswerRetry)
            .where(AnswerRetry.session_id == session.id)
            .order_by(AnswerRetry.attempt_no)
        )
    ).all()
    return data, retries


def _offset(moment: datetime | None, start: datetime | None) -> float | None:
    if moment is None or start is None:
        return None
    return (as_utc(moment) - start).total_seconds()


def _retry_input(first: AnswerInput, retry: AnswerRetry, start: datetime | None) -> AnswerInput:
    return replace(
        first,
        transcript=retry.transcript_text,
        analysis_json=dict(retry.analysis_json or {}),
        input_mode=retry.input_mode,
        start_s=_offset(retry.started_at, start),
        end_s=_offset(retry.ended_at, start),
    )


def _scored(
    a: AnswerInput, data: SessionInput, content: Content, cfg: ScoringConfig
) -> tuple[AnswerAnalysis, AttemptOut]:
    voice = a.input_mode != "typed"
    span = ev.answer_span(a, None)
    speech = ev.speech_evidence(a.analysis_json, *span) if voice else None
    if speech is not None:
        speech = ev.with_live_pace(speech, data.signals, span)
    analysis = ev.analyse(a, content, speech)
    result = score_answer(
        AnswerEvidence(
            index=a.index,
            analysis=analysis,
            speech=speech,
            face=None,
            start_s=span[0],
            end_s=span[1],
            question_id=a.question_id,
            transcript=ev.shown_transcript(a),
        ),
        role=data.role,
        round_type=data.round_type,
        config=cfg,
    ).to_dict()
    return analysis, AttemptOut.model_validate(
        {
            "attempt_no": 1,
            "input_mode": "typed" if not voice else "voice",
            "transcript": ev.shown_transcript(a),
            "answered_at": None,
            "overall": result["overall"]["score"],
            "scores": {
                d: {"score": v["score"], "measured": v.get("measured", True)}
                for d, v in result["scores"].items()
            },
            "pace_wpm": round(speech.wpm, 1) if speech is not None and speech.wpm else None,
            "fillers": speech.filler_count if speech is not None else analysis.text_fillers,
            "star": dict(analysis.star),
            "star_expected": analysis.star_expected,
            "key_points_covered": list(analysis.key_points_covered),
            "key_points_missed": list(analysis.key_points_missed),
            "word_count": analysis.word_count,
        }
    )


def _attempts(
    data: SessionInput,
    retries: Sequence[AnswerRetry],
    first: AnswerInput,
    content: Content,
    cfg: ScoringConfig,
) -> list[tuple[AnswerInput, AnswerAnalysis, AttemptOut]]:
    start = data.started_at
    inputs = [(1, first, None)] + [
        (r.attempt_no, _retry_input(first, r, start), r)
        for r in retries
        if str(r.question_id) == first.question_id
    ]
    out = []
    for no, a, row in inputs:
        analysis, view = _scored(a, data, content, cfg)
        ended = row.ended_at if row is not None else None
        view = view.model_copy(
            update={"attempt_no": no, "answered_at": as_utc(ended) if ended else None}
        )
        out.append((a, analysis, view))
    return out


def _question_attempts(
    data: SessionInput,
    retries: Sequence[AnswerRetry],
    question_id: str,
    content: Content,
    cfg: ScoringConfig,
) -> tuple[QuestionAttemptsOut, list[tuple[AnswerInput, AnswerAnalysis, AttemptOut]]] | None:
    first = next((a for a in data.answers if a.question_id == question_id), None)
    if first is None:
        return None
    attempts = _attempts(data, retries, first, content, cfg)
    views = [v for _, _, v in attempts]
    best = max(views, key=lambda v: (v.overall if v.overall is not None else -1.0, -v.attempt_no))
    out = QuestionAttemptsOut(
        question_id=first.question_id,
        sequence_no=first.sequence_no,
        question_text=first.question_text,
        attempts=views,
        best_attempt_no=best.attempt_no,
        retries=len(views) - 1,
        changes=compare.changes(views[0], views[-1]) if len(views) > 1 else [],
        note=COMPARE_NOTE,
    )
    return out, attempts


async def question_talking_points(
    db: AsyncSession, user: User, content: Content, session_id: uuid.UUID, question_id: uuid.UUID
) -> TalkingPointsOut:
    """The points a strong answer to this question covers, ticked where an attempt made
    them. Only once the question has an answer: before it, they would be a script."""
    session = await get_owned_session(db, user, session_id)
    question = await _question(db, session, question_id)
    data, retries = await _inputs(db, session)
    built = _question_attempts(data, retries, str(question.id), content, load_config())
    if built is None:
        raise NotAnsweredYet(
            "Talking points appear after you answer this question, so they do not script "
            "your first attempt."
        )
    _, attempts = built
    first = attempts[0][0]
    focus = JobFocus.from_dict(first.job_focus)
    job_names = set(focus_key_points(focus))
    own = {k: v for k, v in ev.target_for(first, content).key_points.items() if k not in job_names}
    points = talking_points(
        own,
        focus,
        [
            AttemptPoints(v.attempt_no, a.transcript, an.key_points_covered, an.star.get("result"))
            for a, an, v in attempts
        ],
        first.question_text,
    )
    return TalkingPointsOut(
        question_id=str(question.id),
        question_text=question.question_text,
        points=[TalkingPointOut.model_validate(p.to_dict()) for p in points],
    )


async def practice_summary(
    db: AsyncSession, user: User, content: Content, session_id: uuid.UUID
) -> PracticeOut:
    """Every answered question's attempts, and the job's skills against all of them."""
    session = await get_owned_session(db, user, session_id)
    data, retries = await _inputs(db, session)
    cfg = load_config()
    questions: list[QuestionAttemptsOut] = []
    texts: list[AnswerText] = []
    for a in data.answers:
        built = _question_attempts(data, retries, a.question_id, content, cfg)
        assert built is not None
        questions.append(built[0])
        texts += [
            AnswerText(a.question_id, a.sequence_no, v.attempt_no, v.transcript)
            for v in built[0].attempts
        ]
    profile = await job_profile(db, session)
    job = None
    if profile is not None:
        rows = [
            SkillCoverageOut(
                name=s.name,
                source=s.source,
                evidence=s.evidence,
                covered=bool(quotes),
                quotes=[q.to_dict() for q in quotes],
            )
            for s, quotes in skill_coverage(profile, texts)
        ]
        job = JobCoverageOut(
            covered=[r for r in rows if r.covered], never_came_up=[r for r in rows if not r.covered]
        )
    firsts = [q.attempts[0].overall for q in questions if q.attempts[0].overall is not None]
    bests = [
        max(v.overall for v in q.attempts if v.overall is not None)
        for q in questions
        if any(v.overall is not None for v in q.attempts)
    ]
    return PracticeOut(
        job=job,
        questions=questions,
        retries=sum(q.retries for q in questions),
        first_attempt_overall=round(fmean(firsts), 1) if firsts else None,
        best_attempt_overall=round(fmean(bests), 1) if bests else None,
    )
