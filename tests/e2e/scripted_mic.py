"""Answers played into the interview room when it is ready for them (see scripted_mic.js).

Chromium's file-backed fake microphone plays from the moment the device opens; on a busy
machine the room was not listening yet and the start of an answer was lost. These helpers
wait for the room's own "ready" state, then play: the test waits on a condition, not a clock.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

SCRIPT = Path(__file__).with_name("scripted_mic.js")
READY_TEXT = "Start speaking when you are ready"


def install(page: Page) -> None:
    """Before the page loads: swap the room's microphone for the scripted one."""
    page.add_init_script(path=str(SCRIPT))


def play_when_ready(page: Page, wav: Path, timeout_ms: float = 120_000) -> dict[str, Any]:
    """Wait until the room invites an answer and has the microphone open, then play `wav`."""
    expect(page.get_by_text(READY_TEXT)).to_be_visible(timeout=timeout_ms)
    page.wait_for_function("window.__scriptedMic.opened()", timeout=timeout_ms)
    b64 = base64.b64encode(wav.read_bytes()).decode("ascii")
    played: dict[str, Any] = page.evaluate("(b64) => window.__scriptedMic.play(b64)", b64)
    return played
