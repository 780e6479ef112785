"""Request-scoped dependencies shared by every router (`Annotated` aliases)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.errors import Unauthorized
from moodlens.core.must_commit import commit_after_rollback
from moodlens.core.ratelimit import RateLimiter
from moodlens.core.security import InvalidToken, decode_access_token
from moodlens.core.storage import Storage
from moodlens.models import User

AfterCommit = list[Callable[[], Awaitable[None]]]


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_after_commit(request: Request) -> AfterCommit:
    """Callbacks (e.g. job enqueues) that run only once the request's transaction committed."""
    callbacks: AfterCommit = request.state.__dict__.setdefault("after_commit", [])
    return callbacks


async def get_db(
    request: Request, after_commit: Annotated[AfterCommit, Depends(get_after_commit)]
) -> AsyncIterator[AsyncSession]:
    async with request.app.state.sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            await commit_after_rollback(request.app.state.sessionmaker, session)
            raise
    for callback in after_commit:
        await callback()


def get_rate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.rate_limiter
    return limiter


def get_storage(request: Request) -> Storage:
    storage: Storage = request.app.state.storage
    return storage


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
# scope="function": commit before the response is sent, so a 2xx means the data is stored.
DbSession = Annotated[AsyncSession, Depends(get_db, scope="function")]
AfterCommitDep = Annotated[AfterCommit, Depends(get_after_commit)]
RateLimiterDep = Annotated[RateLimiter, Depends(get_rate_limiter)]
StorageDep = Annotated[Storage, Depends(get_storage)]

_bearer = HTTPBearer(auto_error=False, description="Access token from /v1/auth/login")


async def get_current_user(
    db: DbSession,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    if credentials is None:
        raise Unauthorized("Sign in first: send 'Authorization: Bearer <access token>'.")
    try:
        user_id: uuid.UUID = decode_access_token(credentials.credentials, settings.signing_key())
    except InvalidToken as exc:
        raise Unauthorized(str(exc)) from exc
    user = await db.get(User, user_id)
    if user is None:
        raise Unauthorized("This account no longer exists; sign up again.")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
