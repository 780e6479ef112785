"""A member's choice of which of the institute's staff see what they share.

Sharing stays two explicit choices (progress, and each session); this narrows who on staff
receives them: every owner, admin and coach ("all_staff", the default, which is what members
agreed to before the choice existed), or only the staff members chosen ("chosen"). Staff who
join later are not among the chosen until the member adds them. The choice applies at the next
request everywhere staff read member data (`access.member_visible_to`), and every change is in
the member's activity trail.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.audit import record_audit
from moodlens.core.errors import BadRequest
from moodlens.models import OrganizationMember, User
from moodlens.models.org import MemberStaffGrant
from moodlens.orgs.access import ALL_STAFF, CHOSEN, STAFF_ROLES, membership


class NotStaff(BadRequest):
    """Only the organization's owner, admins and coaches can be chosen."""


@dataclass(frozen=True)
class StaffChoice:
    user_id: uuid.UUID
    name: str
    role: str
    sees_my_data: bool


@dataclass(frozen=True)
class StaffVisibility:
    organization_id: uuid.UUID
    mode: str
    staff: list[StaffChoice]


async def _staff(
    db: AsyncSession, org_id: uuid.UUID, me: OrganizationMember
) -> list[tuple[OrganizationMember, str]]:
    rows = await db.execute(
        select(OrganizationMember, User.full_name)
        .join(User, User.id == OrganizationMember.user_id)
        .where(
            OrganizationMember.organization_id == org_id,
            OrganizationMember.member_role.in_(STAFF_ROLES),
            OrganizationMember.id != me.id,
        )
        .order_by(User.full_name, User.id)
    )
    return [(m, name) for m, name in rows.all()]


async def _granted(db: AsyncSession, me: OrganizationMember) -> set[uuid.UUID]:
    rows = await db.scalars(
        select(MemberStaffGrant.staff_member_id).where(MemberStaffGrant.member_id == me.id)
    )
    return set(rows.all())


async def _out(db: AsyncSession, org_id: uuid.UUID, me: OrganizationMember) -> StaffVisibility:
    granted = await _granted(db, me)
    everyone = me.staff_visibility == ALL_STAFF
    return StaffVisibility(
        organization_id=org_id,
        mode=me.staff_visibility,
        staff=[
            StaffChoice(m.user_id, name, m.member_role, everyone or m.id in granted)
            for m, name in await _staff(db, org_id, me)
        ],
    )


async def get_visibility(db: AsyncSession, user: User, org_id: uuid.UUID) -> StaffVisibility:
    org, me = await membership(db, org_id, user)
    return await _out(db, org.id, me)


async def set_visibility(
    db: AsyncSession,
    user: User,
    org_id: uuid.UUID,
    mode: str,
    allowed_user_ids: list[uuid.UUID],
    now: datetime,
) -> StaffVisibility:
    org, me = await membership(db, org_id, user)
    staff = {m.user_id: m for m, _ in await _staff(db, org.id, me)}
    if mode == ALL_STAFF and allowed_user_ids:
        raise NotStaff(
            "With every staff member seeing your shares there is nobody to choose; send "
            '`mode: "chosen"` with the people you choose.',
            field="body.allowed_user_ids",
        )
    unknown = [str(u) for u in allowed_user_ids if u not in staff]
    if unknown:
        raise NotStaff(
            f"Not a coach, admin or owner of {org.name}: {', '.join(unknown)}. Choose among "
            "the staff listed for this institute.",
            field="body.allowed_user_ids",
        )
    before_mode, before = me.staff_visibility, await _granted(db, me)
    wanted = {staff[u].id for u in allowed_user_ids} if mode == CHOSEN else set()
    if before_mode == mode and before == wanted:
        return await _out(db, org.id, me)
    me.staff_visibility = mode
    await db.execute(delete(MemberStaffGrant).where(MemberStaffGrant.member_id == me.id))
    for staff_member_id in sorted(wanted):
        db.add(MemberStaffGrant(member_id=me.id, staff_member_id=staff_member_id, created_at=now))
    await db.flush()
    by_membership = {m.id: m.user_id for m in staff.values()}
    record_audit(
        db,
        actor_id=user.id,
        action="org.staff_visibility_change",
        target_type="organization",
        target_id=org.id,
        details={
            "mode": mode,
            "added": sorted(str(by_membership[i]) for i in wanted - before if i in by_membership),
            "removed": sorted(str(by_membership[i]) for i in before - wanted if i in by_membership),
        },
    )
    return await _out(db, org.id, me)
