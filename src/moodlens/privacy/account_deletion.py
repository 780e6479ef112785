"""Deleting one's own account: confirmed with the password, or with a fresh sign-in at a
linked provider for password-less accounts; failed confirmations are rate limited and audited
for the owner to see."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.auth import reauth
from moodlens.config import Settings
from moodlens.core.audit import record_refusal_audit
from moodlens.core.base import utcnow
from moodlens.core.errors import Forbidden, TooManyRequests
from moodlens.core.ratelimit import RateLimiter
from moodlens.core.security import verify_password_off_loop
from moodlens.core.storage import Storage
from moodlens.models import User
from moodlens.privacy import deletion


class ReauthenticationFailed(Forbidden):
    """The password does not match: the account was not deleted."""


async def delete_my_account(
    db: AsyncSession,
    storage: Storage,
    limiter: RateLimiter,
    settings: Settings,
    user: User,
    password: str | None,
    reauth_proof: str | None = None,
) -> None:
    """Delete the account once its owner confirmed: with the password, or with the proof of a
    fresh sign-in at a linked provider (`auth.reauth`), which password-less accounts need."""
    # 403, not 401: the access token is fine, and a 401 would make clients refresh and retry.
    key = f"reauth:{user.id}"
    window = settings.login_window_seconds
    wait = await limiter.hit(key, settings.login_attempts_per_account, window, record=False)
    if wait:
        raise TooManyRequests("Too many failed confirmations; try again later.", wait)
    if reauth_proof is not None:
        try:
            await reauth.consume(db, user, reauth_proof, utcnow())
        except reauth.InvalidReauthProof:
            await limiter.hit(key, settings.login_attempts_per_account, window)
            await _refused(db, user, "invalid_reauth_proof")
            raise
    else:
        await _check_password(db, limiter, settings, user, password or "", key)
    await limiter.reset(key)
    await deletion.delete_account(db, storage, user)


async def _refused(db: AsyncSession, user: User, reason: str) -> None:
    # Someone holding this account's access token tried to delete it: the owner sees it.
    await record_refusal_audit(
        db,
        actor_id=user.id,
        action="account.delete_refused",
        target_type="user",
        target_id=user.id,
        details={"reason": reason},
    )


async def _check_password(
    db: AsyncSession,
    limiter: RateLimiter,
    settings: Settings,
    user: User,
    password: str,
    key: str,
) -> None:
    if user.password_hash is None:
        raise ReauthenticationFailed(
            "This account signs in with a provider and has no password; confirm the deletion "
            "with that provider instead.",
            field="body.password",
        )
    if not await verify_password_off_loop(user.password_hash, password):
        await limiter.hit(key, settings.login_attempts_per_account, settings.login_window_seconds)
        await _refused(db, user, "wrong_password")
        raise ReauthenticationFailed(
            "That password is not correct, so nothing was deleted. Enter the password you "
            "sign in with.",
            field="body.password",
        )
