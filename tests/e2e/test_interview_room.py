"""The whole candidate flow in real Chromium (issue 5): consent -> setup -> device check ->
interview room with a fake camera (the astronaut video, face covered at 6-10 s and 14-16 s of
every 20 s loop) and a scripted microphone playing two spoken answers (committed espeak
fixtures with fillers and pauses) when the room invites them -> end -> report page.

Checks: no getUserMedia before consent; at least two questions with one follow-up; cues arrive
while speaking; the transcript holds spoken key words; stored face-present ratios match the
covered/uncovered stretches within 10 points; ending leads to the report. Prints the measured
face-analysis rate and cue latency.

With MOODLENS_SCREENSHOTS=1 it also saves each step to docs/screenshots/ (1280x800 PNGs):
    MOODLENS_SCREENSHOTS=1 .venv/bin/pytest -m e2e tests/e2e/test_interview_room.py -s
(or scripts/refresh_screenshots.py).
"""

from __future__ import annotations

import os
import secrets
import statistics
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from moodlens.models import Question, Response, SignalEvent
from tests.e2e import scripted_mic
from tests.e2e.served_db import served_db
from tests.embedded_server import ServerUrl
from tests.scripts import load_script

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
AUDIO = REPO / "tests" / "fixtures" / "audio"
SHOTS = REPO / "docs" / "screenshots"
# Spoken answers (committed espeak fixtures), each played into the room's microphone once the
# room invites an answer (tests/e2e/scripted_mic.py): on a loaded machine a fake microphone
# that plays on its own clock started answers before the room listened.
ANSWERS = ("fillers_us_160", "pauses_us_130")
# Content words of both answers that the recogniser hears reliably through the browser's
# capture path (48 kHz Web Audio and back to 16 kHz); "deadlines" sometimes comes out as
# "headlines", so no single word decides the test.
KEY_WORDS = ("reason", "timing", "managers", "strongest", "communication", "design", "code")
MIN_KEY_WORDS = 4
# Generous bounds for steps that wait on the recogniser: they are waits on a condition, and
# a loaded 2-core machine transcribes several times slower than real time.
SLOW_STEP_MS = 180_000


VIDEO = load_script("make_video_fixtures")


@pytest.fixture(scope="module")
def chromium_extra_args() -> list[str]:
    video = VIDEO.ensure_face_video()
    return [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]


# Counts getUserMedia calls (consent must come first) and collects what the room reports.
PROBE = """
window.__gumCalls = 0;
const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = (c) => { window.__gumCalls += 1; return gum(c); };
window.__moodlensProbe = {
  cues: [], stats: [],
  cue(c) { this.cues.push({ ...c, at: performance.now() }); },
  roomStats(s) { if (s.face) this.stats.push(s.face); },
};
"""


