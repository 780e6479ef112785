"""Typed factory functions for test data (real rows through the real models)."""

from __future__ import annotations

import secrets

from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.security import create_access_token, hash_password
from moodlens.models import User

DEFAULT_PASSWORD = "correct horse battery staple"


async def create_user(
    db: AsyncSession,
    *,
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    full_name: str = "Test Candidate",
    role: str = "candidate",
) -> User:
    user = User(
        email=email or f"user-{secrets.token_hex(4)}@example.com",
        password_hash=hash_password(password),
        full_name=full_name,
        role=role,
    )
    db.add(user)
    await db.flush()
    return user


def auth_headers(user: User, settings: Settings) -> dict[str, str]:
    token = create_access_token(user.id, settings.signing_key(), settings.access_token_minutes)
    return {"Authorization": f"Bearer {token}"}
