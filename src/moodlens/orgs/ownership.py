"""What happens to an institute when its owner's account is deleted.

Deleting an account must never be blocked (a person's right to erasure outranks an org's
admin convenience), and an institute nobody can administer is stuck: no invites, no admin
promotions, no dashboard. So the owner's role passes on: to the longest-standing admin, else
to the longest-standing member. An institute with no other member is deleted with its invite
codes. Kept apart from `orgs.membership` so account deletion can call it without an import cycle
(the orgs modules read sessions through `privacy.service`).
"""

from __future__ import annotations

import uuid

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.audit import record_audit
from moodlens.models import Organization, OrganizationMember

# Successor order: admins before members, then who joined first.
_SUCCESSION = (OrganizationMember.member_role != "admin", OrganizationMember.created_at)


async def hand_over_owned_orgs(db: AsyncSession, user_id: uuid.UUID) -> dict[str, int]:
    """Before `user_id` is deleted: give each organization they alone own a new owner, or
    delete it when they are its last member. Returns counts for the audit trail."""
    owned = (
        await db.execute(
            select(OrganizationMember.organization_id).where(
                OrganizationMember.user_id == user_id, OrganizationMember.member_role == "owner"
            )
        )
    ).scalars()
    handed_over = deleted = 0
    for org_id in list(owned):
        other_owners = await db.scalar(
            select(func.count()).where(
                OrganizationMember.organization_id == org_id,
                OrganizationMember.member_role == "owner",
                OrganizationMember.user_id != user_id,
            )
        )
        if other_owners:
            continue
        successor = await db.scalar(
            select(OrganizationMember)
            .where(
                OrganizationMember.organization_id == org_id,
                OrganizationMember.user_id != user_id,
            )
            .order_by(*_SUCCESSION)
            .limit(1)
            .with_for_update()
        )
        if successor is None:
            await db.execute(delete(Organization).where(Organization.id == org_id))
            deleted += 1
            continue
        previous_role = successor.member_role
        successor.member_role = "owner"
        handed_over += 1
        record_audit(
            db,
            actor_id=None,
            action="org.owner_handover",
            target_type="organization",
            target_id=org_id,
            details={"reason": "owner_account_deleted", "previous_role": previous_role},
        )
    await db.flush()
    return {"orgs_handed_over": handed_over, "orgs_deleted": deleted}
