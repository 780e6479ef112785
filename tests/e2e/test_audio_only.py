"""Audio-only practice in real Chromium (issue 5, step 3: "continue audio-only").

The room is opened by its URL, as after a reload, so capture starts without a click on the
page. The fake devices include a camera, but the audio-only room must never ask for it: every
getUserMedia call is recorded and must request audio alone. The fake microphone plays one
spoken answer (the committed espeak fixture with fillers); the answer ends by itself after the
silence, the next question follows, and ending leads to the report. Stored: the transcript
with the spoken key words, and per-second signal rows that carry speech numbers but no face
numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest
from playwright.sync_api import Page, expect

from tests.e2e import scripted_mic
from tests.e2e.accounts import db_dsn, new_account, new_session
from tests.scripts import load_script

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
AUDIO = REPO / "tests" / "fixtures" / "audio"
ANSWER = "fillers_us_160"
# Content words of that answer the recogniser hears reliably through the browser's capture.
# It is played into the room's microphone once the room invites an answer
# (tests/e2e/scripted_mic.py), not on a clock of its own.
KEY_WORDS = ("reason", "timing", "managers", "design", "code")
MIN_KEY_WORDS = 3
REFRESH_KEY = "moodlens.refresh_token"
PROBE = """
window.__gum = [];
const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = (c) => {
  window.__gum.push(JSON.stringify(c));
  return gum(c);
};
window.__moodlensProbe = { cues: [], cue(c) { this.cues.push(c); } };
"""

VIDEO = load_script("make_video_fixtures")


@pytest.fixture(scope="module")
def chromium_extra_args() -> list[str]:
    return [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={VIDEO.ensure_face_video()}",
    ]


def _user_with_session(base_url: str) -> tuple[str, str]:
    """A new user who allowed the microphone only (no camera), with a 10-minute session set
    up; returns (refresh token, session id)."""
    account = new_account(base_url, prefix="audio", full_name="Sally Ride", consent="microphone")
    return account.refresh_token, new_session(base_url, account)


def test_audio_only_session(page: Page, live_server: str, e2e_database: str) -> None:
    refresh, session_id = _user_with_session(live_server)
    page.add_init_script(f"window.localStorage.setItem({REFRESH_KEY!r}, {refresh!r});")
    page.add_init_script(PROBE)
    scripted_mic.install(page)

    # Opened by URL, as after a reload mid-session: no click on this page, so capture must
    # start without a user gesture (browsers allow audio while the microphone is captured).
    # The camera room is asked for, but the consent has no camera: the room says so and
    # continues with spoken answers only.
    page.goto(f"/practice/{session_id}?mode=camera")
    expect(page.get_by_text("Camera cues need the camera, which your consent")).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_text("Connection: Live")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="Question 1")).to_be_visible(timeout=30_000)
    # The camera preview stays hidden: nothing of the camera is used.
    expect(page.get_by_label("Your camera (mirrored, stays on this device)")).to_be_hidden()
    scripted_mic.play_when_ready(page, AUDIO / f"{ANSWER}.wav")
    expect(page.get_by_text("Answering:")).to_be_visible(timeout=30_000)
    page.wait_for_function("() => window.__moodlensProbe.cues.length > 0", timeout=60_000)
    # Waits on the recogniser (the next question follows what was said): generous on a
    # loaded machine, and only a bound on a condition.
    expect(page.get_by_role("heading", name="Question 2")).to_be_visible(timeout=180_000)
    requests: list[str] = page.evaluate("window.__gum")
    cues: list[dict[str, Any]] = page.evaluate("window.__moodlensProbe.cues")

    page.get_by_role("button", name="End session").click()
    page.get_by_role("button", name="End and build report").click()
    page.wait_for_url(f"**/sessions/{session_id}/report", timeout=120_000)

    assert requests, "the room never asked for the microphone"
    assert all('"video"' not in r and '"audio"' in r for r in requests), requests
    assert {c["cue"] for c in cues} & {"speaking", "pace", "filler", "pause"}, cues
    assert not {c["cue"] for c in cues} & {"attention"}, cues
    with psycopg.connect(db_dsn(e2e_database)) as conn:
        transcripts = [
            r[0]
            for r in conn.execute(
                "SELECT transcript_text FROM responses WHERE session_id = %s", (session_id,)
            ).fetchall()
        ]
        rows = conn.execute(
            "SELECT count(*), count(face_json), count(speaking) FROM signal_events "
            "WHERE session_id = %s",
            (session_id,),
        ).fetchone()
    text = " ".join(t or "" for t in transcripts).lower()
    heard = [w for w in KEY_WORDS if w in text]
    assert len(heard) >= MIN_KEY_WORDS, (heard, transcripts)
    assert rows is not None
    total, with_face, with_speech = rows
    assert total >= 10 and with_speech >= 10, rows
    assert with_face == 0, rows
