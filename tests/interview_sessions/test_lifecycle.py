from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.content import load_content
from moodlens.config import Settings
from moodlens.interview_sessions import service
from moodlens.models import AuditEntry, InterviewSession, UserPrivacySettings
from moodlens.privacy.consent_text import current_consent
from tests.factories import auth_headers, create_user
from tests.interview_sessions.conftest import Candidate
from tests.interview_sessions.factories import (
    T0,
    FakeClock,
    create_session,
    grant_consent,
    template_id,
)

pytestmark = pytest.mark.sqlite


async def _create(
    client: httpx.AsyncClient, c: Candidate, tid: str, **extra: object
) -> httpx.Response:
    body = {"template_id": tid, "duration_minutes": 20, **extra}
    return await client.post("/v1/sessions", json=body, headers=c.headers)


async def test_create_records_versions_seed_and_starts_scheduled(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, clock: FakeClock
) -> None:
    tid = await template_id(db, "product-case-hard")
    r = await _create(client, candidate, tid)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "scheduled"
    assert body["template"]["slug"] == "product-case-hard"
    assert body["template"]["role_track"] == "product"
    assert body["duration_minutes"] == 20
    assert body["content_version"] == load_content().version
    assert body["consent_version"] == current_consent().version
    assert body["recording_enabled"] is False
    assert body["started_at"] is None and body["time_left_s"] is None
    assert datetime.fromisoformat(body["created_at"]) == T0

    row = await db.get(InterviewSession, uuid.UUID(body["id"]))
    assert row is not None and row.user_id == candidate.user.id
    assert 0 <= row.seed < 2**31
    audit = await db.scalar(select(AuditEntry).where(AuditEntry.target_id == body["id"]))
    assert audit is not None and audit.action == "session.create"


async def test_seeds_differ_between_sessions(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, clock: FakeClock
) -> None:
    tid = await template_id(db)
    ids = [(await _create(client, candidate, tid)).json()["id"] for _ in range(3)]
    seeds = {(await db.get(InterviewSession, uuid.UUID(i))).seed for i in ids}  # type: ignore[union-attr]
    assert len(seeds) == 3


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"duration_minutes": 15}, "body.duration_minutes"),
        ({"duration_minutes": "20 min"}, "body.duration_minutes"),
        ({"template_id": "sde-hr-easy"}, "body.template_id"),
        ({"recording_enabled": "maybe"}, "body.recording_enabled"),
    ],
)
async def test_create_payload_validation_is_422(
    client: httpx.AsyncClient,
    db: AsyncSession,
    candidate: Candidate,
    body: dict[str, object],
    loc: str,
) -> None:
    payload = {"template_id": await template_id(db), "duration_minutes": 20, **body}
    r = await client.post("/v1/sessions", json=payload, headers=candidate.headers)
    assert r.status_code == 422
    assert r.json()["fields"][0]["loc"] == loc


async def test_create_with_unknown_template_is_404(
    client: httpx.AsyncClient, candidate: Candidate
) -> None:
    r = await _create(client, candidate, str(uuid.uuid4()))
    assert r.status_code == 404
    assert r.json()["error"] == "TemplateNotFound"


