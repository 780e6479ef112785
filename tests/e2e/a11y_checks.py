"""What the accessibility tests check and the data they check it on (the tests are
test_accessibility.py and test_keyboard_candidate_flow.py; their docstring says what is checked).

- `check`: axe-core at 100 % and 200 % zoom, then the reflow checks at 200 %.
- `press`/`tab_to`: keyboard moves whose every stop must show a visible focus on screen.
- `reported_session`: a completed session with typed answers and face windows, report built.
"""

from __future__ import annotations

import os
import time
import wave
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, ViewportSize, expect

from tests.e2e.accounts import Account, new_account, new_session
from tests.scripts import load_script

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "web" / "node_modules" / "axe-core" / "axe.min.js"
PROBES = Path(__file__).with_name("a11y_probes.js")
SHOTS = REPO / "docs" / "screenshots"
VIDEO = load_script("make_video_fixtures")
# Impacts that fail the test; "moderate" and "minor" findings are printed only.
BLOCKING = ("serious", "critical")
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
# 200 % zoom of a 1280x800 window: the layout sees 640x400 CSS pixels, drawn at 2 device
# pixels each (WCAG 1.4.4 resize text, 1.4.10 reflow).
ZOOMED: ViewportSize = {"width": 640, "height": 400}


def fake_media_args(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Chromium flags for a fake camera (a face video) and a silent fake microphone."""
    # A silent microphone: answers then start and end only when the candidate says so (speech
    # would start them by itself), which is what the keyboard walk has to show.
    wav = tmp_path_factory.mktemp("a11y") / "silence.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16_000)
        w.writeframes(bytes(2 * 16_000 * 5))
    return [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={VIDEO.ensure_face_video()}",
        f"--use-file-for-fake-audio-capture={wav}",
    ]


# ---------------------------------------------------------------------------------------------
# Accounts and data made through the API (the pages under test only show them)


def account(base: str, *, consent: bool) -> Account:
    return new_account(
        base, prefix="a11y", full_name="Ada Lovelace", consent="all" if consent else "none"
    )


def session(base: str, acc: Account) -> str:
    return new_session(base, acc, round_type="behavioral")


ANSWERS = (
    "At my last company support needed one place to see every ticket. I designed the API, "
    "wrote the sync jobs and we launched in eight weeks; handling time dropped by 18 percent.",
    "Customers were charged twice once in 2,000 orders. I traced two workers taking the same "
    "job and fixed it with an idempotency key. Zero duplicates in six months since.",
)


def reported_session(base: str, acc: Account) -> str:
    """A completed session with typed answers and face windows, its report built."""
    sid = session(base, acc)
    httpx.post(f"{base}/v1/sessions/{sid}/start", headers=acc.headers).raise_for_status()
    for text in ANSWERS:
        q = httpx.post(f"{base}/v1/sessions/{sid}/questions/next", headers=acc.headers)
        q.raise_for_status()
        # From when the question arrived to when the answer is sent, as the room stamps a
        # typed answer: asked_at was stamped before the server answered, on this machine's
        # clock, so each answer lies between its question and the next with no sleep.
        shown = datetime.now(UTC)
        httpx.post(
            f"{base}/v1/sessions/{sid}/responses",
            json={
                "question_id": q.json()["id"],
                "transcript_text": text,
                "started_at": shown.isoformat(),
                "ended_at": datetime.now(UTC).isoformat(),
            },
            headers=acc.headers,
        ).raise_for_status()
    windows = [
        {
            "t_ms": k * 500.0,
            "features": {
                "face_present_ratio": 1.0,
                "yaw": 2.0 + (k % 7) * 0.5,
                "pitch": -1.0,
                "roll": 0.5,
                "gaze_on_camera": 0.9,
                "movement_energy": 0.01 + (k % 5) * 0.002,
                "smile": 0.1,
            },
        }
        for k in range(16)
    ]
    httpx.post(
        f"{base}/v1/sessions/{sid}/signals/batch", json={"windows": windows}, headers=acc.headers
    ).raise_for_status()
    httpx.post(f"{base}/v1/sessions/{sid}/end", headers=acc.headers).raise_for_status()
    deadline = time.monotonic() + 90
    while True:
        body = httpx.get(f"{base}/v1/sessions/{sid}/report", headers=acc.headers).json()
        if body["status"] == "ready":
            return sid
        assert body["status"] != "failed", body
        assert time.monotonic() < deadline, f"report still {body['status']} after 90 s"
        time.sleep(0.5)


# ---------------------------------------------------------------------------------------------
# Checks


def inject(page: Page) -> None:
    # Again after every full page load; client-side navigation keeps them.
    # Evaluated through the driver rather than added as <script> tags: the app's
    # Content-Security-Policy (script-src 'self') rightly refuses inline scripts.
    if not page.evaluate("() => typeof window.axe !== 'undefined' && '__a11y' in window"):
        page.evaluate(AXE.read_text())
        page.evaluate(PROBES.read_text())


def axe(page: Page, where: str) -> None:
    """axe-core on the page as it is now: no serious or critical violation."""
    inject(page)
    result: dict[str, Any] = page.evaluate("() => window.__a11y.axe()")
    for v in result["violations"]:
        print(f"\naxe [{where}] {v['impact']}: {v['id']} - {v['help']}")
        for n in v["nodes"][:6]:
            print(f"    {n['target']}: {' '.join((n['why'] or '').split())[:300]}")
    blocking = [
        f"{v['id']} ({v['impact']})" for v in result["violations"] if v["impact"] in BLOCKING
    ]
    assert not blocking, f"{where}: axe violations {blocking}; details printed above"
    # axe leaves a contrast "incomplete" when it cannot find the background (it missed white
    # text on a white card this way); measure those against the colours stacked under them.
    measured: list[dict[str, Any]] = page.evaluate(
        "(sels) => window.__a11y.contrast(sels)", result["unsure"]
    )
    low = [m for m in measured if not m["image"] and m["ratio"] < m["need"]]
    assert not low, f"{where}: text contrast below WCAG AA: {low}"


def reflows(page: Page, where: str, controls: list[Locator]) -> None:
    """At 200 %: no sideways scrolling, no clipped text, every control within reach."""
    layout: dict[str, Any] = page.evaluate("() => window.__a11y.layout()")
    assert layout["scrollWidth"] <= layout["innerWidth"] + 1, (
        f"{where}: the page scrolls sideways at 200 % "
        f"({layout['scrollWidth']} > {layout['innerWidth']} CSS px)"
    )
    assert not layout["clipped"], f"{where}: text cut off at 200 %: {layout['clipped']}"
    assert not layout["outside"], f"{where}: controls out of reach at 200 %: {layout['outside']}"
    for control in controls:
        control.scroll_into_view_if_needed()
        expect(control).to_be_visible()
        box = control.bounding_box()
        assert box is not None, f"{where}: {control} has no box"
        inside = (
            box["x"] >= 0
            and box["y"] >= 0
            and box["x"] + box["width"] <= ZOOMED["width"] + 1
            and box["y"] + box["height"] <= ZOOMED["height"] + 1
        )
        assert inside, f"{where}: {control} does not scroll fully into view at 200 %: {box}"
        assert control.evaluate("el => window.__a11y.onTop(el)"), (
            f"{where}: {control} is covered by another element at 200 %"
        )


def screenshot(page: Page, name: str) -> None:
    if os.environ.get("MOODLENS_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        # Past the header (a third of the window at 200 %) to the page's own content.
        page.evaluate("() => document.querySelector('main h1').scrollIntoView()")
        page.screenshot(path=str(SHOTS / f"{name}.png"))


Controls = Callable[[Page], list[Locator]]


def no_controls(page: Page) -> list[Locator]:
    return []


def check(page: Page, where: str, controls: Controls = no_controls, shot: str = "") -> None:
    """axe at 100 % and at 200 % zoom, then the reflow checks at 200 %."""
    page.set_viewport_size(DESKTOP)
    axe(page, where)
    page.set_viewport_size(ZOOMED)
    axe(page, f"{where}, 200 %")
    reflows(page, where, controls(page))
    if shot:
        screenshot(page, f"a11y-200pct-{shot}")
    page.set_viewport_size(DESKTOP)


def heading(page: Page, name: str) -> Locator:
    return page.get_by_role("heading", level=1, name=name)


def button(name: str) -> Callable[[Page], Locator]:
    return lambda p: p.get_by_role("button", name=name)


def link(name: str) -> Callable[[Page], Locator]:
    return lambda p: p.get_by_role("link", name=name).first


def log_in(page: Page, acc: Account) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(acc.email)
    page.get_by_label("Password", exact=True).fill(acc.password)
    page.get_by_role("button", name="Log in").click()
    expect(heading(page, "Your sessions")).to_be_visible()


# ---------------------------------------------------------------------------------------------
# Keyboard only


def focus(page: Page) -> dict[str, Any] | None:
    inject(page)
    info: dict[str, Any] | None = page.evaluate("() => window.__a11y.focus()")
    return info


def assert_shown(info: dict[str, Any], key: str) -> None:
    # WCAG 2.4.7 (focus visible) and 2.4.11 (focus not hidden off screen).
    assert info["focusVisible"] and info["indicator"], f"{key}: no visible focus on {info}"
    assert info["onScreen"], f"{key}: the focused element is off screen: {info}"


def press(page: Page, key: str) -> dict[str, Any]:
    """Press a key that moves focus; the new focus must be visible."""
    page.keyboard.press(key)
    info = focus(page)
    assert info is not None, f"{key}: focus fell back to the document body"
    assert_shown(info, key)
    return info


def tab_to(page: Page, target: Locator, *, back: bool = False, limit: int = 40) -> None:
    """Tab (or Shift+Tab) until `target` has focus, checking every stop on the way."""
    expect(target).to_be_visible()
    key = "Shift+Tab" if back else "Tab"
    seen: list[str] = []
    for _ in range(limit):
        seen.append(press(page, key)["what"])
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{target} not reached by {key}; stops: {seen}")


def expect_heading_focused(page: Page, name: str, timeout: float = 30_000) -> None:
    """After a route change focus is on the new page's h1 (components/PageHeading.tsx)."""
    expect(heading(page, name)).to_be_focused(timeout=timeout)
