"""Fixtures for the OpenID Connect tests: one real provider (npm `oidc-provider` on loopback)
per test module, and an app configured to use it as provider "campus"."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import OidcProviderSettings, Settings
from moodlens.core.deps import get_db
from moodlens.main import create_app
from tests.auth.oidc_provider import CLIENT_ID, CLIENT_SECRET, RunningProvider, start_provider

REDIRECT = "http://test/login/oidc/callback"


@pytest.fixture(scope="module")
def provider() -> Iterator[RunningProvider]:
    yield from start_provider([REDIRECT])


@pytest.fixture
async def client(
    settings: Settings, db: AsyncSession, provider: RunningProvider
) -> AsyncIterator[httpx.AsyncClient]:
    configured = settings.model_copy(
        update={
            "oidc_providers": [
                OidcProviderSettings(
                    id="campus",
                    name="Campus SSO",
                    issuer=provider.issuer,
                    client_id=CLIENT_ID,
                    client_secret=CLIENT_SECRET,
                )
            ]
        }
    )
    app: FastAPI = create_app(configured)

    async def _test_db() -> AsyncIterator[AsyncSession]:
        yield db
        await db.commit()

    app.dependency_overrides[get_db] = _test_db
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as c:
        yield c
