"""Sign-in with OpenID Connect against a real provider (npm `oidc-provider` on loopback):
sign-up, sign-in, linking by verified email only, tampered / wrong-audience / expired ID
tokens, a replayed state, unknown providers, and institutes that require their provider."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.models import AuditEntry, Organization, User, UserIdentity
from tests.auth.oidc_provider import RunningProvider, sign_in_at_provider
from tests.factories import DEFAULT_PASSWORD, auth_headers, create_user
from tests.orgs import factories as org_factories


async def _start(client: httpx.AsyncClient) -> dict[str, str]:
    r = await client.post("/v1/auth/oidc/start", json={"provider": "campus"})
    assert r.status_code == 200, r.text
    return dict(r.json())


async def _sign_in(client: httpx.AsyncClient, login: str) -> tuple[httpx.Response, dict[str, str]]:
    started = await _start(client)
    assert "code_challenge_method=S256" in started["authorization_url"]
    back = await sign_in_at_provider(started["authorization_url"], login)
    assert back["state"] == started["state"]
    r = await client.post(
        "/v1/auth/oidc/callback", json={"state": back["state"], "code": back["code"]}
    )
    return r, back


async def _actions(db: AsyncSession, user_id: object) -> list[str]:
    rows = await db.execute(select(AuditEntry.action).where(AuditEntry.target_id == str(user_id)))
    return list(rows.scalars())


async def test_providers_are_listed_and_unknown_one_is_404(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/auth/providers")
    assert r.json() == {"items": [{"id": "campus", "name": "Campus SSO"}]}
    bad = await client.post("/v1/auth/oidc/start", json={"provider": "nope"})
    assert bad.status_code == 404 and "campus" in bad.json()["detail"]


async def test_sign_up_then_sign_in_with_a_verified_email(
    client: httpx.AsyncClient, db: AsyncSession, provider: RunningProvider
) -> None:
    provider.add_account("ana", email="Ana@Example.edu", verified=True, name="Ana Lima")
    r, _ = await _sign_in(client, "ana")
    assert r.status_code == 200, r.text
    user = r.json()["user"]
    assert user["email"] == "ana@example.edu" and user["full_name"] == "Ana Lima"
    row = await db.get(User, uuid.UUID(user["id"]))
    assert row is not None and row.password_hash is None
    me = await client.get(
        "/v1/users/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
    )
    assert me.status_code == 200 and me.json()["email"] == "ana@example.edu"

    again, _ = await _sign_in(client, "ana")
    assert again.status_code == 200 and again.json()["user"]["id"] == user["id"]
    assert sorted(await _actions(db, user["id"])) == ["auth.oidc_login", "auth.oidc_signup"]


async def test_verified_email_links_to_the_existing_account(
    client: httpx.AsyncClient, db: AsyncSession, provider: RunningProvider
) -> None:
    existing = await create_user(db, email="bea@example.edu", full_name="Bea")
    provider.add_account("bea", email="bea@example.edu", verified=True)
    r, _ = await _sign_in(client, "bea")
    assert r.status_code == 200, r.text
    assert r.json()["user"]["id"] == str(existing.id)
    identity = await db.scalar(select(UserIdentity).where(UserIdentity.user_id == existing.id))
    assert identity is not None and identity.subject == "bea"
    assert "auth.oidc_link" in await _actions(db, existing.id)


async def test_unverified_email_never_links_or_creates(
    client: httpx.AsyncClient, db: AsyncSession, provider: RunningProvider
) -> None:
    victim = await create_user(db, email="cleo@example.edu")
    provider.add_account("mallory", email="cleo@example.edu", verified=False)
    r, _ = await _sign_in(client, "mallory")
    assert r.status_code == 409 and r.json()["error"] == "IdentityConflict"
    assert "not verified" in r.json()["detail"]
    assert await db.scalar(select(UserIdentity).where(UserIdentity.user_id == victim.id)) is None

    provider.add_account("newbie", email="newbie@example.edu", verified=False)
    r, _ = await _sign_in(client, "newbie")
    assert r.status_code == 403 and r.json()["error"] == "EmailNotVerified"
    assert await db.scalar(select(User).where(User.email == "newbie@example.edu")) is None


@pytest.mark.parametrize(
    ("mutation", "words"),
    [
        ("tamper", "signature"),
        ("wrong_aud", "aud"),
        ("expired", "exp"),
    ],
)
async def test_bad_id_tokens_are_refused(
    client: httpx.AsyncClient,
    db: AsyncSession,
    provider: RunningProvider,
    mutation: str,
    words: str,
) -> None:
    login = f"dee-{mutation}"
    provider.add_account(login, email=f"{login}@example.edu", verified=True)
    provider.mutate_next_id_token(mutation)
    r, _ = await _sign_in(client, login)
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "InvalidIdToken" and words in r.json()["detail"]
    assert await db.scalar(select(User).where(User.email == f"{login}@example.edu")) is None


async def test_a_replayed_state_is_refused(
    client: httpx.AsyncClient, provider: RunningProvider
) -> None:
    provider.add_account("eve", email="eve@example.edu", verified=True)
    first, back = await _sign_in(client, "eve")
    assert first.status_code == 200
    replay = await client.post(
        "/v1/auth/oidc/callback", json={"state": back["state"], "code": back["code"]}
    )
    assert replay.status_code == 400 and "already used" in replay.json()["detail"]
    forged = await client.post(
        "/v1/auth/oidc/callback", json={"state": "x" * 43, "code": back["code"]}
    )
    assert forged.status_code == 400 and "unknown" in forged.json()["detail"]


async def test_institute_can_require_its_provider(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings, provider: RunningProvider
) -> None:
    owner = await org_factories.user(db, "Owner")
    org = await org_factories.org(db, owner, "Campus")
    member = await create_user(db, email="fay@example.edu")
    await org_factories.member(db, org, "Other")
    h = auth_headers(owner, settings)
    bad = await client.put(f"/v1/orgs/{org.id}/sign-in", json={"required_provider": "x"}, headers=h)
    assert bad.status_code == 404
    r = await client.put(
        f"/v1/orgs/{org.id}/sign-in", json={"required_provider": "campus"}, headers=h
    )
    assert r.status_code == 200 and r.json()["required_provider"] == "campus"

    invite = await client.post(f"/v1/orgs/{org.id}/invites", json={}, headers=h)
    code = invite.json()["code"]
    mh = auth_headers(member, settings)
    refused = await client.post("/v1/orgs/join", json={"code": code}, headers=mh)
    assert refused.status_code == 403 and "campus" in refused.json()["detail"]

    # Once the account is linked to the provider, joining works; passwords stop working.
    provider.add_account("fay", email="fay@example.edu", verified=True)
    linked, _ = await _sign_in(client, "fay")
    assert linked.status_code == 200
    joined = await client.post("/v1/orgs/join", json={"code": code}, headers=mh)
    assert joined.status_code == 200, joined.text
    pw = await client.post(
        "/v1/auth/login", json={"email": "fay@example.edu", "password": DEFAULT_PASSWORD}
    )
    assert pw.status_code == 403 and "Campus SSO" in pw.json()["detail"]
    # The owner keeps password sign-in, so the institute cannot lock itself out.
    assert isinstance(await db.get(Organization, org.id), Organization)


async def test_starting_sign_ins_is_rate_limited_per_client(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    """Starting is unauthenticated and stores a row, so one address cannot start endlessly."""
    for _ in range(settings.login_attempts_per_client):
        assert (await client.post("/v1/auth/oidc/start", json={"provider": "campus"})).is_success
    r = await client.post("/v1/auth/oidc/start", json={"provider": "campus"})
    assert r.status_code == 429 and "Retry-After" in r.headers
