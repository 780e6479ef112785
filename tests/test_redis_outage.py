"""Losing Redis in the Redis mode: what needs it answers a clear 503, what was committed is not
lost. Through the real server (`moodlens serve` with MOODLENS_REDIS_URL) and a real
redis-server of the test's own on another port, stopped and started again:
- sign-in (rate-limited through Redis) answers 503 RateLimitStoreUnavailable with the time;
- ending a session succeeds; its `reports.build` job waits in pending_jobs, reaches the
  Redis stream once Redis is back, without anyone asking again, and a `moodlens worker` that
  was running all along builds the report."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from taskiq import AckableMessage

from moodlens.config import Settings
from moodlens.core.db import make_sessionmaker
from moodlens.core.security import create_access_token
from moodlens.core.storage import LocalStorage
from moodlens.jobs.brokers import make_stream_broker
from moodlens.models import InterviewSession, PendingJob, User
from moodlens.privacy import deletion
from tests.conftest import eventually, is_sqlite
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.interview_sessions.factories import create_session

ROOT = Path(__file__).resolve().parents[1]
MOODLENS = str(Path(sys.executable).with_name("moodlens"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class RedisProcess:
    """A private redis-server (no persistence) that the test stops and starts."""

    def __init__(self, port: int, log: Path) -> None:
        self.port, self.log = port, log
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _spawn(self) -> subprocess.Popen[bytes]:
        cmd = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        return subprocess.Popen(
            [*cmd, "--save", "", "--appendonly", "no"],
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )

    async def start(self) -> None:
        self.proc = self._spawn()

        async def answers() -> bool:
            client = Redis.from_url(self.url)
            try:
                return bool(await client.ping())
            except Exception:
                return False
            finally:
                await client.aclose()

        await eventually(answers, within=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        self.proc = None


def _serve(env: dict[str, str], log: Path, command: str = "serve") -> subprocess.Popen[bytes]:
    # A session of its own: stopping it reaches the worker's child processes too.
    return subprocess.Popen(
        [MOODLENS, command],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture
def redis_process(tmp_path: Path) -> Iterator[RedisProcess]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    process = RedisProcess(_free_port(), tmp_path / "redis.log")
    yield process
    process.stop()


@pytest.mark.timeout(240)
async def test_losing_redis_gives_503s_and_queues_the_report_after_recovery(
    redis_process: RedisProcess,
    settings: Settings,
    database_url: str,
    engine: AsyncEngine,
    tmp_path: Path,
) -> None:
    if is_sqlite():
        pytest.skip("the server process needs a database it can share: PostgreSQL")
    maker = make_sessionmaker(engine)
    async with maker() as db:
        user = await create_user(db)
        session = await create_session(db, user, status="live")
        await db.commit()
    await redis_process.start()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOODLENS_")}
    env.update(
        MOODLENS_REDIS_URL=redis_process.url,
        MOODLENS_DATABASE_URL=database_url,
        MOODLENS_SECRET_KEY=settings.signing_key(),
        MOODLENS_VAR_DIR=str(tmp_path / "var"),
        MOODLENS_WEB_DIST=str(tmp_path / "no-web"),
        MOODLENS_PENDING_JOBS_RETRY_SECONDS="0.5",
        MOODLENS_PORT=str(port),
    )
    server_log = tmp_path / "server.log"
    server = _serve(env, server_log)
    worker = _serve(env, tmp_path / "worker.log", "worker")
    base = f"http://127.0.0.1:{port}"
    headers = {
        "Authorization": f"Bearer {create_access_token(user.id, settings.signing_key(), 15)}"
    }
    login = {"email": user.email, "password": DEFAULT_PASSWORD}
    try:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:

            async def up() -> bool:
                if server.poll() is not None:
                    raise AssertionError(server_log.read_text()[-3000:])
                try:
                    return (await client.get("/healthz")).status_code == 200
                except httpx.TransportError:
                    return False

            await eventually(up, within=90)
            assert (await client.post("/v1/auth/login", json=login)).status_code == 200

            redis_process.stop()
            refused = await client.post("/v1/auth/login", json=login)
            assert refused.status_code == 503, refused.text
            assert refused.json()["error"] == "RateLimitStoreUnavailable"
            assert "Redis" in refused.json()["detail"] and "UTC" in refused.json()["detail"]
            assert int(refused.headers["retry-after"]) > 0

            ended = await client.post(f"/v1/sessions/{session.id}/end", headers=headers)
            assert ended.status_code == 200, ended.text
            async with maker() as db:
                stored = await db.get(InterviewSession, session.id)
                assert stored is not None and stored.ended_at is not None
                kept = (await db.scalars(select(PendingJob))).all()
                assert [job.task_name for job in kept] == ["reports.build"]
                assert "ConnectionError" in (kept[0].last_error or "")

            await redis_process.start()
            stream = Redis.from_url(redis_process.url)
            try:

                async def delivered() -> bool:
                    async with maker() as db:
                        left = await db.scalar(select(func.count()).select_from(PendingJob))
                    return left == 0 and await stream.xlen("taskiq") >= 1

                await eventually(delivered, within=60)
                entries: Any = await stream.xrange("taskiq")
            finally:
                await stream.aclose()
            jobs = [bytes(fields[b"data"]) for _, fields in entries]
            builds = [d for d in jobs if b"reports.build" in d and str(session.id).encode() in d]
            assert len(builds) == 1, jobs
            assert (await client.post("/v1/auth/login", json=login)).status_code == 200

            # The worker outlived the outage and builds the report from the queued job.
            async def built() -> bool:
                if worker.poll() is not None:
                    raise AssertionError((tmp_path / "worker.log").read_text()[-3000:])
                async with maker() as db:
                    row = await db.get(InterviewSession, session.id, populate_existing=True)
                return row is not None and row.report_status in ("ready", "failed")

            try:
                await eventually(built, within=120)
            except AssertionError as exc:
                log = (tmp_path / "worker.log").read_text()[-4000:]
                raise AssertionError(f"the report was not built; worker log:\n{log}") from exc
    finally:
        await asyncio.to_thread(_stop, worker)
        await asyncio.to_thread(_stop, server)
        async with maker() as db:
            leftover = await db.get(User, user.id)
            if leftover is not None:
                await deletion.delete_account(db, LocalStorage(tmp_path / "storage"), leftover)
                await db.commit()


async def test_a_worker_that_starts_after_jobs_were_queued_runs_them(
    redis_process: RedisProcess,
) -> None:
    # A fresh Redis (restarted empty, or new) where the API queued a job before any worker
    # declared the consumer group: the worker must start reading at the stream's start, not
    # at "$" (which skipped the report of a session ended during an outage).
    await redis_process.start()
    queued = Redis.from_url(redis_process.url)
    try:
        await queued.xadd("taskiq", {b"data": b"queued before any worker"})
    finally:
        await queued.aclose()
    worker = make_stream_broker(redis_process.url, reclaim_after_s=60)
    await worker.startup()
    try:

        async def first() -> bytes:
            async for message in worker.listen():
                assert isinstance(message, AckableMessage)
                return bytes(message.data)
            raise AssertionError("the listener ended")

        assert await asyncio.wait_for(first(), timeout=60) == b"queued before any worker"
    finally:
        await worker.shutdown()
