"""An assignment from end to end in Chromium, on the real server with a real OpenID Connect
provider (npm `oidc-provider` on loopback): the admin creates an assignment on the institute's
assignments page; the member signs in with the provider (linked by verified email), starts
the assignment from Home, completes it (typed answers through the API, for speed), shares it
from the report page; the admin comments on a moment from the shared-sessions page, and the
member sees the comment on the report."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.auth.oidc_provider import CLIENT_ID, CLIENT_SECRET, RunningProvider, start_provider
from tests.e2e.accounts import Account, new_account
from tests.e2e.conftest import (
    MOODLENS,
    REPO,
    SERVER_START_TIMEOUT_S,
    _free_port,
    _server_env,
)
from tests.e2e.test_report_page import _answer_questions, _log_in, _wait_for_report
from tests.embedded_server import serving

pytestmark = pytest.mark.e2e

ORG_NAME = "Riverside Placement Cell"
ASSIGNMENT = "Behavioural mock before placements"
COMMENT = "Strong opening: you named the goal in the first sentence."


@pytest.fixture(scope="module")
def port() -> int:
    return _free_port()


@pytest.fixture(scope="module")
def provider(port: int) -> Iterator[RunningProvider]:
    yield from start_provider([f"http://127.0.0.1:{port}/login/oidc/callback"])


@pytest.fixture(scope="module")
def oidc_server(
    e2e_database: str,
    port: int,
    provider: RunningProvider,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """`moodlens serve` with the provider configured (the shared live_server has none)."""
    var_dir: Path = tmp_path_factory.mktemp("moodlens-e2e-oidc")
    env = _server_env(e2e_database, port, var_dir)
    env["MOODLENS_OIDC_PROVIDERS"] = json.dumps(
        [
            {
                "id": "campus",
                "name": "Campus SSO",
                "issuer": provider.issuer,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
            }
        ]
    )
    migrate = subprocess.run(
        [MOODLENS, "migrate"], cwd=REPO, env=env, capture_output=True, text=True, timeout=180
    )
    assert migrate.returncode == 0, migrate.stderr[-4000:]
    base = f"http://127.0.0.1:{port}"
    with serving(env, base, var_dir / "server.log", SERVER_START_TIMEOUT_S):
        yield base


@pytest.fixture
def app_url(oidc_server: str) -> str:
    return oidc_server


@pytest.fixture
def member_page(browser: Browser, oidc_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=oidc_server, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    p = context.new_page()
    yield p
    context.close()


def _institute(base: str, admin: Account, member: Account) -> str:
    org = httpx.post(f"{base}/v1/orgs", json={"name": ORG_NAME}, headers=admin.headers)
    assert org.status_code == 201, org.text
    org_id = str(org.json()["id"])
    code = httpx.post(f"{base}/v1/orgs/{org_id}/invites", json={}, headers=admin.headers).json()[
        "code"
    ]
    joined = httpx.post(f"{base}/v1/orgs/join", json={"code": code}, headers=member.headers)
    assert joined.status_code == 200, joined.text
    shares = httpx.put(
        f"{base}/v1/orgs/{org_id}/membership",
        json={"shares_progress": True},
        headers=member.headers,
    )
    assert shares.status_code == 200
    return org_id


def test_admin_assigns_member_signs_in_with_oidc_completes_shares_and_reads_a_comment(
    page: Page, member_page: Page, oidc_server: str, provider: RunningProvider
) -> None:
    base = oidc_server
    admin = new_account(base, prefix="assign-admin", full_name="Asha Admin", consent="all")
    # The member's account exists (with consent); the provider's verified email links to it.
    member = new_account(base, prefix="assign-member", full_name="Milo Member", consent="all")
    org_id = _institute(base, admin, member)
    provider.add_account("milo", email=member.email, verified=True, name="Milo Member")

    # The admin creates the assignment in the browser.
    _log_in(page, admin)
    page.goto(f"/institute/{org_id}/assignments")
    form = page.get_by_role("form", name="New assignment")
    practice = form.get_by_label("Practice (role, round, difficulty)")
    expect(practice.locator("option")).not_to_have_count(1)
    value = practice.locator("option", has_text=re.compile("Behavioral", re.I)).first.get_attribute(
        "value"
    )
    assert value
    practice.select_option(value)
    form.get_by_label("Title shown to members (optional)").fill(ASSIGNMENT)
    form.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Assigned. Members see it on their Home page.")).to_be_visible()
    expect(page.get_by_test_id("admin-assignment")).to_contain_text(ASSIGNMENT)

    # The member signs in with the provider: its dev login page, then back to Home.
    member_page.goto("/login")
    member_page.get_by_role("button", name="Continue with Campus SSO").click()
    member_page.locator("input[name=login]").fill("milo")
    member_page.locator("input[name=password]").fill("any password")
    member_page.locator("button[type=submit]").click()
    expect(member_page.get_by_role("heading", level=1, name="Your sessions")).to_be_visible()
    card = member_page.get_by_test_id("assignment")
    expect(card).to_contain_text(ASSIGNMENT)
    expect(card).to_contain_text("1 of 1 attempt left")
    card.get_by_role("button", name="Start").click()
    member_page.wait_for_url(re.compile(r"session="))
    sid = parse_qs(urlsplit(member_page.url).query)["session"][0]

    # Completed with typed answers through the API (the room itself has its own e2e).
    mh = member.headers
    assert httpx.post(f"{base}/v1/sessions/{sid}/start", headers=mh).status_code == 200
    assert _answer_questions(base, mh, sid) >= 1
    ended = httpx.post(f"{base}/v1/sessions/{sid}/end", headers=mh)
    assert ended.status_code in (200, 202), ended.text
    _wait_for_report(base, mh, sid)
    mine = httpx.get(f"{base}/v1/assignments", headers=mh).json()["items"][0]
    assert mine["status"] == "completed" and mine["attempts_left"] == 0

    # The member shares the session from its report page.
    member_page.goto(f"/sessions/{sid}/report")
    member_page.get_by_role("switch", name=f"Share this session with {ORG_NAME}").click()
    expect(
        member_page.get_by_role("switch", name=f"Share this session with {ORG_NAME}")
    ).to_be_checked()

    # The admin comments on a moment of the shared session.
    page.goto(f"/institute/{org_id}/shared")
    shared = page.get_by_test_id("shared-session")
    expect(shared).to_contain_text("Milo Member")
    # The typed answers are stamped as the room stamps them (question shown -> sent), so the
    # whole session may last under a second here: the moment is its start.
    shared.get_by_label("Moment (m:ss)").fill("0:00")
    shared.get_by_label("Comment", exact=True).fill(COMMENT)
    shared.get_by_role("button", name="Add comment").click()
    expect(shared.get_by_test_id("coach-comment")).to_contain_text(COMMENT)

    # The member sees it on the report, pinned to the moment.
    member_page.reload()
    comment = member_page.get_by_test_id("coach-comment")
    expect(comment).to_contain_text(COMMENT)
    expect(comment).to_contain_text("Asha Admin")
    expect(comment).to_contain_text("at 0:00")
    done = httpx.get(f"{base}/v1/orgs/{org_id}/assignments", headers=admin.headers).json()["items"][
        0
    ]
    assert done["completed_count"] == 1 and done["started_count"] == 1


def test_an_account_made_through_the_provider_deletes_itself_by_signing_in_there_again(
    member_page: Page, oidc_server: str, provider: RunningProvider
) -> None:
    """No password to confirm with: the settings page sends the person back to the provider,
    which asks them to sign in again, and the fresh sign-in confirms the deletion."""
    provider.add_account("nora", email="nora-e2e@example.edu", verified=True, name="Nora")
    p = member_page
    p.goto("/login")
    p.get_by_role("button", name="Continue with Campus SSO").click()
    p.locator("input[name=login]").fill("nora")
    p.locator("input[name=password]").fill("any password")
    p.locator("button[type=submit]").click()
    p.wait_for_url(re.compile(r"^(?!.*/login)"))
    refresh_token = p.evaluate("() => localStorage.getItem('moodlens.refresh_token')")
    assert refresh_token

    p.goto("/settings")
    p.get_by_role("button", name="Delete my account…").click()
    panel = p.get_by_role("region", name="This deletes everything, for good")
    expect(panel.get_by_label("Your password")).to_have_count(0)
    expect(panel.get_by_role("button", name="Delete my account and data")).to_be_disabled()
    panel.get_by_role("button", name="Confirm with Campus SSO").click()
    # The provider asks again (prompt=login), although it has a session from the sign-in.
    p.locator("input[name=login]").fill("nora")
    p.locator("input[name=password]").fill("any password")
    p.locator("button[type=submit]").click()

    panel = p.get_by_role("region", name="This deletes everything, for good")
    expect(panel.get_by_text("Confirmed with Campus SSO")).to_be_visible()
    panel.get_by_role("button", name="Delete my account and data").click()
    expect(p.get_by_role("heading", level=1, name="Your account is deleted")).to_be_visible()
    # The account is gone: its sign-in no longer works.
    gone = httpx.post(f"{oidc_server}/v1/auth/refresh", json={"refresh_token": refresh_token})
    assert gone.status_code == 401, gone.text
