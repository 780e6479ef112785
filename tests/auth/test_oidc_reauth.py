"""Confirming an account deletion with a provider instead of a password, against the real
provider: a password-less account deletes itself after a fresh sign-in there; a proof works
only for its own account, only once and only for minutes; a stale or someone else's provider
sign-in confirms nothing; password accounts delete as before."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.auth import reauth
from moodlens.config import Settings
from moodlens.core.base import utcnow
from moodlens.models import AuditEntry, ReauthProof, User, UserIdentity
from tests.auth.oidc_provider import RunningProvider, sign_in_at_provider
from tests.factories import DEFAULT_PASSWORD, auth_headers, create_user


async def _provider_account(
    client: httpx.AsyncClient, provider: RunningProvider, login: str
) -> tuple[uuid.UUID, dict[str, str]]:
    """A password-less account made by signing up through the provider."""
    provider.add_account(login, email=f"{login}@example.edu", verified=True)
    started = (await client.post("/v1/auth/oidc/start", json={"provider": "campus"})).json()
    back = await sign_in_at_provider(started["authorization_url"], login)
    r = await client.post("/v1/auth/oidc/callback", json=_answer(back))
    assert r.status_code == 200, r.text
    body = r.json()
    return uuid.UUID(body["user"]["id"]), {"Authorization": f"Bearer {body['access_token']}"}


def _answer(back: dict[str, str]) -> dict[str, str]:
    """What the callback page posts: the provider's code and our state."""
    return {"state": back["state"], "code": back["code"]}


async def _start(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, str]:
    r = await client.post(
        "/v1/auth/reauth/oidc/start", json={"provider": "campus"}, headers=headers
    )
    assert r.status_code == 200, r.text
    return dict(r.json())


async def _confirm(
    client: httpx.AsyncClient, headers: dict[str, str], login: str
) -> httpx.Response:
    started = await _start(client, headers)
    back = await sign_in_at_provider(started["authorization_url"], login)
    return await client.post(
        "/v1/auth/reauth/oidc/finish",
        json=_answer(back),
        headers=headers,
    )


async def _delete(
    client: httpx.AsyncClient, headers: dict[str, str], **body: Any
) -> httpx.Response:
    return await client.request("DELETE", "/v1/users/me", json=body, headers=headers)


async def _refusals(db: AsyncSession, user_id: uuid.UUID) -> list[Any]:
    rows = await db.execute(
        select(AuditEntry.details).where(
            AuditEntry.target_id == str(user_id),
            AuditEntry.action.in_(["auth.reauth_refused", "account.delete_refused"]),
        )
    )
    return [d["reason"] for d in rows.scalars()]


async def test_a_password_less_account_deletes_itself_after_a_fresh_provider_sign_in(
    client: httpx.AsyncClient, db: AsyncSession, provider: RunningProvider
) -> None:
    user_id, h = await _provider_account(client, provider, "gil")
    methods = await client.get("/v1/auth/reauth/methods", headers=h)
    assert methods.json() == {
        "password": False,
        "providers": [{"id": "campus", "name": "Campus SSO"}],
    }
    no_password = await _delete(client, h, password="anything")
    assert no_password.status_code == 403 and "provider" in no_password.json()["detail"]

    started = await _start(client, h)
    query = parse_qs(urlsplit(started["authorization_url"]).query)
    # The provider must ask the person again, whatever session it already holds.
    assert query["prompt"] == ["login"] and query["max_age"] == ["0"]
    assert query["code_challenge_method"] == ["S256"] and query["nonce"][0]
    back = await sign_in_at_provider(started["authorization_url"], "gil")
    proof = await client.post("/v1/auth/reauth/oidc/finish", json=_answer(back), headers=h)
    assert proof.status_code == 200, proof.text
    assert proof.json()["provider"] == "campus"

    r = await _delete(client, h, reauth_proof=proof.json()["reauth_proof"])
    assert r.status_code == 204, r.text
    assert await db.get(User, user_id) is None
    assert await db.scalar(select(UserIdentity).where(UserIdentity.user_id == user_id)) is None
    assert await db.scalar(select(ReauthProof).where(ReauthProof.user_id == user_id)) is None


async def test_a_proof_works_only_for_its_own_account_and_only_once(
    client: httpx.AsyncClient, db: AsyncSession, provider: RunningProvider
) -> None:
    ann_id, ann = await _provider_account(client, provider, "hal")
    ben_id, ben = await _provider_account(client, provider, "ivo")
    proof = (await _confirm(client, ann, "hal")).json()["reauth_proof"]

    other = await _delete(client, ben, reauth_proof=proof)
    assert other.status_code == 403 and other.json()["error"] == "InvalidReauthProof"
    assert await db.get(User, ben_id) is not None
    assert await _refusals(db, ben_id) == ["invalid_reauth_proof"]

    # Spent once (a deletion attempt that then failed would have spent it just the same).
    ann_user = await db.get(User, ann_id)
    assert ann_user is not None
    assert await reauth.consume(db, ann_user, proof, utcnow()) == "campus"
    replay = await _delete(client, ann, reauth_proof=proof)
    assert replay.status_code == 403 and "already used" in replay.json()["detail"]
    assert await db.get(User, ann_id) is not None


