"""Institute sharing in Chromium, both sides, on the real server: a member shares one session
from its report page (the database records the choice), and the owner opens that member from
the cohort dashboard by keyboard, sees the session with its scores and reads the shared answers;
every look is in the member's audit trail, and stopping the share hides the answers again.

Accounts, the organization and the session are made through the API; the report's own helpers
come from test_report_page so both build sessions the same way."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.accounts import Account, db_dsn, new_account
from tests.e2e.test_report_page import (
    ANSWERS,
    _answer_questions,
    _log_in,
    _started_session,
    _wait_for_report,
)

pytestmark = pytest.mark.e2e

ORG_NAME = "Harbour Placement Cell"
MEMBER_NAME = "Priya Member"


def _signup(base: str, name: str) -> Account:
    """A new account that accepted the current consent."""
    return new_account(base, prefix="institute", full_name=name, consent="all")


def _db(e2e_database: str) -> psycopg.Connection[Any]:
    return psycopg.connect(db_dsn(e2e_database))


def _share_row(e2e_database: str, sid: str) -> tuple[bool, str | None]:
    with _db(e2e_database) as conn:
        row = conn.execute(
            "SELECT shared_with_org, organization_id FROM sessions WHERE id = %s", (sid,)
        ).fetchone()
    assert row is not None
    return bool(row[0]), str(row[1]) if row[1] is not None else None


def _views(e2e_database: str, admin_id: str) -> list[tuple[str, str]]:
    """(resource, target id) of each admin view of member data the admin made."""
    with _db(e2e_database) as conn:
        rows = conn.execute(
            "SELECT details->>'resource', target_id FROM audit_log "
            "WHERE action = 'admin.view_member_data' AND actor_id = %s ORDER BY id",
            (admin_id,),
        ).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


@pytest.fixture
def second_page(browser: Browser, live_server: str) -> Iterator[Page]:
    """The other person's browser: its own context, so its own sign-in."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    p = context.new_page()
    yield p
    context.close()


def test_member_shares_a_session_and_the_owner_reads_it_from_the_dashboard(
    page: Page, second_page: Page, live_server: str, e2e_database: str
) -> None:
    base = live_server
    owner_account = _signup(base, "Olivia Owner")
    owner_id, oh = owner_account.user_id, owner_account.headers
    org = httpx.post(f"{base}/v1/orgs", json={"name": ORG_NAME}, headers=oh)
    assert org.status_code == 201, org.text
    org_id = org.json()["id"]
    code = httpx.post(f"{base}/v1/orgs/{org_id}/invites", json={}, headers=oh).json()["code"]

    member_account = _signup(base, MEMBER_NAME)
    member_id, mh = member_account.user_id, member_account.headers
    httpx.post(f"{base}/v1/orgs/join", json={"code": code}, headers=mh).raise_for_status()
    httpx.put(
        f"{base}/v1/orgs/{org_id}/membership", json={"shares_progress": True}, headers=mh
    ).raise_for_status()
    sid = _started_session(base, member_account)
    answered = _answer_questions(base, mh, sid)
    assert answered >= 2
    httpx.post(f"{base}/v1/sessions/{sid}/end", headers=mh).raise_for_status()
    report = _wait_for_report(base, mh, sid)
    assert _share_row(e2e_database, sid) == (False, None)

    # The member turns the session's switch on from the keyboard.
    member = page
    _log_in(member, member_account)
    member.goto(f"/sessions/{sid}/report")
    switch = member.get_by_role("switch", name=f"Share this session with {ORG_NAME}")
    expect(switch).not_to_be_checked(timeout=30_000)
    expect(switch).to_have_accessible_description(
        "Off: this session's answers and face cues stay private."
    )
    switch.focus()
    member.keyboard.press("Space")
    expect(switch).to_be_checked()
    expect(switch).to_have_accessible_description(
        re.compile(f"^On: the owner and admins of {ORG_NAME}")
    )
    assert _share_row(e2e_database, sid) == (True, org_id)

    # The owner goes from the institute page to the dashboard and opens the member's row.
    owner = second_page
    _log_in(owner, owner_account)
    owner.goto("/institute")
    owner.get_by_role("link", name="Open the cohort dashboard").click()
    expect(owner.get_by_role("heading", level=1, name=f"{ORG_NAME}: cohort")).to_be_visible()
    table = owner.get_by_role("table", name="Members who share their progress")
    link = table.get_by_role("link", name=MEMBER_NAME)
    link.focus()
    owner.keyboard.press("Enter")
    heading = owner.get_by_role("heading", level=1, name=f"{MEMBER_NAME}: sessions")
    expect(heading).to_be_focused()
    expect(owner).to_have_url(f"{base}/institute/{org_id}/members/{member_id}")
    expect(owner.get_by_text(f"{MEMBER_NAME} is told about each view.")).to_be_visible()

    card = owner.get_by_role("article", name=report["session"]["title"])
    expect(card).to_have_count(1)
    with _db(e2e_database) as conn:
        stored = conn.execute(
            "SELECT overall_score FROM session_scores WHERE session_id = %s", (sid,)
        ).fetchone()
    assert stored is not None
    overall = math.floor(float(stored[0]) + 0.5)  # Math.round, as the page shows it
    scores = card.get_by_label("Scores")
    expect(
        scores.get_by_text("Overall", exact=True).locator("xpath=following-sibling::dd")
    ).to_have_text(str(overall))
    summary = card.get_by_text(f"Answers and cues {MEMBER_NAME} shared ({answered} answers)")
    summary.focus()
    owner.keyboard.press("Enter")
    expect(card.get_by_text(ANSWERS[0])).to_be_visible()
    # No sideways scrolling with the answers open at the 640 px the accessibility rules name.
    owner.set_viewport_size({"width": 640, "height": 800})
    assert owner.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    owner.set_viewport_size({"width": 1280, "height": 800})

    # The dashboard and this page each left a trace in the member's activity.
    views = _views(e2e_database, owner_id)
    assert ("org_dashboard", member_id) in views
    assert ("member_sessions", member_id) in views
    assert ("shared_session", sid) in views

    # The member stops sharing; the owner's next look shows scores but no answers.
    switch.focus()
    member.keyboard.press("Space")
    # The switch moves at once; the description follows the server's answer.
    expect(switch).to_have_accessible_description(
        "Off: this session's answers and face cues stay private."
    )
    assert _share_row(e2e_database, sid)[0] is False
    owner.reload()
    expect(owner.get_by_role("heading", level=1, name=f"{MEMBER_NAME}: sessions")).to_be_visible()
    card = owner.get_by_role("article", name=report["session"]["title"])
    expect(
        card.get_by_text(
            f"Answers and face cues are private: {MEMBER_NAME} has not shared this session."
        )
    ).to_be_visible()
    expect(card.get_by_text(ANSWERS[0])).to_have_count(0)
