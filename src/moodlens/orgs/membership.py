"""Institutes and their members: creating one, invite codes, joining, the member's choice to
share their progress, and leaving.

Joining shares nothing (DESIGN §8): `shares_progress` starts off and only the member turns it
on. Invite codes are stored as SHA-256 only; wrong codes are rate-limited per account.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.auth.oidc_accounts import ProviderRequired, has_identity
from moodlens.core.audit import record_audit
from moodlens.core.errors import Conflict, Forbidden, MoodLensError, NotFound, TooManyRequests
from moodlens.core.ratelimit import RateLimiter
from moodlens.models import (
    InterviewSession,
    Organization,
    OrganizationInvite,
    OrganizationMember,
    User,
)
from moodlens.orgs.access import membership, require_admin
from moodlens.orgs.schemas import InviteOut, MembershipOut, OrgOut

# 12 characters from 30 unambiguous ones (no 0/O, 1/I/L, U): about 59 random bits, plenty for
# a code that expires within days and whose guessing is rate-limited.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 12
JOIN_FAILURES_ALLOWED = 10
JOIN_WINDOW_S = 15 * 60


class OwnerRequired(Forbidden):
    """Only the organization's owner may do this."""


class InviteNotFound(NotFound):
    """No invite with this code."""


class InviteExpired(MoodLensError):
    """The invite code expired or was used up."""

    status_code = 410


class OwnerCannotLeave(Conflict):
    """The only owner cannot leave while other members remain."""


async def member_count(db: AsyncSession, org_id: uuid.UUID) -> int:
    stmt = select(func.count()).where(OrganizationMember.organization_id == org_id)
    return int(await db.scalar(stmt) or 0)


def org_out(org: Organization, me: OrganizationMember, member_count: int) -> OrgOut:
    return OrgOut(
        id=org.id,
        name=org.name,
        plan_tier=org.plan_tier,
        required_provider=org.required_provider,
        created_at=org.created_at,
        my_role=me.member_role,
        shares_progress=me.shares_progress,
        member_count=member_count,
        joined_at=me.created_at,
    )


def _membership_out(org: Organization, me: OrganizationMember) -> MembershipOut:
    return MembershipOut(
        organization_id=org.id,
        organization_name=org.name,
        role=me.member_role,
        shares_progress=me.shares_progress,
        joined_at=me.created_at,
    )


async def create_org(db: AsyncSession, user: User, name: str, now: datetime) -> OrgOut:
    org = Organization(name=name.strip(), created_at=now)
    db.add(org)
    await db.flush()
    # The creator administers the org; sharing their own progress stays their choice.
    me = OrganizationMember(
        organization_id=org.id, user_id=user.id, member_role="owner", created_at=now
    )
    db.add(me)
    await db.flush()
    record_audit(
        db, actor_id=user.id, action="org.create", target_type="organization", target_id=org.id
    )
    return org_out(org, me, 1)


async def list_my_orgs(db: AsyncSession, user: User) -> list[OrgOut]:
    counts = (
        select(
            OrganizationMember.organization_id.label("org_id"),
            func.count().label("n"),
        )
        .group_by(OrganizationMember.organization_id)
        .subquery()
    )
    rows = (
        await db.execute(
            select(Organization, OrganizationMember, counts.c.n)
            .join(OrganizationMember, OrganizationMember.organization_id == Organization.id)
            .join(counts, counts.c.org_id == Organization.id)
            .where(OrganizationMember.user_id == user.id)
            .order_by(Organization.name, Organization.id)
        )
    ).all()
    return [org_out(org, me, int(n)) for org, me, n in rows]


