"""Coaches' comments on sessions members shared with their institute.

Who may do what:
- the session's owner (the member) reads every comment, replies, and deletes any comment on
  their session;
- the owner, admins and coaches of the organization the session is shared with read and write
  comments while the member shares that session and their progress (`visible_to_admins`);
  authors may delete their own comments. Every staff view and every comment is audited, so it
  shows in the member's activity trail.
Comments belong to the session: they go with it on deletion and into the member's export.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.audit import record_audit
from moodlens.core.errors import BadRequest, Forbidden, NotFound
from moodlens.models import (
    InterviewSession,
    InterviewTemplate,
    Organization,
    OrganizationMember,
    Question,
    SessionComment,
    SessionStatus,
    User,
)
from moodlens.orgs import access
from moodlens.orgs.access import STAFF_ROLES, StaffRequired
from moodlens.orgs.member_view import shared_answers
from moodlens.orgs.sharing import SessionNotFound
from moodlens.privacy.service import record_member_data_view, visible_sessions

__all__ = ["STAFF_ROLES", "StaffRequired"]

MAX_COMMENTS_PER_SESSION = 500


class SessionNotShared(Forbidden):
    """The member has not shared this session (or their progress) with your organization."""


class CommentNotFound(NotFound):
    """No such comment on this session."""


class BadPin(BadRequest):
    """A comment must be pinned to one moment or one answer of the session."""


class ReplyOnly(Forbidden):
    """On your own session you reply to a coach's comment; you do not start threads."""


class CannotDeleteComment(Forbidden):
    """Only the session's member and the comment's author may delete it."""


class _Access:
    def __init__(
        self, session: InterviewSession, is_owner: bool, org: Organization | None, role: str
    ) -> None:
        self.session = session
        self.is_owner = is_owner
        self.org = org
        self.role = role


async def _access(db: AsyncSession, user: User, session_id: uuid.UUID) -> _Access:
    session = (
        await db.execute(
            select(InterviewSession).where(InterviewSession.id == session_id, visible_sessions())
        )
    ).scalar_one_or_none()
    if session is None:
        raise SessionNotFound(f"No session with id {session_id}.")
    if session.user_id == user.id:
        return _Access(session, True, None, "member")
    # Staff of an organization the session's member belongs to.
    staff = await access.staff_memberships_for(db, user, session.user_id)
    if not staff:
        raise SessionNotFound(f"No session with id {session_id}.")
    for org, me, member in staff:
        if session.shared_with_org and session.organization_id == org.id and member.shares_progress:
            if await access.sees(db, me, member):
                return _Access(session, False, org, me.member_role)
            raise SessionNotShared(
                f"The member has chosen which staff of {org.name} see what they share, and "
                "you are not among them, so this session stays private to you."
            )
    names = ", ".join(sorted(org.name for org, _, _ in staff))
    raise SessionNotShared(
        f"This session is not shared with {names}: comments need the member to share the "
        "session and their progress. Members choose that on their report page."
    )


async def _comment_rows(
    db: AsyncSession, session_id: uuid.UUID
) -> list[tuple[SessionComment, str | None, int | None]]:
    rows = await db.execute(
        select(SessionComment, User.full_name, Question.sequence_no)
        .outerjoin(User, User.id == SessionComment.author_id)
        .outerjoin(Question, Question.id == SessionComment.question_id)
        .where(SessionComment.session_id == session_id)
        .order_by(SessionComment.created_at, SessionComment.id)
    )
    return [(c, name, seq) for c, name, seq in rows.all()]


def _comment_out(
    c: SessionComment, author: str | None, seq: int | None, user: User, access: _Access
) -> dict[str, Any]:
    mine = c.author_id == user.id
    return {
        "id": c.id,
        "parent_id": c.parent_id,
        "t_ms": c.t_ms,
        "question_id": c.question_id,
        "question_sequence_no": seq,
        "body": c.body,
        "author_name": author or "A former member of the institute",
        "author_role": c.author_role,
        "is_mine": mine,
        "can_delete": mine or access.is_owner,
        "created_at": c.created_at,
    }


