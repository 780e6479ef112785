"""Assignments: admins assign practice to the institute or a group; members see theirs and
start sessions from them within the due date and attempts; the admin view shows completion
and cohort scores only from 5 sharing members."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.models import AssignmentAttempt, AuditEntry, InterviewSession, SessionScore, User
from moodlens.models.interview import SessionStatus
from tests.factories import auth_headers
from tests.interview_sessions.factories import T0, FakeClock, grant_consent, template_id
from tests.orgs import factories

pytestmark = pytest.mark.sqlite


@pytest.fixture
def clock(app: FastAPI) -> FakeClock:
    fake = FakeClock()
    app.state.clock = fake
    return fake


async def _assign(
    client: httpx.AsyncClient, org_id: str, h: dict[str, str], tid: str, **extra: Any
) -> httpx.Response:
    body = {
        "template_id": tid,
        "duration_minutes": 10,
        "due_at": (T0 + timedelta(days=7)).isoformat(),
        "max_attempts": 2,
        **extra,
    }
    return await client.post(f"/v1/orgs/{org_id}/assignments", json=body, headers=h)


async def test_member_starts_assignment_within_attempts_and_due_date(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings, clock: FakeClock
) -> None:
    admin = await factories.user(db, "Admin")
    org = await factories.org(db, admin)
    member = await factories.member(db, org, "Mia")
    await grant_consent(db, member)
    tid = await template_id(db)
    h, mh = auth_headers(admin, settings), auth_headers(member, settings)

    r = await _assign(client, str(org.id), h, tid, title="Mock before placements")
    assert r.status_code == 201, r.text
    a = r.json()
    assert a["role_track"] == "sde" and a["round_type"] == "behavioral"
    assert a["difficulty"] == "medium" and a["group_id"] is None

    mine = (await client.get("/v1/assignments", headers=mh)).json()["items"]
    assert [i["title"] for i in mine] == ["Mock before placements"]
    assert mine[0]["attempts_left"] == 2 and mine[0]["status"] == "open"

    # A member cannot assign.
    assert (await _assign(client, str(org.id), mh, tid)).status_code == 403

    for _ in (1, 2):
        s = await client.post(f"/v1/assignments/{a['id']}/start", json={}, headers=mh)
        assert s.status_code == 201, s.text
        assert s.json()["duration_minutes"] == 10 and s.json()["template"]["id"] == tid
        assert s.json()["status"] == "scheduled"
    third = await client.post(f"/v1/assignments/{a['id']}/start", json={}, headers=mh)
    assert third.status_code == 409 and third.json()["error"] == "AttemptsUsedUp"
    assert "2 times" in third.json()["detail"]
    mine = (await client.get("/v1/assignments", headers=mh)).json()["items"]
    assert mine[0]["attempts_used"] == 2 and mine[0]["status"] == "attempts_used"
    assert not mine[0]["can_start"] and len(mine[0]["sessions"]) == 2

    # A new assignment, then time passes its due date.
    b = (await _assign(client, str(org.id), h, tid)).json()
    clock.advance(timedelta(days=8).total_seconds())
    late = await client.post(f"/v1/assignments/{b['id']}/start", json={}, headers=mh)
    assert late.status_code == 410 and late.json()["error"] == "AssignmentExpired"
    assert "was due" in late.json()["detail"]
    assert (await _assign(client, str(org.id), h, tid)).status_code == 400  # due in the past

    attempts = (
        await db.execute(select(AssignmentAttempt).where(AssignmentAttempt.user_id == member.id))
    ).scalars()
    assert len(list(attempts)) == 2


async def test_group_assignment_is_only_for_the_group_and_camera_needs_consent(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings, clock: FakeClock
) -> None:
    admin = await factories.user(db, "Admin")
    org = await factories.org(db, admin)
    inside = await factories.member(db, org, "In")
    outside = await factories.member(db, org, "Out")
    await grant_consent(db, inside, capture=frozenset({"microphone"}))
    await grant_consent(db, outside)
    tid = await template_id(db)
    h = auth_headers(admin, settings)
    gid = (
        await client.post(f"/v1/orgs/{org.id}/groups", json={"name": "Batch 2027"}, headers=h)
    ).json()["id"]
    await client.put(
        f"/v1/orgs/{org.id}/groups/{gid}/members", json={"user_ids": [str(inside.id)]}, headers=h
    )
    a = (await _assign(client, str(org.id), h, tid, group_id=gid, camera_required=True)).json()
    assert a["group_name"] == "Batch 2027"

    out_h = auth_headers(outside, settings)
    assert (await client.get("/v1/assignments", headers=out_h)).json()["items"] == []
    nope = await client.post(f"/v1/assignments/{a['id']}/start", json={}, headers=out_h)
    assert nope.status_code == 404

    in_h = auth_headers(inside, settings)
    assert len((await client.get("/v1/assignments", headers=in_h)).json()["items"]) == 1
    cam = await client.post(f"/v1/assignments/{a['id']}/start", json={}, headers=in_h)
    assert cam.status_code == 403 and cam.json()["error"] == "CameraRequired"
    await grant_consent(db, inside)
    ok = await client.post(f"/v1/assignments/{a['id']}/start", json={}, headers=in_h)
    assert ok.status_code == 201, ok.text

    wrong_group = await _assign(client, str(org.id), h, tid, group_id=str(org.id))
    assert wrong_group.status_code == 404


async def _attempt(
    client: httpx.AsyncClient,
    db: AsyncSession,
    member: User,
    settings: Settings,
    aid: str,
    score: float,
) -> None:
    """Start the assignment, then mark its session completed with a score (the report's job)."""
    r = await client.post(
        f"/v1/assignments/{aid}/start", json={}, headers=auth_headers(member, settings)
    )
    assert r.status_code == 201, r.text
    session = await db.get(InterviewSession, uuid.UUID(r.json()["id"]))
    assert session is not None
    session.status = SessionStatus.COMPLETED
    session.ended_at = T0 + timedelta(minutes=10)
    db.add(
        SessionScore(
            session_id=session.id,
            overall_score=score,
            communication_score=score,
            confidence_score=score,
            structure_score=score,
            relevance_score=score,
            scoring_version="test",
            summary_json={},
        )
    )
    await db.flush()


async def test_admin_sees_completion_and_scores_only_from_five_sharing_members(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings, clock: FakeClock
) -> None:
    admin = await factories.user(db, "Admin")
    org = await factories.org(db, admin)
    sharing = [await factories.member(db, org, f"S{i}") for i in range(5)]
    private = await factories.member(db, org, "Private", shares=False)
    for m in [*sharing, private]:
        await grant_consent(db, m)
    tid = await template_id(db)
    h = auth_headers(admin, settings)
    aid = (await _assign(client, str(org.id), h, tid)).json()["id"]

    await _attempt(client, db, private, settings, aid, 0)
    for i, m in enumerate(sharing[:4]):
        await _attempt(client, db, m, settings, aid, 60 + i)
    row = (await client.get(f"/v1/orgs/{org.id}/assignments", headers=h)).json()["items"][0]
    assert row["assigned_count"] == 7  # the owner is a member too
    assert row["started_count"] == 5 and row["completed_count"] == 5
    assert row["cohort"] is None and "4 so far" in row["note"]

    await _attempt(client, db, sharing[4], settings, aid, 70)
    row = (await client.get(f"/v1/orgs/{org.id}/assignments", headers=h)).json()["items"][0]
    # (60 + 61 + 62 + 63 + 70) / 5; the private member's 0 never counts.
    assert row["cohort"]["members"] == 5 and row["cohort"]["averages"]["overall"] == 63.2
    views = (
        await db.execute(
            select(AuditEntry).where(
                AuditEntry.action == "admin.view_member_data", AuditEntry.actor_id == admin.id
            )
        )
    ).scalars()
    assert {v.details["member_id"] for v in views} == {str(m.id) for m in sharing}
