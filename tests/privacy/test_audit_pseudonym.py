"""After an account is deleted, no audit entry names its id any more: every place the id stood
(actor, target, an admin's `member_id` in details) holds one random pseudonym, the entries
still read as one subject's history, and other people's ids are untouched."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import String, cast, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.audit import record_audit
from moodlens.core.storage import LocalStorage
from moodlens.models import AuditEntry
from moodlens.privacy.deletion import delete_account
from moodlens.privacy.service import record_member_data_view
from tests.factories import create_user

pytestmark = pytest.mark.sqlite


async def test_deleted_users_audit_entries_carry_a_pseudonym_not_their_id(
    db: AsyncSession, storage: LocalStorage
) -> None:
    member = await create_user(db)
    admin = await create_user(db)
    session_id = uuid.uuid4()
    record_audit(
        db, actor_id=member.id, action="session.create", target_type="session", target_id=session_id
    )
    record_audit(
        db,
        actor_id=member.id,
        action="progress.plan_item_done",
        target_type="user",
        target_id=member.id,
        details={"item_id": "drill-1"},
    )
    record_member_data_view(db, admin_id=admin.id, member_id=member.id, resource="progress")
    await db.flush()
    member_id = member.id

    await delete_account(db, storage, member)

    named = await db.scalars(
        select(AuditEntry).where(
            (AuditEntry.actor_id == member_id)
            | (AuditEntry.target_id == str(member_id))
            | cast(AuditEntry.details, String).contains(str(member_id))
        )
    )
    assert named.all() == []

    deleted = await db.scalar(select(AuditEntry).where(AuditEntry.action == "account.delete"))
    assert deleted is not None and deleted.actor_id is not None
    pseudonym = deleted.actor_id
    assert pseudonym != member_id and deleted.target_id == str(pseudonym)
    own = (await db.scalars(select(AuditEntry).where(AuditEntry.actor_id == pseudonym))).all()
    assert {e.action for e in own} == {
        "session.create",
        "progress.plan_item_done",
        "account.delete",
    }
    plan = next(e for e in own if e.action == "progress.plan_item_done")
    assert plan.target_id == str(pseudonym) and plan.details == {"item_id": "drill-1"}
    view = await db.scalar(select(AuditEntry).where(AuditEntry.action == "admin.view_member_data"))
    assert view is not None
    assert view.actor_id == admin.id  # the admin is still named: their account exists
    assert view.target_id == str(pseudonym) and view.details["member_id"] == str(pseudonym)
    session_entry = next(e for e in own if e.action == "session.create")
    assert session_entry.target_id == str(session_id)