def _normalise_code(code: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", code.upper())


def _hash_code(code: str) -> str:
    return hashlib.sha256(_normalise_code(code).encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


async def create_invite(
    db: AsyncSession,
    user: User,
    org_id: uuid.UUID,
    *,
    role: str,
    expires_in_days: int,
    max_uses: int | None,
    now: datetime,
) -> InviteOut:
    org, me = await require_admin(db, org_id, user, "create invite codes")
    if role == "admin" and me.member_role != "owner":
        raise OwnerRequired(
            f"Only the owner of {org.name} can invite admins; create a member invite instead.",
            field="body.role",
        )
    code = _new_code()
    invite = OrganizationInvite(
        organization_id=org.id,
        code_hash=_hash_code(code),
        member_role=role,
        expires_at=now + timedelta(days=expires_in_days),
        max_uses=max_uses,
        created_at=now,
    )
    db.add(invite)
    await db.flush()
    record_audit(
        db,
        actor_id=user.id,
        action="org.invite_create",
        target_type="organization",
        target_id=org.id,
        details={"invite_id": str(invite.id), "role": role, "days": expires_in_days},
    )
    return InviteOut(
        code=code,
        organization_id=org.id,
        role=role,
        expires_at=invite.expires_at,
        max_uses=max_uses,
    )


async def join_with_code(
    db: AsyncSession, limiter: RateLimiter, user: User, code: str, now: datetime
) -> MembershipOut:
    """Join with an invite code. Idempotent for an existing member (no use is counted)."""
    key = f"orgjoin:{user.id}"
    wait = await limiter.hit(key, JOIN_FAILURES_ALLOWED, JOIN_WINDOW_S, record=False)
    if wait:
        raise TooManyRequests("Too many wrong invite codes; try again later.", wait)
    invite = (
        await db.execute(
            select(OrganizationInvite)
            .where(OrganizationInvite.code_hash == _hash_code(code))
            .with_for_update()
        )
    ).scalar_one_or_none()
    if invite is None:
        # Only failures count, so a cohort joining from one account's retries is not blocked.
        await limiter.hit(key, JOIN_FAILURES_ALLOWED, JOIN_WINDOW_S)
        raise InviteNotFound(
            "No invite matches this code. Check it with the person who gave it to you.",
            field="body.code",
        )
    org = await db.get(Organization, invite.organization_id)
    assert org is not None  # the invite's foreign key cascades with the org
    existing = (
        await db.execute(
            select(OrganizationMember).where(
                OrganizationMember.organization_id == org.id,
                OrganizationMember.user_id == user.id,
            )
        )
    ).scalar_one_or_none()
    if existing is not None:
        return _membership_out(org, existing)
    if invite.expires_at <= now:
        raise InviteExpired(
            f"This invite code for {org.name} has expired; ask an admin for a new one.",
            field="body.code",
        )
    if invite.max_uses is not None and invite.use_count >= invite.max_uses:
        raise InviteExpired(
            f"This invite code for {org.name} has been used up; ask an admin for a new one.",
            field="body.code",
        )
    if org.required_provider and not await has_identity(db, user.id, org.required_provider):
        raise ProviderRequired(
            f"{org.name} asks its members to sign in with its provider "
            f"({org.required_provider}): sign out, sign in with it, then join again.",
            field="body.code",
        )
    invite.use_count += 1
    # Sharing is off until the member opts in (DESIGN §8): joining alone shows admins nothing.
    me = OrganizationMember(
        organization_id=org.id,
        user_id=user.id,
        member_role=invite.member_role,
        shares_progress=False,
        created_at=now,
    )
    db.add(me)
    await db.flush()
    await limiter.reset(key)
    record_audit(
        db,
        actor_id=user.id,
        action="org.join",
        target_type="organization",
        target_id=org.id,
        details={"invite_id": str(invite.id), "role": invite.member_role},
    )
    return _membership_out(org, me)


async def set_sharing(
    db: AsyncSession, user: User, org_id: uuid.UUID, shares_progress: bool
) -> MembershipOut:
    org, me = await membership(db, org_id, user)
    if me.shares_progress != shares_progress:
        me.shares_progress = shares_progress
        await db.flush()
        record_audit(
            db,
            actor_id=user.id,
            action="org.sharing_on" if shares_progress else "org.sharing_off",
            target_type="organization",
            target_id=org.id,
        )
    return _membership_out(org, me)


async def leave(db: AsyncSession, user: User, org_id: uuid.UUID) -> None:
    org, me = await membership(db, org_id, user)
    deleted_org = False
    if me.member_role == "owner":
        owners = await db.scalar(
            select(func.count()).where(
                OrganizationMember.organization_id == org.id,
                OrganizationMember.member_role == "owner",
            )
        )
        members = await member_count(db, org.id)
        if int(owners or 0) <= 1 and members > 1:
            raise OwnerCannotLeave(
                f"You are the only owner of {org.name}, so you cannot leave while "
                f"{members - 1} other member{'s' if members > 2 else ''} remain."
            )
        deleted_org = members == 1
    # Session shares with this org end with the membership, so rejoining later does not
    # silently reveal answers shared in the past.
    await db.execute(
        update(InterviewSession)
        .where(InterviewSession.user_id == user.id, InterviewSession.organization_id == org.id)
        .values(shared_with_org=False, organization_id=None)
    )
    await db.execute(delete(OrganizationMember).where(OrganizationMember.id == me.id))
    db.expunge(me)
    if deleted_org:
        # The last member leaving: an organization nobody can administer is only clutter.
        await db.execute(delete(Organization).where(Organization.id == org.id))
        db.expunge(org)
    record_audit(
        db,
        actor_id=user.id,
        action="org.leave",
        target_type="organization",
        target_id=org.id,
        details={"organization_deleted": deleted_org},
    )
