from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.content import DIFFICULTIES, ROLES, ROUND_TYPES, Content, load_content
from moodlens.config import Settings
from moodlens.interview_templates.service import sync_templates
from moodlens.models import InterviewTemplate
from tests.factories import auth_headers, create_user

pytestmark = pytest.mark.sqlite


async def _headers(db: AsyncSession, settings: Settings) -> dict[str, str]:
    return auth_headers(await create_user(db), settings)


async def test_lists_all_sixty_templates_in_picker_order(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    r = await client.get("/v1/templates", headers=await _headers(db, settings))
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body) == len(ROLES) * len(ROUND_TYPES) * len(DIFFICULTIES) == 60
    combos = {(t["role_track"], t["round_type"], t["difficulty"]) for t in body}
    assert len(combos) == 60
    first = body[0]
    assert first["content_version"] == load_content().version
    assert set(first["config"]) == {
        "difficulty_range",
        "start_difficulty",
        "stress_dimensions",
        "max_follow_ups",
    }
    # Within one role x round the picker reads easy -> hard.
    sde_hr = [t["difficulty"] for t in body if t["slug"].startswith("sde-hr-")]
    assert sde_hr == ["easy", "medium", "hard"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"role_track": "sde"}, 12),
        ({"round_type": "case"}, 15),
        ({"difficulty": "hard"}, 20),
        ({"role_track": "sales", "round_type": "behavioral"}, 3),
        ({"role_track": "hr", "round_type": "technical_intro", "difficulty": "easy"}, 1),
    ],
)
async def test_filters_combine(
    client: httpx.AsyncClient,
    db: AsyncSession,
    settings: Settings,
    query: dict[str, str],
    expected: int,
) -> None:
    r = await client.get("/v1/templates", params=query, headers=await _headers(db, settings))
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body) == expected
    for t in body:
        for key, value in query.items():
            assert t[key] == value


@pytest.mark.parametrize(
    "query",
    [{"role_track": "astronaut"}, {"round_type": "technical"}, {"difficulty": "extreme"}],
)
async def test_unknown_filter_values_are_422(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings, query: dict[str, str]
) -> None:
    r = await client.get("/v1/templates", params=query, headers=await _headers(db, settings))
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "ValidationError"
    assert body["fields"][0]["loc"] == f"query.{next(iter(query))}"


async def test_get_one_and_404_and_422(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    headers = await _headers(db, settings)
    listed = (await client.get("/v1/templates", headers=headers)).json()
    one = await client.get(f"/v1/templates/{listed[5]['id']}", headers=headers)
    assert one.status_code == 200
    assert one.json() == listed[5]

    missing = await client.get(f"/v1/templates/{uuid.uuid4()}", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["error"] == "TemplateNotFound"

    bad = await client.get("/v1/templates/not-a-uuid", headers=headers)
    assert bad.status_code == 422


async def test_templates_need_sign_in(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/templates")
    assert r.status_code == 401


async def test_sync_is_idempotent_and_keeps_ids_across_content_versions(
    db: AsyncSession,
) -> None:
    content = load_content()
    await sync_templates(db, content)
    assert await sync_templates(db, content) == 0
    # Only the content's own slugs: tests that commit through the app (tests/privacy) leave
    # templates of their own in a shared SQLite file.
    slugs = [t.id for t in content.templates]
    of_content = select(InterviewTemplate.slug, InterviewTemplate.id).where(
        InterviewTemplate.slug.in_(slugs)
    )
    ids = dict((await db.execute(of_content)).all())
    assert len(ids) == 60

    bumped = Content(
        content.version + "-next",
        content.templates,
        content.banks,
        content.probe_defaults,
        content.closing,
    )
    assert await sync_templates(db, bumped) == 60
    after = dict((await db.execute(of_content)).all())
    assert after == ids
    count = await db.scalar(
        select(func.count()).where(InterviewTemplate.content_version == bumped.version)
    )
    assert count == 60


async def test_templates_retired_from_the_content_are_hidden(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    headers = await _headers(db, settings)
    listed = (await client.get("/v1/templates", headers=headers)).json()
    retired = await db.get(InterviewTemplate, uuid.UUID(listed[0]["id"]))
    assert retired is not None
    # What a row left behind by an older content version looks like.
    retired.slug = "retired-template"
    retired.content_version = "2000.1.0+old"
    await db.flush()
    again = (await client.get("/v1/templates", headers=headers)).json()
    assert listed[0]["id"] not in {t["id"] for t in again}
    r = await client.get(f"/v1/templates/{listed[0]['id']}", headers=headers)
    assert r.status_code == 404
