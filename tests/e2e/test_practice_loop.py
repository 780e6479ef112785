"""The practice loop in real Chromium (issue 18): paste a job description at setup, answer
the interview typed, see the job's skills against the answers on the report, retry an answer
and see it beside the first attempt with what changed.

Typed answers keep the test off the speech recogniser's clock on a loaded machine; the retry
is typed in the product too, and the server scores both attempts by the report's path.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.accounts import db_dsn, new_account
from tests.practice.jobs import BACKEND_JOB

pytestmark = pytest.mark.e2e

REFRESH_KEY = "moodlens.refresh_token"
FIRST = "We fixed some stuff and it was fine."
STORY = (
    "At my last company our billing platform failed during the monthly invoicing run. I was "
    "the on-call engineer, so I led the incident response: I traced the outage to a Kafka "
    "consumer that fell behind, added a second consumer and rewrote the slow PostgreSQL "
    "query. As a result the run finished in four hours instead of two days, and I added "
    "monitoring and an alert; failures dropped by 90%."
)
RETRY = (
    "Last spring I built the reconciliation service for our payments team because finance "
    "needed invoices to match the ledger. I designed the API, chose PostgreSQL for the "
    "ledger tables and wrote the matching job myself. It launched in six weeks and cut "
    "manual reconciliation from three days to two hours for 40 finance users."
)


def test_paste_a_job_interview_retry_and_see_before_after(
    page: Page, live_server: str, e2e_database: str
) -> None:
    account = new_account(live_server, prefix="practice", full_name="Grace Hopper", consent="typed")
    page.add_init_script(
        f"window.localStorage.setItem({REFRESH_KEY!r}, {account.refresh_token!r});"
    )

    # Setup: practise for a job by pasting its description.
    page.goto("/practice/new")
    page.get_by_role("textbox", name="Job description").fill(BACKEND_JOB)
    page.get_by_role("button", name="Continue to the device check").click()
    page.wait_for_url(re.compile(r".*/practice/device-check\?session=.+"), timeout=60_000)
    session_id = page.url.split("session=")[1]

    # The interview, typed. Follow-ups may come first; the second main question is drawn
    # from the job's duties ("This role will ...").
    page.get_by_role("link", name="Continue typed-only").click()
    expect(page.get_by_text("Connection: Typed answers")).to_be_visible(timeout=30_000)
    duty = page.get_by_text(re.compile(r"^This role will "))
    asked_duty = False
    n = 0
    while not asked_duty and n < 6:
        n += 1
        expect(page.get_by_role("heading", name=f"Question {n}")).to_be_visible(timeout=60_000)
        box = page.get_by_label("Type your answer")
        expect(box).to_be_enabled(timeout=30_000)
        asked_duty = duty.count() > 0
        box.fill(FIRST if n == 1 else STORY)
        page.get_by_role("button", name="Submit answer").click()
    assert asked_duty, "no question drawn from the job's duties in the first six"
    expect(page.get_by_role("heading", name=f"Question {n + 1}")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="End session").click()
    page.get_by_role("button", name="End and build report").click()
    page.wait_for_url(f"**/sessions/{session_id}/report", timeout=120_000)

    # The report: the job's skills covered (with a quote) and those that never came up.
    covered = page.get_by_role("list", name="Skills your answers covered")
    expect(covered).to_contain_text("Kafka", timeout=120_000)
    expect(page.get_by_role("list", name="Skills that never came up")).to_contain_text("mentoring")

    # Retry the first answer from the report; both attempts appear side by side.
    practise = page.get_by_role("region", name="Practise again")
    first_item = practise.get_by_role("listitem").filter(has_text="Question 1:").first
    first_item.get_by_role("button", name="Answer again").click()
    first_item.get_by_role("textbox", name=re.compile("Your new answer to")).fill(RETRY)
    first_item.get_by_role("button", name="Score this attempt").click()
    compared = page.get_by_role("region", name="Before and after, question 1")
    expect(compared).to_be_visible(timeout=60_000)
    expect(compared.get_by_role("heading", name="First attempt")).to_be_visible()
    expect(compared.get_by_role("heading", name=re.compile(r"^Attempt 2"))).to_be_visible()
    expect(compared).to_contain_text("Overall")
    expect(compared).to_contain_text("What changed")
    expect(compared).to_contain_text(RETRY[:40])
    expect(practise).to_contain_text("1 retry so far")

    # Talking points (after the answer): the duty question's job point is ticked and quoted
    # from the answer that made it.
    duty_item = practise.get_by_role("listitem").filter(has_text="This role will").first
    duty_item.get_by_text("Talking points").click()
    points = duty_item.get_by_role("list", name="Talking points")
    expect(points).to_contain_text("(from the job)", timeout=30_000)
    expect(points.get_by_role("listitem").filter(has_text="the job's duty")).to_contain_text(
        "Covered:"
    )

    with psycopg.connect(db_dsn(e2e_database)) as conn:
        job: Any = conn.execute(
            "SELECT source, text FROM job_descriptions WHERE session_id = %s", (session_id,)
        ).fetchone()
        retries = conn.execute(
            "SELECT attempt_no, transcript_text FROM answer_retries WHERE session_id = %s",
            (session_id,),
        ).fetchall()
        focused = conn.execute(
            "SELECT question_text FROM questions WHERE session_id = %s AND job_focus IS NOT NULL",
            (session_id,),
        ).fetchall()
        first_answer = conn.execute(
            "SELECT r.transcript_text FROM responses r JOIN questions q ON q.id = r.question_id "
            "WHERE q.session_id = %s AND q.sequence_no = 1",
            (session_id,),
        ).fetchone()
    assert job is not None and job[0] == "paste" and job[1].startswith("Senior Backend Engineer")
    assert retries == [(2, RETRY)]
    assert any(str(q[0]).startswith("This role will ") for q in focused), focused
    # The session's own answer stays the first attempt.
    assert first_answer == (FIRST,)
