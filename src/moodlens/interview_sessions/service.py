"""Session lifecycle, the question flow and responses.

Status machine: scheduled -> live -> completed | failed. Every other transition is a 409 whose
message says what the client can do instead. A session that belongs to someone else, or that
the owner deleted, is a 404 everywhere (DESIGN §8: soft delete hides at once).

Functions other domains call:
- `get_owned_session(db, user, session_id)` - the 404 rule, from the session gate (`gate.py`).
- `record_response(...)` - the live pipeline stores a voice answer through it.
- `fail_session(...)` - end a live session that cannot continue (not by the user's choice).
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching import llm
from moodlens.coaching.content import Content
from moodlens.core.audit import record_audit
from moodlens.core.deps import AfterCommit
from moodlens.core.errors import Conflict, Forbidden, MoodLensError
from moodlens.core.pagination import Page, PageParams
from moodlens.interview_sessions import engine_adapter, flows
from moodlens.interview_sessions.gate import SessionNotFound, get_owned_session, visible_sessions
from moodlens.interview_sessions.schemas import (
    InputMode,
    NextQuestionOut,
    QuestionOut,
    ResponseIn,
    ResponseOut,
    SessionCreate,
    SessionDetail,
    SessionOut,
    SessionStatus,
    TemplateSummary,
)
from moodlens.interview_templates.service import get_current_template
from moodlens.models import (
    InterviewSession,
    InterviewTemplate,
    Question,
    Response,
    User,
    UserPrivacySettings,
)

# The stored status under its own name: schemas.SessionStatus is the API's Literal of it.
from moodlens.models import SessionStatus as Lifecycle
from moodlens.practice import job_flow
from moodlens.privacy import service as privacy

RECORDING_SCOPE = "recording"


__all__ = ["SessionNotFound", "get_owned_session"]


class InvalidTransition(Conflict):
    """The session's status does not allow this action."""


class AnswerAlreadyRecorded(Conflict):
    """This question already has an answer."""


class UnknownQuestion(MoodLensError):
    """The question is not part of this session."""

    status_code = 422


class InvalidAnswerTiming(MoodLensError):
    """The answer's times are not plausible for this session."""

    status_code = 422


class RecordingConsentRequired(Forbidden):
    """Recording needs the optional recording consent."""


# --- reading -------------------------------------------------------------------------------


def time_left_s(session: InterviewSession, now: datetime) -> int | None:
    """Seconds left in the session's budget while it is live; None otherwise."""
    if session.status != Lifecycle.LIVE or session.started_at is None:
        return None
    spent = (now - session.started_at).total_seconds()
    return max(0, int(session.duration_minutes * 60 - spent))


def _summary(template: InterviewTemplate) -> TemplateSummary:
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


def _session_fields(
    session: InterviewSession, template: InterviewTemplate, now: datetime
) -> dict[str, Any]:
    return {
        "id": session.id,
        "status": session.status,
        "template": _summary(template),
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


async def _template_of(db: AsyncSession, session: InterviewSession) -> InterviewTemplate:
    template = await db.get(InterviewTemplate, session.template_id)
    # The FK guarantees the row; a template leaving the content keeps its row.
    assert template is not None
    return template


async def to_out(db: AsyncSession, session: InterviewSession, now: datetime) -> SessionOut:
    template = await _template_of(db, session)
    return SessionOut.model_validate(_session_fields(session, template, now))


def _response_out(response: Response) -> ResponseOut:
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
    template = await _template_of(db, session)
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
                "response": _response_out(r) if r is not None else None,
            }
        )
        for q, r in await questions_with_responses(db, session)
    ]
    return SessionDetail.model_validate(
        {**_session_fields(session, template, now), "questions": questions}
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
        items=[SessionOut.model_validate(_session_fields(s, t, now)) for s, t in rows],
        total=total or 0,
        page=page.page,
        page_size=page.page_size,
    )


# --- lifecycle -----------------------------------------------------------------------------


async def _recording_choice(
    db: AsyncSession, user: User, requested: bool | None, scopes: list[str]
) -> bool:
    has_scope = RECORDING_SCOPE in scopes
    if requested is None:
        prefs = await db.get(UserPrivacySettings, user.id)
        # The stored preference only applies while the recording consent stands.
        return bool(prefs and prefs.recording_default and has_scope)
    if requested and not has_scope:
        raise RecordingConsentRequired(
            "Recording needs the optional 'recording' consent: accept it (POST "
            "/v1/users/me/consents) or create the session with recording off.",
            field="body.recording_enabled",
        )
    return requested


async def create_session(
    db: AsyncSession, user: User, content: Content, body: SessionCreate, now: datetime
) -> SessionOut:
    """Schedule a session; records the consent and content versions and the engine's seed."""
    template, _ = await get_current_template(db, content, body.template_id)
    consent = await privacy.require_current_consent(db, user)
    session = InterviewSession(
        user_id=user.id,
        template_id=template.id,
        status=Lifecycle.SCHEDULED,
        duration_minutes=body.duration_minutes,
        consent_version=consent.consent_version,
        content_version=content.version,
        # Fixed per session so a session's question flow can be replayed exactly (tests,
        # support); varied across sessions so practice does not repeat itself.
        seed=secrets.randbelow(2**31),
        recording_enabled=await _recording_choice(db, user, body.recording_enabled, consent.scopes),
        created_at=now,
        updated_at=now,
    )
    db.add(session)
    await db.flush()
    record_audit(
        db,
        actor_id=user.id,
        action="session.create",
        target_type="session",
        target_id=session.id,
        details={"template": template.slug, "duration_minutes": body.duration_minutes},
    )
    return SessionOut.model_validate(_session_fields(session, template, now))


