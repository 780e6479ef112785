"""The one session gate: how any domain finds a user's session, and the one 404 for it.

A session that belongs to someone else, or that its owner deleted, is a 404 everywhere
(DESIGN §8: a soft delete hides it at once). Every list, report, export, progress figure and
org dashboard adds `visible_sessions()`; every endpoint taking a session id goes through
`get_owned_session`. `tests/privacy/test_session_gate.py` fails when a session query of a
user-facing endpoint skips the filter.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.errors import NotFound
from moodlens.models import InterviewSession, User


class SessionNotFound(NotFound):
    """No session with this id for the signed-in user (or it was deleted)."""


def visible_sessions() -> ColumnElement[bool]:
    """WHERE clause every list, report, export, progress figure and org dashboard must add:
    a soft-deleted session disappears everywhere at once (DESIGN §8)."""
    return InterviewSession.deleted_at.is_(None)


async def find_visible_session(
    db: AsyncSession, user_id: uuid.UUID, session_id: uuid.UUID, *, for_update: bool = False
) -> InterviewSession | None:
    """The user's session unless it is soft-deleted; None for another user's or a deleted one
    (for callers that answer a miss in their own way, such as the live socket's close code).

    `for_update` locks the row (PostgreSQL) so concurrent changes to one session serialise."""
    stmt = select(InterviewSession).where(
        InterviewSession.id == session_id,
        InterviewSession.user_id == user_id,
        visible_sessions(),
    )
    if for_update:
        stmt = stmt.with_for_update()
    return (await db.execute(stmt)).scalar_one_or_none()


async def get_owned_session(
    db: AsyncSession,
    user: User,
    session_id: uuid.UUID,
    *,
    for_update: bool = False,
    include_deleted: bool = False,
) -> InterviewSession:
    """The user's visible session, or SessionNotFound (also for other users' and deleted ones).

    `for_update` locks the row (PostgreSQL) so concurrent calls that change the session or add
    questions to it run one after another instead of racing on sequence numbers or status.

    `include_deleted` also finds a session in its deletion grace period: only for acting on
    the deletion itself ("delete now" after "delete"), never for showing it."""
    if not include_deleted:
        session = await find_visible_session(db, user.id, session_id, for_update=for_update)
    else:
        stmt = select(InterviewSession).where(
            InterviewSession.id == session_id, InterviewSession.user_id == user.id
        )
        if for_update:
            stmt = stmt.with_for_update()
        session = (await db.execute(stmt)).scalar_one_or_none()
    if session is None:
        raise SessionNotFound(f"No session with id {session_id}.")
    return session
