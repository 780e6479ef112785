"""`reports.build` and `reports.export` through the real in-memory taskiq broker, enqueued by
the API after its commit, on committed data (other connections cannot see the rolled-back
test transaction)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from taskiq import InMemoryBroker

from moodlens import jobs
from moodlens.config import Settings
from moodlens.main import create_app
from moodlens.models import User
from tests.factories import auth_headers
from tests.reports import factories


async def _eventually(check: Callable[[], Awaitable[bool]], within: float = 60.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the job did not finish in time")
        await asyncio.sleep(0.2)


@pytest.fixture
async def live_app(settings: Settings, engine: AsyncEngine) -> AsyncIterator[FastAPI]:
    """The real app with its real lifespan (broker start-up, job engine, job storage)."""
    if not isinstance(jobs.broker, InMemoryBroker):
        pytest.skip("MOODLENS_REDIS_URL is set: the embedded broker is not in use")
    app = create_app(settings)
    saved = (jobs._JobDatabase.engine, jobs._JobDatabase.maker)
    async with app.router.lifespan_context(app):
        yield app
    jobs._JobDatabase.engine, jobs._JobDatabase.maker = saved


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

            await _eventually(ready)
            report = (await client.get(url, headers=headers)).json()
            assert len(report["answers"]) == 4

            r = await client.post(
                f"/v1/sessions/{session.id}/export", headers=headers, json={"export_type": "pdf"}
            )
            export_url = f"/v1/exports/{r.json()['export_id']}"

            async def exported() -> bool:
                body = (await client.get(export_url, headers=headers)).json()
                return bool(body["status"] == "ready")

            await _eventually(exported)
            pdf = await client.get(f"{export_url}/download", headers=headers)
            assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    finally:
        async with maker() as db:
            await db.execute(delete(User).where(User.id == user.id))
            await db.commit()
