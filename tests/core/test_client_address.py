"""Per-client login limits count the real client: X-Forwarded-For is believed only from a
configured proxy (MOODLENS_TRUSTED_PROXIES, default none)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import ConfigError, Settings
from moodlens.core.deps import get_db
from moodlens.main import create_app
from tests.serving import serving

pytestmark = pytest.mark.sqlite


def _client_for(settings: Settings, db: AsyncSession) -> httpx.AsyncClient:
    app = create_app(settings)

    async def _test_db() -> AsyncIterator[AsyncSession]:
        yield db
        await db.commit()

    app.dependency_overrides[get_db] = _test_db
    # ASGITransport connects from 127.0.0.1, like a proxy on the same host would.
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def _login_statuses(client: httpx.AsyncClient, forwarded_for: list[str]) -> list[int]:
    statuses = []
    for i, xff in enumerate(forwarded_for):
        r = await client.post(
            "/v1/auth/login",
            json={"email": f"spray{i}@example.com", "password": "whatever-123"},
            headers={"X-Forwarded-For": xff},
        )
        statuses.append(r.status_code)
    return statuses


async def test_a_forged_forwarded_for_does_not_buy_more_attempts(
    settings: Settings, db: AsyncSession
) -> None:
    """Through the real server `moodlens serve` runs (uvicorn, TCP from 127.0.0.1): uvicorn's
    own default believed X-Forwarded-For from local peers, so each forged header was a fresh
    client with a fresh budget."""
    limited = settings.model_copy(update={"login_attempts_per_client": 3})
    app = create_app(limited)

    async def _test_db() -> AsyncIterator[AsyncSession]:
        yield db
        await db.commit()

    app.dependency_overrides[get_db] = _test_db
    async with serving(app) as base_url, httpx.AsyncClient(base_url=base_url) as client:
        statuses = await _login_statuses(client, [f"203.0.113.{i}" for i in range(5)])
    assert statuses == [401, 401, 401, 429, 429]


async def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget(
    settings: Settings, db: AsyncSession
) -> None:
    proxied = settings.model_copy(
        update={"login_attempts_per_client": 2, "trusted_proxies": ["127.0.0.0/8"]}
    )
    async with _client_for(proxied, db) as client:
        # The client prepends a made-up hop; the proxy appends the address it really saw.
        one = await _login_statuses(client, [f"10.9.9.{i}, 198.51.100.7" for i in range(3)])
        other = await _login_statuses(client, ["198.51.100.8"])
    assert one == [401, 401, 429]
    assert other == [401]


def test_a_trusted_proxy_entry_that_is_not_an_address_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"MOODLENS_TRUSTED_PROXIES: 'proxy\.local'"):
        Settings(trusted_proxies=["proxy.local"])
