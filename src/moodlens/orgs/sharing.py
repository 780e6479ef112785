"""A member's sessions shared with an institute: the report page's switch.

A session's answers reach staff only when the member shares that session with one
organization they belong to *and* shares their progress with it (`visible_to_admins`); which
staff then see it is the member's choice too (`orgs.visibility`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.audit import record_audit
from moodlens.core.errors import BadRequest, Conflict, NotFound
from moodlens.models import InterviewSession, OrganizationMember, User
from moodlens.orgs.access import OrgNotFound
from moodlens.orgs.schemas import SessionShareOut
from moodlens.privacy.service import visible_sessions


class SessionNotFound(NotFound):
    """No session with this id for the signed-in user (or it was deleted)."""


class NoOrganization(Conflict):
    """You are not a member of any organization to share with."""


class OrganizationChoiceNeeded(BadRequest):
    """You belong to several organizations: say which one may see the session."""


async def _own_session(db: AsyncSession, user: User, session_id: uuid.UUID) -> InterviewSession:
    session = (
        await db.execute(
            select(InterviewSession).where(
                InterviewSession.id == session_id,
                InterviewSession.user_id == user.id,
                visible_sessions(),
            )
        )
    ).scalar_one_or_none()
    if session is None:
        raise SessionNotFound(f"No session with id {session_id}.")
    return session


async def _memberships_of(db: AsyncSession, user: User) -> dict[uuid.UUID, OrganizationMember]:
    return {
        m.organization_id: m
        for m in (
            await db.execute(
                select(OrganizationMember).where(OrganizationMember.user_id == user.id)
            )
        ).scalars()
    }


def _share_out(
    session: InterviewSession, memberships: Mapping[uuid.UUID, OrganizationMember]
) -> SessionShareOut:
    member = memberships.get(session.organization_id) if session.organization_id else None
    return SessionShareOut(
        session_id=session.id,
        shared_with_org=session.shared_with_org,
        organization_id=session.organization_id,
        visible_to_admins=bool(
            session.shared_with_org and member is not None and member.shares_progress
        ),
    )


async def session_share(db: AsyncSession, user: User, session_id: uuid.UUID) -> SessionShareOut:
    """The sharing state of one of the caller's sessions, for the report page's switch."""
    session = await _own_session(db, user, session_id)
    return _share_out(session, await _memberships_of(db, user))


async def share_session(
    db: AsyncSession,
    user: User,
    session_id: uuid.UUID,
    shared: bool,
    org_id: uuid.UUID | None,
) -> SessionShareOut:
    session = await _own_session(db, user, session_id)
    memberships = await _memberships_of(db, user)
    if shared:
        if org_id is not None:
            if org_id not in memberships:
                raise OrgNotFound(
                    f"You are not a member of an organization with id {org_id}.",
                    field="body.organization_id",
                )
            target = org_id
        elif session.organization_id in memberships:
            target = session.organization_id
        elif len(memberships) == 1:
            target = next(iter(memberships))
        elif not memberships:
            raise NoOrganization(
                "Join an organization with an invite code before sharing a session with it."
            )
        else:
            raise OrganizationChoiceNeeded(
                "You belong to several organizations: send `organization_id` to say which one "
                "may see this session's answers.",
                field="body.organization_id",
            )
        session.organization_id = target
    changed = session.shared_with_org != shared
    session.shared_with_org = shared
    await db.flush()
    if changed:
        record_audit(
            db,
            actor_id=user.id,
            action="session.share" if shared else "session.unshare",
            target_type="session",
            target_id=session.id,
            details={"organization_id": str(session.organization_id)},
        )
    return _share_out(session, memberships)
