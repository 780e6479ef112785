"""The PDF's job section (issue 18): for a session practised for a job, the job's skills
the answers covered (with the answers' sentences) and those that never came up (with the job
text's sentence), the same as the practice view serves; left out for a session without a
job. Rendered by WeasyPrint and read back as text (pypdf)."""

from __future__ import annotations

import io
import uuid
from typing import Any

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.job_match import extract_profile
from moodlens.config import Settings
from moodlens.core.storage import LocalStorage
from moodlens.models import AnswerRetry, JobDescription
from moodlens.reports import exports, render
from tests.factories import auth_headers
from tests.practice.jobs import BACKEND_JOB
from tests.reports import factories

pytestmark = pytest.mark.sqlite

RETRY = (
    "Last year I mentored two junior engineers through their first on-call rotation and "
    "reviewed their Kafka consumer changes every week."
)


def _flat(pdf: bytes) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


async def _pdf(
    client: httpx.AsyncClient,
    db: AsyncSession,
    storage: LocalStorage,
    sid: uuid.UUID,
    headers: dict[str, str],
) -> bytes:
    r = await client.post(
        f"/v1/sessions/{sid}/export", headers=headers, json={"export_type": "pdf"}
    )
    assert r.status_code == 202, r.text
    export_id = r.json()["export_id"]
    await exports.run_export(db, storage, uuid.UUID(export_id))
    status = (await client.get(f"/v1/exports/{export_id}", headers=headers)).json()
    assert status["status"] == "ready", status
    got = await client.get(status["download_url"], headers=headers)
    assert got.status_code == 200
    return got.content


async def test_the_pdf_lists_the_job_skills_covered_with_quotes_and_those_never_raised(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings, storage: LocalStorage
) -> None:
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    session = await factories.built_session(db, user)
    db.add(
        JobDescription(
            session_id=session.id,
            source="paste",
            text=BACKEND_JOB,
            profile_json=extract_profile(BACKEND_JOB).to_dict(),
        )
    )
    # A retry counts too: its words are quoted with their attempt number.
    first = (await client.get(f"/v1/sessions/{session.id}/practice", headers=headers)).json()
    qid = first["questions"][0]["question_id"]
    db.add(
        AnswerRetry(
            session_id=session.id,
            question_id=uuid.UUID(qid),
            attempt_no=2,
            transcript_text=RETRY,
            input_mode="typed",
            analysis_json={},
        )
    )
    await db.flush()
    job: dict[str, Any] = (
        await client.get(f"/v1/sessions/{session.id}/practice", headers=headers)
    ).json()["job"]
    assert job["covered"] and job["never_came_up"], job

    flat = _flat(await _pdf(client, db, storage, session.id, headers))
    assert "The job's skills in your answers" in flat
    assert f"Covered ({len(job['covered'])})" in flat
    assert f"Never came up ({len(job['never_came_up'])})" in flat
    for skill in job["covered"]:
        assert skill["name"] in flat
        # Its first quote, as the answer said it (the PDF may wrap it: compare a prefix).
        assert " ".join(str(skill["quotes"][0]["text"]).split())[:30] in flat
    for skill in job["never_came_up"]:
        assert skill["name"] in flat
        assert " ".join(skill["evidence"].split())[:30] in flat
    mentoring = next(s for s in job["covered"] if s["name"] == "mentoring")
    assert any(q["attempt_no"] == 2 for q in mentoring["quotes"])
    assert "attempt 2" in flat


async def test_a_session_without_a_job_has_no_job_section(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings, storage: LocalStorage
) -> None:
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    session = await factories.built_session(db, user)
    flat = _flat(await _pdf(client, db, storage, session.id, headers))
    assert "The job's skills" not in flat
    assert "do not over-interpret" in flat


async def test_job_section_escapes_what_the_candidate_and_the_job_said(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    session = await factories.built_session(db, user)
    report = (await client.get(f"/v1/sessions/{session.id}/report", headers=headers)).json()
    report["job_skills"] = {
        "covered": [
            {
                "name": "sql",
                "source": "vocabulary",
                "evidence": "You write SQL.",
                "covered": True,
                "quotes": [
                    {"question_id": "q", "sequence_no": 1, "attempt_no": 1, "text": "<b>SELECT</b>"}
                ],
            }
        ],
        "never_came_up": [
            {
                "name": "Kafka <script>",
                "source": "text",
                "evidence": "Kafka & friends.",
                "covered": False,
                "quotes": [],
            }
        ],
    }
    html = render.report_html(report)
    assert "&lt;b&gt;SELECT&lt;/b&gt;" in html and "<b>SELECT</b>" not in html
    assert "Kafka &lt;script&gt;" in html and "Kafka &amp; friends." in html
