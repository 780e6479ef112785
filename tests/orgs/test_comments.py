"""Coaches' comments: staff comment on a session the member shared (pinned to a moment or an
answer), the member reads, replies and deletes; unshared sessions refuse with 403; comments
are audited, exported with the member's data and deleted with the session."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.storage import LocalStorage
from moodlens.models import (
    AuditEntry,
    InterviewSession,
    Organization,
    Question,
    SessionComment,
    User,
)
from moodlens.privacy import deletion
from moodlens.privacy.exports import collect_user_data
from tests.factories import auth_headers
from tests.orgs import factories

pytestmark = pytest.mark.sqlite


class World:
    org: Organization
    admin: User
    coach: User
    member: User
    session: InterviewSession
    question_id: uuid.UUID


async def _world(db: AsyncSession, *, shared: bool = True) -> World:
    w = World()
    w.admin = await factories.user(db, "Admin Ada")
    w.org = await factories.org(db, w.admin, "Placement Cell")
    w.coach = await factories.member(db, w.org, "Coach Cleo", role="coach")
    w.member = await factories.member(db, w.org, "Mia Member")
    w.session = await factories.scored_session(
        db, w.member, (70, 70, 70, 70, 70), organization=w.org, shared=shared
    )
    qid = await db.scalar(select(Question.id).where(Question.session_id == w.session.id))
    assert qid is not None
    w.question_id = qid
    return w


def _url(w: World) -> str:
    return f"/v1/sessions/{w.session.id}/comments"


async def test_coach_comments_member_replies_and_deletes(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    w = await _world(db)
    coach_h, member_h = auth_headers(w.coach, settings), auth_headers(w.member, settings)
    admin_h = auth_headers(w.admin, settings)

    shared = (await client.get(f"/v1/orgs/{w.org.id}/shared-sessions", headers=coach_h)).json()
    assert [s["session_id"] for s in shared["items"]] == [str(w.session.id)]
    assert shared["items"][0]["answers"][0]["question_id"] == str(w.question_id)

    moment = await client.post(
        _url(w), json={"body": "Strong opening here.", "t_ms": 65_000}, headers=coach_h
    )
    assert moment.status_code == 201, moment.text
    assert moment.json()["author_name"] == "Coach Cleo" and moment.json()["author_role"] == "coach"
    answer = await client.post(
        _url(w),
        json={"body": "Add the result with a number.", "question_id": str(w.question_id)},
        headers=admin_h,
    )
    assert answer.status_code == 201 and answer.json()["question_sequence_no"] == 1

    thread = (await client.get(_url(w), headers=member_h)).json()
    assert thread["viewer"] == "member" and not thread["can_comment"]
    assert [(c["body"], c["t_ms"]) for c in thread["items"]] == [
        ("Strong opening here.", 65_000),
        ("Add the result with a number.", None),
    ]
    assert all(c["can_delete"] for c in thread["items"])

    # The member replies (the reply takes the pin) but does not start threads.
    reply = await client.post(
        _url(w), json={"body": "Thanks!", "parent_id": moment.json()["id"]}, headers=member_h
    )
    assert reply.status_code == 201 and reply.json()["t_ms"] == 65_000
    own = await client.post(_url(w), json={"body": "note", "t_ms": 1}, headers=member_h)
    assert own.status_code == 403 and own.json()["error"] == "ReplyOnly"

    # The coach cannot delete the admin's comment; the member can delete anything.
    cid = answer.json()["id"]
    assert (await client.delete(f"{_url(w)}/{cid}", headers=coach_h)).status_code == 403
    assert (await client.delete(f"{_url(w)}/{cid}", headers=member_h)).status_code == 204
    gone = await client.delete(f"{_url(w)}/{moment.json()['id']}", headers=member_h)
    assert gone.status_code == 204
    # The reply went with its comment.
    assert (await client.get(_url(w), headers=member_h)).json()["items"] == []

    actions = [
        (e.action, e.actor_id)
        for e in (await db.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars()
        if e.target_id == str(w.session.id)
    ]
    assert ("comment.create", w.coach.id) in actions
    assert ("comment.create", w.admin.id) in actions
    assert ("comment.reply", w.member.id) in actions
    assert actions.count(("comment.delete", w.member.id)) == 2
    assert ("admin.view_member_data", w.coach.id) in actions  # the shared-sessions list


async def test_bad_pins_are_refused_with_what_to_fix(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    w = await _world(db)
    h = auth_headers(w.coach, settings)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"body": "x"}, "one moment"),
        ({"body": "x", "t_ms": 5, "question_id": str(w.question_id)}, "not both"),
        ({"body": "x", "t_ms": 20 * 60_000 + 1}, "outside the session"),
        ({"body": "x", "question_id": str(uuid.uuid4())}, "not part of this session"),
    ]
    for body, words in cases:
        r = await client.post(_url(w), json=body, headers=h)
        assert r.status_code == 400, (body, r.text)
        assert words in r.json()["detail"]
    bad_parent = await client.post(
        _url(w), json={"body": "x", "parent_id": str(uuid.uuid4())}, headers=h
    )
    assert bad_parent.status_code == 404


async def test_unshared_session_cannot_be_commented_or_read(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    w = await _world(db, shared=False)
    h = auth_headers(w.coach, settings)
    r = await client.post(_url(w), json={"body": "hi", "t_ms": 0}, headers=h)
    assert r.status_code == 403 and r.json()["error"] == "SessionNotShared"
    assert "Placement Cell" in r.json()["detail"]
    assert (await client.get(_url(w), headers=h)).status_code == 403
    # Someone with no tie to the member learns nothing about the session.
    stranger = await factories.user(db, "Stranger")
    other_org = await factories.org(db, stranger, "Elsewhere")
    assert other_org is not None
    r = await client.get(_url(w), headers=auth_headers(stranger, settings))
    assert r.status_code == 404
    # A plain member of the same org is not staff.
    peer = await factories.member(db, w.org, "Peer")
    r = await client.get(
        f"/v1/orgs/{w.org.id}/shared-sessions", headers=auth_headers(peer, settings)
    )
    assert r.status_code == 403


async def test_comments_are_exported_and_deleted_with_the_session(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    w = await _world(db)
    h = auth_headers(w.coach, settings)
    r = await client.post(_url(w), json={"body": "Pause less here.", "t_ms": 1000}, headers=h)
    assert r.status_code == 201
    document, _, _ = await collect_user_data(db, w.member)
    exported = document["sessions"][0]["comments"]
    assert [c["body"] for c in exported] == ["Pause less here."]

    storage = LocalStorage(settings.resolved_storage_dir)
    await deletion.hard_delete_session(db, storage, w.session, reason="test")
    left = (await db.execute(select(SessionComment))).scalars().all()
    assert list(left) == []
