"""Groups (cohorts) inside an institute: admins manage them, and the 5-member minimum for
cohort figures applies to each group on its own."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.models import User
from tests.factories import auth_headers
from tests.orgs import factories

pytestmark = pytest.mark.sqlite


async def _org_with_members(db: AsyncSession, n: int) -> tuple[User, str, list[User]]:
    admin = await factories.user(db, "Admin")
    org = await factories.org(db, admin)
    members = [await factories.member(db, org, f"M{i}") for i in range(n)]
    return admin, str(org.id), members


async def test_admin_creates_group_and_sets_members(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    admin, org_id, members = await _org_with_members(db, 3)
    h = auth_headers(admin, settings)
    r = await client.post(f"/v1/orgs/{org_id}/groups", json={"name": "Batch 2027"}, headers=h)
    assert r.status_code == 201, r.text
    gid = r.json()["id"]
    dup = await client.post(f"/v1/orgs/{org_id}/groups", json={"name": "batch  2027"}, headers=h)
    assert dup.status_code == 409 and "Batch 2027" in dup.json()["detail"]

    ids = [str(m.id) for m in members[:2]]
    r = await client.put(
        f"/v1/orgs/{org_id}/groups/{gid}/members", json={"user_ids": ids}, headers=h
    )
    assert r.status_code == 200, r.text
    assert r.json()["member_count"] == 2 and sorted(r.json()["member_user_ids"]) == sorted(ids)

    outsider = await factories.user(db, "Outsider")
    bad = await client.put(
        f"/v1/orgs/{org_id}/groups/{gid}/members",
        json={"user_ids": [str(outsider.id)]},
        headers=h,
    )
    assert bad.status_code == 400 and str(outsider.id) in bad.json()["detail"]

    everyone = (await client.get(f"/v1/orgs/{org_id}/members", headers=h)).json()["items"]
    assert [m["name"] for m in everyone] == ["Admin", "M0", "M1", "M2"]
    assert set(everyone[0]) == {"user_id", "name", "role", "joined_at"}

    listed = await client.get(f"/v1/orgs/{org_id}/groups", headers=h)
    assert [g["name"] for g in listed.json()["items"]] == ["Batch 2027"]

    # A member cannot manage groups.
    mh = auth_headers(members[0], settings)
    assert (await client.get(f"/v1/orgs/{org_id}/groups", headers=mh)).status_code == 403
    assert (await client.get(f"/v1/orgs/{org_id}/members", headers=mh)).status_code == 403

    gone = await client.delete(f"/v1/orgs/{org_id}/groups/{gid}", headers=h)
    assert gone.status_code == 204
    assert (await client.get(f"/v1/orgs/{org_id}/groups", headers=h)).json()["items"] == []


async def test_group_dashboard_applies_the_threshold_to_the_group(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    """Six sharing members in the institute (figures shown), four of them in a group: the group
    dashboard withholds its figures although the institute's are shown."""
    admin, org_id, members = await _org_with_members(db, 6)
    for i, m in enumerate(members):
        await factories.scored_session(db, m, (50 + i, 50, 50, 50, 50))
    h = auth_headers(admin, settings)
    whole = (await client.get(f"/v1/orgs/{org_id}/dashboard", headers=h)).json()
    assert whole["cohort"]["averages"]["overall"] == 52.5  # (50+51+...+55) / 6
    assert whole["group_id"] is None

    gid = (
        await client.post(f"/v1/orgs/{org_id}/groups", json={"name": "Small"}, headers=h)
    ).json()["id"]
    four = [str(m.id) for m in members[:4]]
    await client.put(f"/v1/orgs/{org_id}/groups/{gid}/members", json={"user_ids": four}, headers=h)
    small = (await client.get(f"/v1/orgs/{org_id}/groups/{gid}/dashboard", headers=h)).json()
    assert small["group_name"] == "Small"
    assert small["cohort"] is None and small["sharing_count"] == 4
    assert "Small" in small["message"] and "5" in small["message"]

    five = [str(m.id) for m in members[:5]]
    await client.put(f"/v1/orgs/{org_id}/groups/{gid}/members", json={"user_ids": five}, headers=h)
    ok = (await client.get(f"/v1/orgs/{org_id}/groups/{gid}/dashboard", headers=h)).json()
    assert ok["cohort"]["averages"]["overall"] == 52.0  # (50+51+52+53+54) / 5
    assert {r["user_id"] for r in ok["members"]} == set(five)


async def test_leaving_the_institute_leaves_its_groups(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    admin, org_id, members = await _org_with_members(db, 2)
    h = auth_headers(admin, settings)
    gid = (await client.post(f"/v1/orgs/{org_id}/groups", json={"name": "G"}, headers=h)).json()[
        "id"
    ]
    ids = [str(m.id) for m in members]
    await client.put(f"/v1/orgs/{org_id}/groups/{gid}/members", json={"user_ids": ids}, headers=h)
    left = await client.delete(
        f"/v1/orgs/{org_id}/membership", headers=auth_headers(members[0], settings)
    )
    assert left.status_code == 204
    groups = (await client.get(f"/v1/orgs/{org_id}/groups", headers=h)).json()["items"]
    assert groups[0]["member_user_ids"] == [str(members[1].id)]
