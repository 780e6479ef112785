"""A typed-only session has no delivery score (issue 15): not a number anywhere it is read.

Typed answers have no voice or camera, so delivery is "not measured": the report says so and
leaves it out of the weighted overall, session_scores stores NULL for it, the CSV export
writes no number for it, progress leaves the session out of the delivery trend, and comparing
a spoken session with a typed one compares only what both measured (the PDF's comparison says
"not measured" for the rest).
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.scoring import load_config
from moodlens.config import Settings
from moodlens.models import SessionScore
from moodlens.reports import render
from moodlens.reports.demo_data import QUESTIONS, PlannedAnswer
from tests.factories import auth_headers
from tests.reports import factories

pytestmark = pytest.mark.sqlite

TYPED = tuple(PlannedAnswer(q, "strong", "typed") for q in QUESTIONS[:3])
SPOKEN = tuple(PlannedAnswer(q, "fair") for q in QUESTIONS[:3])


async def _report(
    client: httpx.AsyncClient, headers: dict[str, str], sid: object
) -> dict[str, Any]:
    r = await client.get(f"/v1/sessions/{sid}/report", headers=headers)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def test_a_typed_session_reports_delivery_as_not_measured_everywhere(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    typed = await factories.built_session(db, user, TYPED, camera=False)
    spoken = await factories.built_session(
        db, user, SPOKEN, started_at=factories.T0 + timedelta(days=1), seed=2
    )

    rep = await _report(client, headers, typed.id)
    dims = rep["dimensions"]
    assert dims["confidence"]["measured"] is False
    # The overall is the weighted mean of the three measured dimensions alone.
    w = load_config().weights
    measured = ("communication", "structure", "relevance")
    expected = sum(w[d] * dims[d]["score"] for d in measured) / sum(w[d] for d in measured)
    assert rep["overall"]["score"] == pytest.approx(expected, abs=0.11)
    for a in rep["answers"]:
        assert a["scores"]["confidence"]["measured"] is False

    rows = list(csv.DictReader(io.StringIO(render.report_csv(rep, []))))
    answers = [row for row in rows if row["record"] == "answer"]
    assert answers and all(row["delivery"] == "" for row in answers)
    assert all(row["delivery_band"] == "not measured" for row in answers)

    progress = (await client.get("/v1/users/me/progress", headers=headers)).json()
    points = progress["trends"]["confidence"]["points"]
    assert [p["session_id"] for p in points] == [str(spoken.id)]
    assert len(progress["trends"]["communication"]["points"]) == 2
    by_id = {s["session_id"]: s for s in progress["sessions"]}
    assert "confidence" not in by_id[str(typed.id)]["dimensions"]
    assert "confidence" in by_id[str(spoken.id)]["dimensions"]

    later = await _report(client, headers, spoken.id)
    cmp = later["comparison"]
    assert cmp["available"] and cmp["previous_session_id"] == str(typed.id)
    assert set(cmp["dimensions"]) == set(measured)
    html = render.report_html(later)
    assert "not measured in both sessions" in html


async def test_typed_only_delivery_is_stored_as_null(db: AsyncSession) -> None:
    user = await factories.user(db)
    typed = await factories.built_session(db, user, TYPED, camera=False)
    spoken = await factories.built_session(
        db, user, SPOKEN, started_at=factories.T0 + timedelta(days=1), seed=2
    )
    stmt = select(SessionScore).where(SessionScore.session_id.in_([typed.id, spoken.id]))
    rows = {r.session_id: r for r in (await db.scalars(stmt)).all()}
    assert rows[typed.id].confidence_score is None
    assert rows[typed.id].summary_json["dimensions"]["confidence"]["measured"] is False
    assert rows[spoken.id].confidence_score is not None
    assert rows[spoken.id].summary_json["dimensions"]["confidence"]["measured"] is True
