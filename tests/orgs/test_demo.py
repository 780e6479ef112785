"""`moodlens demo`'s institute: enough sharing members for real cohort figures, the member who
does not share stays out, and one shared session shows its transcript to the admin."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.orgs.demo import MEMBERS, seed_demo_org
from tests.factories import auth_headers
from tests.orgs import factories


async def test_demo_org_shows_cohort_figures_from_built_reports(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    owner = await factories.user(db, "Demo Candidate")
    org = await seed_demo_org(db, owner)
    headers = auth_headers(owner, settings)
    r = await client.get(f"/v1/orgs/{org.id}/dashboard", headers=headers)
    assert r.status_code == 200, r.text
    d = r.json()
    sharing = [name for name, shares, _ in MEMBERS if shares]
    assert d["sharing_count"] == len(sharing) >= d["threshold"]
    cohort = d["cohort"]
    assert cohort is not None and cohort["averages"] is not None
    assert cohort["improvement_after_3"] is not None
    assert sorted(m["name"] for m in d["members"]) == sorted(sharing)
    assert "Gwen Ito" not in r.text
    first = next(m for m in d["members"] if m["name"] == MEMBERS[0][0])
    r = await client.get(f"/v1/orgs/{org.id}/users/{first['user_id']}/sessions", headers=headers)
    shared = [s for s in r.json()["sessions"] if s["shared"]]
    assert len(shared) == 1 and shared[0]["shared"]["answers"][0]["transcript"]
