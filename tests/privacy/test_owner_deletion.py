"""Deleting an institute owner's account: the institute gets a new owner (an admin first,
else the longest-standing member), or is deleted when nobody else is in it; a co-owner
keeps it as it is. The deletion itself is never blocked."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.base import utcnow
from moodlens.core.storage import LocalStorage
from moodlens.models import AuditEntry, Organization, OrganizationMember, User
from moodlens.privacy.deletion import delete_account
from tests.orgs import factories

pytestmark = pytest.mark.sqlite


async def _roles(real_db: AsyncSession, org_id: uuid.UUID) -> dict[uuid.UUID, str]:
    rows = await real_db.execute(
        select(OrganizationMember.user_id, OrganizationMember.member_role).where(
            OrganizationMember.organization_id == org_id
        )
    )
    return {user_id: role for user_id, role in rows.all()}


async def _joined(real_db: AsyncSession, org: Organization, user: User, days_ago: int) -> None:
    row = await real_db.scalar(
        select(OrganizationMember).where(
            OrganizationMember.organization_id == org.id, OrganizationMember.user_id == user.id
        )
    )
    assert row is not None
    row.created_at = utcnow() - timedelta(days=days_ago)
    await real_db.flush()


async def test_an_admin_takes_over_before_longer_standing_members(
    real_db: AsyncSession, storage: LocalStorage
) -> None:
    owner = await factories.user(real_db, "Owner")
    org = await factories.org(real_db, owner)
    veteran = await factories.member(real_db, org, "Veteran member")
    admin = await factories.member(real_db, org, "Newer admin", role="admin")
    await _joined(real_db, org, veteran, days_ago=30)
    await _joined(real_db, org, admin, days_ago=2)

    await delete_account(real_db, storage, owner)

    assert await _roles(real_db, org.id) == {veteran.id: "member", admin.id: "owner"}
    handover = await real_db.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "org.owner_handover", AuditEntry.target_id == str(org.id)
        )
    )
    assert handover is not None and handover.actor_id is None
    assert handover.details == {"reason": "owner_account_deleted", "previous_role": "admin"}
    # Under a pseudonym, not the owner's id (tests/privacy/test_audit_pseudonym.py).
    deleted = await real_db.scalar(select(AuditEntry).where(AuditEntry.action == "account.delete"))
    assert deleted is not None and deleted.details["orgs_handed_over"] == 1


async def test_without_admins_the_longest_standing_member_takes_over(
    real_db: AsyncSession, storage: LocalStorage
) -> None:
    owner = await factories.user(real_db, "Owner")
    org = await factories.org(real_db, owner)
    newer = await factories.member(real_db, org, "Newer")
    older = await factories.member(real_db, org, "Older")
    await _joined(real_db, org, newer, days_ago=1)
    await _joined(real_db, org, older, days_ago=9)

    await delete_account(real_db, storage, owner)

    assert await _roles(real_db, org.id) == {newer.id: "member", older.id: "owner"}


async def test_an_institute_with_nobody_else_is_deleted(
    real_db: AsyncSession, storage: LocalStorage
) -> None:
    owner = await factories.user(real_db, "Owner")
    org = await factories.org(real_db, owner)
    org_id = org.id

    await delete_account(real_db, storage, owner)

    real_db.expunge_all()
    assert await real_db.get(Organization, org_id) is None


async def test_a_co_owner_keeps_the_institute_as_it_is(
    real_db: AsyncSession, storage: LocalStorage
) -> None:
    owner = await factories.user(real_db, "Owner")
    org = await factories.org(real_db, owner)
    co_owner = await factories.member(real_db, org, "Co-owner", role="owner")
    admin = await factories.member(real_db, org, "Admin", role="admin")

    await delete_account(real_db, storage, owner)

    assert await _roles(real_db, org.id) == {co_owner.id: "owner", admin.id: "admin"}
