"""Who in an organization may see what: the one home of the membership, admin and staff
checks, and of the member's choice of which staff see what they share.

- `membership` answers the same 404 for a missing org and for one you are not in, so org ids
  cannot be probed;
- `require_admin` / `require_staff` add the role check (owner and admins; plus coaches);
- `member_visible_to(viewer)` is the SQL condition, on an `OrganizationMember` row, that the
  member lets this staff membership see what they share: every staff member
  (`staff_visibility = "all_staff"`, the default) or only those they chose
  (`member_staff_grants`). Every staff read of member data filters with it (dashboard, member
  view, assignment figures, shared sessions, comments), so a member's choice holds everywhere
  and takes effect at the next request.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.errors import Forbidden, NotFound
from moodlens.models import Organization, OrganizationMember, User
from moodlens.models.org import MemberStaffGrant

ADMIN_ROLES = frozenset({"owner", "admin"})
STAFF_ROLES = frozenset({"owner", "admin", "coach"})
ALL_STAFF = "all_staff"
CHOSEN = "chosen"


class OrgNotFound(NotFound):
    """No such organization, or you are not a member of it."""


class OrgAdminRequired(Forbidden):
    """Only the organization's owner and admins may do this."""


class StaffRequired(Forbidden):
    """Only the organization's owner, admins and coaches see shared sessions."""


async def membership(
    db: AsyncSession, org_id: uuid.UUID, user: User
) -> tuple[Organization, OrganizationMember]:
    """The org and the caller's membership; a non-member gets the same 404 as a missing org."""
    row = (
        await db.execute(
            select(Organization, OrganizationMember)
            .join(OrganizationMember, OrganizationMember.organization_id == Organization.id)
            .where(Organization.id == org_id, OrganizationMember.user_id == user.id)
        )
    ).first()
    if row is None:
        raise OrgNotFound(f"No organization with id {org_id}.")
    return row[0], row[1]


async def require_admin(
    db: AsyncSession, org_id: uuid.UUID, user: User, what: str
) -> tuple[Organization, OrganizationMember]:
    org, me = await membership(db, org_id, user)
    if me.member_role not in ADMIN_ROLES:
        raise OrgAdminRequired(
            f"Only the owner and admins of {org.name} can {what}; you are a {me.member_role}."
        )
    return org, me


async def require_staff(
    db: AsyncSession, org_id: uuid.UUID, user: User, what: str
) -> tuple[Organization, OrganizationMember]:
    org, me = await membership(db, org_id, user)
    if me.member_role not in STAFF_ROLES:
        raise StaffRequired(f"Only the owner, admins and coaches of {org.name} {what}.")
    return org, me


def member_visible_to(viewer: OrganizationMember) -> ColumnElement[bool]:
    """On an `OrganizationMember` row of the same org: this member lets `viewer` (a staff
    membership) see what they share. Sharing itself (`shares_progress`, a session's share) is
    checked by the caller; this is only the member's choice of staff."""
    granted = exists().where(
        MemberStaffGrant.member_id == OrganizationMember.id,
        MemberStaffGrant.staff_member_id == viewer.id,
    )
    return or_(OrganizationMember.staff_visibility == ALL_STAFF, granted)


async def staff_memberships_for(
    db: AsyncSession, user: User, member_user_id: uuid.UUID
) -> list[tuple[Organization, OrganizationMember, OrganizationMember]]:
    """(org, the caller's staff membership, the member's membership) for each organization
    where the caller is staff and `member_user_id` is a member."""
    member = OrganizationMember.__table__.alias("member_row")
    rows = await db.execute(
        select(Organization, OrganizationMember, member.c.id)
        .join(OrganizationMember, OrganizationMember.organization_id == Organization.id)
        .join(member, member.c.organization_id == Organization.id)
        .where(
            OrganizationMember.user_id == user.id,
            OrganizationMember.member_role.in_(STAFF_ROLES),
            member.c.user_id == member_user_id,
        )
        .order_by(Organization.name, Organization.id)
    )
    out = []
    for org, me, member_id in rows.all():
        theirs = await db.get(OrganizationMember, member_id)
        assert theirs is not None  # selected in the same transaction
        out.append((org, me, theirs))
    return out


async def sees(db: AsyncSession, viewer: OrganizationMember, member: OrganizationMember) -> bool:
    """Whether `member` lets the staff membership `viewer` see what they share."""
    if member.staff_visibility == ALL_STAFF:
        return True
    granted = await db.scalar(
        select(MemberStaffGrant.id).where(
            MemberStaffGrant.member_id == member.id,
            MemberStaffGrant.staff_member_id == viewer.id,
        )
    )
    return granted is not None


async def hidden_member_ids(db: AsyncSession, viewer: OrganizationMember) -> set[uuid.UUID]:
    """Membership ids, in the viewer's organization, of members who do not let this staff
    membership see what they share (one query, for lists: dashboard, assignment figures)."""
    rows = await db.scalars(
        select(OrganizationMember.id).where(
            OrganizationMember.organization_id == viewer.organization_id,
            ~member_visible_to(viewer),
        )
    )
    return set(rows.all())