def _thread_out(access: _Access, user: User, rows: Sequence[Any]) -> dict[str, Any]:
    return {
        "session_id": access.session.id,
        "viewer": "member" if access.is_owner else "staff",
        "organization_name": access.org.name if access.org else None,
        "can_comment": not access.is_owner,
        "items": [_comment_out(c, name, seq, user, access) for c, name, seq in rows],
    }


def _audit_staff_view(db: AsyncSession, user: User, access: _Access, resource: str) -> None:
    if access.is_owner or access.org is None:
        return
    record_member_data_view(
        db,
        admin_id=user.id,
        member_id=access.session.user_id,
        resource=resource,
        session_id=access.session.id,
        organization_id=access.org.id,
    )


async def list_comments(db: AsyncSession, user: User, session_id: uuid.UUID) -> dict[str, Any]:
    access = await _access(db, user, session_id)
    _audit_staff_view(db, user, access, "session_comments")
    return _thread_out(access, user, await _comment_rows(db, session_id))


async def add_comment(
    db: AsyncSession,
    user: User,
    session_id: uuid.UUID,
    *,
    body: str,
    t_ms: int | None,
    question_id: uuid.UUID | None,
    parent_id: uuid.UUID | None,
    now: datetime,
) -> dict[str, Any]:
    access = await _access(db, user, session_id)
    session = access.session
    count = await db.scalar(select(func.count()).where(SessionComment.session_id == session.id))
    if int(count or 0) >= MAX_COMMENTS_PER_SESSION:
        raise BadPin(f"This session has {MAX_COMMENTS_PER_SESSION} comments, the most allowed.")
    parent: SessionComment | None = None
    if parent_id is not None:
        parent = await db.get(SessionComment, parent_id)
        if parent is None or parent.session_id != session.id:
            raise CommentNotFound(
                f"No comment with id {parent_id} on this session to reply to.",
                field="body.parent_id",
            )
        if parent.parent_id is not None:
            parent = await db.get(SessionComment, parent.parent_id)
            assert parent is not None  # replies cascade with their thread
        if t_ms is not None or question_id is not None:
            raise BadPin(
                "A reply takes its comment's pin: send `parent_id` without `t_ms` or "
                "`question_id`.",
                field="body.parent_id",
            )
        t_ms, question_id = parent.t_ms, parent.question_id
    else:
        if access.is_owner:
            raise ReplyOnly(
                "On your own session you can reply to a coach's comment (send `parent_id`); "
                "notes of your own belong in your practice, not in this thread.",
                field="body.parent_id",
            )
        if (t_ms is None) == (question_id is None):
            raise BadPin(
                "Pin the comment to one moment (`t_ms`, milliseconds from the session start) "
                "or to one answer (`question_id`), not both and not neither.",
                field="body.t_ms",
            )
        if t_ms is not None:
            length_ms = _session_length_ms(session)
            if not 0 <= t_ms <= length_ms:
                raise BadPin(
                    f"The moment {t_ms} ms is outside the session (0 to {length_ms} ms).",
                    field="body.t_ms",
                )
        if question_id is not None:
            owner = await db.scalar(select(Question.session_id).where(Question.id == question_id))
            if owner != session.id:
                raise BadPin(
                    f"Question {question_id} is not part of this session; pin the comment to "
                    "one of its answers.",
                    field="body.question_id",
                )
    comment = SessionComment(
        session_id=session.id,
        organization_id=access.org.id if access.org else session.organization_id,
        author_id=user.id,
        author_role=access.role,
        parent_id=parent.id if parent else None,
        t_ms=t_ms,
        question_id=question_id,
        body=body.strip(),
        created_at=now,
    )
    db.add(comment)
    await db.flush()
    record_audit(
        db,
        actor_id=user.id,
        action="comment.reply" if parent else "comment.create",
        target_type="session",
        target_id=session.id,
        details={
            "comment_id": str(comment.id),
            "member_id": str(session.user_id),
            "organization_id": str(comment.organization_id) if comment.organization_id else None,
        },
    )
    author = await db.scalar(select(User.full_name).where(User.id == user.id))
    seq = (
        await db.scalar(select(Question.sequence_no).where(Question.id == question_id))
        if question_id
        else None
    )
    return _comment_out(comment, author, seq, user, access)


