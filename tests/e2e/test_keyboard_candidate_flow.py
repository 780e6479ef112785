"""Keyboard only, in real Chromium (issue 5: "keyboard operable"): sign in, accept the
consent, choose the setup, pass the device check, toggle read-aloud, start and finish an answer,
pause, resume, end the session and land on the report, then Tab through the whole report, with
no mouse. Every Tab stop must show a visible focus indicator on screen, and after each route
change focus is on the new page's h1 (the checks: a11y_checks.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import a11y_checks as a11y

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def chromium_extra_args(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return a11y.fake_media_args(tmp_path_factory)


def test_keyboard_only_candidate_flow(page: Page, live_server: str) -> None:
    """Sign-in to report with Tab, Shift+Tab, Enter, Space and arrow keys only."""
    acc = a11y.account(live_server, consent=False)
    page.goto("/login")
    expect(a11y.heading(page, "Log in")).to_be_visible()

    # The skip link is the first stop and lands in the main landmark.
    first = a11y.press(page, "Tab")
    assert "Skip to main content" in first["what"], first
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    a11y.tab_to(page, page.get_by_label("Email"))
    page.keyboard.type(acc.email)
    a11y.tab_to(page, page.get_by_label("Password", exact=True))
    page.keyboard.type(acc.password)
    a11y.tab_to(page, page.get_by_role("button", name="Log in"))
    page.keyboard.press("Enter")

    a11y.expect_heading_focused(page, "Your sessions")
    a11y.tab_to(page, page.get_by_role("link", name="Start a practice session"))
    page.keyboard.press("Enter")

    # Consent: both devices with Space; recording stays off.
    a11y.expect_heading_focused(page, "Set up a practice interview")
    for name in ("Microphone", "Camera"):
        box = page.get_by_role("checkbox", name=name)
        a11y.tab_to(page, box)
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    recording = page.get_by_role("switch", name="Record my sessions (off unless you turn it on)")
    expect(recording).not_to_be_checked()
    a11y.tab_to(page, page.get_by_role("button", name="Accept and continue"))
    page.keyboard.press("Enter")

    # The setup form replaced the consent form under the focus: it takes focus itself.
    expect(page.get_by_role("heading", name="Choose your interview")).to_be_focused()
    role = page.get_by_label("Role", exact=True)
    a11y.tab_to(page, role)
    page.keyboard.type("Software")  # type-to-select on a closed <select>
    expect(role).to_have_value("sde")
    round_ = page.get_by_label("Round", exact=True)
    a11y.tab_to(page, round_)
    page.keyboard.type("Behav")
    expect(round_).to_have_value("behavioral")
    a11y.tab_to(page, page.get_by_role("radio", name="10 minutes"))
    page.keyboard.press("ArrowDown")
    twenty = page.get_by_role("radio", name="20 minutes")
    expect(twenty).to_be_checked()
    expect(twenty).to_be_focused()
    a11y.tab_to(page, page.get_by_role("button", name="Continue to the device check"))
    page.keyboard.press("Enter")

    # Device check: the start button goes away once pressed; focus moves to the camera panel.
    a11y.expect_heading_focused(page, "Check your camera and microphone")
    a11y.tab_to(page, page.get_by_role("button", name="Turn on camera and microphone"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("meter", name="Microphone level")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="Camera", exact=True)).to_be_focused()
    a11y.tab_to(page, page.get_by_role("link", name="Start the interview"))
    page.keyboard.press("Enter")

    # Room: read-aloud, an answer started and finished from the keyboard, pause and resume.
    a11y.expect_heading_focused(page, "Practice interview")
    expect(page.get_by_role("heading", name="Question 1")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Connection: Live")).to_be_visible(timeout=30_000)
    read_aloud = page.get_by_role("switch", name="Read questions aloud")
    a11y.tab_to(page, read_aloud)
    page.keyboard.press("Space")
    expect(read_aloud).to_be_checked()
    a11y.tab_to(page, page.get_by_role("button", name="Start answering"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Answering:")).to_be_visible()
    # Done answering is the next thing to press, so focus went there ...
    done = page.get_by_role("button", name="Done answering")
    expect(done).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Question 2")).to_be_visible(timeout=40_000)
    # ... and stays there while it is inactive, instead of dropping to the page body.
    expect(done).to_be_focused()
    expect(done).to_have_attribute("aria-disabled", "true")

    pause = page.get_by_role("button", name="Pause")
    a11y.tab_to(page, pause, back=True)
    page.keyboard.press("Enter")
    resume = page.get_by_role("button", name="Resume")
    expect(resume).to_be_focused()
    expect(resume).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("Nothing is sent while paused.")).to_be_visible()
    page.keyboard.press("Space")
    expect(pause).to_be_focused()
    expect(page.get_by_text("Nothing is sent while paused.")).to_be_hidden()
    # The documented shortcuts work wherever focus is.
    page.keyboard.press("Alt+P")
    expect(resume).to_be_visible()
    page.keyboard.press("Alt+P")
    expect(pause).to_be_visible()
    page.keyboard.press("Alt+A")
    expect(page.get_by_text("Answering:")).to_be_visible()
    page.keyboard.press("Alt+D")
    expect(page.get_by_text("Answering:")).to_be_hidden()

    # Ending asks first: the confirmation takes focus, Escape returns it to the button.
    end = page.get_by_role("button", name="End session")
    a11y.tab_to(page, end)
    confirm = page.get_by_role("heading", name="End the interview now?")
    page.keyboard.press("Enter")
    expect(confirm).to_be_focused()
    page.keyboard.press("Escape")
    expect(end).to_be_focused()
    page.keyboard.press("Enter")
    expect(confirm).to_be_focused()
    a11y.tab_to(page, page.get_by_role("button", name="End and build report"))
    page.keyboard.press("Enter")
    a11y.expect_heading_focused(page, "Session ended")
    a11y.expect_heading_focused(page, "Session report", timeout=90_000)

    # Every stop on the report page shows its focus, down to the last one.
    stops: list[str] = []
    for _ in range(150):
        page.keyboard.press("Tab")
        info = a11y.focus(page)
        if info is None:  # past the last stop, into the browser's own UI
            break
        a11y.assert_shown(info, "Tab")
        stops.append(info["what"])
    else:
        raise AssertionError(f"Tab never left the report page: {stops[-10:]}")
    assert len(stops) >= 5, stops
    print(f"\nkeyboard: report page has {len(stops)} focus stops, each visibly focused")
