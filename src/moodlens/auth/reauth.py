"""Confirming who you are again, with a provider instead of a password.

An account made through a provider has no password, yet deleting an account must be
confirmed by its owner, not only by whoever holds its access token. The confirmation is a
fresh sign-in at a linked provider:

- it starts from the signed-in account (`OidcLogin.user_id`) and only that account may finish
  it; the state, nonce and PKCE checks are the sign-in flow's own (`oidc.claim_login`,
  `oidc.verified_claims`);
- the provider is asked for a new login (`prompt=login`, `max_age=0`) and the ID token's
  `auth_time` must be after we started, so an old provider session cannot stand in for the
  person;
- the token's issuer and `sub` must be an identity linked to this account, so signing in at
  the provider as somebody else proves nothing;
- success is a random proof (stored as SHA-256) that works once, for this user, for minutes,
  and that `privacy.account_deletion.delete_my_account` accepts in place of the password.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from authlib.common.security import generate_token
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.auth import oidc
from moodlens.config import Settings
from moodlens.core.audit import record_audit, record_refusal_audit
from moodlens.core.errors import BadRequest, Forbidden
from moodlens.core.must_commit import MustCommitWrite, must_commit
from moodlens.models import ReauthProof, User, UserIdentity

PROOF_TTL = timedelta(minutes=5)


class NoLinkedIdentity(BadRequest):
    """This account is not linked to that provider, so it cannot confirm with it."""


class ReauthMismatch(Forbidden):
    """The provider sign-in is not this account's, or not fresh: nothing was confirmed."""


class InvalidReauthProof(Forbidden):
    """The confirmation is unknown, another account's, expired or already used."""


@dataclass(frozen=True)
class ReauthMethods:
    password: bool
    providers: list[dict[str, str]]


@dataclass(frozen=True)
class IssuedProof:
    reauth_proof: str
    provider: str
    expires_at: datetime


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


async def _linked_provider_ids(db: AsyncSession, user_id: uuid.UUID) -> set[str]:
    rows = await db.scalars(select(UserIdentity.provider).where(UserIdentity.user_id == user_id))
    return set(rows.all())


async def methods(db: AsyncSession, settings: Settings, user: User) -> ReauthMethods:
    """How this account can confirm it is itself: its password, and each configured provider
    it is linked to."""
    linked = await _linked_provider_ids(db, user.id)
    return ReauthMethods(
        password=user.password_hash is not None,
        providers=[p for p in oidc.provider_list(settings) if p["id"] in linked],
    )


async def start(
    db: AsyncSession,
    settings: Settings,
    user: User,
    provider_id: str,
    base_url: str,
    now: datetime,
) -> oidc.Started:
    provider = oidc.configured(settings, provider_id)
    if provider.id not in await _linked_provider_ids(db, user.id):
        raise NoLinkedIdentity(
            f"Your account is not linked to {provider.name}, so it cannot confirm with it; "
            "use your password or a provider you sign in with.",
            field="body.provider",
        )
    return await oidc.begin(db, settings, provider.id, base_url, now, reauth_user_id=user.id)


async def _refuse(db: AsyncSession, user: User, provider_id: str, reason: str) -> None:
    # Someone holding this account's access token tried to confirm as it: the owner sees it.
    await record_refusal_audit(
        db,
        actor_id=user.id,
        action="auth.reauth_refused",
        target_type="user",
        target_id=user.id,
        details={"provider": provider_id, "reason": reason},
    )


async def finish(
    db: AsyncSession, settings: Settings, user: User, state: str, code: str, now: datetime
) -> IssuedProof:
    login = await oidc.claim_login(db, state, now, reauth_user_id=user.id)
    provider, claims = await oidc.verified_claims(settings, login, code, now)
    auth_time = claims.get("auth_time")
    started = int(login.created_at.timestamp())
    if not isinstance(auth_time, int) or auth_time < started - oidc.LEEWAY_S:
        await _refuse(db, user, provider.id, "not_fresh")
        raise ReauthMismatch(
            f"{provider.name} did not ask you to sign in again just now, so it cannot confirm "
            "this; try again and enter your credentials there."
        )
    linked = await db.scalar(
        select(UserIdentity.id).where(
            UserIdentity.user_id == user.id,
            UserIdentity.provider == provider.id,
            UserIdentity.issuer == provider.issuer,
            UserIdentity.subject == str(claims["sub"]),
        )
    )
    if linked is None:
        await _refuse(db, user, provider.id, "other_account")
        raise ReauthMismatch(
            f"You signed in at {provider.name} as a different account than the one linked to "
            "this MoodLens account; nothing was confirmed."
        )
    proof = generate_token(43)
    expires_at = now + PROOF_TTL
    db.add(
        ReauthProof(
            user_id=user.id,
            token_hash=_hash(proof),
            provider=provider.id,
            created_at=now,
            expires_at=expires_at,
        )
    )
    await db.flush()
    record_audit(
        db,
        actor_id=user.id,
        action="auth.reauth_confirmed",
        target_type="user",
        target_id=user.id,
        details={"provider": provider.id},
    )
    return IssuedProof(reauth_proof=proof, provider=provider.id, expires_at=expires_at)


def _proof_used(proof_id: uuid.UUID, now: datetime) -> MustCommitWrite:
    async def write(db: AsyncSession) -> None:
        await db.execute(
            update(ReauthProof)
            .where(ReauthProof.id == proof_id, ReauthProof.used_at.is_(None))
            .values(used_at=now)
        )

    return write


async def consume(db: AsyncSession, user: User, proof: str, now: datetime) -> str:
    """Spend a proof for `user`; returns the provider it was confirmed with. Spent even if
    what it confirms fails afterwards: a proof is one attempt, never a reusable credential."""
    row = (
        await db.execute(
            select(ReauthProof).where(ReauthProof.token_hash == _hash(proof)).with_for_update()
        )
    ).scalar_one_or_none()
    # Another account's proof reads as unknown: it tells nothing about that account.
    if row is None or row.user_id != user.id:
        raise InvalidReauthProof(
            "This confirmation is not valid for your account; confirm again.",
            field="body.reauth_proof",
        )
    if row.used_at is not None:
        raise InvalidReauthProof(
            "This confirmation was already used; confirm again.", field="body.reauth_proof"
        )
    if row.expires_at <= now:
        raise InvalidReauthProof(
            f"This confirmation expired (it lasts {int(PROOF_TTL.total_seconds() // 60)} "
            "minutes); confirm again.",
            field="body.reauth_proof",
        )
    await must_commit(db, _proof_used(row.id, now))
    return row.provider
