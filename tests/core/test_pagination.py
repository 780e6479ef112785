"""Page numbers far out of range are a clear 422, never an overflowing database OFFSET."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.pagination import MAX_PAGE
from tests.factories import auth_headers, create_user

pytestmark = pytest.mark.sqlite


@pytest.mark.parametrize("path", ["/v1/sessions", "/v1/users/me/audit"])
async def test_a_huge_page_number_is_a_422_naming_the_limit(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings, path: str
) -> None:
    headers = auth_headers(await create_user(db), settings)
    r = await client.get(path, params={"page": 10**30}, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["fields"][0]["loc"] == "query.page"
    assert str(MAX_PAGE) in r.json()["detail"]

    last = await client.get(path, params={"page": MAX_PAGE, "page_size": 100}, headers=headers)
    assert last.status_code == 200, last.text
    assert last.json()["items"] == []