async def test_create_needs_current_consent(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await create_user(db)
    c = Candidate(user, auth_headers(user, settings))
    tid = await template_id(db)
    r = await _create(client, c, tid)
    assert r.status_code == 403
    assert r.json()["error"] == "ConsentRequired"

    await grant_consent(db, user, version="an-old-version")
    assert (await _create(client, c, tid)).status_code == 403

    await grant_consent(db, user)
    assert (await _create(client, c, tid)).status_code == 201


async def test_recording_needs_its_consent_and_follows_the_users_default(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await create_user(db)
    c = Candidate(user, auth_headers(user, settings))
    await grant_consent(db, user)
    tid = await template_id(db)
    r = await _create(client, c, tid, recording_enabled=True)
    assert r.status_code == 403
    assert r.json()["error"] == "RecordingConsentRequired"
    assert r.json()["fields"][0]["loc"] == "body.recording_enabled"

    db.add(UserPrivacySettings(user_id=user.id, recording_default=True))
    await db.flush()
    # The stored preference does not override a missing recording consent.
    assert (await _create(client, c, tid)).json()["recording_enabled"] is False

    await grant_consent(db, user, recording=True)
    assert (await _create(client, c, tid)).json()["recording_enabled"] is True
    off = await _create(client, c, tid, recording_enabled=False)
    assert off.json()["recording_enabled"] is False


async def test_status_machine_happy_path_and_idempotent_end(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, clock: FakeClock
) -> None:
    sid = (await _create(client, candidate, await template_id(db))).json()["id"]
    clock.advance(60)
    started = await client.post(f"/v1/sessions/{sid}/start", headers=candidate.headers)
    assert started.status_code == 200, started.text
    assert started.json()["status"] == "live"
    assert datetime.fromisoformat(started.json()["started_at"]) == clock.now()
    assert started.json()["time_left_s"] == 20 * 60

    clock.advance(300)
    live = await client.get(f"/v1/sessions/{sid}", headers=candidate.headers)
    assert live.json()["time_left_s"] == 15 * 60

    ended = await client.post(f"/v1/sessions/{sid}/end", headers=candidate.headers)
    assert ended.status_code == 200
    assert ended.json()["status"] == "completed"
    ended_at = ended.json()["ended_at"]
    assert datetime.fromisoformat(ended_at) == clock.now()

    clock.advance(30)
    again = await client.post(f"/v1/sessions/{sid}/end", headers=candidate.headers)
    assert again.status_code == 200
    assert again.json()["status"] == "completed"
    assert again.json()["ended_at"] == ended_at
    actions = (await db.scalars(select(AuditEntry.action).where(AuditEntry.target_id == sid))).all()
    assert sorted(actions) == ["session.create", "session.end", "session.start"]


@pytest.mark.parametrize(
    ("status", "action", "fragment"),
    [
        ("scheduled", "end", "never started"),
        ("live", "start", "already running"),
        ("completed", "start", "has ended"),
        ("failed", "start", "failed"),
        ("failed", "end", "failure"),
    ],
)
async def test_other_transitions_are_409_with_a_message(
    client: httpx.AsyncClient,
    db: AsyncSession,
    candidate: Candidate,
    status: str,
    action: str,
    fragment: str,
) -> None:
    session = await create_session(db, candidate.user, status=status)
    r = await client.post(f"/v1/sessions/{session.id}/{action}", headers=candidate.headers)
    assert r.status_code == 409
    body = r.json()
    assert body["error"] == "InvalidTransition"
    assert status in body["detail"] and fragment in body["detail"]


async def test_start_checks_consent_again(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await create_user(db)
    session = await create_session(db, user)
    r = await client.post(f"/v1/sessions/{session.id}/start", headers=auth_headers(user, settings))
    assert r.status_code == 403
    assert r.json()["error"] == "ConsentRequired"


async def test_fail_session_only_from_live(db: AsyncSession, candidate: Candidate) -> None:
    live = await create_session(db, candidate.user, status="live")
    await service.fail_session(db, live, T0 + timedelta(minutes=3))
    assert live.status == "failed" and live.ended_at == T0 + timedelta(minutes=3)
    with pytest.raises(service.InvalidTransition):
        await service.fail_session(db, live, T0)


async def test_another_users_session_is_404_everywhere(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, stranger: Candidate
) -> None:
    session = await create_session(db, candidate.user, status="live")
    base = f"/v1/sessions/{session.id}"
    calls = [
        client.get(base, headers=stranger.headers),
        client.post(f"{base}/start", headers=stranger.headers),
        client.post(f"{base}/end", headers=stranger.headers),
        client.post(f"{base}/questions/next", headers=stranger.headers),
        client.post(
            f"{base}/responses",
            headers=stranger.headers,
            json={
                "question_id": str(uuid.uuid4()),
                "transcript_text": "hello",
                "started_at": T0.isoformat(),
                "ended_at": T0.isoformat(),
            },
        ),
        client.delete(base, headers=stranger.headers),
    ]
    for call in calls:
        r = await call
        assert r.status_code == 404, r.text
        assert r.json()["error"] == "SessionNotFound"
    still = await client.get(base, headers=candidate.headers)
    assert still.status_code == 200 and still.json()["status"] == "live"


async def test_unknown_and_malformed_session_ids(
    client: httpx.AsyncClient, candidate: Candidate
) -> None:
    r = await client.get(f"/v1/sessions/{uuid.uuid4()}", headers=candidate.headers)
    assert r.status_code == 404
    assert (await client.get("/v1/sessions/42", headers=candidate.headers)).status_code == 422


async def test_sessions_need_sign_in(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/sessions")).status_code == 401
    assert (await client.post("/v1/sessions", json={})).status_code == 401


async def test_delete_hides_at_once_and_schedules_the_hard_delete(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, settings: Settings
) -> None:
    keep = await create_session(db, candidate.user)
    gone = await create_session(db, candidate.user, status="completed")
    before = datetime.now(UTC)
    r = await client.delete(f"/v1/sessions/{gone.id}", headers=candidate.headers)
    assert r.status_code == 204 and r.content == b""

    await db.refresh(gone)
    assert gone.deleted_at is not None and gone.hard_delete_after is not None
    grace = gone.hard_delete_after.replace(tzinfo=UTC) - before
    assert timedelta(days=settings.hard_delete_grace_days) <= grace
    assert grace < timedelta(days=settings.hard_delete_grace_days, minutes=1)

    listed = (await client.get("/v1/sessions", headers=candidate.headers)).json()
    assert [s["id"] for s in listed["items"]] == [str(keep.id)]
    assert listed["total"] == 1
    for call in (
        client.get(f"/v1/sessions/{gone.id}", headers=candidate.headers),
        client.delete(f"/v1/sessions/{gone.id}", headers=candidate.headers),
        client.post(f"/v1/sessions/{gone.id}/end", headers=candidate.headers),
    ):
        assert (await call).status_code == 404


async def test_list_is_newest_first_and_paginated(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate, stranger: Candidate
) -> None:
    made = [
        await create_session(db, candidate.user, created_at=T0 + timedelta(hours=i))
        for i in range(5)
    ]
    await create_session(db, stranger.user, created_at=T0 + timedelta(days=1))
    await create_session(db, candidate.user, created_at=T0 + timedelta(days=2), deleted=True)
    newest_first = [str(s.id) for s in reversed(made)]

    page1 = await client.get(
        "/v1/sessions", params={"page": 1, "page_size": 2}, headers=candidate.headers
    )
    assert page1.status_code == 200
    body = page1.json()
    assert body["total"] == 5 and body["page"] == 1 and body["page_size"] == 2
    ids = [s["id"] for s in body["items"]]
    for page in (2, 3):
        more = await client.get(
            "/v1/sessions", params={"page": page, "page_size": 2}, headers=candidate.headers
        )
        ids += [s["id"] for s in more.json()["items"]]
    assert ids == newest_first
    past_end = await client.get(
        "/v1/sessions", params={"page": 9, "page_size": 2}, headers=candidate.headers
    )
    assert past_end.json()["items"] == [] and past_end.json()["total"] == 5


async def test_list_filters(
    client: httpx.AsyncClient, db: AsyncSession, candidate: Candidate
) -> None:
    await create_session(db, candidate.user, slug="sde-hr-easy", status="completed")
    await create_session(db, candidate.user, slug="sales-case-hard", status="completed")
    await create_session(db, candidate.user, slug="sales-hr-medium", status="scheduled")

    async def ids(**params: str) -> list[str]:
        r = await client.get("/v1/sessions", params=params, headers=candidate.headers)
        assert r.status_code == 200, r.text
        return sorted(s["template"]["slug"] for s in r.json()["items"])

    assert await ids(status="completed") == ["sales-case-hard", "sde-hr-easy"]
    assert await ids(role_track="sales") == ["sales-case-hard", "sales-hr-medium"]
    assert await ids(role_track="sales", status="scheduled") == ["sales-hr-medium"]
    assert await ids(status="failed") == []


@pytest.mark.parametrize(
    "params",
    [{"status": "paused"}, {"role_track": "pilot"}, {"page": "0"}, {"page_size": "101"}],
)
async def test_list_rejects_unknown_filters_with_422(
    client: httpx.AsyncClient, candidate: Candidate, params: dict[str, str]
) -> None:
    r = await client.get("/v1/sessions", params=params, headers=candidate.headers)
    assert r.status_code == 422
