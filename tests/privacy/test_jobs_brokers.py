"""The privacy jobs through real taskiq brokers, on committed data (not the rolled-back test
transaction, which other connections cannot see): the in-memory broker of the embedded mode,
driven by the API's after-commit hooks, and a Redis stream with a real `taskiq worker`."""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
import uuid
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from moodlens.config import Settings
from moodlens.core.storage import LocalStorage
from moodlens.models import InterviewSession, User
from tests.conftest import eventually, is_sqlite
from tests.factories import DEFAULT_PASSWORD, auth_headers, create_user
from tests.privacy import factories

REDIS_URL = os.environ.get("MOODLENS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
ROOT = Path(__file__).resolve().parents[2]


async def _committed_user(
    maker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> tuple[User, list[uuid.UUID]]:
    async with maker() as db:
        user = await create_user(db)
        full = await factories.full_user(db, storage, user)
        await db.commit()
    return user, [fs.session.id for fs in full.sessions]


async def _session_gone(maker: async_sessionmaker[AsyncSession], sid: uuid.UUID) -> bool:
    async with maker() as db:
        return (
            await db.scalar(select(InterviewSession.id).where(InterviewSession.id == sid)) is None
        )


@pytest.mark.sqlite
async def test_in_memory_broker_end_to_end(live_app: FastAPI, settings: Settings) -> None:
    maker = live_app.state.sessionmaker
    storage: LocalStorage = live_app.state.storage
    user, session_ids = await _committed_user(maker, storage)
    headers = auth_headers(user, settings)
    transport = httpx.ASGITransport(app=live_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        # Delete now: the API enqueues privacy.hard_delete after its commit.
        r = await client.post(f"/v1/sessions/{session_ids[0]}/purge", headers=headers)
        assert r.status_code == 202, r.text
        await eventually(lambda: _session_gone(maker, session_ids[0]))

        # Export: privacy.export_user_data builds the zip in the background.
        r = await client.post("/v1/users/me/export", headers=headers)
        export_id = r.json()["export_id"]

        async def ready() -> bool:
            got = await client.get(f"/v1/exports/{export_id}", headers=headers)
            return bool(got.json()["status"] == "ready")

        await eventually(ready)
        zip_bytes = (await client.get(f"/v1/exports/{export_id}/download", headers=headers)).content
        assert zip_bytes[:2] == b"PK" and str(session_ids[1]).encode() in zip_bytes

        # The scheduled sweep goes through the same broker.
        from moodlens.privacy.tasks import retention_sweep

        task = await retention_sweep.kiq()
        result = await task.wait_result(timeout=20)
        assert not result.is_err

        r = await client.request(
            "DELETE", "/v1/users/me", json={"password": DEFAULT_PASSWORD}, headers=headers
        )
        assert r.status_code == 204
    async with maker() as db:
        assert await db.get(User, user.id) is None


async def _redis_available() -> bool:
    client = Redis.from_url(REDIS_URL)
    try:
        return bool(await client.ping())
    except Exception:
        return False
    finally:
        await client.aclose()


@pytest.mark.timeout(120)
async def test_redis_stream_with_a_real_taskiq_worker(
    settings: Settings, database_url: str, engine: AsyncEngine
) -> None:
    if is_sqlite():
        pytest.skip("the worker process needs a database it can share: PostgreSQL")
    if not await _redis_available():
        pytest.skip(f"no Redis at {REDIS_URL}")
    from taskiq.kicker import AsyncKicker
    from taskiq_redis import RedisStreamBroker

    from moodlens.core.db import make_engine, make_sessionmaker

    queue = f"moodlens-test-{secrets.token_hex(4)}"
    storage_dir = settings.resolved_storage_dir
    env = {
        **os.environ,
        "MOODLENS_REDIS_URL": REDIS_URL,
        "MOODLENS_TEST_QUEUE": queue,
        "MOODLENS_DATABASE_URL": database_url,
        "MOODLENS_STORAGE_DIR": str(storage_dir),
        "MOODLENS_VAR_DIR": str(settings.var_dir),
        "MOODLENS_SECRET_KEY": settings.secret_key or "test",
        "PYTHONPATH": str(ROOT),
    }
    kicker_broker = RedisStreamBroker(url=REDIS_URL, queue_name=queue)
    await kicker_broker.startup()  # declares the consumer group before anything is sent
    worker = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "taskiq",
        "worker",
        "tests.privacy.redis_worker:broker",
        "--workers",
        "1",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    eng = make_engine(database_url)
    maker = make_sessionmaker(eng)
    storage = LocalStorage(storage_dir)
    try:
        user, session_ids = await _committed_user(maker, storage)
        async with maker() as db:
            s = await db.get(InterviewSession, session_ids[0])
            assert s is not None
            from moodlens.privacy import service

            await service.schedule_session_deletion(db, s, [], now=True)
            await db.commit()
        kicker: AsyncKicker[[str], None] = AsyncKicker("privacy.hard_delete", kicker_broker, {})
        await kicker.kiq(str(session_ids[0]))
        await eventually(lambda: _session_gone(maker, session_ids[0]), within=60)
        assert not (
            storage_dir / "users" / str(user.id) / "sessions" / str(session_ids[0])
        ).exists()
        assert not await _session_gone(maker, session_ids[1])
    finally:
        worker.terminate()
        try:
            out, _ = await asyncio.wait_for(worker.communicate(), 20)
        except TimeoutError:
            worker.kill()
            out, _ = await worker.communicate()
        await kicker_broker.shutdown()
        async with maker() as db:
            leftover = await db.get(User, user.id) if "user" in locals() else None
            if leftover is not None:
                from moodlens.privacy import deletion

                await deletion.delete_account(db, storage, leftover)
                await db.commit()
        await eng.dispose()
        redis = Redis.from_url(REDIS_URL)
        await redis.delete(queue)
        await redis.aclose()
    assert b"Executing task privacy.hard_delete" in out, out.decode()[-2000:]
