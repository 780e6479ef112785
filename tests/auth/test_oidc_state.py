"""A sign-in state works once even when its callback fails: the failure rolls the request back,
and the state's use must outlive it (core.must_commit). Through the real commit boundary, with
the real test provider (npm `oidc-provider` on loopback)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import OidcProviderSettings, Settings
from moodlens.models import OidcLogin, User, UserIdentity
from tests.auth.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    RunningProvider,
    sign_in_at_provider,
    start_provider,
)
from tests.factories import auth_headers, create_user

pytestmark = pytest.mark.sqlite

REDIRECT = "http://test/login/oidc/callback"


@pytest.fixture(scope="module")
def provider() -> Iterator[RunningProvider]:
    yield from start_provider([REDIRECT])


@pytest.fixture
def real_settings(
    settings: Settings, real_database_url: str, provider: RunningProvider
) -> Settings:
    campus = OidcProviderSettings(
        id="campus",
        name="Campus SSO",
        issuer=provider.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
    )
    return settings.model_copy(
        update={"database_url": real_database_url, "oidc_providers": [campus]}
    )


async def test_a_state_whose_callback_failed_cannot_be_used_again(
    real_client: httpx.AsyncClient, real_db: AsyncSession, provider: RunningProvider
) -> None:
    provider.add_account("fay", email="fay@example.edu", verified=True)
    provider.mutate_next_id_token("tamper")
    started = (await real_client.post("/v1/auth/oidc/start", json={"provider": "campus"})).json()
    back = await sign_in_at_provider(started["authorization_url"], "fay")
    body = {"state": back["state"], "code": back["code"]}

    failed = await real_client.post("/v1/auth/oidc/callback", json=body)
    assert failed.status_code == 400 and failed.json()["error"] == "InvalidIdToken"
    login = await real_db.scalar(
        select(OidcLogin).where(
            OidcLogin.state_hash == hashlib.sha256(back["state"].encode()).hexdigest()
        )
    )
    assert login is not None and login.used_at is not None

    again = await real_client.post("/v1/auth/oidc/callback", json=body)
    assert again.status_code == 400 and "already used" in again.json()["detail"]
    assert await real_db.scalar(select(User).where(User.email == "fay@example.edu")) is None


async def test_a_refused_takeover_attempt_is_in_the_owners_trail(
    real_client: httpx.AsyncClient,
    real_db: AsyncSession,
    provider: RunningProvider,
    settings: Settings,
) -> None:
    """An unverified provider email matching an account is refused (409) and, though that
    request is rolled back, its owner's trail records the attempt."""
    owner = await create_user(real_db, email="gil@example.edu")
    provider.add_account("mallory-2", email="gil@example.edu", verified=False)
    started = (await real_client.post("/v1/auth/oidc/start", json={"provider": "campus"})).json()
    back = await sign_in_at_provider(started["authorization_url"], "mallory-2")
    r = await real_client.post(
        "/v1/auth/oidc/callback", json={"state": back["state"], "code": back["code"]}
    )
    assert r.status_code == 409 and r.json()["error"] == "IdentityConflict"
    trail = await real_client.get("/v1/users/me/audit", headers=auth_headers(owner, settings))
    refused = [e for e in trail.json()["items"] if e["action"] == "auth.oidc_link_refused"]
    assert len(refused) == 1 and refused[0]["actor_id"] is None
    assert refused[0]["details"] == {"provider": "campus", "reason": "email_not_verified"}
    assert await real_db.scalar(select(UserIdentity)) is None
