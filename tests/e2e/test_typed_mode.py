"""A candidate without usable devices still practises (issue 5, step 3), in real Chromium.

This module's Chromium has no fake-media flags: headless Chromium then finds no camera and no
microphone, as on a machine without them. Checks:
- the device check says no device was found, how to fix it, and offers "Continue typed-only";
- the typed-only room opens no live stream and asks for no device, takes typed answers through
  the whole session (next question after each answer) and ends on the report page, with the
  typed text stored as the answers and no signal rows;
- the camera room falls back to typed answers by itself, saying why, when access is refused.
"""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from playwright.sync_api import Page, WebSocket, expect

from tests.e2e.accounts import db_dsn, new_account, new_session

pytestmark = pytest.mark.e2e

REFRESH_KEY = "moodlens.refresh_token"
# Counts getUserMedia calls: a typed-only room must not ask for any device.
PROBE = """
window.__gumCalls = 0;
if (navigator.mediaDevices) {
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (c) => { window.__gumCalls += 1; return gum(c); };
}
"""
ANSWERS = (
    "In my last role our release process kept slipping. I was responsible for the pipeline, "
    "so I wrote a checklist, automated the two slowest steps and trained the team. Releases "
    "went from every three weeks to every week and rollbacks dropped by half.",
    "I asked the reviewer for a call, listened to the concern about test coverage, added the "
    "missing integration tests myself and we merged the change two days later.",
)


def _user_with_session(base_url: str) -> tuple[str, str]:
    """A new user who accepted the current consent, with a 10-minute session set up;
    returns (refresh token, session id)."""
    account = new_account(base_url, prefix="typed", full_name="Katherine Johnson")
    return account.refresh_token, new_session(base_url, account)


def _signed_in(page: Page, refresh: str) -> list[WebSocket]:
    page.add_init_script(f"window.localStorage.setItem({REFRESH_KEY!r}, {refresh!r});")
    page.add_init_script(PROBE)
    sockets: list[WebSocket] = []
    page.on("websocket", lambda ws: sockets.append(ws))
    return sockets


def test_typed_only_session_from_a_device_check_without_devices(
    page: Page, live_server: str, e2e_database: str
) -> None:
    refresh, session_id = _user_with_session(live_server)
    sockets = _signed_in(page, refresh)

    page.goto(f"/practice/device-check?session={session_id}")
    page.get_by_role("button", name="Turn on camera and microphone").click()
    camera = page.get_by_role("region", name="Camera")
    expect(camera.get_by_role("alert")).to_contain_text("No camera was found", timeout=30_000)
    expect(camera.get_by_role("alert")).to_contain_text("You can also continue without it")
    microphone = page.get_by_role("region", name="Microphone")
    expect(microphone.get_by_role("alert")).to_contain_text("No microphone was found")
    calls_before_room = page.evaluate("window.__gumCalls")
    assert calls_before_room >= 1  # the check did ask, and found nothing

    page.get_by_role("link", name="Continue typed-only").click()
    expect(page.get_by_text("Connection: Typed answers")).to_be_visible(timeout=30_000)
    answered: list[str] = []
    for n, text in enumerate(ANSWERS, start=1):
        expect(page.get_by_role("heading", name=f"Question {n}")).to_be_visible(timeout=30_000)
        box = page.get_by_label("Type your answer")
        expect(box).to_be_enabled(timeout=30_000)
        # A fresh form for each question: the previous answer is not carried over.
        expect(box).to_have_value("")
        # An empty answer is refused with a message, and nothing is sent.
        page.get_by_role("button", name="Submit answer").click()
        expect(page.get_by_text("Type an answer first")).to_be_visible()
        box.fill(text)
        page.get_by_role("button", name="Submit answer").click()
        answered.append(text)
    expect(page.get_by_role("heading", name=f"Question {len(ANSWERS) + 1}")).to_be_visible(
        timeout=30_000
    )
    assert page.evaluate("window.__gumCalls") == calls_before_room
    assert sockets == [], [ws.url for ws in sockets]

    page.get_by_role("button", name="End session").click()
    page.get_by_role("button", name="End and build report").click()
    page.wait_for_url(f"**/sessions/{session_id}/report", timeout=120_000)

    with psycopg.connect(db_dsn(e2e_database)) as conn:
        stored: list[Any] = conn.execute(
            "SELECT transcript_text FROM responses WHERE session_id = %s ORDER BY started_at",
            (session_id,),
        ).fetchall()
        signals = conn.execute(
            "SELECT count(*) FROM signal_events WHERE session_id = %s", (session_id,)
        ).fetchone()
        status = conn.execute(
            "SELECT status, report_status FROM sessions WHERE id = %s", (session_id,)
        ).fetchone()
    assert [r[0] for r in stored] == answered
    assert signals == (0,)
    assert status == ("completed", "ready"), status


def test_camera_room_falls_back_to_typed_answers_without_a_microphone(
    page: Page, live_server: str
) -> None:
    refresh, session_id = _user_with_session(live_server)
    _signed_in(page, refresh)
    page.goto(f"/practice/{session_id}?mode=camera")
    expect(page.get_by_text("You can type your answers instead.")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Connection: Typed answers")).to_be_visible()
    expect(page.get_by_role("heading", name="Question 1")).to_be_visible(timeout=30_000)
    expect(page.get_by_label("Type your answer")).to_be_enabled(timeout=30_000)


def test_a_consent_without_camera_or_microphone_practises_typed_and_asks_for_no_device(
    page: Page, live_server: str
) -> None:
    """Typed practice needs neither device: the device check asks for nothing and offers
    typed answers only, and a camera room URL falls back to typed answers, saying why."""
    account = new_account(live_server, prefix="typed-consent", full_name="Ada", consent="typed")
    session_id = new_session(live_server, account)
    sockets = _signed_in(page, account.refresh_token)

    page.goto(f"/practice/device-check?session={session_id}")
    expect(page.get_by_text("Typed answers only")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Turn on camera and microphone")).to_have_count(0)
    expect(page.get_by_role("link", name="Start the interview")).to_have_count(0)
    expect(page.get_by_role("link", name="Continue audio-only")).to_have_count(0)
    page.get_by_role("link", name="Continue typed-only").click()
    expect(page.get_by_role("heading", name="Question 1")).to_be_visible(timeout=30_000)
    page.get_by_label("Type your answer").fill(ANSWERS[0])
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", name="Question 2")).to_be_visible(timeout=30_000)

    assert page.evaluate("window.__gumCalls") == 0
    assert sockets == [], [ws.url for ws in sockets]

    # A camera room URL (a fresh sign-in: a reload would replay the rotated refresh token).
    other = new_account(live_server, prefix="typed-consent", full_name="Ada", consent="typed")
    camera_room = page.context.new_page()
    camera_sockets = _signed_in(camera_room, other.refresh_token)
    camera_room.goto(f"/practice/{new_session(live_server, other)}?mode=camera")
    note = camera_room.get_by_text("Spoken answers need the microphone, which your consent")
    expect(note).to_be_visible(timeout=30_000)
    expect(camera_room.get_by_text("Connection: Typed answers")).to_be_visible()
    expect(camera_room.get_by_role("heading", name="Question 1")).to_be_visible(timeout=30_000)
    assert camera_room.evaluate("window.__gumCalls") == 0
    assert camera_sockets == [], [ws.url for ws in camera_sockets]
    camera_room.close()
