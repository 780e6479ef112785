"""A soft-deleted session is gone from every endpoint at once (DESIGN §8).

Extend the lists when you add an endpoint that reads session data; endpoints that do not
exist yet are skipped (and start being checked as soon as their router is registered). An
endpoint about one session that is in none of SESSION_ENDPOINTS, ROW_ENDPOINTS and NOT_CHECKED
fails `test_every_session_endpoint_is_checked`, so a new one cannot skip the visibility filter
unnoticed."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.job_match import extract_profile
from moodlens.config import Settings
from moodlens.core.storage import LocalStorage
from moodlens.models import (
    InterviewSession,
    JobDescription,
    Organization,
    OrganizationMember,
    Question,
    SessionComment,
    SessionScore,
    User,
)
from moodlens.privacy import service
from tests.factories import auth_headers
from tests.practice.jobs import BACKEND_JOB
from tests.privacy import factories

# Endpoints about one session: a soft-deleted one must be a 404 (422 only if the payload is
# rejected before the lookup, which reveals nothing).
SESSION_ENDPOINTS: list[tuple[str, str]] = [
    ("GET", "/v1/sessions/{session_id}"),
    ("POST", "/v1/sessions/{session_id}/start"),
    ("POST", "/v1/sessions/{session_id}/end"),
    ("DELETE", "/v1/sessions/{session_id}"),
    ("POST", "/v1/sessions/{session_id}/questions/next"),
    ("POST", "/v1/sessions/{session_id}/responses"),
    ("POST", "/v1/sessions/{session_id}/signals/batch"),
    ("GET", "/v1/sessions/{session_id}/report"),
    ("POST", "/v1/sessions/{session_id}/export"),
    ("GET", "/v1/sessions/{session_id}/recording"),
    ("GET", "/v1/sessions/{session_id}/recording/status"),
    ("PUT", "/v1/sessions/{session_id}/recording"),
    ("POST", "/v1/sessions/{session_id}/recording/complete"),
    ("POST", "/v1/sessions/{session_id}/report/retry"),
    ("GET", "/v1/sessions/{session_id}/report/html"),
    ("GET", "/v1/sessions/{session_id}/comparison"),
    ("GET", "/v1/sessions/{session_id}/share"),
    ("PUT", "/v1/sessions/{session_id}/share"),
    ("GET", "/v1/sessions/{session_id}/comments"),
    ("POST", "/v1/sessions/{session_id}/comments"),
]

# Endpoints about one of a session's answers or comments, or about its practice data. Each is
# called with ids and a payload that the same request on a visible twin session gets past the
# lookup with (the test checks that first), so the deleted session's 404 can only come from
# the visibility filter, not from a missing row or a refused payload.
_RETRY = {
    "transcript_text": "I would lead the migration again, this time with a written rollback plan.",
    "started_at": "2026-03-02T09:30:00+00:00",
    "ended_at": "2026-03-02T09:31:00+00:00",
}
# Not audio: a visible session's retry is refused after the lookup (422), before recognition.
_NOT_AUDIO = {"file": ("retry.webm", b"not a recording", "audio/webm")}
ROW_ENDPOINTS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("DELETE", "/v1/sessions/{session_id}/comments/{comment_id}", None),
    ("POST", "/v1/sessions/{session_id}/questions/{question_id}/retries", _RETRY),
    ("POST", "/v1/sessions/{session_id}/questions/{question_id}/retries/audio", _NOT_AUDIO),
    ("GET", "/v1/sessions/{session_id}/questions/{question_id}/talking-points", None),
    ("GET", "/v1/sessions/{session_id}/job-description", None),
    # A completed session's job description is locked (409) rather than missing (404).
    ("PUT", "/v1/sessions/{session_id}/job-description", {"text": BACKEND_JOB}),
    ("GET", "/v1/sessions/{session_id}/practice", None),
]

# Endpoints about one session that the checks above do not call, each with the reason.
NOT_CHECKED: dict[tuple[str, str], str] = {
    ("POST", "/v1/sessions/{session_id}/purge"): "'delete now' acts on a session in its "
    "deletion grace period by design (gate.get_owned_session(include_deleted=True))",
}

# Lists, aggregates and dashboards: the deleted session must not appear in the body at all.
# "admin" endpoints are called by an admin of the member's organization.
LIST_ENDPOINTS: list[tuple[str, str, str]] = [
    ("GET", "/v1/sessions", "owner"),
    ("GET", "/v1/users/me/progress", "owner"),
    ("GET", "/v1/users/me/insights", "owner"),
    ("GET", "/v1/users/me/exports", "owner"),
    ("GET", "/v1/orgs/{org_id}/dashboard", "admin"),
    ("GET", "/v1/orgs/{org_id}/users/{user_id}/sessions", "admin"),
]


_PATHS: dict[str, dict[str, object]] = {}


def _registered(app: FastAPI, method: str, path: str) -> bool:
    # Every app of a run has the same routes; building the schema once saves seconds per test.
    if not _PATHS:
        _PATHS.update(app.openapi().get("paths", {}))
    return method.lower() in _PATHS.get(path, {})


class World:
    def __init__(self) -> None:
        self.headers: dict[str, dict[str, str]] = {}
        self.ids: dict[str, str] = {}
        # The same ids for the owner's other session, which is not deleted.
        self.twin_ids: dict[str, str] = {}
        self.needles: list[str] = []


async def _row_ids(
    db: AsyncSession, session: InterviewSession, org: Organization, admin: User
) -> dict[str, str]:
    """The session's first question, plus a coach's comment and a job description on it."""
    question_id = await db.scalar(select(Question.id).where(Question.session_id == session.id))
    comment = SessionComment(
        session_id=session.id,
        organization_id=org.id,
        author_id=admin.id,
        author_role="admin",
        t_ms=0,
        body="Good structure; say what you measured.",
    )
    db.add(comment)
    db.add(
        JobDescription(
            session_id=session.id,
            source="paste",
            text=BACKEND_JOB,
            profile_json=extract_profile(BACKEND_JOB).to_dict(),
        )
    )
    await db.flush()
    return {
        "session_id": str(session.id),
        "question_id": str(question_id),
        "comment_id": str(comment.id),
    }


@pytest.fixture
async def world(real_db: AsyncSession, storage: LocalStorage, settings: Settings) -> World:
    owner = await factories.quick_user(real_db)
    admin = await factories.quick_user(real_db, role="admin")
    org = Organization(name="Visibility cohort")
    real_db.add(org)
    await real_db.flush()
    real_db.add(OrganizationMember(organization_id=org.id, user_id=owner.id, shares_progress=True))
    real_db.add(OrganizationMember(organization_id=org.id, user_id=admin.id, member_role="admin"))
    await factories.consent(real_db, owner, recording=True)
    fs = await factories.full_session(real_db, storage, owner, organization=org)
    fs.session.shared_with_org = True
    twin = await factories.full_session(real_db, storage, owner, organization=org)
    twin.session.shared_with_org = True
    # The factory's score row is not a whole summary; the twin stays out of progress figures.
    await real_db.execute(delete(SessionScore).where(SessionScore.session_id == twin.session.id))
    w = World()
    w.ids = await _row_ids(real_db, fs.session, org, admin)
    w.twin_ids = await _row_ids(real_db, twin.session, org, admin)
    await service.schedule_session_deletion(real_db, fs.session, [])
    w.headers = {"owner": auth_headers(owner, settings), "admin": auth_headers(admin, settings)}
    w.ids |= {"org_id": str(org.id), "user_id": str(owner.id)}
    w.needles = [str(fs.session.id), fs.transcript]
    return w


@pytest.mark.parametrize(("method", "path"), SESSION_ENDPOINTS)
async def test_deleted_session_is_404_everywhere(
    real_app: FastAPI, real_client: httpx.AsyncClient, world: World, method: str, path: str
) -> None:
    if not _registered(real_app, method, path):
        pytest.skip(f"{method} {path} is not built yet")
    r = await real_client.request(
        method,
        path.format(**world.ids),
        params={"offset": 0} if method == "PUT" else None,
        json={} if method in ("POST",) else None,
        content=b"x" if method == "PUT" else None,
        headers=world.headers["owner"],
    )
    assert r.status_code in (404, 422), (r.status_code, r.text)
    assert world.needles[1] not in r.text


@pytest.mark.parametrize(("method", "path", "body"), ROW_ENDPOINTS)
async def test_deleted_session_is_404_where_its_twin_is_found(
    real_app: FastAPI,
    real_client: httpx.AsyncClient,
    world: World,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    if not _registered(real_app, method, path):
        pytest.skip(f"{method} {path} is not built yet")
    sent: dict[str, Any] = {"headers": world.headers["owner"]}
    if body is not None:
        sent["files" if body is _NOT_AUDIO else "json"] = body
    seen = await real_client.request(method, path.format(**world.twin_ids), **sent)
    # Past the lookup on a visible session: the ids and the payload are right.
    assert seen.status_code != 404 and seen.status_code < 500, (seen.status_code, seen.text)
    r = await real_client.request(method, path.format(**world.ids), **sent)
    assert r.status_code == 404, (r.status_code, r.text)
    assert world.needles[1] not in r.text
    assert r.json()["error"] == "SessionNotFound", r.text


@pytest.mark.parametrize(("method", "path", "who"), LIST_ENDPOINTS)
async def test_deleted_session_is_absent_from_lists(
    real_app: FastAPI,
    real_client: httpx.AsyncClient,
    world: World,
    method: str,
    path: str,
    who: str,
) -> None:
    if not _registered(real_app, method, path):
        pytest.skip(f"{method} {path} is not built yet")
    r = await real_client.request(method, path.format(**world.ids), headers=world.headers[who])
    assert r.status_code < 500, r.text
    for needle in world.needles:
        assert needle not in r.text


def test_every_session_endpoint_is_checked(app: FastAPI) -> None:
    """A new endpoint taking a session id joins SESSION_ENDPOINTS (or says in NOT_CHECKED why
    not), so a lookup that skips the session gate's visibility filter cannot go unnoticed."""
    _registered(app, "GET", "/")
    about_one_session = {
        (method.upper(), path)
        for path, operations in _PATHS.items()
        if "{session_id}" in path
        for method in operations
    }
    rows = {(method, path) for method, path, _ in ROW_ENDPOINTS}
    assert about_one_session - set(SESSION_ENDPOINTS) - rows - set(NOT_CHECKED) == set()
