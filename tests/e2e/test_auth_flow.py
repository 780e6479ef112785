"""Sign up, log out and log in through the real UI against the real server."""

from __future__ import annotations

import secrets

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

pytestmark = pytest.mark.e2e

REFRESH_KEY = "moodlens.refresh_token"


def _new_account() -> tuple[str, str]:
    return f"e2e-{secrets.token_hex(5)}@example.com", f"calm practice {secrets.token_hex(4)}"


def _stored_refresh_token(page: Page) -> str | None:
    value = page.evaluate("key => window.localStorage.getItem(key)", REFRESH_KEY)
    assert value is None or isinstance(value, str)
    return value


def _sign_up(page: Page, name: str, email: str, password: str) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1, name="Log in")).to_be_visible()
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1, name="Create your account")).to_be_visible()
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Create account").click()


def _expect_empty_home(page: Page) -> None:
    expect(page.get_by_role("heading", level=1, name="Your sessions")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="No practice sessions yet")).to_be_visible()
    # A button until session setup ships, a link after: either way it is the call to action.
    expect(page.get_by_role("main").get_by_text("Start a practice session")).to_be_visible()


def test_sign_up_log_out_and_log_in(page: Page, live_server: str) -> None:
    email, password = _new_account()

    _sign_up(page, "Grace Hopper", email, password)
    _expect_empty_home(page)
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Grace Hopper")

    # Only the refresh token is persisted; the access token lives in memory.
    stored = page.evaluate("() => Object.keys(window.localStorage)")
    assert stored == [REFRESH_KEY]

    # A reload restores the session from the stored refresh token.
    page.reload()
    _expect_empty_home(page)

    token_before_logout = _stored_refresh_token(page)
    assert token_before_logout
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", level=1, name="Log in")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="You have logged out.")).to_be_visible()
    assert _stored_refresh_token(page) is None
    # Logging out revoked the token on the server, not only in the browser.
    revoked = httpx.post(
        f"{live_server}/v1/auth/refresh", json={"refresh_token": token_before_logout}
    )
    assert revoked.status_code == 401

    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    _expect_empty_home(page)


def test_wrong_password_is_reported_on_the_form(page: Page, live_server: str) -> None:
    email, password = _new_account()
    created = httpx.post(
        f"{live_server}/v1/auth/signup",
        json={"email": email, "password": password, "full_name": "Alan Turing"},
    )
    assert created.status_code == 201, created.text

    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password + " typo")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("alert")).to_contain_text("not correct")
    expect(page.get_by_role("heading", level=1, name="Log in")).to_be_visible()


def test_server_password_rule_is_shown_next_to_the_field(page: Page) -> None:
    email, _ = _new_account()
    page.goto("/signup")
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Email").fill(email)
    # Long enough for the client's check, but on every common-password list.
    page.get_by_label("Password", exact=True).fill("1234567890")
    page.get_by_role("button", name="Create account").click()

    password = page.get_by_label("Password", exact=True)
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_be_focused()
    error_id = password.get_attribute("aria-describedby") or ""
    assert error_id.split()[-1].endswith("-error")
    expect(page.locator(f"[id='{error_id.split()[-1]}']")).not_to_be_empty()
    expect(page.get_by_role("heading", level=1, name="Create your account")).to_be_visible()


def test_expired_access_token_is_refreshed_transparently(page: Page) -> None:
    email, password = _new_account()
    _sign_up(page, "Katherine Johnson", email, password)
    _expect_empty_home(page)

    # Answer the first list request with 401, as the server does for an expired access token.
    rejected: list[str] = []

    def expire_once(route: Route) -> None:
        if rejected:
            route.fallback()
            return
        rejected.append(route.request.url)
        route.fulfill(
            status=401,
            content_type="application/json",
            body='{"error": "Unauthorized", "detail": "Access token expired."}',
        )

    refreshes: list[int] = []
    page.on(
        "response",
        lambda r: refreshes.append(r.status) if r.url.endswith("/v1/auth/refresh") else None,
    )
    page.route("**/v1/sessions*", expire_once)
    # The reload restores the session (one refresh); the list call then meets the 401 and the
    # client refreshes once more and retries, without the user noticing.
    page.reload()
    _expect_empty_home(page)

    assert len(rejected) == 1
    assert refreshes == [200, 200]
    expect(page.get_by_role("alert")).to_have_count(0)


def test_revoked_session_returns_to_login_with_a_message(page: Page, live_server: str) -> None:
    email, password = _new_account()
    _sign_up(page, "Dorothy Vaughan", email, password)
    _expect_empty_home(page)

    # Someone else uses the stored refresh token first: when the browser presents the same
    # token again the server sees a reuse and revokes the whole family.
    stolen = _stored_refresh_token(page)
    assert stolen
    assert httpx.post(f"{live_server}/v1/auth/refresh", json={"refresh_token": stolen}).is_success

    page.reload()
    expect(page.get_by_role("heading", level=1, name="Log in")).to_be_visible()
    expired = "Your session has expired. Please log in again."
    expect(page.get_by_role("status").filter(has_text=expired)).to_be_visible()
    assert _stored_refresh_token(page) is None
