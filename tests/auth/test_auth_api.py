from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.security import ALGORITHM, hash_refresh_token
from moodlens.models import AuditEntry, RefreshToken, User
from tests.factories import DEFAULT_PASSWORD, auth_headers, create_user

pytestmark = pytest.mark.sqlite


async def _signup(real_client: httpx.AsyncClient, email: str = "Ada@Example.com") -> httpx.Response:
    return await real_client.post(
        "/v1/auth/signup",
        json={"email": email, "password": DEFAULT_PASSWORD, "full_name": "Ada Lovelace"},
    )


async def test_signup_returns_tokens_and_normalised_user(real_client: httpx.AsyncClient) -> None:
    r = await _signup(real_client)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["token_type"] == "bearer"
    assert body["user"]["email"] == "ada@example.com"
    me = await real_client.get(
        "/v1/users/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.status_code == 200
    assert me.json()["full_name"] == "Ada Lovelace"


async def test_password_is_stored_as_argon2id(
    real_client: httpx.AsyncClient, real_db: AsyncSession
) -> None:
    await _signup(real_client)
    user = await real_db.scalar(select(User).where(User.email == "ada@example.com"))
    assert user is not None and user.password_hash is not None
    assert user.password_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("password", "fragment"),
    [("short", "at least 10"), ("password123", "commonly used"), ("Password1234", "commonly used")],
)
async def test_weak_passwords_are_rejected_next_to_the_field(
    real_client: httpx.AsyncClient, password: str, fragment: str
) -> None:
    r = await real_client.post(
        "/v1/auth/signup",
        json={"email": "b@example.com", "password": password, "full_name": "B"},
    )
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "WeakPassword"
    assert fragment in body["detail"]
    assert body["fields"][0]["loc"] == "body.password"


async def test_duplicate_signup_does_not_say_the_email_exists(
    real_client: httpx.AsyncClient,
) -> None:
    await _signup(real_client)
    r = await _signup(real_client, "ADA@example.com ")
    assert r.status_code == 400
    assert "exists" not in r.json()["detail"].lower()


