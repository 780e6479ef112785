"""Session exports: a PDF of the report and a CSV of signals and scores, served through the
privacy domain's export status and download endpoints."""

from __future__ import annotations

import csv
import io
import uuid

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.storage import LocalStorage
from moodlens.models import Export, SignalEvent
from moodlens.privacy.service import schedule_session_deletion
from moodlens.reports import build, exports, render
from tests.factories import auth_headers
from tests.reports import factories

pytestmark = pytest.mark.sqlite


async def _export(
    client: httpx.AsyncClient,
    db: AsyncSession,
    storage: LocalStorage,
    sid: uuid.UUID,
    headers: dict[str, str],
    export_type: str,
) -> httpx.Response:
    r = await client.post(
        f"/v1/sessions/{sid}/export", headers=headers, json={"export_type": export_type}
    )
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["status"] == "pending" and body["session_id"] == str(sid)
    await exports.run_export(db, storage, uuid.UUID(body["export_id"]))
    status = (await client.get(f"/v1/exports/{body['export_id']}", headers=headers)).json()
    assert status["status"] == "ready", status
    return await client.get(status["download_url"], headers=headers)


async def test_pdf_is_valid_and_holds_the_scores(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings, storage: LocalStorage
) -> None:
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    session = await factories.built_session(db, user)
    report = (await client.get(f"/v1/sessions/{session.id}/report", headers=headers)).json()

    r = await _export(client, db, storage, session.id, headers, "pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(r.content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    flat = " ".join(text.split())
    assert f"{render.n(report['overall']['score'])}/100" in flat.replace(" /100", "/100")
    for key, dim in report["dimensions"].items():
        lo, hi = (render.n(x) for x in dim["interval"])
        assert report["labels"][key] in flat
        assert f"{render.n(dim['score'])} ({lo}–{hi})" in flat
    assert "do not over-interpret" in flat
    assert report["answers"][0]["question_text"][:40] in flat


async def test_csv_has_a_row_per_second_and_per_answer(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings, storage: LocalStorage
) -> None:
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    session = await factories.built_session(db, user)
    report = (await client.get(f"/v1/sessions/{session.id}/report", headers=headers)).json()

    r = await _export(client, db, storage, session.id, headers, "csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert tuple(rows[0].keys()) == render.CSV_COLUMNS
    seconds = [row for row in rows if row["record"] == "second"]
    answers = [row for row in rows if row["record"] == "answer"]
    n_signals = await db.scalar(select(func.count()).where(SignalEvent.session_id == session.id))
    assert len(seconds) == n_signals and len(answers) == len(report["answers"])
    assert [float(s["t_s"]) for s in seconds] == sorted(float(s["t_s"]) for s in seconds)
    assert any(s["attention"] for s in seconds) and any(s["pace_wpm"] for s in seconds)
    for row, a in zip(answers, report["answers"], strict=True):
        assert float(row["overall"]) == a["overall"]["score"]
        delivery = a["scores"]["confidence"]
        if delivery["measured"]:
            assert float(row["delivery"]) == delivery["score"]
        else:  # a typed answer: no number (issue 15)
            assert row["delivery"] == "" and row["delivery_band"] == "not measured"
        assert row["input_mode"] == a["input_mode"]


async def test_export_waits_for_the_report_and_reuses_a_pending_one(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    session = await factories.ended_session(db, user)
    r = await client.post(
        f"/v1/sessions/{session.id}/export", headers=headers, json={"export_type": "pdf"}
    )
    assert r.status_code == 409 and r.json()["error"] == "ReportNotReady"

    await build.run_build(db, session.id)
    ids = set()
    for _ in range(2):
        r = await client.post(
            f"/v1/sessions/{session.id}/export", headers=headers, json={"export_type": "csv"}
        )
        ids.add(r.json()["export_id"])
    assert len(ids) == 1
    r = await client.post(
        f"/v1/sessions/{session.id}/export", headers=headers, json={"export_type": "docx"}
    )
    assert r.status_code == 422


async def test_export_of_a_session_deleted_before_the_job_is_never_written(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings, storage: LocalStorage
) -> None:
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    session = await factories.built_session(db, user)
    r = await client.post(
        f"/v1/sessions/{session.id}/export", headers=headers, json={"export_type": "pdf"}
    )
    export_id = uuid.UUID(r.json()["export_id"])
    await schedule_session_deletion(db, session, [])
    await exports.run_export(db, storage, export_id)
    export = await db.get(Export, export_id)
    assert export is not None and export.status == "failed" and export.file_url is None
    assert (await client.get(f"/v1/exports/{export_id}", headers=headers)).status_code == 404
