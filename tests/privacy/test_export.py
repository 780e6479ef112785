from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.base import as_utc, utcnow
from moodlens.core.storage import LocalStorage
from moodlens.models import AuditEntry, Export, PlanItemCheck, Question, Response, SignalEvent
from moodlens.privacy import exports, service, tasks
from tests.conftest import HeldJobs, jobs_settled, require_in_process_jobs
from tests.factories import auth_headers
from tests.privacy import factories

pytestmark = pytest.mark.sqlite


async def _request_and_build(
    real_client: httpx.AsyncClient,
    real_db: AsyncSession,
    headers: dict[str, str],
    *,
    built_at: datetime | None = None,
) -> uuid.UUID:
    """Request the export and let the job the request enqueued build it (in this process)."""
    require_in_process_jobs()
    r = await real_client.post("/v1/users/me/export", headers=headers)
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "pending" and r.json()["download_url"] is None
    export_id = uuid.UUID(r.json()["export_id"])
    await jobs_settled()
    if built_at is not None:
        # As if the job had run at `built_at`: the download window counts from the build.
        export = await real_db.get(Export, export_id)
        assert export is not None and export.status == "ready"
        export.expires_at = exports.expiry_from(built_at)
    return export_id


async def test_export_zip_matches_stored_data(
    real_client: httpx.AsyncClient, real_db: AsyncSession, storage: LocalStorage, settings: Settings
) -> None:
    user = await factories.quick_user(real_db, full_name="Ada Export")
    full = await factories.full_user(real_db, storage, user)
    hidden = await factories.full_session(real_db, storage, user)
    await service.schedule_session_deletion(real_db, hidden.session, [])
    other = await factories.quick_user(real_db)
    real_db.add(PlanItemCheck(user_id=other.id, item_id="2026-03-02-0-not-mine"))
    await real_db.flush()
    headers = auth_headers(user, settings)

    export_id = await _request_and_build(real_client, real_db, headers)
    status = (await real_client.get(f"/v1/exports/{export_id}", headers=headers)).json()
    assert status["status"] == "ready" and status["export_type"] == "zip"
    assert status["download_url"] == f"/v1/exports/{export_id}/download"

    r = await real_client.get(status["download_url"], headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    zf = zipfile.ZipFile(io.BytesIO(r.content))
    names = set(zf.namelist())
    assert {
        "README.txt",
        "account.json",
        "consents.json",
        "sessions.json",
        "plan_item_checks.json",
        "organizations.json",
    } <= names
    assert "plan_item_checks.json" in zf.read("README.txt").decode()
    assert "organizations.json" in zf.read("README.txt").decode()

    account = json.loads(zf.read("account.json"))
    assert account["email"] == user.email and account["full_name"] == "Ada Export"
    assert "password_hash" not in account
    assert json.loads(zf.read("privacy_settings.json"))["retention_days"] == 90
    assert json.loads(zf.read("consents.json"))[0]["scopes"] == [
        "camera",
        "microphone",
        "recording",
    ]

    checks = json.loads(zf.read("plan_item_checks.json"))
    stored_checks = (
        await real_db.execute(select(PlanItemCheck).where(PlanItemCheck.user_id == user.id))
    ).scalars()
    assert [(c["item_id"], c["done_at"]) for c in checks] == [
        (c.item_id, as_utc(c.done_at).isoformat()) for c in stored_checks
    ]
    assert [c["item_id"] for c in checks] == ["2026-03-02-0-star-story"]  # not another user's
    assert checks[0]["user_id"] == str(user.id)

    memberships = json.loads(zf.read("organizations.json"))
    assert [
        (m["organization_name"], m["member_role"], m["shares_progress"]) for m in memberships
    ] == [(full.organization.name, "member", True)]
    assert memberships[0]["user_id"] == str(user.id)

    sessions = json.loads(zf.read("sessions.json"))
    visible_ids = {str(fs.session.id) for fs in full.sessions}
    assert {s["id"] for s in sessions} == visible_ids  # the soft-deleted one is gone
    for doc in sessions:
        sid = uuid.UUID(doc["id"])
        stored_q = (
            await real_db.execute(select(Question).where(Question.session_id == sid))
        ).scalars()
        assert [q["question_text"] for q in doc["questions"]] == [q.question_text for q in stored_q]
        stored_r = (
            await real_db.execute(select(Response).where(Response.session_id == sid))
        ).scalars()
        assert [x["transcript_text"] for x in doc["responses"]] == [
            x.transcript_text for x in stored_r
        ]
        assert doc["score"]["overall_score"] == 71.0
        assert doc["recommendations"][0]["title"] == "Use STAR"
        rec_name = doc["recording_file"]
        assert zf.read(rec_name) == storage.read(
            next(k for k in factories_files(full, sid) if k.endswith("/recording"))
        )

    rows = list(csv.DictReader(io.StringIO(zf.read("signal_events.csv").decode())))
    stored = (
        (
            await real_db.execute(
                select(SignalEvent).where(
                    SignalEvent.session_id.in_([fs.session.id for fs in full.sessions])
                )
            )
        )
        .scalars()
        .all()
    )
    assert len(rows) == len(stored) == 6
    assert {r["session_id"] for r in rows} == visible_ids
    assert json.loads(rows[0]["face_json"]) == {"face_in_view": 1.0, "gaze_on_camera": 0.8}
    assert str(hidden.session.id) not in zf.read("signal_events.csv").decode()

    actions = {
        a
        for (a,) in (
            await real_db.execute(
                select(AuditEntry.action).where(AuditEntry.target_id == str(export_id))
            )
        ).all()
    }
    assert {"export.request", "export.ready", "export.download"} <= actions


def factories_files(full: factories.FullUser, sid: uuid.UUID) -> list[str]:
    return [k for fs in full.sessions if fs.session.id == sid for k in fs.files]


async def test_download_expires_after_24_hours_and_file_is_swept(
    real_client: httpx.AsyncClient, real_db: AsyncSession, storage: LocalStorage, settings: Settings
) -> None:
    user = await factories.quick_user(real_db)
    headers = auth_headers(user, settings)
    built_at = utcnow() - timedelta(hours=24, minutes=1)
    export_id = await _request_and_build(real_client, real_db, headers, built_at=built_at)
    status = (await real_client.get(f"/v1/exports/{export_id}", headers=headers)).json()
    assert status["status"] == "expired" and status["download_url"] is None
    r = await real_client.get(f"/v1/exports/{export_id}/download", headers=headers)
    assert r.status_code == 410
    assert "request a new export" in r.json()["detail"]

    export = await real_db.get(Export, export_id)
    assert export is not None and export.file_url is not None
    key = export.file_url
    assert storage.exists(key)
    result = await tasks.run_retention_sweep(real_db, storage)
    assert result.expired_exports == 1
    assert not storage.exists(key)

    # Within the window a fresh export downloads fine.
    fresh = await _request_and_build(
        real_client, real_db, headers, built_at=utcnow() - timedelta(hours=23)
    )
    ok = await real_client.get(f"/v1/exports/{fresh}/download", headers=headers)
    assert ok.status_code == 200


async def test_exports_are_owner_only_and_pending_is_not_downloadable(
    real_client: httpx.AsyncClient,
    real_db: AsyncSession,
    held_jobs: HeldJobs,
    settings: Settings,
) -> None:
    owner = await factories.quick_user(real_db)
    stranger = await factories.quick_user(real_db)
    r = await real_client.post("/v1/users/me/export", headers=auth_headers(owner, settings))
    export_id = r.json()["export_id"]
    again = await real_client.post("/v1/users/me/export", headers=auth_headers(owner, settings))
    assert again.json()["export_id"] == export_id  # one pending build, not one per click
    pending = await real_client.get(
        f"/v1/exports/{export_id}/download", headers=auth_headers(owner, settings)
    )
    assert pending.status_code == 409
    for path in (f"/v1/exports/{export_id}", f"/v1/exports/{export_id}/download"):
        other = await real_client.get(path, headers=auth_headers(stranger, settings))
        assert other.status_code == 404
    assert len(held_jobs.waiting) == 1  # the second click enqueued no second build
    await held_jobs.release()
    mine = await real_client.get(
        f"/v1/exports/{export_id}/download", headers=auth_headers(owner, settings)
    )
    assert mine.status_code == 200
    other = await real_client.get(
        f"/v1/exports/{export_id}/download", headers=auth_headers(stranger, settings)
    )
    assert other.status_code == 404
    unauth = await real_client.get(f"/v1/exports/{export_id}/download")
    assert unauth.status_code == 401


async def test_session_exports_are_generic_and_vanish_with_the_session(
    real_client: httpx.AsyncClient, real_db: AsyncSession, storage: LocalStorage, settings: Settings
) -> None:
    """A PDF made by the reports domain downloads through the same endpoints."""
    user = await factories.quick_user(real_db)
    headers = auth_headers(user, settings)
    fs = await factories.full_session(real_db, storage, user)
    pdf = (
        await real_db.execute(select(Export).where(Export.session_id == fs.session.id))
    ).scalar_one()
    status = (await real_client.get(f"/v1/exports/{pdf.id}", headers=headers)).json()
    assert status["export_type"] == "pdf" and status["status"] == "ready"
    r = await real_client.get(status["download_url"], headers=headers)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    listed = (await real_client.get("/v1/users/me/exports", headers=headers)).json()["items"]
    assert [e["export_id"] for e in listed] == [str(pdf.id)]

    await service.schedule_session_deletion(real_db, fs.session, [])
    assert (await real_client.get(f"/v1/exports/{pdf.id}", headers=headers)).status_code == 404
    assert (await real_client.get("/v1/users/me/exports", headers=headers)).json()["items"] == []
