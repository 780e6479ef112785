"""Accounts and tokens: signup, login, refresh rotation with family revocation, logout."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.auth.schemas import TokenPair, UserOut
from moodlens.config import Settings
from moodlens.core.audit import record_audit, record_refusal_audit
from moodlens.core.errors import BadRequest, TooManyRequests, Unauthorized
from moodlens.core.must_commit import MustCommitWrite, must_commit
from moodlens.core.ratelimit import RateLimiter
from moodlens.core.security import (
    create_access_token,
    hash_password_off_loop,
    hash_refresh_token,
    new_refresh_token,
    password_problem,
    verify_password_off_loop,
)
from moodlens.models import RefreshToken, User

# One message for every login failure, so responses never reveal whether an email exists.
BAD_LOGIN = "The email or password is not correct."
BAD_REFRESH = "This session has ended; sign in again."


class SignupRejected(BadRequest):
    """The signup could not be completed with these details."""


class WeakPassword(BadRequest):
    """The password does not meet the rules."""

    status_code = 422


class InvalidCredentials(Unauthorized):
    """The email or password is not correct."""


class InvalidRefreshToken(Unauthorized):
    """The refresh token is unknown, expired, revoked or was already used."""


async def _issue(db: AsyncSession, settings: Settings, user: User, family: uuid.UUID) -> TokenPair:
    raw = new_refresh_token()
    now = datetime.now(UTC)
    db.add(
        RefreshToken(
            user_id=user.id,
            family_id=family,
            token_hash=hash_refresh_token(raw),
            created_at=now,
            expires_at=now + timedelta(days=settings.refresh_token_days),
        )
    )
    await db.flush()
    return TokenPair(
        access_token=create_access_token(
            user.id, settings.signing_key(), settings.access_token_minutes
        ),
        refresh_token=raw,
        expires_in=settings.access_token_minutes * 60,
        user=UserOut.model_validate(user),
    )


async def signup(
    db: AsyncSession, settings: Settings, email: str, password: str, full_name: str
) -> TokenPair:
    problem = password_problem(password, email)
    if problem:
        raise WeakPassword(problem, field="body.password")
    existing = await db.scalar(select(User.id).where(User.email == email))
    if existing is not None:
        # Deliberately vague: saying "email taken" would let anyone probe for accounts.
        raise SignupRejected(
            "We could not create an account with these details. If you already have an "
            "account, sign in instead."
        )
    password_hash = await hash_password_off_loop(password)
    user = User(email=email, password_hash=password_hash, full_name=full_name)
    db.add(user)
    await db.flush()
    return await _issue(db, settings, user, uuid.uuid4())


async def login(
    db: AsyncSession,
    settings: Settings,
    limiter: RateLimiter,
    email: str,
    password: str,
    client: str,
) -> TokenPair:
    window = settings.login_window_seconds
    wait = await limiter.hit(f"login:client:{client}", settings.login_attempts_per_client, window)
    if wait:
        raise TooManyRequests("Too many sign-in attempts from this address; try again later.", wait)
    account_key = f"login:account:{email}"
    user = await db.scalar(select(User).where(User.email == email))
    # Verify even for an unknown email (against a dummy hash): skipping argon2 made unknown
    # emails answer ~4x faster, which told a prober which accounts exist.
    password_ok = await verify_password_off_loop(user.password_hash if user else None, password)
    if user is None or not password_ok:
        wait = await limiter.hit(account_key, settings.login_attempts_per_account, window)
        if wait:
            raise TooManyRequests(
                "Too many failed sign-in attempts for this account; try again later.", wait
            )
        if user is not None and await limiter.hit(
            account_key, settings.login_attempts_per_account, window, record=False
        ):
            # This failure locked the account: its owner sees that in their activity trail.
            await record_refusal_audit(
                db,
                actor_id=None,
                action="auth.login_locked",
                target_type="user",
                target_id=user.id,
                details={"failed_attempts": settings.login_attempts_per_account},
            )
        raise InvalidCredentials(BAD_LOGIN)
    # A correct password still cannot bypass a lock that failed attempts already set.
    wait = await limiter.hit(account_key, settings.login_attempts_per_account, window, record=False)
    if wait:
        raise TooManyRequests(
            "Too many failed sign-in attempts for this account; try again later.", wait
        )
    await limiter.reset(account_key)
    return await _issue(db, settings, user, uuid.uuid4())


async def _revoke_family(db: AsyncSession, family_id: uuid.UUID, now: datetime) -> None:
    await db.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def _family_revoked_for_reuse(
    user_id: uuid.UUID, family_id: uuid.UUID, now: datetime
) -> MustCommitWrite:
    async def write(db: AsyncSession) -> None:
        await _revoke_family(db, family_id, now)
        # Actor unknown (whoever held the old token); the owner sees it in their trail.
        record_audit(
            db,
            actor_id=None,
            action="auth.refresh_reuse",
            target_type="user",
            target_id=user_id,
            details={"sign_in_ended": True},
        )

    return write


async def refresh(db: AsyncSession, settings: Settings, raw: str) -> TokenPair:
    now = datetime.now(UTC)
    token = await db.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == hash_refresh_token(raw))
    )
    if token is None:
        raise InvalidRefreshToken(BAD_REFRESH)
    if token.used_at is not None:
        # Reuse of a rotated token means it leaked: end every token of that login. The 401
        # below rolls the request back, so the revocation must commit on its own.
        await must_commit(db, _family_revoked_for_reuse(token.user_id, token.family_id, now))
        raise InvalidRefreshToken(BAD_REFRESH)
    if token.revoked_at is not None or token.expires_at <= now:
        raise InvalidRefreshToken(BAD_REFRESH)
    user = await db.get(User, token.user_id)
    if user is None:
        raise InvalidRefreshToken(BAD_REFRESH)
    token.used_at = now
    return await _issue(db, settings, user, token.family_id)


async def logout(db: AsyncSession, raw: str) -> None:
    token = await db.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == hash_refresh_token(raw))
    )
    if token is not None:
        await _revoke_family(db, token.family_id, datetime.now(UTC))