def _session_length_ms(session: InterviewSession) -> int:
    if session.started_at is not None and session.ended_at is not None:
        return max(int((session.ended_at - session.started_at).total_seconds() * 1000), 0)
    return session.duration_minutes * 60_000


async def delete_comment(
    db: AsyncSession, user: User, session_id: uuid.UUID, comment_id: uuid.UUID
) -> None:
    access = await _access(db, user, session_id)
    comment = await db.get(SessionComment, comment_id)
    if comment is None or comment.session_id != access.session.id:
        raise CommentNotFound(f"No comment with id {comment_id} on this session.")
    if not access.is_owner and comment.author_id != user.id:
        raise CannotDeleteComment(
            "Only the member whose session this is and the comment's author can delete it."
        )
    # Replies go with their comment (ON DELETE CASCADE); the bulk delete bypasses the ORM.
    await db.execute(delete(SessionComment).where(SessionComment.id == comment.id))
    db.expunge(comment)
    record_audit(
        db,
        actor_id=user.id,
        action="comment.delete",
        target_type="session",
        target_id=access.session.id,
        details={"comment_id": str(comment_id), "by": "member" if access.is_owner else "author"},
    )


async def shared_sessions(db: AsyncSession, user: User, org_id: uuid.UUID) -> dict[str, Any]:
    """Sessions members shared with the organization, for its owner, admins and coaches to
    read and comment on. Every session listed is recorded in its member's activity trail."""
    org, me = await access.require_staff(db, org_id, user, "see sessions members share")
    rows = (
        await db.execute(
            select(InterviewSession, User.full_name, InterviewTemplate.title)
            .join(User, User.id == InterviewSession.user_id)
            .join(InterviewTemplate, InterviewTemplate.id == InterviewSession.template_id)
            .join(
                OrganizationMember,
                (OrganizationMember.organization_id == org.id)
                & (OrganizationMember.user_id == InterviewSession.user_id),
            )
            .where(
                InterviewSession.organization_id == org.id,
                InterviewSession.shared_with_org.is_(True),
                OrganizationMember.shares_progress.is_(True),
                access.member_visible_to(me),
                InterviewSession.status == SessionStatus.COMPLETED,
                visible_sessions(),
            )
            .order_by(InterviewSession.ended_at.desc(), InterviewSession.id)
            .limit(200)
        )
    ).all()
    ids = [s.id for s, _, _ in rows]
    answers = await shared_answers(db, ids)
    counts = dict(
        (
            await db.execute(
                select(SessionComment.session_id, func.count())
                .where(SessionComment.session_id.in_(ids))
                .group_by(SessionComment.session_id)
            )
        ).all()
    )
    items = []
    for session, name, title in rows:
        record_member_data_view(
            db,
            admin_id=user.id,
            member_id=session.user_id,
            resource="shared_session",
            session_id=session.id,
            organization_id=org.id,
        )
        items.append(
            {
                "session_id": session.id,
                "user_id": session.user_id,
                "member_name": name,
                "title": title,
                "ended_at": session.ended_at,
                "length_ms": _session_length_ms(session),
                "answers": answers[session.id],
                "comment_count": int(counts.get(session.id, 0)),
            }
        )
    return {"organization_id": org.id, "organization_name": org.name, "items": items}
