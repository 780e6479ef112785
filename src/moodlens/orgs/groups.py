"""Groups (cohorts) inside an institute, e.g. "Batch 2027".

Groups only narrow who is counted: the privacy rules of `orgs.dashboard` (sharing members only,
at least COHORT_THRESHOLD contributors per figure) apply to each group on its own, so a small
group never shows figures that would be one person's scores.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.audit import record_audit
from moodlens.core.errors import BadRequest, Conflict, NotFound
from moodlens.models import OrganizationMember, OrgGroup, OrgGroupMember, User
from moodlens.orgs.access import membership, require_admin

MAX_GROUPS_PER_ORG = 200


class GroupNotFound(NotFound):
    """No such group in this organization."""


class GroupNameTaken(Conflict):
    """Another group of the organization has this name."""


class NotOrgMembers(BadRequest):
    """Some of the people listed are not members of the organization."""


class TooManyGroups(Conflict):
    """The organization has as many groups as allowed."""


def _group_out(group: OrgGroup, member_ids: list[uuid.UUID]) -> dict[str, Any]:
    return {
        "id": group.id,
        "organization_id": group.organization_id,
        "name": group.name,
        "created_at": group.created_at,
        "member_count": len(member_ids),
        "member_user_ids": member_ids,
    }


async def get_group(db: AsyncSession, org_id: uuid.UUID, group_id: uuid.UUID) -> OrgGroup:
    group = await db.get(OrgGroup, group_id)
    if group is None or group.organization_id != org_id:
        raise GroupNotFound(f"No group with id {group_id} in this organization.")
    return group


async def group_user_ids(db: AsyncSession, group_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await db.execute(
        select(OrganizationMember.user_id)
        .join(OrgGroupMember, OrgGroupMember.member_id == OrganizationMember.id)
        .where(OrgGroupMember.group_id == group_id)
        .order_by(OrganizationMember.created_at, OrganizationMember.user_id)
    )
    return list(rows.scalars())


async def my_group_ids(db: AsyncSession, user_id: uuid.UUID) -> set[uuid.UUID]:
    rows = await db.execute(
        select(OrgGroupMember.group_id)
        .join(OrganizationMember, OrganizationMember.id == OrgGroupMember.member_id)
        .where(OrganizationMember.user_id == user_id)
    )
    return set(rows.scalars())


async def create_group(
    db: AsyncSession, user: User, org_id: uuid.UUID, name: str, now: datetime
) -> dict[str, Any]:
    org, _ = await require_admin(db, org_id, user, "create groups")
    name = " ".join(name.split())
    count = await db.scalar(select(func.count()).where(OrgGroup.organization_id == org.id))
    if int(count or 0) >= MAX_GROUPS_PER_ORG:
        raise TooManyGroups(
            f"{org.name} already has {MAX_GROUPS_PER_ORG} groups; delete one you no longer use."
        )
    taken = await db.scalar(
        select(OrgGroup.name).where(
            OrgGroup.organization_id == org.id, func.lower(OrgGroup.name) == name.lower()
        )
    )
    if taken is not None:
        raise GroupNameTaken(
            f"{org.name} already has a group named {taken!r}; choose another name.",
            field="body.name",
        )
    group = OrgGroup(organization_id=org.id, name=name, created_at=now)
    db.add(group)
    await db.flush()
    record_audit(
        db,
        actor_id=user.id,
        action="org.group_create",
        target_type="organization",
        target_id=org.id,
        details={"group_id": str(group.id)},
    )
    return _group_out(group, [])


async def list_groups(db: AsyncSession, user: User, org_id: uuid.UUID) -> list[dict[str, Any]]:
    org, _ = await require_admin(db, org_id, user, "see groups")
    groups = (
        await db.execute(
            select(OrgGroup).where(OrgGroup.organization_id == org.id).order_by(OrgGroup.name)
        )
    ).scalars()
    return [_group_out(g, await group_user_ids(db, g.id)) for g in list(groups)]


async def set_group_members(
    db: AsyncSession,
    user: User,
    org_id: uuid.UUID,
    group_id: uuid.UUID,
    user_ids: list[uuid.UUID],
    now: datetime,
) -> dict[str, Any]:
    """Replace the group's members with `user_ids` (all must belong to the organization)."""
    org, _ = await require_admin(db, org_id, user, "change groups")
    group = await get_group(db, org.id, group_id)
    wanted = list(dict.fromkeys(user_ids))
    memberships = {
        m.user_id: m
        for m in (
            await db.execute(
                select(OrganizationMember).where(
                    OrganizationMember.organization_id == org.id,
                    OrganizationMember.user_id.in_(wanted),
                )
            )
        ).scalars()
    }
    missing = [str(u) for u in wanted if u not in memberships]
    if missing:
        raise NotOrgMembers(
            f"Not members of {org.name}: {', '.join(missing)}. Invite them first.",
            field="body.user_ids",
        )
    await db.execute(delete(OrgGroupMember).where(OrgGroupMember.group_id == group.id))
    for uid in wanted:
        db.add(OrgGroupMember(group_id=group.id, member_id=memberships[uid].id, created_at=now))
    await db.flush()
    record_audit(
        db,
        actor_id=user.id,
        action="org.group_members_set",
        target_type="organization",
        target_id=org.id,
        details={"group_id": str(group.id), "members": len(wanted)},
    )
    return _group_out(group, await group_user_ids(db, group.id))


async def delete_group(
    db: AsyncSession, user: User, org_id: uuid.UUID, group_id: uuid.UUID
) -> None:
    """Deleting a group deletes the assignments given to it (not the members' sessions)."""
    org, _ = await require_admin(db, org_id, user, "delete groups")
    group = await get_group(db, org.id, group_id)
    await db.execute(delete(OrgGroup).where(OrgGroup.id == group.id))
    db.expunge(group)
    record_audit(
        db,
        actor_id=user.id,
        action="org.group_delete",
        target_type="organization",
        target_id=org.id,
        details={"group_id": str(group_id)},
    )


async def my_groups(db: AsyncSession, user: User, org_id: uuid.UUID) -> list[dict[str, Any]]:
    """The groups of `org_id` the caller is in (members see their own groups only)."""
    await membership(db, org_id, user)
    rows = await db.execute(
        select(OrgGroup)
        .join(OrgGroupMember, OrgGroupMember.group_id == OrgGroup.id)
        .join(OrganizationMember, OrganizationMember.id == OrgGroupMember.member_id)
        .where(OrgGroup.organization_id == org_id, OrganizationMember.user_id == user.id)
        .order_by(OrgGroup.name)
    )
    return [{"id": g.id, "name": g.name} for g in rows.scalars()]


async def list_members(db: AsyncSession, user: User, org_id: uuid.UUID) -> list[dict[str, Any]]:
    """Who belongs to the organization, to put them in groups (owner and admins). Names and
    roles only: scores stay behind each member's sharing choice."""
    org, _ = await require_admin(db, org_id, user, "see the member list")
    rows = await db.execute(
        select(OrganizationMember, User.full_name)
        .join(User, User.id == OrganizationMember.user_id)
        .where(OrganizationMember.organization_id == org.id)
        .order_by(User.full_name, User.id)
    )
    return [
        {
            "user_id": m.user_id,
            "name": name,
            "role": m.member_role,
            "joined_at": m.created_at,
        }
        for m, name in rows.all()
    ]
