from __future__ import annotations

import dataclasses

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.models import AuditEntry
from moodlens.privacy import consent_text, service
from tests.factories import auth_headers
from tests.privacy import factories

pytestmark = pytest.mark.sqlite


async def test_current_consent_is_public_and_plain(real_client: httpx.AsyncClient) -> None:
    r = await real_client.get("/v1/consents/current")
    assert r.status_code == 200
    body = r.json()
    assert body["version"] == consent_text.current_consent().version
    assert {s["id"] for s in body["scopes"]} == {"camera", "microphone", "recording"}
    text = " ".join(body["text"].lower().split())
    assert "never leaves your device" in text
    assert "not stored unless" in text
    assert "do not over-interpret" in text
    # Facial cues are observable behaviour only (DESIGN §8): no emotion claims in the text.
    for banned in ("nervous", "emotion recognition", "detects emotions", "anxious"):
        assert banned not in text


async def test_accept_consent_records_scopes_client_and_audit(
    real_client: httpx.AsyncClient, real_db: AsyncSession, settings: Settings
) -> None:
    user = await factories.quick_user(real_db)
    headers = {**auth_headers(user, settings), "User-Agent": "Firefox/140 test"}
    version = consent_text.current_consent().version
    r = await real_client.post(
        "/v1/users/me/consents",
        json={"consent_version": version, "scopes": ["microphone", "camera", "camera"]},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    assert r.json()["scopes"] == ["camera", "microphone"]
    assert r.json()["client"] == "Firefox/140 test"
    assert r.json()["current"] is True
    listed = (await real_client.get("/v1/users/me/consents", headers=headers)).json()
    assert listed["has_current"] is True and len(listed["items"]) == 1
    assert (await service.require_current_consent(real_db, user)).consent_version == version
    entry = (
        await real_db.execute(select(AuditEntry).where(AuditEntry.action == "consent.accept"))
    ).scalar_one()
    assert entry.actor_id == user.id and entry.details["scopes"] == ["camera", "microphone"]


async def test_consent_validation_messages(
    real_client: httpx.AsyncClient, real_db: AsyncSession, settings: Settings
) -> None:
    user = await factories.quick_user(real_db)
    headers = auth_headers(user, settings)
    version = consent_text.current_consent().version
    old = await real_client.post(
        "/v1/users/me/consents",
        json={"consent_version": "2020-01", "scopes": ["camera", "microphone"]},
        headers=headers,
    )
    assert old.status_code == 409 and version in old.json()["detail"]
    unknown = await real_client.post(
        "/v1/users/me/consents",
        json={"consent_version": version, "scopes": ["camera", "microphone", "emotions"]},
        headers=headers,
    )
    assert unknown.status_code == 400 and "emotions" in unknown.json()["detail"]
    # A recording is the microphone's audio: not without the microphone.
    missing = await real_client.post(
        "/v1/users/me/consents",
        json={"consent_version": version, "scopes": ["camera", "recording"]},
        headers=headers,
    )
    assert missing.status_code == 400 and "microphone" in missing.json()["detail"]


async def test_consent_version_change_forces_reconsent(
    real_client: httpx.AsyncClient,
    real_db: AsyncSession,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = await factories.quick_user(real_db)
    headers = auth_headers(user, settings)
    old = consent_text.current_consent()
    await real_client.post(
        "/v1/users/me/consents",
        json={"consent_version": old.version, "scopes": ["camera", "microphone"]},
        headers=headers,
    )
    await service.require_current_consent(real_db, user)

    bumped = dataclasses.replace(old, version="2027-01-1")
    monkeypatch.setattr(consent_text, "current_consent", lambda: bumped)
    with pytest.raises(service.ConsentRequired) as exc:
        await service.require_current_consent(real_db, user)
    assert exc.value.status_code == 403
    assert "version 2027-01-1" in exc.value.detail
    assert "POST /v1/users/me/consents" in exc.value.detail
    listed = (await real_client.get("/v1/users/me/consents", headers=headers)).json()
    assert listed["has_current"] is False and listed["items"][0]["current"] is False

    r = await real_client.post(
        "/v1/users/me/consents",
        json={"consent_version": "2027-01-1", "scopes": ["camera", "microphone"]},
        headers=headers,
    )
    assert r.status_code == 201
    assert (await service.require_current_consent(real_db, user)).consent_version == "2027-01-1"


async def test_privacy_settings_defaults_update_and_audit(
    real_client: httpx.AsyncClient, real_db: AsyncSession, settings: Settings
) -> None:
    user = await factories.quick_user(real_db)
    headers = auth_headers(user, settings)
    first = (await real_client.get("/v1/users/me/privacy", headers=headers)).json()
    assert first["chosen"] is False and first["retention_days"] is None
    assert first["recording_default"] is False

    body = {"retention_days": 90, "recording_default": False, "practice_minutes_per_day": 15}
    r = await real_client.put("/v1/users/me/privacy", json=body, headers=headers)
    assert r.status_code == 200 and r.json()["chosen"] is True
    r = await real_client.put(
        "/v1/users/me/privacy", json={**body, "retention_days": 30}, headers=headers
    )
    assert r.json()["retention_days"] == 30
    same = await real_client.put(
        "/v1/users/me/privacy", json={**body, "retention_days": 30}, headers=headers
    )
    assert same.status_code == 200
    bad = await real_client.put(
        "/v1/users/me/privacy", json={**body, "retention_days": 45}, headers=headers
    )
    assert bad.status_code == 422
    entries = (
        (
            await real_db.execute(
                select(AuditEntry).where(AuditEntry.actor_id == user.id).order_by(AuditEntry.id)
            )
        )
        .scalars()
        .all()
    )
    assert [e.action for e in entries] == ["privacy.retention_change", "privacy.retention_change"]
    assert entries[1].details["changed"] == {"retention_days": {"from": 90, "to": 30}}

    trail = (await real_client.get("/v1/users/me/audit", headers=headers)).json()
    assert trail["total"] == 2
    assert trail["items"][0]["details"]["changed"]["retention_days"]["to"] == 30
