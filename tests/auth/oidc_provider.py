"""A real OpenID Connect provider (npm `oidc-provider`, web/scripts/oidc-test-provider.mjs)
under Node on loopback, and a browserless user who signs in on its dev login page."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "web" / "scripts" / "oidc-test-provider.mjs"
CLIENT_ID = "moodlens-test"
CLIENT_SECRET = "moodlens-test-secret-0123456789"
OTHER_CLIENT_ID = "another-app"


@dataclass
class RunningProvider:
    issuer: str
    process: subprocess.Popen[str]

    def add_account(
        self, login: str, *, email: str | None, verified: bool | None, name: str | None = None
    ) -> None:
        body: dict[str, object] = {"login": login}
        if email is not None:
            body["email"] = email
        if verified is not None:
            body["email_verified"] = verified
        if name is not None:
            body["name"] = name
        r = httpx.post(f"{self.issuer}/__test/accounts", json=body, timeout=10)
        assert r.status_code == 204, r.text

    def mutate_next_id_token(self, mutation: str) -> None:
        r = httpx.post(
            f"{self.issuer}/__test/next-id-token", json={"mutation": mutation}, timeout=10
        )
        assert r.status_code == 204, r.text


def start_provider(redirect_uris: list[str]) -> Iterator[RunningProvider]:
    clients = [
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": redirect_uris},
        {
            "client_id": OTHER_CLIENT_ID,
            "client_secret": "other-secret-0123456789",
            "redirect_uris": redirect_uris,
        },
    ]
    proc = subprocess.Popen(
        ["node", str(SCRIPT)],
        cwd=ROOT / "web",
        env={**os.environ, "OIDC_TEST_CLIENTS": json.dumps(clients)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    # The script prints its issuer once it listens: a condition, not a sleep.
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        raise RuntimeError("the OIDC test provider did not start (is web/node_modules installed?)")
    try:
        yield RunningProvider(json.loads(line)["issuer"], proc)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


async def sign_in_at_provider(authorization_url: str, login: str) -> dict[str, str]:
    """Follow the provider's pages as a browser would (dev login form, any password) until it
    redirects to our callback; returns the callback's query (code, state, iss)."""
    async with httpx.AsyncClient(timeout=20, follow_redirects=False) as browser:
        url = authorization_url
        for _ in range(10):
            r = await browser.get(url)
            if r.status_code in (302, 303):
                location = urljoin(url, r.headers["location"])
                if "/login/oidc/callback" in location:
                    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
                url = location
                continue
            assert r.status_code == 200, (r.status_code, r.text[:300])
            # The dev login page: post the form back to the interaction URL.
            post = await browser.post(
                url, data={"prompt": "login", "login": login, "password": "any"}
            )
            assert post.status_code in (302, 303), post.text[:300]
            url = urljoin(url, post.headers["location"])
        raise AssertionError("the provider never redirected back to the callback")
