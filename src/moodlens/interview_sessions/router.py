from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from fastapi import Response as HttpResponse

from moodlens.coaching.content import Role
from moodlens.core.deps import AfterCommitDep, CurrentUser, DbSession
from moodlens.core.pagination import Page, PageParams, page_params
from moodlens.interview_sessions import asking, flows, reading, service
from moodlens.interview_sessions.capture import AnswersStillTranscribing, LiveCaptureDep
from moodlens.interview_sessions.clock import ClockDep
from moodlens.interview_sessions.phrasing import PhrasingDep
from moodlens.interview_sessions.schemas import (
    NextQuestionOut,
    ResponseIn,
    ResponseOut,
    SessionCreate,
    SessionDetail,
    SessionOut,
    SessionStatus,
)
from moodlens.interview_templates.deps import SyncedContent
from moodlens.interview_templates.errors import TemplateNotFound
from moodlens.privacy.errors import ConsentRequired

router = APIRouter(prefix="/v1/sessions", tags=["sessions"])

_NOT_FOUND = service.SessionNotFound.openapi()
_CONFLICT = service.InvalidTransition.openapi()


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionOut,
    operation_id="sessions_create",
    responses={
        **TemplateNotFound.openapi(),
        403: {
            "model": ConsentRequired.openapi()[403]["model"],
            "description": "ConsentRequired (accept the current consent first) or "
            "RecordingConsentRequired (recording asked without the recording consent).",
        },
    },
)
async def create_session(
    body: SessionCreate,
    db: DbSession,
    user: CurrentUser,
    content: SyncedContent,
    clock: ClockDep,
) -> SessionOut:
    """Schedule a practice session from a template. Needs the current consent; records the
    consent and content versions so the session's questions and report can be traced."""
    return await service.create_session(db, user, content, body, clock.now())


@router.get("", response_model=Page[SessionOut], operation_id="sessions_list")
async def list_sessions(
    db: DbSession,
    user: CurrentUser,
    clock: ClockDep,
    page: Annotated[PageParams, Depends(page_params)],
    status: Annotated[SessionStatus | None, Query(description="Only this status.")] = None,
    role_track: Annotated[Role | None, Query(description="Only this role track.")] = None,
) -> Page[SessionOut]:
    """The signed-in user's sessions, newest first. Deleted sessions are not listed."""
    return await reading.list_sessions(
        db, user, page, clock.now(), status=status, role_track=role_track
    )


@router.get(
    "/{session_id}",
    response_model=SessionDetail,
    operation_id="sessions_get",
    responses=_NOT_FOUND,
)
async def get_session(
    session_id: uuid.UUID, db: DbSession, user: CurrentUser, clock: ClockDep
) -> SessionDetail:
    """One session with its questions in order, each with its answer (null until answered)."""
    return await reading.session_detail(db, user, session_id, clock.now())


@router.post(
    "/{session_id}/start",
    response_model=SessionOut,
    operation_id="sessions_start",
    responses={**_NOT_FOUND, **_CONFLICT, **ConsentRequired.openapi()},
)
async def start_session(
    session_id: uuid.UUID, db: DbSession, user: CurrentUser, clock: ClockDep
) -> SessionOut:
    """Start a scheduled session: the time budget starts now. 409 unless it is scheduled."""
    return await service.start_session(db, user, session_id, clock.now())


@router.post(
    "/{session_id}/end",
    response_model=SessionOut,
    operation_id="sessions_end",
    responses={**_NOT_FOUND, **_CONFLICT},
)
async def end_session(
    session_id: uuid.UUID,
    db: DbSession,
    user: CurrentUser,
    after_commit: AfterCommitDep,
    clock: ClockDep,
    hub: LiveCaptureDep,
) -> SessionOut:
    """End a live session and start building its report. Idempotent: ending a completed
    session returns it unchanged. 409 for a scheduled or failed session."""
    # Ownership first: another user's id must not reach the live pipeline.
    session = await service.get_owned_session(db, user, session_id)
    await flows.finish_live_capture(hub, session)
    return await service.end_session(db, user, session_id, after_commit, clock.now())


@router.delete(
    "/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="sessions_delete",
    responses=_NOT_FOUND,
)
async def delete_session(
    session_id: uuid.UUID, db: DbSession, user: CurrentUser, after_commit: AfterCommitDep
) -> None:
    """Delete a session: it disappears at once everywhere, and its data (answers, signals,
    scores, exports, recording) is erased for good after the grace period."""
    await service.delete_session(db, user, session_id, after_commit)


@router.post(
    "/{session_id}/questions/next",
    status_code=status.HTTP_201_CREATED,
    response_model=NextQuestionOut,
    operation_id="sessions_next_question",
    responses={
        204: {"description": "No question fits in the time left: end the session."},
        **_NOT_FOUND,
        **_CONFLICT,
        **AnswersStillTranscribing.openapi(),
    },
)
async def next_question(
    session_id: uuid.UUID,
    db: DbSession,
    user: CurrentUser,
    content: SyncedContent,
    phrasing: PhrasingDep,
    clock: ClockDep,
    hub: LiveCaptureDep,
) -> NextQuestionOut | HttpResponse:
    """Ask the next question of a live session: a follow-up when the last answer left a gap
    worth probing, otherwise the next main question (a closing question near the end).
    204 with no body when the time budget is spent: the client should then end the session.
    Calling it while the current question is unanswered skips that question. When the
    previous spoken answer is still being transcribed (a busy server), it waits for it, so
    the next question follows what was said; 503 if that takes longer than 90 s."""
    await hub.wait_for_answers(session_id)
    question = await asking.next_question(db, user, content, session_id, clock.now(), phrasing)
    if question is None:
        return HttpResponse(status_code=status.HTTP_204_NO_CONTENT)
    return question


@router.post(
    "/{session_id}/responses",
    status_code=status.HTTP_201_CREATED,
    response_model=ResponseOut,
    operation_id="sessions_record_response",
    responses={
        **_NOT_FOUND,
        409: {
            "model": _CONFLICT[409]["model"],
            "description": "InvalidTransition (session not live) or AnswerAlreadyRecorded.",
        },
        422: {
            "model": _CONFLICT[409]["model"],
            "description": "UnknownQuestion, InvalidAnswerTiming or a payload validation error.",
        },
    },
)
async def record_response(
    session_id: uuid.UUID, body: ResponseIn, db: DbSession, user: CurrentUser
) -> ResponseOut:
    """Answer a question in writing (for candidates without a microphone). One answer per
    question; the session must be live."""
    return await service.submit_typed_response(db, user, session_id, body)
