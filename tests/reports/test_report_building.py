"""The report's build: the 202 while building, the job, retries and failures with their
reasons, rebuilding, stalled builds (the state machine in `reports/service.py`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.base import utcnow
from moodlens.interview_sessions import flows
from moodlens.models import (
    AuditEntry,
    InterviewSession,
    Recommendation,
    ReportStatus,
    SessionScore,
)
from moodlens.models.interview import SessionStatus
from moodlens.privacy.service import schedule_session_deletion
from moodlens.reports import build, offload, service, tasks
from tests.factories import auth_headers
from tests.reports import factories

pytestmark = pytest.mark.sqlite


async def test_202_with_progress_while_building(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    session = await factories.ended_session(db, user)
    after: list[Any] = []
    build.start_build(session, after)
    await db.flush()
    assert len(after) == 1  # the enqueue waits for the commit
    r = await factories.get_report(client, session.id, auth_headers(user, settings))
    assert r.status_code == 202
    body = r.json()
    assert body["status"] == "building" and body["progress"]["stage"] == "queued"
    assert body["progress"]["max_attempts"] == service.MAX_ATTEMPTS


async def test_ending_a_session_marks_the_report_building_and_enqueues_after_commit(
    db: AsyncSession,
) -> None:
    user = await factories.user(db)
    session = await factories.ended_session(db, user)
    session.status = SessionStatus.LIVE
    after: list[Any] = []
    await flows.on_session_ended(db, session, after)
    assert session.status == "completed" and session.report_status == "building"
    assert session.report_attempts == 0 and len(after) == 1


async def test_job_builds_then_report_is_ready(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    session = await factories.ended_session(db, user)
    build.start_build(session, [])
    await db.flush()
    outcome = await tasks.run_build_with_retries(
        session.id, open_session=factories.savepoints(db), delays=()
    )
    assert outcome == "ready"
    await db.refresh(session)
    assert session.report_status == "ready" and session.report_attempts == 1
    assert (await factories.get_report(client, session.id, auth_headers(user, settings))).json()[
        "status"
    ] == "ready"
    # A duplicate delivery of the job finds nothing waiting and does nothing.
    assert (
        await tasks.run_build_with_retries(
            session.id, open_session=factories.savepoints(db), delays=()
        )
        == "skipped"
    )


async def test_failed_build_is_retried_then_shown_as_failed_with_a_reason_and_a_retry(
    client: httpx.AsyncClient,
    db: AsyncSession,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    session = await factories.ended_session(db, user)
    build.start_build(session, [])
    await db.flush()
    calls = 0

    async def broken(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        raise RuntimeError("scoring exploded")

    monkeypatch.setattr(offload, "build_report", broken)
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)

    outcome = await tasks.run_build_with_retries(
        session.id, open_session=factories.savepoints(db), sleep=no_wait
    )
    assert outcome == "failed"
    assert calls == service.MAX_ATTEMPTS == 4  # the first attempt and three retries
    assert waits == list(tasks.RETRY_DELAYS_S)
    await db.refresh(session)
    assert session.report_status == "failed" and session.report_attempts == 4

    r = await factories.get_report(client, session.id, headers)
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "failed" and body["can_retry"] is True
    assert "RuntimeError" in body["error"] and "4 attempt" in body["error"]
    assert "scoring exploded" not in body["error"]  # internal messages stay internal
    assert (
        await db.scalar(select(SessionScore.id).where(SessionScore.session_id == session.id))
    ) is None

    monkeypatch.undo()
    r = await client.post(body["retry_url"], headers=headers)
    assert r.status_code == 202 and r.json()["status"] == "building"
    assert (await factories.get_report(client, session.id, headers)).status_code == 202
    r = await client.post(body["retry_url"], headers=headers)
    assert r.status_code == 409 and r.json()["error"] == "ReportAlreadyBuilding"
    assert (
        await tasks.run_build_with_retries(
            session.id, open_session=factories.savepoints(db), delays=()
        )
        == "ready"
    )
    assert (await factories.get_report(client, session.id, headers)).json()["status"] == "ready"


async def test_a_passing_retry_after_transient_failures_makes_the_report_ready(
    db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = await factories.user(db)
    session = await factories.ended_session(db, user)
    build.start_build(session, [])
    await db.flush()
    real = offload.build_report
    failures = [RuntimeError("db hiccup"), TimeoutError()]

    async def flaky(*args: Any, **kwargs: Any) -> Any:
        if failures:
            raise failures.pop(0)
        return await real(*args, **kwargs)

    monkeypatch.setattr(offload, "build_report", flaky)
    outcome = await tasks.run_build_with_retries(
        session.id, open_session=factories.savepoints(db), delays=()
    )
    assert outcome == "ready"
    await db.refresh(session)
    assert session.report_attempts == 3 and session.report_error is None


async def test_a_session_without_answers_fails_at_once_with_its_reason(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    session = await factories.ended_session(db, user, answers=[])
    build.start_build(session, [])
    await db.flush()
    outcome = await tasks.run_build_with_retries(
        session.id, open_session=factories.savepoints(db), delays=()
    )
    assert outcome == "failed"
    body = (await factories.get_report(client, session.id, auth_headers(user, settings))).json()
    assert body["status"] == "failed" and body["attempts"] == 1
    assert "no answers" in body["error"]


async def test_rebuilding_replaces_scores_and_recommendations(db: AsyncSession) -> None:
    user = await factories.user(db)
    session = await factories.built_session(db, user)
    first = (
        await db.execute(select(SessionScore).where(SessionScore.session_id == session.id))
    ).scalar_one()
    first_id, first_overall = first.id, first.overall_score
    n_recs = await db.scalar(select(func.count()).where(Recommendation.session_id == session.id))
    assert n_recs
    for _ in range(2):
        assert await build.run_build(db, session.id)
    scores = (
        await db.scalars(select(SessionScore).where(SessionScore.session_id == session.id))
    ).all()
    assert [s.id for s in scores] == [first_id] and scores[0].overall_score == first_overall
    assert (
        await db.scalar(select(func.count()).where(Recommendation.session_id == session.id))
        == n_recs
    )
    builds = await db.scalar(
        select(func.count()).where(
            AuditEntry.action == "report.build", AuditEntry.target_id == str(session.id)
        )
    )
    assert builds == 3


async def test_a_stalled_build_is_shown_as_failed_and_can_be_retried(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    headers = auth_headers(user, settings)
    session = await factories.ended_session(db, user)
    session.report_status = ReportStatus.BUILDING
    session.report_attempts = 1
    await db.flush()
    session.updated_at = utcnow() - service.STALE_AFTER - timedelta(seconds=5)
    await db.flush()
    body = (await factories.get_report(client, session.id, headers)).json()
    assert body["status"] == "failed" and "stopped responding" in body["error"]
    assert (await client.post(body["retry_url"], headers=headers)).status_code == 202


async def test_session_row_is_not_left_building_by_a_deleted_session(db: AsyncSession) -> None:
    user = await factories.user(db)
    session = await factories.ended_session(db, user)
    build.start_build(session, [])
    await schedule_session_deletion(db, session, [])
    await db.flush()
    outcome = await tasks.run_build_with_retries(
        session.id, open_session=factories.savepoints(db), delays=()
    )
    assert outcome == "skipped"
    assert (await db.get(InterviewSession, session.id)) is not None