def _shot(page: Page, name: str) -> None:
    if os.environ.get("MOODLENS_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.fixture(params=["postgresql", "sqlite"])
def app_url(request: pytest.FixtureRequest) -> ServerUrl:
    """The whole interview on PostgreSQL and on the embedded default `make run` serves."""
    if request.param == "sqlite":
        server: ServerUrl = request.getfixturevalue("sqlite_live_server")
        return server
    return ServerUrl(
        request.getfixturevalue("live_server"), request.getfixturevalue("e2e_database")
    )


def test_whole_interview_in_the_browser(page: Page, app_url: ServerUrl) -> None:
    live_server = app_url  # the server this run uses (PostgreSQL or the embedded default)
    email = f"room-{secrets.token_hex(5)}@example.com"
    password = f"calm practice {secrets.token_hex(4)}"
    signup = httpx.post(
        f"{live_server}/v1/auth/signup",
        json={"email": email, "password": password, "full_name": "Mae Jemison"},
    )
    assert signup.status_code == 201, signup.text
    page.add_init_script(PROBE)
    scripted_mic.install(page)

    # Login and home.
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    _shot(page, "01-login")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1, name="Your sessions")).to_be_visible()
    _shot(page, "02-home")
    page.get_by_role("link", name="Start a practice session").first.click()

    # Consent step: nothing captured before it.
    expect(
        page.get_by_role("heading", name="Before you start: what MoodLens captures")
    ).to_be_visible()
    assert page.evaluate("window.__gumCalls") == 0
    recording = page.get_by_role("switch", name="Record my sessions (off unless you turn it on)")
    expect(recording).not_to_be_checked()
    _shot(page, "03-consent")
    # Each device on its own: nothing ticked allows typed answers only.
    summary = page.get_by_role("status").filter(has_text="With these choices")
    expect(summary).to_contain_text("practise with typed answers.")
    page.get_by_role("checkbox", name="Microphone").check()
    page.get_by_role("checkbox", name="Camera").check()
    expect(summary).to_contain_text("spoken answers with camera cues")
    page.get_by_role("button", name="Accept and continue").click()

    # Setup.
    expect(page.get_by_role("button", name="Continue to the device check")).to_be_visible()
    page.locator("label.field", has_text="Role").locator("select").select_option("sde")
    page.locator("label.field", has_text="Round").locator("select").select_option("behavioral")
    page.get_by_role("radio", name="10 minutes").check()
    _shot(page, "04-setup")
    assert page.evaluate("window.__gumCalls") == 0
    page.get_by_role("button", name="Continue to the device check").click()

    # Device check: continue into the room (the check itself is covered by test_face_capture).
    expect(
        page.get_by_role("heading", level=1, name="Check your camera and microphone")
    ).to_be_visible()
    _shot(page, "05-device-check")
    assert page.evaluate("window.__gumCalls") == 0
    page.get_by_role("link", name="Start the interview").click()
    session_id = page.url.split("/practice/")[1].split("?")[0]

    # Room: question 1, spoken answer 1 starts and ends by itself.
    expect(page.get_by_role("heading", name="Question 1")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Connection: Live")).to_be_visible(timeout=60_000)
    scripted_mic.play_when_ready(page, AUDIO / f"{ANSWERS[0]}.wav")
    expect(page.get_by_text("Answering:")).to_be_visible(timeout=30_000)
    page.wait_for_function("() => window.__moodlensProbe.cues.length > 0", timeout=60_000)
    # Question 2 after the silence ends answer 1 and the server saves it.
    expect(page.get_by_role("heading", name="Question 2")).to_be_visible(timeout=SLOW_STEP_MS)
    scripted_mic.play_when_ready(page, AUDIO / f"{ANSWERS[1]}.wav")
    expect(page.get_by_text("Answering:")).to_be_visible(timeout=30_000)
    _shot(page, "06-interview-room")
    expect(page.get_by_role("heading", name="Question 3")).to_be_visible(timeout=SLOW_STEP_MS)

    probe: dict[str, Any] = page.evaluate("window.__moodlensProbe")
    page.get_by_role("button", name="End session").click()
    page.get_by_role("button", name="End and build report").click()
    expect(page.get_by_role("heading", level=1, name="Session ended")).to_be_visible()
    page.wait_for_url(f"**/sessions/{session_id}/report", timeout=120_000)
    page.wait_for_timeout(3_000)
    _shot(page, "07-report")

    sid = uuid.UUID(session_id)
    with served_db(app_url.database_url) as conn:
        questions = conn.execute(
            select(Question.sequence_no, Question.follow_up_reason, Question.question_text)
            .where(Question.session_id == sid)
            .order_by(Question.sequence_no)
        ).all()
        transcripts = list(
            conn.scalars(select(Response.transcript_text).where(Response.session_id == sid))
        )
        rows = conn.execute(
            select(SignalEvent.t_ms, SignalEvent.face_json)
            .where(SignalEvent.session_id == sid)
            .order_by(SignalEvent.t_ms)
        ).all()

    assert len(questions) >= 3, questions
    follow_ups = [q for q in questions if q[1]]
    assert follow_ups, f"no follow-up was asked: {questions}"
    text = " ".join(transcripts).lower()
    heard = [w for w in KEY_WORDS if w in text]
    assert len(heard) >= MIN_KEY_WORDS, (heard, transcripts)

    cues = probe["cues"]
    assert cues, "no live cue arrived while speaking"
    latencies = [c["latency_ms"] for c in cues]
    fps = [s["fps"] for s in probe["stats"] if s["fps"] > 0]
    assert fps and statistics.median(fps) >= 5, fps

    # Face-present ratio per stored second against the video, aligned on the best offset of
    # the camera start (the fake camera starts a moment after the session).
    series = [(t / 1000.0, float(f.get("face_present_ratio", 0.0))) for t, f in rows if f]
    assert len(series) >= 40, len(series)

    def truth(t: float, offset: float) -> float:
        return 1.0 if VIDEO.face_visible(t - offset) else 0.0

    def near_edge(t: float, offset: float) -> bool:
        return bool(VIDEO.near_cover_edge(t - offset, 1.0))

    offsets = [i / 10 for i in range(0, 100)]
    best = min(offsets, key=lambda o: sum(abs(r - truth(t, o)) for t, r in series))
    visible = [r for t, r in series if truth(t, best) == 1.0 and not near_edge(t, best)]
    covered = [r for t, r in series if truth(t, best) == 0.0 and not near_edge(t, best)]
    all_ratio = statistics.fmean(r for _, r in series)
    truth_ratio = statistics.fmean(truth(t, best) for t, _ in series)
    print(
        f"\ninterview room: face fps median={statistics.median(fps):.1f} min={min(fps):.1f}; "
        f"cue latency median={statistics.median(latencies):.0f} ms max={max(latencies):.0f} ms "
        f"({len(cues)} cues: {sorted({c['cue'] for c in cues})}); questions={len(questions)} "
        f"follow-ups={[q[1] for q in follow_ups]}; heard={heard}; face present: visible "
        f"{statistics.fmean(visible):.2f} covered {statistics.fmean(covered):.2f} overall "
        f"{all_ratio:.2f} vs truth {truth_ratio:.2f} (camera offset {best:.1f} s)"
    )
    assert len(visible) >= 10 and len(covered) >= 4, (len(visible), len(covered))
    assert statistics.fmean(visible) >= 0.9
    assert statistics.fmean(covered) <= 0.1
    assert abs(all_ratio - truth_ratio) <= 0.10
