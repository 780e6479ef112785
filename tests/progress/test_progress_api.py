"""Progress, insights and the weekly plan, computed from the user's scored sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.base import utcnow
from moodlens.models import InterviewSession, SessionScore, User, UserPrivacySettings
from moodlens.privacy.service import schedule_session_deletion
from moodlens.progress.service import plan_start
from tests.factories import auth_headers
from tests.reports import factories

pytestmark = pytest.mark.sqlite

DIMS = ("communication", "confidence", "structure", "relevance")
LEVELS = (
    ["weak"] * 4,
    ["weak", "fair", "fair", "fair"],
    ["fair", "strong", "fair", "strong"],
    ["strong"] * 4,
)


async def _history(db: AsyncSession, user: User) -> list[InterviewSession]:
    """Four sessions over three weeks, getting better, ending two days ago."""
    start = (utcnow() - timedelta(days=23)).replace(hour=9, minute=0, second=0, microsecond=0)
    out = []
    for n, levels in enumerate(LEVELS):
        out.append(
            await factories.built_session(
                db,
                user,
                factories.plan(levels),  # type: ignore[arg-type]
                started_at=start + timedelta(days=7 * n),
                seed=10 + n,
            )
        )
    return out


async def _scores(db: AsyncSession, sessions: list[InterviewSession]) -> list[SessionScore]:
    rows = []
    for s in sessions:
        rows.append(
            (
                await db.execute(select(SessionScore).where(SessionScore.session_id == s.id))
            ).scalar_one()
        )
    return rows


async def test_progress_trends_weeks_and_improvement_after_three(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    sessions = await _history(db, user)
    scores = await _scores(db, sessions)
    r = await client.get("/v1/users/me/progress", headers=auth_headers(user, settings))
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["session_count"] == 4
    assert [s["session_id"] for s in p["sessions"]] == [str(s.id) for s in sessions]
    overall = [pt["score"] for pt in p["trends"]["overall"]["points"]]
    assert overall == [s.overall_score for s in scores]
    assert overall[-1] > overall[0] and p["trends"]["overall"]["direction"] == "improving"
    for d in DIMS:
        assert len(p["trends"][d]["points"]) == 4
    assert p["improvement_after_3"]["overall"] == pytest.approx(
        scores[2].overall_score - scores[0].overall_score, abs=0.11
    )
    assert p["improvement_after_3"]["communication"] == pytest.approx(
        scores[2].communication_score - scores[0].communication_score, abs=0.11
    )
    assert sum(w["count"] for w in p["sessions_per_week"]) == 4
    assert all(w["count"] <= 1 for w in p["sessions_per_week"])  # one a week
    assert p["latest_comparison"]["previous_session_id"] == str(sessions[2].id)
    assert p["labels"]["confidence"] == "Delivery"


async def test_deleted_sessions_leave_progress_and_insights_at_once(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    sessions = await _history(db, user)
    await schedule_session_deletion(db, sessions[1], [])
    p = (await client.get("/v1/users/me/progress", headers=headers)).json()
    assert p["session_count"] == 3
    assert str(sessions[1].id) not in {s["session_id"] for s in p["sessions"]}
    assert str(sessions[1].id) not in {pt["session_id"] for pt in p["trends"]["overall"]["points"]}
    await schedule_session_deletion(db, sessions[3], [])
    i = (await client.get("/v1/users/me/insights", headers=headers)).json()
    assert i["session_count"] == 2 and i["latest_session_id"] == str(sessions[2].id)


async def test_insights_plan_fits_the_practice_time_and_items_check_off(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    db.add(UserPrivacySettings(user_id=user.id, practice_minutes_per_day=15))
    sessions = await _history(db, user)
    i = (await client.get("/v1/users/me/insights", headers=headers)).json()
    assert i["session_count"] == 4 and i["daily_minutes"] == 15
    areas = i["weak_areas"]
    assert sorted(a["dimension"] for a in areas) == sorted(DIMS)
    assert [a["score"] for a in areas] == sorted(a["score"] for a in areas)
    plan = i["weekly_plan"]
    assert len(plan["days"]) == 7 and plan["daily_minutes"] == 15
    assert all(0 < day["total_minutes"] <= 15 for day in plan["days"])
    assert plan["focus"][0] == areas[0]["dimension"]
    latest_day = sessions[-1].ended_at
    assert latest_day is not None
    assert (
        plan["start"]
        <= plan["today"]
        < (datetime.fromisoformat(plan["start"]) + timedelta(days=7)).date().isoformat()
    )
    assert plan["done_count"] == 0 and plan["item_count"] >= 7

    item = plan["days"][0]["items"][0]
    url = f"/v1/users/me/plan/items/{item['id']}/done"
    for _ in range(2):  # idempotent
        r = await client.post(url, headers=headers)
        assert r.status_code == 200 and r.json()["done"] is True
    again = (await client.get("/v1/users/me/insights", headers=headers)).json()["weekly_plan"]
    assert again["done_count"] == 1 and again["days"][0]["items"][0]["done"] is True
    assert (await client.delete(url, headers=headers)).json()["done"] is False
    again = (await client.get("/v1/users/me/insights", headers=headers)).json()["weekly_plan"]
    assert again["done_count"] == 0

    r = await client.post("/v1/users/me/plan/items/2020-01-01-0-nope/done", headers=headers)
    assert r.status_code == 404 and r.json()["error"] == "PlanItemNotFound"


async def test_a_new_session_regenerates_the_plan(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    start = utcnow() - timedelta(days=3)
    await factories.built_session(db, user, factories.plan(["weak"] * 4), started_at=start)
    before = (await client.get("/v1/users/me/insights", headers=headers)).json()
    await factories.built_session(
        db,
        user,
        factories.plan(["strong"] * 4),
        started_at=start + timedelta(days=2),
        seed=5,
    )
    after = (await client.get("/v1/users/me/insights", headers=headers)).json()
    assert after["session_count"] == 2 and after["latest_session_id"] != before["latest_session_id"]
    assert after["weekly_plan"]["start"] != before["weekly_plan"]["start"]


async def test_a_new_user_sees_empty_progress_and_no_plan(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    p = (await client.get("/v1/users/me/progress", headers=headers)).json()
    assert p["session_count"] == 0 and p["trends"] == {} and p["improvement_after_3"] is None
    i = (await client.get("/v1/users/me/insights", headers=headers)).json()
    assert i["weekly_plan"] is None and i["weak_areas"] == []
    r = await client.post("/v1/users/me/plan/items/x/done", headers=headers)
    assert r.status_code == 404


async def test_other_users_sessions_never_count(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    owner = await factories.user(db)
    other = await factories.user(db)
    await factories.built_session(db, owner)
    p = (await client.get("/v1/users/me/progress", headers=auth_headers(other, settings))).json()
    assert p["session_count"] == 0


def test_plan_rolls_forward_a_week_at_a_time() -> None:
    d = datetime(2026, 3, 2, tzinfo=UTC).date()
    assert plan_start(d, d) == d
    assert plan_start(d, d + timedelta(days=6)) == d
    assert plan_start(d, d + timedelta(days=7)) == d + timedelta(days=7)
    assert plan_start(d, d + timedelta(days=20)) == d + timedelta(days=14)


async def test_a_malformed_stored_summary_is_left_out_with_a_logged_reason(
    client: httpx.AsyncClient,
    db: AsyncSession,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A summary_json that is not a summary (hand-edited, or from a bug) answered 500 for the
    whole progress page; now that one session is left out and the log says which and why."""
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    sessions = await _history(db, user)
    scores = await _scores(db, sessions)
    scores[1].summary_json = {"overall": {"score": "not a number"}}
    await db.flush()
    with caplog.at_level("WARNING", logger="moodlens.progress.service"):
        r = await client.get("/v1/users/me/progress", headers=headers)
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["session_count"] == 3
    assert [s["session_id"] for s in p["sessions"]] == [
        str(s.id) for s in (sessions[0], sessions[2], sessions[3])
    ]
    left_out = [rec for rec in caplog.records if "left out of progress" in rec.getMessage()]
    assert len(left_out) == 1 and str(sessions[1].id) in left_out[0].getMessage()
    i = await client.get("/v1/users/me/insights", headers=headers)
    assert i.status_code == 200, i.text
    assert i.json()["session_count"] == 3
