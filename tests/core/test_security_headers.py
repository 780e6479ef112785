"""Every HTTP response carries the browser hardening headers; the docs pages get the policy
their CDN-hosted UI needs. (tests/e2e/test_csp.py proves the real client runs under it.)"""

from __future__ import annotations

import httpx
import pytest

from moodlens.config import Settings
from moodlens.core.security_headers import APP_POLICY, DOCS_POLICY

pytestmark = pytest.mark.sqlite


def _directives(policy: str) -> dict[str, str]:
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in policy.split("; ")}


@pytest.mark.parametrize("path", ["/healthz", "/v1/sessions", "/interview/room", "/nowhere/x"])
async def test_app_responses_carry_the_hardening_headers(
    client: httpx.AsyncClient, path: str
) -> None:
    r = await client.get(path)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"
    csp = _directives(r.headers["content-security-policy"])
    assert csp["frame-ancestors"] == "'none'"
    assert csp["script-src"] == "'self' 'wasm-unsafe-eval'"  # no inline script, no eval
    assert csp["object-src"] == "'none'"
    assert r.headers["content-security-policy"] == APP_POLICY


async def test_rejections_by_other_middleware_carry_them_too(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    r = await client.post(
        "/v1/auth/login",
        content=b"x" * (settings.max_body_bytes + 1),
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413
    assert r.headers["content-security-policy"] == APP_POLICY


async def test_the_docs_page_may_load_its_cdn_assets_and_still_cannot_be_framed(
    client: httpx.AsyncClient,
) -> None:
    r = await client.get("/docs")
    assert r.status_code == 200
    assert "cdn.jsdelivr.net" in r.text  # what the policy must allow
    assert r.headers["content-security-policy"] == DOCS_POLICY
    assert _directives(DOCS_POLICY)["frame-ancestors"] == "'none'"
