"""Accounts and sessions for the browser tests, made through the public API (the same calls
the web client makes), so each test starts from a known state without clicking through it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Literal

import httpx


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    user_id: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def new_account(
    base_url: str,
    *,
    prefix: str,
    full_name: str,
    consent: Literal["none", "typed", "microphone", "capture", "all"] = "capture",
) -> Account:
    """A new account; unless `consent` is "none", it has accepted the current consent text:
    no capture scope ("typed"), the microphone only, camera and microphone ("capture"), or all
    scopes including the optional recording."""
    email = f"{prefix}-{secrets.token_hex(5)}@example.com"
    password = f"calm practice {secrets.token_hex(4)}"
    r = httpx.post(
        f"{base_url}/v1/auth/signup",
        json={"email": email, "password": password, "full_name": full_name},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    account = Account(
        email=email,
        password=password,
        user_id=str(body["user"]["id"]),
        access_token=body["access_token"],
        refresh_token=body["refresh_token"],
    )
    if consent != "none":
        text = httpx.get(f"{base_url}/v1/consents/current").json()
        wanted = {
            "typed": set(),
            "microphone": {"microphone"},
            "capture": {"camera", "microphone"},
        }.get(consent)
        scopes = [s["id"] for s in text["scopes"] if wanted is None or s["id"] in wanted]
        accepted = httpx.post(
            f"{base_url}/v1/users/me/consents",
            headers=account.headers,
            json={"consent_version": text["version"], "scopes": scopes},
        )
        assert accepted.status_code == 201, accepted.text
    return account


def new_session(
    base_url: str,
    account: Account,
    *,
    round_type: str | None = None,
    minutes: int = 10,
    start: bool = False,
) -> str:
    """A session of the first software-engineering template (of `round_type`, if given);
    started when `start`. Returns its id."""
    params = {"role_track": "sde"} | ({"round_type": round_type} if round_type else {})
    templates = httpx.get(f"{base_url}/v1/templates", headers=account.headers, params=params)
    templates.raise_for_status()
    listed = templates.json()
    template = listed[0] if isinstance(listed, list) else listed["items"][0]
    created = httpx.post(
        f"{base_url}/v1/sessions",
        headers=account.headers,
        json={"template_id": template["id"], "duration_minutes": minutes},
    )
    assert created.status_code == 201, created.text
    sid = str(created.json()["id"])
    if start:
        httpx.post(
            f"{base_url}/v1/sessions/{sid}/start", headers=account.headers
        ).raise_for_status()
    return sid


def db_dsn(e2e_database: str) -> str:
    """psycopg's DSN for the e2e database's SQLAlchemy URL."""
    return e2e_database.replace("postgresql+psycopg://", "postgresql://")
