"""Session lifecycle and responses (asking the next question is `asking.py`, what the API
shows of a session `reading.py`).

Status machine: scheduled -> live -> completed | failed. Every other transition is a 409 whose
message says what the client can do instead. A session that belongs to someone else, or that
the owner deleted, is a 404 everywhere (DESIGN §8: soft delete hides at once).

Functions other domains call:
- `get_owned_session(db, user, session_id)` - the 404 rule, from the session gate (`gate.py`).
- `record_response(...)` - the live pipeline stores a voice answer through it.
- `fail_session(...)` - end a live session that cannot continue (not by the user's choice).
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.content import Content
from moodlens.core.audit import record_audit
from moodlens.core.deps import AfterCommit
from moodlens.core.errors import Conflict, Forbidden, MoodLensError
from moodlens.interview_sessions import flows
from moodlens.interview_sessions.gate import SessionNotFound, get_owned_session
from moodlens.interview_sessions.reading import response_out, session_fields, to_out
from moodlens.interview_sessions.schemas import (
    InputMode,
    ResponseIn,
    ResponseOut,
    SessionCreate,
    SessionOut,
)
from moodlens.interview_templates.service import get_current_template
from moodlens.models import (
    InterviewSession,
    Question,
    Response,
    User,
    UserPrivacySettings,
)

# The stored status under its own name: schemas.SessionStatus is the API's Literal of it.
from moodlens.models import SessionStatus as Lifecycle
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
    return SessionOut.model_validate(session_fields(session, template, now))


def transition_conflict(session: InterviewSession, action: str, hint: str) -> InvalidTransition:
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
        raise transition_conflict(session, "start", hint)
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
        raise transition_conflict(session, "end", hint)
    await flows.end_live_session(db, session, after_commit, now=now, actor_id=user.id)
    return await to_out(db, session, now)


async def fail_session(db: AsyncSession, session: InterviewSession, now: datetime) -> None:
    """Mark a live session failed (e.g. the live pipeline lost it for good). No report flow."""
    if session.status != Lifecycle.LIVE:
        raise transition_conflict(session, "fail", "only live sessions can fail.")
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


# --- answers (asking the next question is asking.py) ---------------------------------------


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
        raise transition_conflict(session, "answer in", "answers are taken only while it is live.")
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
    return response_out(response)
