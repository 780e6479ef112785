"""Probes a stranger can run against sign-in: they must not tell which accounts exist."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import create_user

pytestmark = pytest.mark.sqlite


@pytest.fixture
def argon2_verifications(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Count real argon2 verifications (the library's, still run) instead of timing them:
    the work done is what the response time follows, and counting holds on a busy machine."""
    calls: list[str] = []
    real = PasswordHasher.verify

    def counting(self: PasswordHasher, hash: str | bytes, password: str | bytes) -> bool:
        calls.append("verify")
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    yield calls


async def test_unknown_email_costs_one_argon2_verification_like_a_wrong_password(
    client: httpx.AsyncClient, db: AsyncSession, argon2_verifications: list[str]
) -> None:
    await create_user(db, email="known@example.com")
    wrong = await client.post(
        "/v1/auth/login", json={"email": "known@example.com", "password": "not the password"}
    )
    after_wrong = len(argon2_verifications)
    unknown = await client.post(
        "/v1/auth/login", json={"email": "nobody@example.com", "password": "not the password"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert after_wrong == 1
    assert len(argon2_verifications) - after_wrong == 1
