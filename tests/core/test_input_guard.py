"""A NUL character anywhere in a JSON body or query string is a 422 naming the field (it was a
500 on PostgreSQL, whose text columns cannot store it); everything else passes untouched."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.input_guard import body_nul_location
from moodlens.models import User
from tests.factories import DEFAULT_PASSWORD, auth_headers, create_user

pytestmark = pytest.mark.sqlite


def _signup(full_name: str, email: str = "nul@example.com") -> dict[str, str]:
    return {"email": email, "password": DEFAULT_PASSWORD, "full_name": full_name}


async def test_a_nul_in_a_json_field_is_a_422_naming_it_and_nothing_is_stored(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    r = await client.post("/v1/auth/signup", json=_signup("Ada\x00Lovelace"))
    assert r.status_code == 422, r.text
    assert r.json()["fields"] == [{"loc": "body.full_name", "msg": r.json()["fields"][0]["msg"]}]
    assert "NUL" in r.json()["detail"]
    assert await db.scalar(select(User.id).where(User.email == "nul@example.com")) is None


async def test_a_nul_in_the_query_string_is_a_422(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    headers = auth_headers(await create_user(db), settings)
    r = await client.get("/v1/sessions?status=live%00", headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["fields"][0]["loc"] == "query.status"


async def test_text_that_only_looks_like_an_escape_and_chunked_bodies_pass(
    client: httpx.AsyncClient,
) -> None:
    # The literal characters backslash-u-0-0-0-0 are ordinary text.
    r = await client.post("/v1/auth/signup", json=_signup("Ada \\u0000 Lovelace"))
    assert r.status_code == 201, r.text
    assert r.json()["user"]["full_name"] == "Ada \\u0000 Lovelace"

    async def chunks() -> AsyncIterator[bytes]:
        raw = json.dumps(_signup("Grace Hopper", "chunked@example.com")).encode()
        for i in range(0, len(raw), 7):
            yield raw[i : i + 7]

    r = await client.post(
        "/v1/auth/signup", content=chunks(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 201, r.text


def test_the_location_follows_nesting_and_ignores_escaped_backslashes() -> None:
    assert body_nul_location(b'{"a": [{"b": "x\\u0000"}]}') == "body.a.0.b"
    assert body_nul_location(b'{"a": "\\\\u0000"}') is None
    assert body_nul_location(b'{"a": "\\\\\\u0000"}') == "body.a"
    assert body_nul_location(b'{"a": "fine"}') is None
