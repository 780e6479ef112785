"""'Answer again' right after an answer, in the interview room, in real Chromium (issue 18),
on PostgreSQL and on the embedded default.

The room is typed (answers are typed), the account allows the microphone: after the first
answer the candidate opens the after-answer card, half-types a retry, and the next answer is
confirmed meanwhile; the half-typed retry is still there (it used to vanish with the card).
The typed retry is scored and shown beside the first attempt; then a spoken retry is recorded
through Chromium's fake capture (the scripted microphone plays a committed espeak answer when
the recorder has opened it) and shown with its measured pace. The room is paused while the
retry records and resumed after it.
"""

from __future__ import annotations

import base64
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from moodlens.models import AnswerRetry
from tests.e2e import scripted_mic
from tests.e2e.accounts import new_account, new_session
from tests.e2e.served_db import served_db
from tests.embedded_server import ServerUrl

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
SPOKEN = REPO / "tests" / "fixtures" / "audio" / "fluent_gb_130.wav"
SPOKEN_WORDS = ("challenge", "teams", "weekly", "review")
REFRESH_KEY = "moodlens.refresh_token"
FIRST = "We fixed some stuff and it was fine."
SECOND = (
    "In my last role I owned the billing service. Releases were slow, so I rebuilt the "
    "deployment pipeline with automated tests; release time dropped from two days to four hours."
)
HALF = "Last spring I built the reconciliation service"
REST = (
    " for our payments team because finance needed invoices to match the ledger. I designed "
    "the API and wrote the matching job; it cut manual reconciliation from three days to two hours."
)


@pytest.fixture(scope="module")
def chromium_extra_args() -> list[str]:
    return ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


@pytest.fixture(params=["postgresql", "sqlite"])
def app_url(request: pytest.FixtureRequest) -> ServerUrl:
    if request.param == "sqlite":
        server: ServerUrl = request.getfixturevalue("sqlite_live_server")
        return server
    return ServerUrl(
        request.getfixturevalue("live_server"), request.getfixturevalue("e2e_database")
    )


def _answer(page: Page, n: int, answer: str) -> None:
    expect(page.get_by_role("heading", name=f"Question {n}")).to_be_visible(timeout=60_000)
    box = page.get_by_label("Type your answer")
    expect(box).to_be_enabled(timeout=30_000)
    box.fill(answer)
    page.get_by_role("button", name="Submit answer").click()


def test_answer_again_in_the_room_typed_and_spoken(page: Page, app_url: ServerUrl) -> None:
    account = new_account(app_url, prefix="retry", full_name="Ada Lovelace", consent="microphone")
    session_id = new_session(app_url, account)
    page.add_init_script(
        f"window.localStorage.setItem({REFRESH_KEY!r}, {account.refresh_token!r});"
    )
    scripted_mic.install(page)
    page.goto(f"/practice/{session_id}?mode=typed")
    expect(page.get_by_text("Connection: Typed answers")).to_be_visible(timeout=30_000)

    _answer(page, 1, FIRST)
    card = page.get_by_role("region", name="After question 1")
    card.get_by_role("button", name=re.compile("Show talking points and Answer again")).click()
    card.get_by_role("button", name="Answer again", exact=True).click()
    retry_box = card.get_by_role("textbox", name=re.compile("Your new answer to"))
    retry_box.fill(HALF)

    # The next answer is confirmed while the retry is half-typed: the card stays, draft kept.
    _answer(page, 2, SECOND)
    expect(page.get_by_role("region", name="After question 2")).to_be_visible(timeout=30_000)
    expect(retry_box).to_have_value(HALF)
    retry_box.fill(HALF + REST)
    card.get_by_role("button", name="Score this attempt").click()
    compared = card.get_by_role("region", name="Before and after, question 1")
    expect(compared.get_by_role("heading", name=re.compile(r"^Attempt 2"))).to_be_visible(
        timeout=60_000
    )
    expect(compared).to_contain_text("What changed")
    expect(compared).to_contain_text(HALF)

    # A spoken retry: the room pauses while it records (its live capture would take the
    # retry for the next answer), the recording is analysed and scored on the server.
    card.get_by_role("button", name="Answer again", exact=True).click()
    card.get_by_role("button", name="Record your answer").click()
    expect(card.get_by_text("Recording your new answer")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    page.wait_for_function("window.__scriptedMic.opened()", timeout=30_000)
    b64 = base64.b64encode(SPOKEN.read_bytes()).decode("ascii")
    played = page.evaluate("(b64) => window.__scriptedMic.play(b64)", b64)
    page.wait_for_function(
        "(p) => Date.now() > p.startedAtMs + p.durationS * 1000 + 500",
        arg=played,
        timeout=60_000,
    )
    card.get_by_role("button", name="Stop and score").click()
    # Waits on the recogniser: generous on a loaded machine, only a bound on a condition.
    expect(compared.get_by_role("heading", name=re.compile(r"^Attempt 3"))).to_be_visible(
        timeout=180_000
    )
    expect(compared).to_contain_text(re.compile(r"\d+ wpm"))
    expect(page.get_by_role("button", name="Pause")).to_be_visible()

    with served_db(app_url.database_url) as conn:
        rows = conn.execute(
            select(
                AnswerRetry.attempt_no,
                AnswerRetry.input_mode,
                AnswerRetry.transcript_text,
                AnswerRetry.analysis_json,
            )
            .where(AnswerRetry.session_id == uuid.UUID(session_id))
            .order_by(AnswerRetry.attempt_no)
        ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [(2, "typed"), (3, "voice")], rows
    assert rows[0][2] == HALF + REST
    heard = [w for w in SPOKEN_WORDS if w in rows[1][2].lower()]
    assert len(heard) >= 3, rows[1][2]
    # What was measured is kept, not the audio.
    assert rows[1][3]["words"] and rows[1][3]["wpm"] is not None
