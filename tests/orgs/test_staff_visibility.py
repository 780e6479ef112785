"""Members decide which of the institute's staff see what they share: by default every owner,
admin and coach; once the member chooses, only the chosen ones, everywhere staff read member
data (shared sessions, comments, the member view, the dashboard), from the next request on;
every change is in the member's activity trail."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.models import AuditEntry, InterviewSession, Organization, User
from tests.factories import auth_headers
from tests.orgs import factories

pytestmark = pytest.mark.sqlite


class World:
    org: Organization
    owner: User
    admin: User
    cleo: User
    carl: User
    mia: User
    session: InterviewSession


async def _world(db: AsyncSession) -> World:
    w = World()
    w.owner = await factories.user(db, "Owner Ada")
    w.org = await factories.org(db, w.owner, "Placement Cell")
    w.admin = await factories.member(db, w.org, "Admin Abe", role="admin", shares=False)
    w.cleo = await factories.member(db, w.org, "Coach Cleo", role="coach", shares=False)
    w.carl = await factories.member(db, w.org, "Coach Carl", role="coach", shares=False)
    w.mia = await factories.member(db, w.org, "Mia Member")
    w.session = await factories.scored_session(
        db, w.mia, (70, 70, 70, 70, 70), organization=w.org, shared=True
    )
    # Four more sharing members: with Mia, the dashboard reaches its 5-member threshold.
    for i in range(4):
        other = await factories.member(db, w.org, f"Peer {i}")
        await factories.scored_session(db, other, (60, 60, 60, 60, 60))
    return w


def _visibility(w: World) -> str:
    return f"/v1/orgs/{w.org.id}/membership/visibility"


async def _reads(client: httpx.AsyncClient, w: World, h: dict[str, str]) -> dict[str, Any]:
    """What one staff member can read of Mia right now."""
    comments = await client.get(f"/v1/sessions/{w.session.id}/comments", headers=h)
    shared = await client.get(f"/v1/orgs/{w.org.id}/shared-sessions", headers=h)
    return {
        "comments": comments.status_code,
        "comments_error": comments.json().get("detail", ""),
        "listed": str(w.session.id) in [s["session_id"] for s in shared.json()["items"]],
    }


async def test_a_member_chooses_which_coaches_see_their_shares_and_it_applies_at_once(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    w = await _world(db)
    mia = auth_headers(w.mia, settings)
    cleo, carl = auth_headers(w.cleo, settings), auth_headers(w.carl, settings)
    owner = auth_headers(w.owner, settings)

    before = (await client.get(_visibility(w), headers=mia)).json()
    assert before["mode"] == "all_staff"
    assert [(s["name"], s["role"], s["sees_my_data"]) for s in before["staff"]] == [
        ("Admin Abe", "admin", True),
        ("Coach Carl", "coach", True),
        ("Coach Cleo", "coach", True),
        ("Owner Ada", "owner", True),
    ]
    assert (await _reads(client, w, carl))["listed"]

    chosen = await client.put(
        _visibility(w), json={"mode": "chosen", "allowed_user_ids": [str(w.cleo.id)]}, headers=mia
    )
    assert chosen.status_code == 200, chosen.text
    assert {s["name"]: s["sees_my_data"] for s in chosen.json()["staff"]} == {
        "Admin Abe": False,
        "Coach Carl": False,
        "Coach Cleo": True,
        "Owner Ada": False,
    }

    # Carl, not chosen: the session is gone from his list and its thread refuses him.
    carl_reads = await _reads(client, w, carl)
    assert carl_reads["comments"] == 403 and "not among them" in carl_reads["comments_error"]
    assert not carl_reads["listed"]
    post = await client.post(
        f"/v1/sessions/{w.session.id}/comments", json={"body": "Hi", "t_ms": 1}, headers=carl
    )
    assert post.status_code == 403 and post.json()["error"] == "SessionNotShared"
    # Cleo, chosen, keeps reading and commenting.
    assert (await _reads(client, w, cleo)) == {
        "comments": 200,
        "comments_error": "",
        "listed": True,
    }

    # The owner no longer sees Mia: not in the member view, not in the dashboard's figures.
    view = await client.get(f"/v1/orgs/{w.org.id}/users/{w.mia.id}/sessions", headers=owner)
    assert view.status_code == 403 and "not among them" in view.json()["detail"]
    board = (await client.get(f"/v1/orgs/{w.org.id}/dashboard", headers=owner)).json()
    assert "Mia Member" not in [m["name"] for m in board["members"]]
    assert board["sharing_count"] == 4 and board["cohort"] is None

    # Back to everyone: Carl and the owner see Mia again on their next request.
    back = await client.put(_visibility(w), json={"mode": "all_staff"}, headers=mia)
    assert back.status_code == 200 and back.json()["mode"] == "all_staff"
    assert (await _reads(client, w, carl))["listed"]
    board = (await client.get(f"/v1/orgs/{w.org.id}/dashboard", headers=owner)).json()
    assert board["sharing_count"] == 5 and board["cohort"] is not None

    changes = [
        e.details
        for e in (await db.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars()
        if e.action == "org.staff_visibility_change" and e.actor_id == w.mia.id
    ]
    assert changes == [
        {"mode": "chosen", "added": [str(w.cleo.id)], "removed": []},
        {"mode": "all_staff", "added": [], "removed": [str(w.cleo.id)]},
    ]
    # Mia sees her choices in her own activity trail.
    trail = (await client.get("/v1/users/me/audit", headers=mia)).json()["items"]
    assert [i["action"] for i in trail].count("org.staff_visibility_change") == 2


async def test_a_coach_who_joins_later_is_not_among_the_chosen(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    w = await _world(db)
    mia = auth_headers(w.mia, settings)
    r = await client.put(
        _visibility(w), json={"mode": "chosen", "allowed_user_ids": [str(w.cleo.id)]}, headers=mia
    )
    assert r.status_code == 200
    newcomer = await factories.member(db, w.org, "Coach Nia", role="coach")
    reads = await _reads(client, w, auth_headers(newcomer, settings))
    assert reads["comments"] == 403 and not reads["listed"]


async def test_bad_choices_are_refused_with_what_to_fix(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    w = await _world(db)
    mia = auth_headers(w.mia, settings)
    plain = await factories.member(db, w.org, "Plain Member")
    not_staff = await client.put(
        _visibility(w), json={"mode": "chosen", "allowed_user_ids": [str(plain.id)]}, headers=mia
    )
    assert not_staff.status_code == 400 and not_staff.json()["error"] == "NotStaff"
    assert str(plain.id) in not_staff.json()["detail"]
    stranger = str(uuid.uuid4())
    unknown = await client.put(
        _visibility(w), json={"mode": "chosen", "allowed_user_ids": [stranger]}, headers=mia
    )
    assert unknown.status_code == 400
    contradictory = await client.put(
        _visibility(w),
        json={"mode": "all_staff", "allowed_user_ids": [str(w.cleo.id)]},
        headers=mia,
    )
    assert contradictory.status_code == 400
    bad_mode = await client.put(_visibility(w), json={"mode": "some"}, headers=mia)
    assert bad_mode.status_code == 422
    outsider = auth_headers(await factories.user(db, "Outsider"), settings)
    assert (await client.get(_visibility(w), headers=outsider)).status_code == 404
    # Nothing changed: every staff member still sees Mia's shares.
    staff = (await client.get(_visibility(w), headers=mia)).json()["staff"]
    assert all(s["sees_my_data"] for s in staff)