async def test_an_expired_or_unknown_proof_is_refused(
    client: httpx.AsyncClient, db: AsyncSession, provider: RunningProvider
) -> None:
    user_id, h = await _provider_account(client, provider, "jon")
    proof = (await _confirm(client, h, "jon")).json()["reauth_proof"]
    await db.execute(
        update(ReauthProof)
        .where(ReauthProof.user_id == user_id)
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    expired = await _delete(client, h, reauth_proof=proof)
    assert expired.status_code == 403 and "expired" in expired.json()["detail"]
    unknown = await _delete(client, h, reauth_proof="z" * 43)
    assert unknown.status_code == 403 and unknown.json()["error"] == "InvalidReauthProof"
    both = await _delete(client, h, reauth_proof=proof, password="x")
    assert both.status_code == 422
    assert await db.get(User, user_id) is not None


async def test_signing_in_at_the_provider_as_someone_else_confirms_nothing(
    client: httpx.AsyncClient, db: AsyncSession, provider: RunningProvider
) -> None:
    user_id, h = await _provider_account(client, provider, "kai")
    provider.add_account("lea", email="lea@example.edu", verified=True)
    r = await _confirm(client, h, "lea")
    assert r.status_code == 403 and r.json()["error"] == "ReauthMismatch"
    assert "different account" in r.json()["detail"]
    assert await db.scalar(select(ReauthProof).where(ReauthProof.user_id == user_id)) is None
    assert await _refusals(db, user_id) == ["other_account"]


async def test_a_provider_answer_from_an_old_session_is_not_fresh(
    client: httpx.AsyncClient, db: AsyncSession, provider: RunningProvider
) -> None:
    user_id, h = await _provider_account(client, provider, "max")
    provider.mutate_next_id_token("stale_auth_time")
    r = await _confirm(client, h, "max")
    assert r.status_code == 403 and "sign in again" in r.json()["detail"]
    assert await _refusals(db, user_id) == ["not_fresh"]


async def test_states_do_not_cross_between_accounts_or_purposes(
    client: httpx.AsyncClient, provider: RunningProvider
) -> None:
    _, ned = await _provider_account(client, provider, "ned")
    _, ola = await _provider_account(client, provider, "ola")
    started = await _start(client, ned)
    back = await sign_in_at_provider(started["authorization_url"], "ned")
    stolen = await client.post("/v1/auth/reauth/oidc/finish", json=_answer(back), headers=ola)
    assert stolen.status_code == 400 and "another account" in stolen.json()["detail"]
    # A re-authentication never signs anyone in, and its owner can still finish it.
    as_sign_in = await client.post("/v1/auth/oidc/callback", json=_answer(back))
    assert as_sign_in.status_code == 400 and "unknown" in as_sign_in.json()["detail"]
    own = await client.post("/v1/auth/reauth/oidc/finish", json=_answer(back), headers=ned)
    assert own.status_code == 200, own.text

    # And a sign-in state cannot be finished as a re-authentication.
    signin = (await client.post("/v1/auth/oidc/start", json={"provider": "campus"})).json()
    back = await sign_in_at_provider(signin["authorization_url"], "ned")
    crossed = await client.post("/v1/auth/reauth/oidc/finish", json=_answer(back), headers=ned)
    assert crossed.status_code == 400 and "unknown" in crossed.json()["detail"]


async def test_password_accounts_delete_as_before_and_cannot_use_an_unlinked_provider(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await create_user(db, email="pat@example.edu")
    h = auth_headers(user, settings)
    methods = await client.get("/v1/auth/reauth/methods", headers=h)
    assert methods.json() == {"password": True, "providers": []}
    unlinked = await client.post(
        "/v1/auth/reauth/oidc/start", json={"provider": "campus"}, headers=h
    )
    assert unlinked.status_code == 400 and unlinked.json()["error"] == "NoLinkedIdentity"
    wrong = await _delete(client, h, password="not-the-password")
    assert wrong.status_code == 403 and wrong.json()["error"] == "ReauthenticationFailed"
    assert await _refusals(db, user.id) == ["wrong_password"]
    ok = await _delete(client, h, password=DEFAULT_PASSWORD)
    assert ok.status_code == 204
    assert await db.get(User, user.id) is None