def _conflict(session: InterviewSession, action: str, hint: str) -> InvalidTransition:
    return InvalidTransition(f"Cannot {action} a session that is {session.status}: {hint}")


async def start_session(
    db: AsyncSession, user: User, session_id: uuid.UUID, now: datetime
) -> SessionOut:
    session = await get_owned_session(db, user, session_id, for_update=True)
    if session.status != Lifecycle.SCHEDULED:
        hint = {
            "live": "it is already running.",
            "completed": "it has ended; create a new session to practise again.",
            "failed": "it failed; create a new session to practise again.",
        }.get(session.status, "only scheduled sessions can start.")
        raise _conflict(session, "start", hint)
    # Consent is checked again at capture time: it may have been withdrawn or re-versioned
    # since the session was scheduled.
    await privacy.require_current_consent(db, user)
    session.status = Lifecycle.LIVE
    session.started_at = now
    await db.flush()
    record_audit(
        db, actor_id=user.id, action="session.start", target_type="session", target_id=session.id
    )
    return await to_out(db, session, now)


async def end_session(
    db: AsyncSession,
    user: User,
    session_id: uuid.UUID,
    after_commit: AfterCommit,
    now: datetime,
) -> SessionOut:
    """End a live session (idempotent: ending a completed session returns it unchanged)."""
    session = await get_owned_session(db, user, session_id, for_update=True)
    if session.status == Lifecycle.COMPLETED:
        return await to_out(db, session, now)
    if session.status != Lifecycle.LIVE:
        hint = {
            "scheduled": "it never started; delete it instead.",
            "failed": "it already stopped because of a failure.",
        }.get(session.status, "only live sessions can end.")
        raise _conflict(session, "end", hint)
    await flows.end_live_session(db, session, after_commit, now=now, actor_id=user.id)
    return await to_out(db, session, now)


async def fail_session(db: AsyncSession, session: InterviewSession, now: datetime) -> None:
    """Mark a live session failed (e.g. the live pipeline lost it for good). No report flow."""
    if session.status != Lifecycle.LIVE:
        raise _conflict(session, "fail", "only live sessions can fail.")
    session.status = Lifecycle.FAILED
    session.ended_at = now
    await db.flush()
    record_audit(
        db,
        actor_id=None,
        action="session.fail",
        target_type="session",
        target_id=session.id,
    )


async def delete_session(
    db: AsyncSession, user: User, session_id: uuid.UUID, after_commit: AfterCommit
) -> None:
    """Soft delete: hidden at once; the privacy domain's hard-delete job removes it later."""
    session = await get_owned_session(db, user, session_id, for_update=True)
    await privacy.schedule_session_deletion(db, session, after_commit, now=False)


# --- questions and answers -----------------------------------------------------------------


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
    template = await _template_of(db, session)
    history = await questions_with_responses(db, session)
    locked = False
    while True:
        if session.status != Lifecycle.LIVE:
            raise _conflict(
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


async def record_response(
    db: AsyncSession,
    session: InterviewSession,
    question_id: uuid.UUID,
    transcript: str,
    started_at: datetime | None,
    ended_at: datetime | None,
    input_mode: InputMode,
    analysis: dict[str, Any],
) -> Response:
    """Store the answer to one question of a live session (typed or from the live pipeline).

    `analysis` is what the caller measured, stored as `responses.analysis_json` (the live
    pipeline's words, fillers, pauses and speech metrics, see `reports/evidence.py`; `{}` for
    typed answers). The text analysis is not stored: the engine and the report recompute it
    from the transcript with the content of their time. One answer per question: a second one
    is AnswerAlreadyRecorded (409). The caller has checked ownership (get_owned_session) and
    holds the session row lock if it may race with itself."""
    if session.status != Lifecycle.LIVE:
        raise _conflict(session, "answer in", "answers are taken only while it is live.")
    question = await db.get(Question, question_id)
    if question is None or question.session_id != session.id:
        raise UnknownQuestion(
            f"Question {question_id} is not part of this session.", field="body.question_id"
        )
    if started_at is not None and ended_at is not None:
        _check_timing(session, started_at, ended_at)
    existing = await db.scalar(select(Response.id).where(Response.question_id == question_id))
    if existing is not None:
        raise AnswerAlreadyRecorded(
            f"Question {question.sequence_no} already has an answer; ask the next question."
        )
    response = Response(
        session_id=session.id,
        question_id=question.id,
        transcript_text=transcript,
        input_mode=input_mode,
        started_at=started_at,
        ended_at=ended_at,
        analysis_json=dict(analysis),
    )
    db.add(response)
    await db.flush()
    record_audit(
        db,
        actor_id=session.user_id,
        action="session.answer",
        target_type="response",
        target_id=response.id,
        details={"session_id": str(session.id), "input_mode": input_mode},
    )
    return response


def _check_timing(session: InterviewSession, started_at: datetime, ended_at: datetime) -> None:
    if ended_at < started_at:
        raise InvalidAnswerTiming("ended_at must not be before started_at.", field="body.ended_at")
    # One answer cannot outlast the whole session; catches client clocks in the wrong unit/zone.
    if ended_at - started_at > timedelta(minutes=session.duration_minutes):
        raise InvalidAnswerTiming(
            "The answer is longer than the whole session; check the client's clock.",
            field="body.ended_at",
        )


async def submit_typed_response(
    db: AsyncSession, user: User, session_id: uuid.UUID, body: ResponseIn
) -> ResponseOut:
    session = await get_owned_session(db, user, session_id, for_update=True)
    response = await record_response(
        db,
        session,
        body.question_id,
        body.transcript_text,
        body.started_at,
        body.ended_at,
        "typed",
        {},
    )
    return _response_out(response)
