"""Deletion is real: after a session's hard delete and after account deletion, no row and no
file of the subject is left anywhere, while a pseudonymous audit entry records it."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.base import Base
from moodlens.core.storage import LocalStorage
from moodlens.models import AuditEntry, Organization, User
from moodlens.privacy import deletion, service
from moodlens.privacy.subject import subject_of
from tests.factories import DEFAULT_PASSWORD, auth_headers, create_user
from tests.privacy import factories
from tests.privacy.walker import traces_in_db, traces_in_storage

pytestmark = pytest.mark.sqlite

SUBJECT_TABLES = ("users", "sessions")


def _needles_for_user(full: factories.FullUser) -> list[str]:
    user = full.user
    needles = [str(user.id), user.id.hex, user.email]
    for fs in full.sessions:
        needles += [str(fs.session.id), fs.session.id.hex, fs.transcript]
    return needles


async def _audit_without_personal_data(real_db: AsyncSession, user_email: str, name: str) -> None:
    for entry in (await real_db.execute(select(AuditEntry))).scalars():
        text = f"{entry.details} {entry.target_id} {entry.action}"
        assert user_email not in text
        assert name not in text


@pytest.mark.parametrize("root", SUBJECT_TABLES)
def test_every_table_that_depends_on_a_subject_says_what_happens_on_delete(root: str) -> None:
    """A new table pointing at users/sessions (directly or transitively) must declare ON DELETE
    CASCADE (it is the subject's data) or SET NULL (a reference that survives); anything else
    would either block deletion or leave data behind unnoticed."""
    root_table = Base.metadata.tables[root]
    reachable = {root_table}
    problems = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table in reachable:
                if (fk.ondelete or "").upper() not in ("CASCADE", "SET NULL"):
                    problems.append(f"{table.name}.{fk.parent.name} -> {fk.column}")
                elif (fk.ondelete or "").upper() == "CASCADE":
                    reachable.add(table)
    assert not problems, f"decide ownership (ON DELETE CASCADE or SET NULL): {problems}"
    covered = set(subject_of(root_table, uuid.uuid4()).owned)
    assert reachable <= covered


async def test_walker_finds_every_kind_of_row_before_deletion(
    real_db: AsyncSession, storage: LocalStorage, settings: Settings
) -> None:
    """Guards the test itself: the walker must see the data it later claims is gone."""
    full = await factories.full_user(real_db, storage, await factories.quick_user(real_db))
    traces = await traces_in_db(real_db, "users", full.user.id, _needles_for_user(full))
    expected = {
        "users",
        "consent_records",
        "user_privacy_settings",
        "refresh_tokens",
        "organization_members",
        "sessions",
        "questions",
        "responses",
        "signal_events",
        "session_scores",
        "recommendations",
        "exports",
        "session_recordings",
    }
    assert expected <= set(traces), expected - set(traces)
    assert len(traces_in_storage(settings.resolved_storage_dir, _needles_for_user(full))) >= 5


async def test_session_hard_delete_leaves_no_row_or_file(
    real_db: AsyncSession, storage: LocalStorage, settings: Settings
) -> None:
    user = await factories.quick_user(real_db)
    org = Organization(name="Cohort A")
    real_db.add(org)
    await real_db.flush()
    kept = await factories.full_session(real_db, storage, user)
    doomed = await factories.full_session(real_db, storage, user, organization=org)
    sid = doomed.session.id
    needles = [str(sid), sid.hex, doomed.transcript]
    before = await traces_in_db(real_db, "sessions", sid, needles)
    assert {"sessions", "questions", "responses", "signal_events", "exports"} <= set(before)

    await service.schedule_session_deletion(real_db, doomed.session, [], now=True)
    assert await deletion.run_hard_delete(real_db, storage, sid)

    assert await traces_in_db(real_db, "sessions", sid, needles) == {}
    assert traces_in_storage(settings.resolved_storage_dir, needles) == []
    # The other session, the user and the organization are untouched.
    left = await traces_in_db(real_db, "sessions", kept.session.id, [str(kept.session.id)])
    assert {"sessions", "questions", "responses", "session_recordings"} <= set(left)
    assert all(storage.exists(k) for k in kept.files)
    assert await real_db.get(Organization, org.id) is not None
    entry = (
        await real_db.execute(
            select(AuditEntry).where(
                AuditEntry.action == "session.hard_delete", AuditEntry.target_id == str(sid)
            )
        )
    ).scalar_one()
    assert entry.details["rows"]["signal_events"] == 3
    assert doomed.transcript not in str(entry.details)
    await _audit_without_personal_data(real_db, user.email, user.full_name)


async def test_account_deletion_leaves_no_row_or_file_and_email_is_free_again(
    real_client: httpx.AsyncClient, real_db: AsyncSession, storage: LocalStorage, settings: Settings
) -> None:
    user = await create_user(real_db, full_name="Grace Hopper")
    full = await factories.full_user(real_db, storage, user)
    bystander = await factories.quick_user(real_db)
    other = await factories.full_session(
        real_db, storage, bystander, organization=full.organization
    )
    needles = _needles_for_user(full)
    email, name, uid = user.email, user.full_name, user.id

    r = await real_client.request(
        "DELETE",
        "/v1/users/me",
        json={"password": DEFAULT_PASSWORD},
        headers=auth_headers(user, settings),
    )
    assert r.status_code == 204, r.text

    assert await traces_in_db(real_db, "users", uid, needles) == {}
    assert traces_in_storage(settings.resolved_storage_dir, needles) == []
    assert not (settings.resolved_storage_dir / "users" / str(uid)).exists()
    # Someone else's data in the same organization stays.
    assert await real_db.get(User, bystander.id) is not None
    assert all(storage.exists(k) for k in other.files)
    assert await real_db.get(Organization, full.organization.id) is not None

    entry = (
        await real_db.execute(select(AuditEntry).where(AuditEntry.action == "account.delete"))
    ).scalar_one()
    # Pseudonymous (tests/privacy/test_audit_pseudonym.py): a random id, not the user's.
    assert entry.actor_id not in (None, uid) and entry.target_id == str(entry.actor_id)
    assert entry.details["rows"]["sessions"] == 2
    assert entry.request_id
    await _audit_without_personal_data(real_db, email, name)

    # The old token no longer works and the email can sign up again.
    me = await real_client.get("/v1/users/me", headers=auth_headers(user, settings))
    assert me.status_code == 401
    again = await real_client.post(
        "/v1/auth/signup",
        json={"email": email, "password": DEFAULT_PASSWORD, "full_name": "Grace Again"},
    )
    assert again.status_code == 201, again.text


async def test_wrong_password_refuses_account_deletion(
    real_client: httpx.AsyncClient, real_db: AsyncSession, storage: LocalStorage, settings: Settings
) -> None:
    user = await create_user(real_db)
    full = await factories.full_user(real_db, storage, user)
    r = await real_client.request(
        "DELETE",
        "/v1/users/me",
        json={"password": "not my password at all"},
        headers=auth_headers(user, settings),
    )
    assert r.status_code == 403
    assert r.json()["error"] == "ReauthenticationFailed"
    assert "nothing was deleted" in r.json()["detail"]
    assert await real_db.get(User, user.id) is not None
    assert all(storage.exists(k) for k in full.files)
    missing = await real_client.request(
        "DELETE", "/v1/users/me", json={}, headers=auth_headers(user, settings)
    )
    assert missing.status_code == 422
    # The refusal is in the owner's trail, though the request that made it was rolled back.
    refused = (
        await real_db.scalars(
            select(AuditEntry).where(AuditEntry.action == "account.delete_refused")
        )
    ).all()
    assert [(e.actor_id, e.target_id, e.details) for e in refused] == [
        (user.id, str(user.id), {"reason": "wrong_password"})
    ]
    trail = await real_client.get("/v1/users/me/audit", headers=auth_headers(user, settings))
    assert [e["action"] for e in trail.json()["items"]].count("account.delete_refused") == 1
