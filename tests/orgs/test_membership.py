"""Creating an organization, invite codes (hash only, expiry, uses), joining, the member's
sharing choice, leaving, and who may do what (404 for outsiders, 403 for plain members)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.base import utcnow
from moodlens.models import (
    AuditEntry,
    InterviewSession,
    Organization,
    OrganizationInvite,
    OrganizationMember,
)
from moodlens.orgs.membership import _hash_code
from moodlens.privacy.service import schedule_session_deletion
from tests.factories import auth_headers
from tests.orgs import factories

pytestmark = pytest.mark.sqlite


async def _membership(db: AsyncSession, org_id: uuid.UUID, user_id: uuid.UUID) -> object:
    return (
        await db.execute(
            select(OrganizationMember).where(
                OrganizationMember.organization_id == org_id,
                OrganizationMember.user_id == user_id,
            )
        )
    ).scalar_one_or_none()


async def test_create_invite_join_share_and_list(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    owner = await factories.user(db, "Olivia Owner")
    student = await factories.user(db, "Sam Student")
    oh, sh = auth_headers(owner, settings), auth_headers(student, settings)

    r = await client.post("/v1/orgs", json={"name": "Placement Cell"}, headers=oh)
    assert r.status_code == 201, r.text
    org = r.json()
    assert org["my_role"] == "owner" and org["member_count"] == 1
    # The creator's own progress is not shared just because they created the org.
    assert org["shares_progress"] is False

    r = await client.post(f"/v1/orgs/{org['id']}/invites", json={}, headers=oh)
    assert r.status_code == 201, r.text
    invite = r.json()
    code = invite["code"]
    assert invite["role"] == "member"
    # Only the hash is stored: the code itself appears nowhere in the table.
    stored = (await db.execute(select(OrganizationInvite))).scalars().all()
    assert [i.code_hash for i in stored] == [_hash_code(code)]

    # Case and dashes do not matter when typing the code.
    typed = code.replace("-", " ").lower()
    r = await client.post("/v1/orgs/join", json={"code": typed}, headers=sh)
    assert r.status_code == 200, r.text
    joined = r.json()
    assert joined["role"] == "member" and joined["shares_progress"] is False
    assert joined["organization_name"] == "Placement Cell"

    # Joining again is harmless and does not use the code up.
    again = await client.post("/v1/orgs/join", json={"code": code}, headers=sh)
    assert again.status_code == 200 and again.json() == joined
    assert stored[0].use_count == 1

    r = await client.put(
        f"/v1/orgs/{org['id']}/membership", json={"shares_progress": True}, headers=sh
    )
    assert r.status_code == 200 and r.json()["shares_progress"] is True

    mine = (await client.get("/v1/orgs", headers=sh)).json()["items"]
    assert [(o["name"], o["my_role"], o["shares_progress"], o["member_count"]) for o in mine] == [
        ("Placement Cell", "member", True, 2)
    ]
    actions = {
        a
        for (a,) in (
            await db.execute(select(AuditEntry.action).where(AuditEntry.target_id == org["id"]))
        ).all()
    }
    assert {"org.create", "org.invite_create", "org.join", "org.sharing_on"} <= actions


async def test_wrong_expired_and_used_up_codes(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    owner = await factories.user(db)
    org = await factories.org(db, owner)
    oh = auth_headers(owner, settings)
    joiner = await factories.user(db)
    jh = auth_headers(joiner, settings)

    r = await client.post("/v1/orgs/join", json={"code": "ABCD-EFGH-JKMN"}, headers=jh)
    assert r.status_code == 404 and r.json()["error"] == "InviteNotFound"

    code = (
        await client.post(f"/v1/orgs/{org.id}/invites", json={"expires_in_days": 1}, headers=oh)
    ).json()["code"]
    invite = (await db.execute(select(OrganizationInvite))).scalar_one()
    invite.expires_at = utcnow() - timedelta(seconds=1)
    await db.flush()
    r = await client.post("/v1/orgs/join", json={"code": code}, headers=jh)
    assert r.status_code == 410, r.text
    assert r.json()["error"] == "InviteExpired" and "expired" in r.json()["detail"]
    assert await _membership(db, org.id, joiner.id) is None

    code = (
        await client.post(f"/v1/orgs/{org.id}/invites", json={"max_uses": 1}, headers=oh)
    ).json()["code"]
    assert (await client.post("/v1/orgs/join", json={"code": code}, headers=jh)).status_code == 200
    late = await factories.user(db)
    r = await client.post(
        "/v1/orgs/join", json={"code": code}, headers=auth_headers(late, settings)
    )
    assert r.status_code == 410 and "used up" in r.json()["detail"]


async def test_roles_outsiders_get_404_and_members_403(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    owner = await factories.user(db)
    org = await factories.org(db, owner)
    admin = await factories.member(db, org, "Ada Admin", role="admin", shares=False)
    plain = await factories.member(db, org, "Max Member")
    outsider = await factories.user(db)
    ah, mh, xh = (auth_headers(u, settings) for u in (admin, plain, outsider))
    admin_only: list[tuple[str, str, dict[str, object] | None]] = [
        ("GET", f"/v1/orgs/{org.id}/dashboard", None),
        ("GET", f"/v1/orgs/{org.id}/users/{plain.id}/sessions", None),
        ("POST", f"/v1/orgs/{org.id}/invites", {}),
    ]
    for method, path, body in admin_only:
        r = await client.request(method, path, json=body, headers=xh)
        assert r.status_code == 404 and r.json()["error"] == "OrgNotFound", (path, r.text)
        r = await client.request(method, path, json=body, headers=mh)
        assert r.status_code == 403 and r.json()["error"] == "OrgAdminRequired", (path, r.text)
        assert "owner and admins" in r.json()["detail"]
        r = await client.request(method, path, json=body, headers=ah)
        assert r.status_code < 300, (path, r.text)
    # An unknown org is the same 404 as one you are not in: ids cannot be probed.
    r = await client.get(f"/v1/orgs/{uuid.uuid4()}/dashboard", headers=ah)
    assert r.status_code == 404 and r.json()["error"] == "OrgNotFound"
    r = await client.put(
        f"/v1/orgs/{org.id}/membership", json={"shares_progress": True}, headers=xh
    )
    assert r.status_code == 404

    # Admins invite members; only the owner invites admins.
    r = await client.post(f"/v1/orgs/{org.id}/invites", json={"role": "admin"}, headers=ah)
    assert r.status_code == 403 and r.json()["error"] == "OwnerRequired"
    r = await client.post(
        f"/v1/orgs/{org.id}/invites",
        json={"role": "admin"},
        headers=auth_headers(owner, settings),
    )
    assert r.status_code == 201
    joined = await client.post("/v1/orgs/join", json={"code": r.json()["code"]}, headers=xh)
    assert joined.json()["role"] == "admin"
    # Someone who is not a member of the org is a 404 for its admins.
    r = await client.get(f"/v1/orgs/{org.id}/users/{uuid.uuid4()}/sessions", headers=ah)
    assert r.status_code == 404 and r.json()["error"] == "MemberNotFound"


async def test_leave_ends_access_and_session_shares(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    owner = await factories.user(db)
    org = await factories.org(db, owner)
    admin = await factories.member(db, org, role="admin", shares=False)
    student = await factories.member(db, org, "Leaving Student")
    session = await factories.scored_session(
        db, student, (70, 70, 70, 70, 70), organization=org, shared=True
    )
    ah, sh = auth_headers(admin, settings), auth_headers(student, settings)
    path = f"/v1/orgs/{org.id}/users/{student.id}/sessions"
    assert (await client.get(path, headers=ah)).status_code == 200

    r = await client.delete(f"/v1/orgs/{org.id}/membership", headers=sh)
    assert r.status_code == 204, r.text
    assert await _membership(db, org.id, student.id) is None
    r = await client.get(path, headers=ah)
    assert r.status_code == 404 and r.json()["error"] == "MemberNotFound"
    dash = (await client.get(f"/v1/orgs/{org.id}/dashboard", headers=ah)).json()
    assert dash["member_count"] == 2 and dash["members"] == []
    # The share ends with the membership, so rejoining later reveals nothing old.
    refreshed = await db.get(InterviewSession, session.id, populate_existing=True)
    assert refreshed is not None
    assert refreshed.shared_with_org is False and refreshed.organization_id is None
    # Leaving twice: no longer a member.
    assert (await client.delete(f"/v1/orgs/{org.id}/membership", headers=sh)).status_code == 404


async def test_only_owner_cannot_leave_a_populated_org_but_last_member_deletes_it(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    owner = await factories.user(db)
    org = await factories.org(db, owner)
    student = await factories.member(db, org)
    oh = auth_headers(owner, settings)
    r = await client.delete(f"/v1/orgs/{org.id}/membership", headers=oh)
    assert r.status_code == 409 and r.json()["error"] == "OwnerCannotLeave"
    assert "1 other member remain" in r.json()["detail"]

    await client.delete(f"/v1/orgs/{org.id}/membership", headers=auth_headers(student, settings))
    assert (await client.delete(f"/v1/orgs/{org.id}/membership", headers=oh)).status_code == 204
    assert await db.get(Organization, org.id, populate_existing=True) is None


async def test_share_session_is_own_sessions_only_and_per_org(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    owner = await factories.user(db)
    first = await factories.org(db, owner, "First")
    second = await factories.org(db, owner, "Second")
    student = await factories.member(db, first)
    other = await factories.user(db)
    mine = await factories.scored_session(db, student, (60, 60, 60, 60, 60))
    theirs = await factories.scored_session(db, other, (60, 60, 60, 60, 60))
    sh = auth_headers(student, settings)

    r = await client.put(
        f"/v1/sessions/{theirs.id}/share", json={"shared_with_org": True}, headers=sh
    )
    assert r.status_code == 404 and r.json()["error"] == "SessionNotFound"

    r = await client.put(
        f"/v1/sessions/{mine.id}/share", json={"shared_with_org": True}, headers=sh
    )
    assert r.status_code == 200, r.text
    assert r.json() == {
        "session_id": str(mine.id),
        "shared_with_org": True,
        "organization_id": str(first.id),
        "visible_to_admins": True,
    }
    # With two organizations the member must say which one.
    db.add(OrganizationMember(organization_id=second.id, user_id=student.id))
    await db.flush()
    mine.organization_id = None
    await db.flush()
    r = await client.put(
        f"/v1/sessions/{mine.id}/share", json={"shared_with_org": True}, headers=sh
    )
    assert r.status_code == 400 and r.json()["error"] == "OrganizationChoiceNeeded"
    r = await client.put(
        f"/v1/sessions/{mine.id}/share",
        json={"shared_with_org": True, "organization_id": str(second.id)},
        headers=sh,
    )
    # Shared, but "Second" sees nothing until the member also shares progress there.
    assert r.json()["organization_id"] == str(second.id)
    assert r.json()["visible_to_admins"] is False
    r = await client.put(
        f"/v1/sessions/{mine.id}/share", json={"shared_with_org": False}, headers=sh
    )
    assert r.json()["shared_with_org"] is False
    # A deleted session cannot be shared: it is gone everywhere at once.
    await schedule_session_deletion(db, mine, [])
    r = await client.put(
        f"/v1/sessions/{mine.id}/share", json={"shared_with_org": True}, headers=sh
    )
    assert r.status_code == 404


async def test_share_status_reads_the_sessions_choice_for_its_owner_only(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    owner = await factories.user(db)
    org = await factories.org(db, owner, "First")
    student = await factories.member(db, org, shares=False)
    mine = await factories.scored_session(db, student, (60, 60, 60, 60, 60))
    sh = auth_headers(student, settings)

    r = await client.get(f"/v1/sessions/{mine.id}/share", headers=sh)
    assert r.status_code == 200, r.text
    assert r.json() == {
        "session_id": str(mine.id),
        "shared_with_org": False,
        "organization_id": None,
        "visible_to_admins": False,
    }
    await client.put(f"/v1/sessions/{mine.id}/share", json={"shared_with_org": True}, headers=sh)
    # Shared, but the admins need progress sharing too: the report page says so.
    r = await client.get(f"/v1/sessions/{mine.id}/share", headers=sh)
    assert r.json()["shared_with_org"] is True and r.json()["visible_to_admins"] is False
    assert r.json()["organization_id"] == str(org.id)
    await client.put(f"/v1/orgs/{org.id}/membership", json={"shares_progress": True}, headers=sh)
    r = await client.get(f"/v1/sessions/{mine.id}/share", headers=sh)
    assert r.json()["visible_to_admins"] is True
    # Reading the state changes nothing and is not an audited sharing decision.
    shares = await db.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == "session.share", AuditEntry.target_id == str(mine.id))
    )
    assert shares == 1

    # Someone else's session, even an admin's view of it, is not found here.
    r = await client.get(f"/v1/sessions/{mine.id}/share", headers=auth_headers(owner, settings))
    assert r.status_code == 404 and r.json()["error"] == "SessionNotFound"
    await schedule_session_deletion(db, mine, [])
    r = await client.get(f"/v1/sessions/{mine.id}/share", headers=sh)
    assert r.status_code == 404
