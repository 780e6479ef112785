"""The report: built from stored answers and signals, read through the API once ready (its
build, retries and failures: test_report_building.py)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.wording import find_banned_words
from moodlens.config import Settings
from moodlens.models import Recommendation, SessionScore
from moodlens.models.interview import SessionStatus
from moodlens.privacy.service import schedule_session_deletion
from moodlens.reports import builder, service
from tests.factories import auth_headers
from tests.reports import factories

pytestmark = pytest.mark.sqlite

DIMS = {"communication", "confidence", "structure", "relevance"}


def _check_score(value: dict[str, Any]) -> None:
    assert 0 <= value["score"] <= 100
    lo, hi = value["interval"]
    assert lo <= value["score"] <= hi
    assert value["band"] in {"low", "medium", "high"}


async def test_ready_report_has_every_part_with_sensible_values(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    session = await factories.built_session(db, user)
    r = await factories.get_report(client, session.id, auth_headers(user, settings))
    assert r.status_code == 200, r.text
    rep = r.json()

    assert rep["status"] == "ready"
    _check_score(rep["overall"])
    assert set(rep["dimensions"]) == DIMS
    for d in rep["dimensions"].values():
        _check_score(d)
        assert d["factors"] and all(f["effect"] in "+-" and f["text"] for f in d["factors"])
    assert rep["labels"]["confidence"] == "Delivery"
    assert "do not over-interpret" in rep["disclaimer"]
    assert isinstance(rep["warnings"], list)
    assert 1 <= len(rep["strengths"]) <= 3 and 1 <= len(rep["improvements"]) <= 3
    assert rep["drills"] and all(d["minutes"] > 0 and d["how"] for d in rep["drills"])
    assert rep["comparison"]["available"] is False  # the user's first session
    assert rep["session"]["answered"] == 4 and rep["session"]["has_camera"] is True

    answers = rep["answers"]
    assert [a["input_mode"] for a in answers] == ["voice", "voice", "typed", "voice"]
    for a in answers:
        assert set(a["scores"]) == DIMS and a["question_text"] and a["transcript"]
        for d in a["scores"].values():
            _check_score(d)
        assert a["start"] <= a["end"]
    typed = answers[2]
    assert typed["segments"] == [] and typed["fillers"] == [] and typed["pauses"] == []
    weak = answers[1]  # filler-heavy: "Uh, there was this bug once ... Um, it was, like, ..."
    assert len(weak["fillers"]) >= 3
    for f in weak["fillers"]:
        assert weak["start"] <= f["start"] <= f["end"] <= weak["end"]
    marked = [s for s in weak["segments"] if s["type"] == "word" and s["filler"]]
    assert {s["text"].strip(",.").lower() for s in marked} >= {"uh", "um"}
    assert all(p["end"] > p["start"] for p in weak["pauses"])
    # The weak answer is held to the same norms: more fillers, lower communication.
    assert weak["scores"]["communication"]["score"] < answers[3]["scores"]["communication"]["score"]

    for e in rep["events"]:
        assert e["type"] in builder.EVENT_TYPES and e["start"] <= e["end"]
        assert e["answer_index"] is None or answers[e["answer_index"]]["input_mode"] == "voice"
    assert any(e["type"] == "filler_burst" and e["answer_index"] == 1 for e in rep["events"])
    tl = rep["timeline"]
    assert len(tl["t"]) == len(tl["attention"]) == len(tl["pace_wpm"]) > 100
    assert any(v is not None for v in tl["attention"])

    score = (
        await db.execute(select(SessionScore).where(SessionScore.session_id == session.id))
    ).scalar_one()
    assert score.scoring_version == rep["scoring_version"]
    assert score.overall_score == rep["overall"]["score"]
    recs = (
        await db.scalars(select(Recommendation).where(Recommendation.session_id == session.id))
    ).all()
    assert [r.title for r in recs] == [d["title"] for d in rep["drills"]]


async def test_report_text_never_names_an_inner_state(db: AsyncSession) -> None:
    for kind in builder.EVENT_TYPES.values():
        assert not find_banned_words(kind["label"] + " " + kind["description"])
    for text in builder.TIMELINE_SERIES.values():
        assert not find_banned_words(text)


async def test_audio_only_session_warns_and_has_no_camera_events(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    session = await factories.built_session(db, user, camera=False)
    rep = (await factories.get_report(client, session.id, auth_headers(user, settings))).json()
    assert rep["session"]["has_camera"] is False
    assert any("camera" in w.lower() for w in rep["warnings"])
    assert not [e for e in rep["events"] if "dip" in e["type"] or e["type"] == "face_out_of_view"]
    assert all(v is None for v in rep["timeline"]["attention"])


async def test_report_of_a_session_not_ended_is_a_409(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    session = await factories.ended_session(db, user)
    session.status = SessionStatus.LIVE
    session.ended_at = None
    await db.flush()
    r = await factories.get_report(client, session.id, auth_headers(user, settings))
    assert r.status_code == 409 and r.json()["error"] == "SessionNotEnded"


async def test_other_users_and_deleted_sessions_are_404_everywhere(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    owner = await factories.user(db)
    other = await factories.user(db)
    session = await factories.built_session(db, owner)
    deleted = await factories.built_session(db, owner, seed=2)
    await schedule_session_deletion(db, deleted, [])
    for sid, headers in (
        (session.id, auth_headers(other, settings)),
        (deleted.id, auth_headers(owner, settings)),
        (uuid.uuid4(), auth_headers(owner, settings)),
    ):
        for method, path, body in (
            ("GET", "report", None),
            ("POST", "report/retry", None),
            ("GET", "comparison", None),
            ("GET", "report/html", None),
            ("POST", "export", {"export_type": "pdf"}),
        ):
            r = await client.request(
                method, f"/v1/sessions/{sid}/{path}", headers=headers, json=body
            )
            assert r.status_code == 404, (path, r.text)


async def test_comparison_is_with_the_previous_visible_session(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    first = await factories.built_session(db, user, factories.plan(["weak"] * 4), seed=3)
    middle = await factories.built_session(
        db, user, factories.plan(["fair"] * 4), started_at=factories.T0 + timedelta(days=2)
    )
    latest = await factories.built_session(
        db, user, factories.plan(["strong"] * 4), started_at=factories.T0 + timedelta(days=5)
    )
    cmp = (await client.get(f"/v1/sessions/{latest.id}/comparison", headers=headers)).json()
    assert cmp["available"] is True and cmp["previous_session_id"] == str(middle.id)
    assert set(cmp["dimensions"]) == DIMS
    assert cmp["overall"]["delta"] == pytest.approx(
        cmp["overall"]["current"] - cmp["overall"]["previous"], abs=0.11
    )
    assert cmp["overall"]["direction"] == "better"
    assert cmp["metrics"]["filler_per_min"]["direction"] in {"better", "same"}
    report = (await factories.get_report(client, latest.id, headers)).json()
    assert report["comparison"]["previous_session_id"] == str(middle.id)

    # Deleting session N-1 hides it from the comparison at once: N-2 takes its place.
    await schedule_session_deletion(db, middle, [])
    cmp = (await client.get(f"/v1/sessions/{latest.id}/comparison", headers=headers)).json()
    assert cmp["previous_session_id"] == str(first.id)
    await schedule_session_deletion(db, first, [])
    cmp = (await client.get(f"/v1/sessions/{latest.id}/comparison", headers=headers)).json()
    assert cmp["available"] is False and cmp["previous_session_id"] is None


async def test_html_view_is_the_printable_report(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    session = await factories.built_session(db, user)
    r = await client.get(
        f"/v1/sessions/{session.id}/report/html", headers=auth_headers(user, settings)
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<svg" in r.text and "do not over-interpret" in r.text
    assert "Delivery" in r.text


async def test_a_malformed_stored_summary_is_left_out_of_the_comparison_with_a_logged_reason(
    client: httpx.AsyncClient,
    db: AsyncSession,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An earlier session's summary_json that is not a summary answered 500 for the report,
    its comparison and its HTML view; now that session is left out (N-2 takes its place, as
    on the progress page) and the log says which and why. An unreadable summary of the
    report's own session leaves the comparison unavailable, saying why, not 'first session'."""
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    first = await factories.built_session(db, user, factories.plan(["weak"] * 4), seed=3)
    middle = await factories.built_session(
        db, user, factories.plan(["fair"] * 4), started_at=factories.T0 + timedelta(days=2)
    )
    latest = await factories.built_session(
        db, user, factories.plan(["strong"] * 4), started_at=factories.T0 + timedelta(days=5)
    )
    scores = {
        s.session_id: s
        for s in (
            await db.execute(
                select(SessionScore).where(SessionScore.session_id.in_([middle.id, latest.id]))
            )
        ).scalars()
    }
    scores[middle.id].summary_json = {"overall": {"score": "not a number"}}
    await db.flush()
    # One earlier session per query, so finding N-2 also goes through the paging.
    monkeypatch.setattr(service, "_PREVIOUS_BATCH", 1)
    with caplog.at_level("WARNING", logger="moodlens.reports.service"):
        cmp = await client.get(f"/v1/sessions/{latest.id}/comparison", headers=headers)
        report = await factories.get_report(client, latest.id, headers)
        html = await client.get(f"/v1/sessions/{latest.id}/report/html", headers=headers)
    assert cmp.status_code == 200, cmp.text
    assert cmp.json()["available"] is True and cmp.json()["previous_session_id"] == str(first.id)
    assert report.status_code == 200, report.text
    assert report.json()["comparison"]["previous_session_id"] == str(first.id)
    assert html.status_code == 200, html.text
    left_out = [r for r in caplog.records if "left out of the comparison" in r.getMessage()]
    assert len(left_out) == 3 and all(str(middle.id) in r.getMessage() for r in left_out)

    caplog.clear()
    # Not an object: no build writes one, which is the point (mypy knows the column type).
    scores[latest.id].summary_json = ["not", "a", "summary"]  # type: ignore[assignment]
    await db.flush()
    with caplog.at_level("WARNING", logger="moodlens.reports.service"):
        report = await factories.get_report(client, latest.id, headers)
        html = await client.get(f"/v1/sessions/{latest.id}/report/html", headers=headers)
    assert report.status_code == 200, report.text
    own = report.json()["comparison"]
    assert own["available"] is False and own["previous_session_id"] is None
    assert "could not be read" in own["unavailable_reason"]
    assert html.status_code == 200 and "could not be read" in html.text
    assert "first scored session" not in html.text
    left_out = [r for r in caplog.records if "left out of the comparison" in r.getMessage()]
    assert len(left_out) == 2 and all(str(latest.id) in r.getMessage() for r in left_out)
