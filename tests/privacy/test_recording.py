from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.core.storage import LocalStorage
from moodlens.models import AuditEntry, SessionRecording
from moodlens.privacy import deletion, service
from tests.factories import auth_headers
from tests.privacy import factories

pytestmark = pytest.mark.sqlite

OCTET = {"Content-Type": "application/octet-stream"}
PAYLOAD = bytes(range(256)) * 40  # 10 240 bytes of "video"


async def test_chunked_upload_resumes_after_offset_mismatch_and_plays_back(
    client: httpx.AsyncClient, db: AsyncSession, storage: LocalStorage, settings: Settings
) -> None:
    user = await factories.quick_user(db)
    await factories.consent(db, user, recording=True)
    s = await factories.session(db, user, recording_enabled=True)
    headers = {**auth_headers(user, settings), **OCTET}
    url = f"/v1/sessions/{s.id}/recording"

    r = await client.put(f"{url}?offset=0", content=PAYLOAD[:4000], headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["bytes_received"] == 4000 and r.json()["complete"] is False

    # The client lost the response of its second chunk and retries from a stale offset.
    r = await client.put(f"{url}?offset=4000", content=PAYLOAD[4000:8000], headers=headers)
    assert r.json()["bytes_received"] == 8000
    stale = await client.put(f"{url}?offset=4000", content=PAYLOAD[4000:8000], headers=headers)
    assert stale.status_code == 409
    assert stale.headers["Upload-Offset"] == "8000"
    assert "offset=8000" in stale.json()["detail"]
    status = (await client.get(f"{url}/status", headers=headers)).json()
    assert status["bytes_received"] == 8000

    r = await client.put(
        f"{url}?offset={status['bytes_received']}", content=PAYLOAD[8000:], headers=headers
    )
    assert r.json()["bytes_received"] == len(PAYLOAD)
    bad_total = await client.post(
        f"{url}/complete", json={"total_bytes": 5}, headers=auth_headers(user, settings)
    )
    assert bad_total.status_code == 409
    done = await client.post(
        f"{url}/complete",
        json={"total_bytes": len(PAYLOAD)},
        headers=auth_headers(user, settings),
    )
    assert done.status_code == 200 and done.json()["complete"] is True
    assert done.json()["playback_url"] == url
    late = await client.put(f"{url}?offset={len(PAYLOAD)}", content=b"x", headers=headers)
    assert late.status_code == 409

    play = await client.get(url, headers=auth_headers(user, settings))
    assert play.status_code == 200 and play.content == PAYLOAD
    assert play.headers["content-type"].startswith("video/webm")
    part = await client.get(url, headers={**auth_headers(user, settings), "Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == PAYLOAD[10:20]

    stranger = await factories.quick_user(db)
    assert (await client.get(url, headers=auth_headers(stranger, settings))).status_code == 404
    actions = [
        a
        for (a,) in (
            await db.execute(
                select(AuditEntry.action)
                .where(AuditEntry.target_id == str(s.id))
                .order_by(AuditEntry.id)
            )
        ).all()
    ]
    assert actions == ["recording.upload_start", "recording.upload_complete"]

    # Deleting the session deletes its recording.
    key = (await db.get(SessionRecording, s.id)).storage_key  # type: ignore[union-attr]
    await service.schedule_session_deletion(db, s, [], now=True)
    assert (await client.get(url, headers=auth_headers(user, settings))).status_code == 404
    await deletion.run_hard_delete(db, storage, s.id)
    assert not storage.exists(key)
    assert await db.get(SessionRecording, s.id) is None


async def test_upload_refused_when_recording_is_off_or_not_consented(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.quick_user(db)
    await factories.consent(db, user, recording=False)
    off = await factories.session(db, user, recording_enabled=False)
    headers = {**auth_headers(user, settings), **OCTET}
    r = await client.put(
        f"/v1/sessions/{off.id}/recording?offset=0", content=b"abc", headers=headers
    )
    assert r.status_code == 409 and r.json()["error"] == "RecordingDisabled"
    assert "Recording is off" in r.json()["detail"]

    on = await factories.session(db, user, recording_enabled=True)
    r = await client.put(
        f"/v1/sessions/{on.id}/recording?offset=0", content=b"abc", headers=headers
    )
    assert r.status_code == 403 and r.json()["error"] == "RecordingConsentMissing"

    await factories.consent(db, user, recording=True)
    bad_type = await client.put(
        f"/v1/sessions/{on.id}/recording?offset=0&content_type=text/html",
        content=b"abc",
        headers=headers,
    )
    assert bad_type.status_code == 400
    nothing = await client.post(
        f"/v1/sessions/{on.id}/recording/complete", headers=auth_headers(user, settings)
    )
    assert nothing.status_code == 409
    missing = await client.get(
        f"/v1/sessions/{on.id}/recording", headers=auth_headers(user, settings)
    )
    assert missing.status_code == 404
