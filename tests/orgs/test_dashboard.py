"""The admin views: cohort figures only over members who share and only from 5 of them, each
figure matching averages computed by hand; deleted sessions never count; transcripts only
for sessions shared explicitly; every view of a member's data audited."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.base import utcnow
from moodlens.models import AuditEntry, Organization, OrganizationMember, SessionScore, User
from moodlens.privacy.service import schedule_session_deletion
from tests.factories import auth_headers
from tests.orgs import factories

pytestmark = pytest.mark.sqlite

KEYS = ("overall", "communication", "confidence", "structure", "relevance")

# Per member: sessions oldest first as (overall, communication, confidence, structure,
# relevance). Member averages are written next to them; the cohort figures below are the means
# of those (every member counts once), worked out by hand.
COHORT: dict[str, list[factories.Scores]] = {
    # mean (65, 55, 75, 65, 65)
    "Asha": [(60, 50, 70, 60, 60), (70, 60, 80, 70, 70)],
    # mean (40, 30, 45, 40, 45): communication 30 is below 50, so "needs attention"
    "Bruno": [(40, 30, 45, 40, 45)],
    # mean (90, 90, 90, 90, 90)
    "Chen": [(80, 80, 80, 80, 80), (90, 90, 90, 90, 90), (100, 100, 100, 100, 100)],
    # mean (55, 50, 60, 55, 55)
    "Dana": [(55, 50, 60, 55, 55)],
    # mean (80, 75, 85, 80, 80)
    "Emeka": [(75, 70, 80, 75, 75), (85, 80, 90, 85, 85)],
}
EXPECTED_AVERAGES = {
    "overall": 66.0,  # (65 + 40 + 90 + 55 + 80) / 5
    "communication": 60.0,  # (55 + 30 + 90 + 50 + 75) / 5
    "confidence": 71.0,  # (75 + 45 + 90 + 60 + 85) / 5
    "structure": 66.0,  # (65 + 40 + 90 + 55 + 80) / 5
    "relevance": 67.0,  # (65 + 45 + 90 + 55 + 80) / 5
}


class Cohort:
    def __init__(self) -> None:
        self.org: Organization
        self.admin: User
        self.members: dict[str, User] = {}
        self.ended: list[date] = []


async def _cohort(db: AsyncSession, *, sharing: int = 5) -> Cohort:
    """The five members of COHORT (the first `sharing` of them share), plus a member who does
    not share and scores 0 everywhere, and a deleted session of Bruno's scoring 100: if either
    leaked into a figure, the figure would move."""
    c = Cohort()
    owner = await factories.user(db, "Owner")
    c.org = await factories.org(db, owner)
    c.admin = await factories.member(db, c.org, "Admin", role="admin", shares=False)
    now = utcnow()
    for i, (name, sessions) in enumerate(COHORT.items()):
        user = await factories.member(db, c.org, name, shares=i < sharing)
        c.members[name] = user
        for n, scores in enumerate(sessions):
            ended = now - timedelta(days=7 * (len(sessions) - 1 - n) + 1)
            await factories.scored_session(db, user, scores, ended_at=ended)
            c.ended.append(ended.date())
    private = await factories.member(db, c.org, "Private", shares=False)
    c.members["Private"] = private
    await factories.scored_session(db, private, (0, 0, 0, 0, 0))
    deleted = await factories.scored_session(db, c.members["Bruno"], (100, 100, 100, 100, 100))
    await schedule_session_deletion(db, deleted, [])
    return c


async def _dashboard(client: httpx.AsyncClient, c: Cohort, settings: Settings) -> Any:
    r = await client.get(f"/v1/orgs/{c.org.id}/dashboard", headers=auth_headers(c.admin, settings))
    assert r.status_code == 200, r.text
    return r.json()


async def test_four_sharing_members_show_no_cohort_figures(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    c = await _cohort(db, sharing=4)
    d = await _dashboard(client, c, settings)
    assert d["cohort"] is None
    assert (d["member_count"], d["sharing_count"], d["threshold"]) == (8, 4, 5)
    assert d["message"] == (
        "Cohort figures appear once at least 5 members share their progress. "
        "4 of 8 members share now."
    )
    # Sharing members still have their own rows; nobody else does.
    assert [m["name"] for m in d["members"]] == ["Asha", "Bruno", "Chen", "Dana"]


async def test_five_sharing_members_show_figures_that_match_hand_computed_averages(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    c = await _cohort(db, sharing=4)
    # The fifth member opts in themselves; the figures appear on the next load.
    r = await client.put(
        f"/v1/orgs/{c.org.id}/membership",
        json={"shares_progress": True},
        headers=auth_headers(c.members["Emeka"], settings),
    )
    assert r.status_code == 200
    d = await _dashboard(client, c, settings)
    assert d["message"] is None and d["sharing_count"] == 5
    cohort = d["cohort"]
    assert cohort["members_with_scores"] == 5
    assert cohort["averages"] == EXPECTED_AVERAGES
    assert cohort["weakest_dimension"] == {
        "dimension": "communication",
        "label": "Communication",
        "score": 60.0,
    }
    # Member averages 65, 40, 90, 55, 80 in 10-point bins.
    overall_bins = {b["start"]: b["count"] for b in cohort["distribution"]["overall"]}
    assert overall_bins == {0: 0, 10: 0, 20: 0, 30: 0, 40: 1, 50: 1, 60: 1, 70: 0, 80: 1, 90: 1}
    assert all(sum(b["count"] for b in bins) == 5 for bins in cohort["distribution"].values())
    # Nine visible sessions of sharing members (not Private's, not the deleted one).
    assert cohort["session_count"] == 9
    weeks = cohort["sessions_per_week"]
    assert len(weeks) == 8 and sum(w["count"] for w in weeks) == 9
    expected_weeks: dict[str, int] = {}
    for day in c.ended:
        monday = (day - timedelta(days=day.weekday())).isoformat()
        expected_weeks[monday] = expected_weeks.get(monday, 0) + 1
    assert {w["week_start"]: w["count"] for w in weeks if w["count"]} == expected_weeks
    # Only Chen has three sessions: improvement after 3 is withheld, and says why.
    assert cohort["improvement_after_3"] is None
    assert any("Improvement after 3 sessions needs at least 5" in n for n in cohort["notes"])
    assert [a["name"] for a in cohort["needs_attention"]] == ["Bruno"]
    bruno_attention = cohort["needs_attention"][0]
    assert bruno_attention["weakest"]["dimension"] == "communication"
    assert "below 50" in bruno_attention["reasons"][0]

    rows = {m["name"]: m for m in d["members"]}
    assert set(rows) == set(COHORT)
    assert rows["Asha"]["latest"] == dict(zip(KEYS, (70.0, 60.0, 80.0, 70.0, 70.0), strict=True))
    assert rows["Asha"]["average"] == dict(zip(KEYS, (65.0, 55.0, 75.0, 65.0, 65.0), strict=True))
    assert rows["Asha"]["trend"] == "improving" and rows["Chen"]["trend"] == "improving"
    assert rows["Bruno"]["trend"] is None  # one visible session: the deleted one is gone
    assert (rows["Bruno"]["session_count"], rows["Bruno"]["scored_count"]) == (1, 1)
    assert str(c.members["Private"].id) not in str(d)


async def test_improvement_after_three_sessions_over_five_members(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    owner = await factories.user(db)
    org = await factories.org(db, owner)
    now = utcnow()
    # Session 3 minus session 1, per member: 10, 20, 0, -5, 15 -> mean 8.0.
    for n, gain in enumerate((10, 20, 0, -5, 15)):
        user = await factories.member(db, org, f"Member {n}")
        for k, overall in enumerate((50, 55, 50 + gain)):
            scores = (overall, overall, overall, overall, overall)
            await factories.scored_session(db, user, scores, ended_at=now - timedelta(days=10 - k))
    r = await client.get(f"/v1/orgs/{org.id}/dashboard", headers=auth_headers(owner, settings))
    improvement = r.json()["cohort"]["improvement_after_3"]
    assert improvement == {"members": 5, "change": dict.fromkeys(KEYS, 8.0)}


async def test_dashboard_views_are_audited_per_member_and_show_in_their_trail(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    c = await _cohort(db)
    await _dashboard(client, c, settings)
    entries = (
        (
            await db.execute(
                select(AuditEntry).where(
                    AuditEntry.action == "admin.view_member_data",
                    AuditEntry.actor_id == c.admin.id,
                )
            )
        )
        .scalars()
        .all()
    )
    assert {e.target_id for e in entries} == {str(c.members[n].id) for n in COHORT}
    assert all(e.details["resource"] == "org_dashboard" for e in entries)
    assert all(e.details["organization_id"] == str(c.org.id) for e in entries)
    trail = await client.get(
        "/v1/users/me/audit", headers=auth_headers(c.members["Asha"], settings)
    )
    assert "admin.view_member_data" in [e["action"] for e in trail.json()["items"]]
    private_trail = await client.get(
        "/v1/users/me/audit", headers=auth_headers(c.members["Private"], settings)
    )
    assert "admin.view_member_data" not in [e["action"] for e in private_trail.json()["items"]]


async def test_member_sessions_scores_for_sharers_transcripts_only_when_shared(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    owner = await factories.user(db)
    org = await factories.org(db, owner)
    other_org = await factories.org(db, owner, "Other Institute")
    admin = await factories.member(db, org, role="admin", shares=False)
    student = await factories.member(db, org, "Priya")
    await factories.member(db, other_org, "Other admin", role="admin", shares=False)
    now = utcnow()
    shared = await factories.scored_session(
        db,
        student,
        (72, 70, 74, 71, 73),
        ended_at=now - timedelta(days=2),
        transcript="We cut the release checklist from forty steps to twelve",
    )
    private = await factories.scored_session(
        db,
        student,
        (64, 60, 66, 65, 67),
        ended_at=now - timedelta(days=1),
        transcript="I would rather keep this answer to myself",
    )
    unscored = await factories.scored_session(db, student, None, ended_at=now)
    gone = await factories.scored_session(
        db,
        student,
        (90, 90, 90, 90, 90),
        transcript="Deleted answer about the outage",
        organization=org,
        shared=True,
    )
    await schedule_session_deletion(db, gone, [])
    sh, ah = auth_headers(student, settings), auth_headers(admin, settings)
    r = await client.put(
        f"/v1/sessions/{shared.id}/share", json={"shared_with_org": True}, headers=sh
    )
    assert r.status_code == 200 and r.json()["visible_to_admins"] is True

    r = await client.get(f"/v1/orgs/{org.id}/users/{student.id}/sessions", headers=ah)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["name"] == "Priya"
    sessions = body["sessions"]
    assert [s["session_id"] for s in sessions] == [
        str(unscored.id),
        str(private.id),
        str(shared.id),
    ]
    by_id = {s["session_id"]: s for s in sessions}
    assert by_id[str(unscored.id)]["scores"] is None
    assert by_id[str(private.id)]["scores"]["overall"] == 64.0
    assert by_id[str(private.id)]["shared"] is None
    assert "keep this answer to myself" not in r.text
    detail = by_id[str(shared.id)]["shared"]
    assert detail["answers"][0]["transcript"].startswith("We cut the release checklist")
    assert detail["metrics"]["attention"] == 82.5
    assert str(gone.id) not in r.text and "Deleted answer" not in r.text

    audits = (
        (
            await db.execute(
                select(AuditEntry).where(
                    AuditEntry.action == "admin.view_member_data",
                    AuditEntry.actor_id == admin.id,
                )
            )
        )
        .scalars()
        .all()
    )
    assert sorted((e.target_type, e.target_id, e.details["resource"]) for e in audits) == sorted(
        [
            ("user", str(student.id), "member_sessions"),
            ("session", str(shared.id), "shared_session"),
        ]
    )

    # Unsharing the session hides the transcript again at once.
    await client.put(f"/v1/sessions/{shared.id}/share", json={"shared_with_org": False}, headers=sh)
    r = await client.get(f"/v1/orgs/{org.id}/users/{student.id}/sessions", headers=ah)
    assert "release checklist" not in r.text

    # Turning progress sharing off closes the whole view, with a message that says why.
    await client.put(f"/v1/orgs/{org.id}/membership", json={"shares_progress": False}, headers=sh)
    before = await _admin_views(db, admin)
    r = await client.get(f"/v1/orgs/{org.id}/users/{student.id}/sessions", headers=ah)
    assert r.status_code == 403 and r.json()["error"] == "MemberNotSharing"
    assert "Priya has not agreed to share their progress" in r.json()["detail"]
    # Nothing was shown, so nothing is recorded as viewed.
    assert await _admin_views(db, admin) == before


async def _admin_views(db: AsyncSession, admin: User) -> int:
    stmt = select(AuditEntry.id).where(
        AuditEntry.action == "admin.view_member_data", AuditEntry.actor_id == admin.id
    )
    return len((await db.execute(stmt)).all())


async def test_a_session_shared_with_one_org_stays_private_to_another(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    owner = await factories.user(db)
    first = await factories.org(db, owner, "First")
    second = await factories.org(db, owner, "Second")
    student = await factories.member(db, first, "Kofi")
    await factories.scored_session(
        db,
        student,
        (70, 70, 70, 70, 70),
        transcript="Shared with First only",
        organization=first,
        shared=True,
    )
    db.add(OrganizationMember(organization_id=second.id, user_id=student.id, shares_progress=True))
    await db.flush()
    oh = auth_headers(owner, settings)
    seen_by_first = await client.get(f"/v1/orgs/{first.id}/users/{student.id}/sessions", headers=oh)
    seen_by_second = await client.get(
        f"/v1/orgs/{second.id}/users/{student.id}/sessions", headers=oh
    )
    assert "Shared with First only" in seen_by_first.text
    assert seen_by_second.status_code == 200
    assert seen_by_second.json()["sessions"][0]["scores"]["overall"] == 70.0
    assert "Shared with First only" not in seen_by_second.text


async def test_an_unreadable_stored_summary_leaves_only_that_part_out_of_the_member_view(
    client: httpx.AsyncClient,
    db: AsyncSession,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A shared session whose summary_json is not an object (or whose metrics or text are
    the wrong type) answered 500 for the member's whole session list; now the answers and
    scores still show, the unreadable part is left out and the log says which session."""
    owner = await factories.user(db)
    org = await factories.org(db, owner)
    student = await factories.member(db, org, "Lena")
    broken = await factories.scored_session(
        db,
        student,
        (70, 70, 70, 70, 70),
        transcript="Broken summary answer",
        organization=org,
        shared=True,
    )
    odd = await factories.scored_session(
        db,
        student,
        (60, 60, 60, 60, 60),
        transcript="Odd parts answer",
        organization=org,
        shared=True,
        ended_at=utcnow() - timedelta(days=1),
    )
    rows = {
        s.session_id: s
        for s in (
            await db.execute(
                select(SessionScore).where(SessionScore.session_id.in_([broken.id, odd.id]))
            )
        ).scalars()
    }
    # Not an object: no build writes one, which is the point (mypy knows the column type).
    rows[broken.id].summary_json = ["not", "an", "object"]  # type: ignore[assignment]
    rows[odd.id].summary_json = {"summary_text": 42, "metrics": [1, 2]}
    await db.flush()
    with caplog.at_level("WARNING", logger="moodlens.orgs.member_view"):
        r = await client.get(
            f"/v1/orgs/{org.id}/users/{student.id}/sessions", headers=auth_headers(owner, settings)
        )
    assert r.status_code == 200, r.text
    by_id = {s["session_id"]: s for s in r.json()["sessions"]}
    for sid, overall, transcript in ((broken.id, 70.0, "Broken"), (odd.id, 60.0, "Odd")):
        s = by_id[str(sid)]
        assert s["scores"]["overall"] == overall
        assert s["shared"]["answers"][0]["transcript"].startswith(transcript)
        assert s["shared"]["summary_text"] is None and s["shared"]["metrics"] == {}
    logged = [
        r.getMessage() for r in caplog.records if "left out of the member view" in r.getMessage()
    ]
    assert len(logged) == 3
    assert sum(str(broken.id) in m for m in logged) == 1
    assert sum(str(odd.id) in m for m in logged) == 2
