"""Coaches' comments on shared sessions, and the shared-sessions list staff comment on."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, status

from moodlens.core.base import utcnow
from moodlens.core.deps import CurrentUser, DbSession
from moodlens.core.errors import error_responses
from moodlens.orgs import access, comments, sharing
from moodlens.orgs.comment_schemas import (
    CommentIn,
    CommentOut,
    CommentThreadOut,
    SharedSessionListOut,
)

router = APIRouter(tags=["orgs"])

_SESSION = error_responses(
    sharing.SessionNotFound,
    comments.SessionNotShared,
    comments.ReplyOnly,
    comments.CannotDeleteComment,
    shared={
        403: "SessionNotShared (the member has not shared this session and their progress "
        "with your organization), ReplyOnly or CannotDeleteComment.",
    },
)


@router.get(
    "/v1/sessions/{session_id}/comments",
    response_model=CommentThreadOut,
    operation_id="sessions_list_comments",
    responses=_SESSION,
)
async def list_comments(session_id: uuid.UUID, db: DbSession, user: CurrentUser) -> Any:
    """Comments on a session: for its member, and for the owner, admins and coaches of the
    organization it is shared with (each of their views is recorded in the member's trail)."""
    return await comments.list_comments(db, user, session_id)


@router.post(
    "/v1/sessions/{session_id}/comments",
    status_code=status.HTTP_201_CREATED,
    response_model=CommentOut,
    operation_id="sessions_add_comment",
    responses={**_SESSION, **comments.BadPin.openapi(), **comments.CommentNotFound.openapi()},
)
async def add_comment(
    session_id: uuid.UUID, body: CommentIn, db: DbSession, user: CurrentUser
) -> Any:
    """Staff comment on a shared session, pinned to a moment (`t_ms`) or an answer
    (`question_id`); the member replies with `parent_id`. 403 when the session is not shared."""
    return await comments.add_comment(
        db,
        user,
        session_id,
        body=body.body,
        t_ms=body.t_ms,
        question_id=body.question_id,
        parent_id=body.parent_id,
        now=utcnow(),
    )


@router.delete(
    "/v1/sessions/{session_id}/comments/{comment_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="sessions_delete_comment",
    responses={**_SESSION, **comments.CommentNotFound.openapi()},
)
async def delete_comment(
    session_id: uuid.UUID, comment_id: uuid.UUID, db: DbSession, user: CurrentUser
) -> None:
    """Delete a comment and its replies: the member may delete any comment on their session,
    others only their own."""
    await comments.delete_comment(db, user, session_id, comment_id)


@router.get(
    "/v1/orgs/{org_id}/shared-sessions",
    response_model=SharedSessionListOut,
    operation_id="orgs_shared_sessions",
    responses={**access.OrgNotFound.openapi(), **comments.StaffRequired.openapi()},
)
async def shared_sessions(org_id: uuid.UUID, db: DbSession, user: CurrentUser) -> Any:
    """Completed sessions members shared with the organization (while they share their
    progress), with answers, for the owner, admins and coaches to comment on. Audited."""
    return await comments.shared_sessions(db, user, org_id)
