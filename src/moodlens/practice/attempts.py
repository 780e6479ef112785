"""Attempts side by side, talking points and the job's coverage (retries are stored by
`practice.retries`).

Every attempt is scored by the report's own path (`reports.evidence.analyse`,
`coaching.scoring.score_answer` and the report's language-habit and voice-variety sections),
so a retry is judged exactly as a first answer of its kind (typed or spoken) is. The
comparison leaves camera cues out for every attempt: a retry has no camera, and comparing a
camera-scored attempt with one without would credit or blame the camera.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from statistics import fmean
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.analysis import AnswerAnalysis
from moodlens.coaching.content import Content
from moodlens.coaching.job_match import AnswerText, JobProfile, skill_coverage
from moodlens.coaching.job_questions import (
    AttemptPoints,
    JobFocus,
    focus_key_points,
    talking_points,
)
from moodlens.coaching.scoring import AnswerEvidence, ScoringConfig, load_config, score_answer
from moodlens.interview_sessions.gate import get_owned_session
from moodlens.models import AnswerRetry, InterviewSession, Question, User
from moodlens.practice import compare
from moodlens.practice.errors import NotAnsweredYet, QuestionNotInSession
from moodlens.practice.job_flow import job_profile
from moodlens.practice.schemas import (
    AttemptOut,
    JobCoverageOut,
    PracticeOut,
    QuestionAttemptsOut,
    SkillCoverageOut,
    TalkingPointOut,
    TalkingPointsOut,
)
from moodlens.reports import delivery_habits as habits
from moodlens.reports import evidence as ev
from moodlens.reports.inputs import AnswerInput, SessionInput, load_session_input

COMPARE_NOTE = (
    "Attempts are compared on their words and voice; camera cues are left out of this "
    "comparison for every attempt, since a retry has none."
)


async def session_question(
    db: AsyncSession, session: InterviewSession, question_id: uuid.UUID
) -> Question:
    question = await db.get(Question, question_id)
    if question is None or question.session_id != session.id:
        raise QuestionNotInSession(f"Question {question_id} is not part of this session.")
    return question


# --- reading ---------------------------------------------------------------------------------


async def load_inputs(
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
    return (moment - start).total_seconds()


def _retry_input(first: AnswerInput, retry: AnswerRetry, start: datetime | None) -> AnswerInput:
    stored: dict[str, Any] = dict(retry.analysis_json or {})
    if retry.input_mode == "voice":
        # A spoken retry keeps the upload's own analysis (`AudioAnalysis.to_dict()`, which
        # the evidence reader takes as it is): its times are seconds from the recording's
        # start, so its span is the recording, and its pitch is where the report reads a
        # live answer's.
        duration = ev.num(stored.get("duration_s")) or 0.0
        return replace(
            first,
            transcript=retry.transcript_text,
            analysis_json={**stored, "pitch": stored.get("voice_variety")},
            input_mode="voice",
            start_s=0.0,
            end_s=duration,
        )
    return replace(
        first,
        transcript=retry.transcript_text,
        analysis_json=stored,
        input_mode=retry.input_mode,
        start_s=_offset(retry.started_at, start),
        end_s=_offset(retry.ended_at, start),
    )


def _scored(
    a: AnswerInput, data: SessionInput, content: Content, cfg: ScoringConfig, retry: bool
) -> tuple[AnswerAnalysis, AttemptOut]:
    voice = a.input_mode != "typed"
    span = ev.answer_span(a, None)
    speech = ev.speech_evidence(a.analysis_json, *span) if voice else None
    if speech is not None and not retry:
        # The live cue's pace, as the report does; a retry was not part of the live stream
        # (its times are the recording's own), so its own measurement stands.
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
    shown = ev.shown_transcript(a)
    lang = habits.language_habits(a, shown)
    variety = habits.voice_variety(a)
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
            "long_pauses": speech.long_pause_count if speech is not None else None,
            "hedges": lang["hedges"]["count"],
            "weak_openers": lang["openers"]["count"],
            "repeats": lang["repeats"]["count"],
            "voice_range_st": variety.get("range_st") if variety["measured"] else None,
            "flat_stretches": len(variety["monotone"]) if variety["measured"] else None,
            "voice_note": variety["summary"],
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
        analysis, view = _scored(a, data, content, cfg, retry=row is not None)
        ended = row.ended_at if row is not None else None
        view = view.model_copy(update={"attempt_no": no, "answered_at": ended})
        out.append((a, analysis, view))
    return out


def question_attempts(
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
    question = await session_question(db, session, question_id)
    data, retries = await load_inputs(db, session)
    built = question_attempts(data, retries, str(question.id), content, load_config())
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


def _coverage(profile: JobProfile, texts: Sequence[AnswerText]) -> JobCoverageOut:
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
    return JobCoverageOut(
        covered=[r for r in rows if r.covered], never_came_up=[r for r in rows if not r.covered]
    )


async def job_coverage(db: AsyncSession, session: InterviewSession) -> JobCoverageOut | None:
    """The job's skills against every attempt's words (None: not practised for a job), as
    `practice_summary` gives them, without scoring the attempts: for the PDF export."""
    profile = await job_profile(db, session)
    if profile is None:
        return None
    data, retries = await load_inputs(db, session)
    seq = {a.question_id: a.sequence_no for a in data.answers}
    texts = [
        AnswerText(a.question_id, a.sequence_no, 1, ev.shown_transcript(a)) for a in data.answers
    ]
    texts += [
        AnswerText(str(r.question_id), seq[str(r.question_id)], r.attempt_no, r.transcript_text)
        for r in retries
        if str(r.question_id) in seq
    ]
    return _coverage(profile, texts)


async def practice_summary(
    db: AsyncSession, user: User, content: Content, session_id: uuid.UUID
) -> PracticeOut:
    """Every answered question's attempts, and the job's skills against all of them."""
    session = await get_owned_session(db, user, session_id)
    data, retries = await load_inputs(db, session)
    cfg = load_config()
    questions: list[QuestionAttemptsOut] = []
    texts: list[AnswerText] = []
    for a in data.answers:
        built = question_attempts(data, retries, a.question_id, content, cfg)
        assert built is not None
        questions.append(built[0])
        texts += [
            AnswerText(a.question_id, a.sequence_no, v.attempt_no, v.transcript)
            for v in built[0].attempts
        ]
    profile = await job_profile(db, session)
    job = _coverage(profile, texts) if profile is not None else None
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