async def test_wrong_password_and_unknown_email_look_the_same(
    real_client: httpx.AsyncClient, real_db: AsyncSession
) -> None:
    await create_user(real_db, email="known@example.com")
    wrong = await real_client.post(
        "/v1/auth/login", json={"email": "known@example.com", "password": "not the password"}
    )
    unknown = await real_client.post(
        "/v1/auth/login", json={"email": "nobody@example.com", "password": "not the password"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_login_succeeds_with_any_email_case(
    real_client: httpx.AsyncClient, real_db: AsyncSession
) -> None:
    await create_user(real_db, email="case@example.com")
    r = await real_client.post(
        "/v1/auth/login", json={"email": "Case@Example.COM", "password": DEFAULT_PASSWORD}
    )
    assert r.status_code == 200
    assert r.json()["user"]["email"] == "case@example.com"


async def test_refresh_rotates_and_old_token_stops_working(real_client: httpx.AsyncClient) -> None:
    first = (await _signup(real_client)).json()
    r1 = await real_client.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert r1.status_code == 200
    second = r1.json()
    assert second["refresh_token"] != first["refresh_token"]
    again = await real_client.post(
        "/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    assert again.status_code == 401
    assert again.json()["error"] == "InvalidRefreshToken"


async def test_reuse_of_rotated_token_revokes_the_whole_family(
    real_client: httpx.AsyncClient, real_db: AsyncSession
) -> None:
    first = (await _signup(real_client)).json()
    second = (
        await real_client.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    ).json()
    # An attacker replays the old token: the newest token of the family must die too.
    replay = await real_client.post(
        "/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    assert replay.status_code == 401
    newest = await real_client.post(
        "/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}
    )
    assert newest.status_code == 401
    tokens = (await real_db.scalars(select(RefreshToken))).all()
    assert tokens and all(t.revoked_at is not None for t in tokens)
    # Still refused later (the revocation is committed, not a leftover of one transaction),
    # and the owner's activity trail says their sign-in was ended.
    later = await real_client.post(
        "/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}
    )
    assert later.status_code == 401
    headers = {"Authorization": f"Bearer {first['access_token']}"}
    trail = (await real_client.get("/v1/users/me/audit", headers=headers)).json()
    reuse = [e for e in trail["items"] if e["action"] == "auth.refresh_reuse"]
    assert len(reuse) == 1 and reuse[0]["target_id"] == first["user"]["id"]


async def test_a_refresh_after_a_replay_is_refused_on_a_fresh_connection(
    real_client: httpx.AsyncClient, real_db: AsyncSession
) -> None:
    """The family's newest token is found revoked by a query of its own, after the replay
    request ended with 401: what the replay wrote is committed."""
    first = (await _signup(real_client)).json()
    second = (
        await real_client.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    ).json()
    await real_client.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    newest = await real_db.scalar(
        select(RefreshToken).where(
            RefreshToken.token_hash == hash_refresh_token(second["refresh_token"])
        )
    )
    assert newest is not None and newest.revoked_at is not None and newest.used_at is None


async def test_logout_revokes_refresh_token(real_client: httpx.AsyncClient) -> None:
    pair = (await _signup(real_client)).json()
    r = await real_client.post("/v1/auth/logout", json={"refresh_token": pair["refresh_token"]})
    assert r.status_code == 204
    r = await real_client.post("/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert r.status_code == 401


async def test_expired_access_token_is_401_with_a_hint(
    real_client: httpx.AsyncClient, real_db: AsyncSession, settings: Settings
) -> None:
    user = await create_user(real_db)
    past = datetime.now(UTC) - timedelta(minutes=20)
    token = jwt.encode(
        {"sub": str(user.id), "iat": past, "exp": past + timedelta(minutes=15), "typ": "access"},
        settings.signing_key(),
        algorithm=ALGORITHM,
    )
    r = await real_client.get("/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401
    assert "expired" in r.json()["detail"]
    assert r.headers["www-authenticate"] == "Bearer"


async def test_access_token_signed_with_another_key_is_rejected(
    real_client: httpx.AsyncClient, real_db: AsyncSession
) -> None:
    user = await create_user(real_db)
    forged = jwt.encode(
        {"sub": str(user.id), "exp": datetime.now(UTC) + timedelta(minutes=5), "typ": "access"},
        "not-our-key-not-our-key-not-our-key",
        algorithm=ALGORITHM,
    )
    r = await real_client.get("/v1/users/me", headers={"Authorization": f"Bearer {forged}"})
    assert r.status_code == 401


async def test_missing_token_is_401(real_client: httpx.AsyncClient) -> None:
    r = await real_client.get("/v1/users/me")
    assert r.status_code == 401
    assert r.json()["error"] == "Unauthorized"


async def test_factory_token_works(
    real_client: httpx.AsyncClient, real_db: AsyncSession, settings: Settings
) -> None:
    user = await create_user(real_db)
    r = await real_client.get("/v1/users/me", headers=auth_headers(user, settings))
    assert r.json()["id"] == str(user.id)


async def test_login_is_rate_limited_per_account_with_retry_after(
    real_client: httpx.AsyncClient, real_db: AsyncSession, settings: Settings
) -> None:
    user = await create_user(real_db, email="target@example.com")
    statuses = []
    for _ in range(settings.login_attempts_per_account + 1):
        r = await real_client.post(
            "/v1/auth/login", json={"email": "target@example.com", "password": "guessing-wrong"}
        )
        statuses.append(r.status_code)
    assert statuses[:-1] == [401] * settings.login_attempts_per_account
    assert statuses[-1] == 429
    assert int(r.headers["retry-after"]) > 0
    # Even the right password is refused while the account is locked.
    ok = await real_client.post(
        "/v1/auth/login", json={"email": "target@example.com", "password": DEFAULT_PASSWORD}
    )
    assert ok.status_code == 429
    # The lock is recorded once, for the account's owner, and outlives the refused requests.
    locked = (
        await real_db.scalars(select(AuditEntry).where(AuditEntry.action == "auth.login_locked"))
    ).all()
    assert [(e.target_id, e.actor_id) for e in locked] == [(str(user.id), None)]
    assert locked[0].details == {"failed_attempts": settings.login_attempts_per_account}
    trail = await real_client.get("/v1/users/me/audit", headers=auth_headers(user, settings))
    assert "auth.login_locked" in [e["action"] for e in trail.json()["items"]]


async def test_login_is_rate_limited_per_client_address(
    real_client: httpx.AsyncClient, settings: Settings
) -> None:
    last = None
    for i in range(settings.login_attempts_per_client + 1):
        last = await real_client.post(
            "/v1/auth/login", json={"email": f"spray{i}@example.com", "password": "whatever-123"}
        )
    assert last is not None and last.status_code == 429


async def test_malformed_json_is_422_with_message(real_client: httpx.AsyncClient) -> None:
    r = await real_client.post(
        "/v1/auth/login", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 422
    assert r.json()["detail"] == "The request body is not valid JSON."


async def test_invalid_email_reports_the_field(real_client: httpx.AsyncClient) -> None:
    r = await real_client.post(
        "/v1/auth/signup", json={"email": "nope", "password": DEFAULT_PASSWORD, "full_name": "X"}
    )
    assert r.status_code == 422
    assert r.json()["fields"][0]["loc"] == "body.email"


async def test_oversized_body_is_413(real_client: httpx.AsyncClient, settings: Settings) -> None:
    big = "x" * (settings.max_body_bytes + 10)
    r = await real_client.post("/v1/auth/login", json={"email": "a@example.com", "password": big})
    assert r.status_code == 413
    assert r.json()["error"] == "PayloadTooLarge"
