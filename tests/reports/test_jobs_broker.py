"""`reports.build` and `reports.export` through the real in-memory taskiq broker, enqueued by
the API after its commit, on committed data (other connections cannot see the rolled-back
test transaction)."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from moodlens.config import Settings
from moodlens.models import User
from tests.conftest import eventually
from tests.factories import auth_headers
from tests.reports import factories


async def test_retry_enqueues_the_build_and_export_runs_on_the_broker(
    live_app: FastAPI, settings: Settings
) -> None:
    maker: async_sessionmaker[AsyncSession] = live_app.state.sessionmaker
    async with maker() as db:
        user = await factories.user(db)
        session = await factories.ended_session(db, user)
        await db.commit()
    headers = auth_headers(user, settings)
    transport = httpx.ASGITransport(app=live_app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            url = f"/v1/sessions/{session.id}/report"
            first = await client.get(url, headers=headers)
            assert first.json()["status"] == "failed"  # never built yet: offer a build
            r = await client.post(f"{url}/retry", headers=headers)
            assert r.status_code == 202, r.text

            async def ready() -> bool:
                body = (await client.get(url, headers=headers)).json()
                return bool(body["status"] == "ready")

            await eventually(ready)
            report = (await client.get(url, headers=headers)).json()
            assert len(report["answers"]) == 4

            r = await client.post(
                f"/v1/sessions/{session.id}/export", headers=headers, json={"export_type": "pdf"}
            )
            export_url = f"/v1/exports/{r.json()['export_id']}"

            async def exported() -> bool:
                body = (await client.get(export_url, headers=headers)).json()
                return bool(body["status"] == "ready")

            await eventually(exported)
            pdf = await client.get(f"{export_url}/download", headers=headers)
            assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    finally:
        async with maker() as db:
            await db.execute(delete(User).where(User.id == user.id))
            await db.commit()
