"""Shared fixtures: a real, migrated database, in two layers.

PostgreSQL (127.0.0.1:5432, database `test`) by default. Every pytest run migrates into its own
schemas so concurrent runs never collide; MOODLENS_TEST_DATABASE_URL=sqlite+aiosqlite:///... runs
the smoke set on SQLite instead (files under the run's temporary folder).

Rolled-back layer (`db`, `app`, `client`): one transaction per test, rolled back at the end; the
app's `get_db` is overridden to hand out the test's own session, whose commits are savepoints.
Fast, and right for service logic, but it cannot see what the commit boundary does: a write the
request rolls back on error is still visible to the test (that hid a refresh-token family
revocation that never committed).

Real-boundary layer (`real_app`, `real_client`, `real_db`): the real app (`create_app`, its real
`get_db` and lifespan, jobs on the in-process broker) over HTTP (httpx ASGITransport) against a
second migrated database (its own schema / SQLite file), emptied after every test. There is no
shared transaction: what a test reads is what the app committed. `real_db` is the test's own
session for arranging and inspecting data; `real_client` commits it before every request (so
the app sees what the test arranged) and afterwards reloads the rows it holds (and drops those
the app deleted), so a held object shows the committed state. Use this layer for contracts
that depend on what is committed: auth, consent, deletion, export.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import tempfile
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic import command
from fastapi import FastAPI
from sqlalchemy import inspect, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from taskiq import BrokerMessage, InMemoryBroker

from moodlens import jobs
from moodlens.config import Settings
from moodlens.core.base import Base
from moodlens.core.db import make_engine
from moodlens.core.deps import get_db
from moodlens.jobs import database as job_database
from moodlens.main import create_app
from moodlens.migrate import alembic_config

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _base_url() -> str:
    return os.environ.get("MOODLENS_TEST_DATABASE_URL", PG_URL)


def is_sqlite() -> bool:
    return _base_url().startswith("sqlite")


@pytest.fixture(scope="session")
def var_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="moodlens-test-") as d:
        yield Path(d)


def _own_database(var_dir: Path, name: str) -> Iterator[str]:
    """A URL of a database this test run owns: a SQLite file, or a PostgreSQL schema that is
    created now and dropped (with everything in it) when the run ends."""
    if is_sqlite():
        yield f"sqlite+aiosqlite:///{var_dir / f'{name}.db'}"
        return
    yield from _pg_schema(name)


def _pg_schema(name: str) -> Iterator[str]:
    """A fresh PostgreSQL schema, dropped with everything in it once the caller is done."""
    schema = f"{name[0]}_{os.getpid()}_{secrets.token_hex(3)}"
    admin = make_engine(_base_url())

    async def _ddl(sql: str) -> None:
        async with admin.begin() as conn:
            await conn.execute(text(sql))

    asyncio.run(_ddl(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in _base_url() else "?"
    yield f"{_base_url()}{sep}options=-csearch_path%3D{schema}"
    asyncio.run(_ddl(f'DROP SCHEMA "{schema}" CASCADE'))
    asyncio.run(admin.dispose())


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """An empty PostgreSQL schema of this test's own, for migrations run from base (alembic
    upgrade/downgrade); skipped in the SQLite run."""
    if is_sqlite():
        pytest.skip("runs on PostgreSQL")
    yield from _pg_schema("migration")


@pytest.fixture(scope="session")
def database_url(var_dir: Path) -> Iterator[str]:
    """A URL whose schema belongs to this test run only."""
    yield from _own_database(var_dir, "test")


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    eng = make_engine(database_url)
    async with eng.begin() as conn:
        await conn.run_sync(_upgrade, database_url)
    yield eng
    await eng.dispose()


def _upgrade(sync_conn: object, url: str) -> None:
    cfg = alembic_config(url)
    cfg.attributes["connection"] = sync_conn
    command.upgrade(cfg, "head")


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as conn:
        trans = await conn.begin()
        yield conn
        if trans.is_active:
            await trans.rollback()


@pytest.fixture
async def db(connection: AsyncConnection) -> AsyncIterator[AsyncSession]:
    """The test's session: commits become savepoints, the outer transaction rolls back."""
    session = AsyncSession(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    yield session
    await session.close()


@pytest.fixture(scope="session")
def settings(var_dir: Path, database_url: str) -> Settings:
    return Settings(
        env="test",
        var_dir=var_dir,
        database_url=database_url,
        secret_key=secrets.token_urlsafe(32),
        web_dist=var_dir / "no-web-dist",
        login_attempts_per_account=5,
        login_attempts_per_client=50,
    )


@pytest.fixture
def app(settings: Settings, db: AsyncSession) -> FastAPI:
    application = create_app(settings)

    async def _test_db() -> AsyncIterator[AsyncSession]:
        yield db
        await db.commit()

    application.dependency_overrides[get_db] = _test_db
    return application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


@pytest.fixture
async def live_app(settings: Settings, engine: AsyncEngine) -> AsyncIterator[FastAPI]:
    """The real app with its real lifespan (broker start-up, job engine, job storage) on the
    run's database, for tests of jobs that must see committed data."""
    if not isinstance(jobs.broker, InMemoryBroker):
        pytest.skip("MOODLENS_REDIS_URL is set: the embedded broker is not in use")
    application = create_app(settings)
    saved = (job_database._JobDatabase.engine, job_database._JobDatabase.maker)
    async with application.router.lifespan_context(application):
        yield application
    job_database._JobDatabase.engine, job_database._JobDatabase.maker = saved


async def eventually(check: Callable[[], Awaitable[bool]], within: float = 60.0) -> None:
    """Wait until `check()` holds (a job finished), failing after `within` seconds."""
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the job did not finish in time")
        await asyncio.sleep(0.1)


# ---- real-boundary layer ------------------------------------------------------------------


@pytest.fixture(scope="session")
def real_database_url(var_dir: Path) -> Iterator[str]:
    """The real-boundary layer's own database: its commits and per-test emptying never meet
    the rolled-back layer's data."""
    yield from _own_database(var_dir, "real")


@pytest.fixture(scope="session")
async def real_engine(real_database_url: str) -> AsyncIterator[AsyncEngine]:
    eng = make_engine(real_database_url)
    async with eng.begin() as conn:
        await conn.run_sync(_upgrade, real_database_url)
        migrated = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    # Emptying goes by the models' tables: a table only a migration knows would keep its rows.
    assert migrated - {"alembic_version"} == set(Base.metadata.tables), migrated
    yield eng
    await eng.dispose()


@pytest.fixture
async def real_database(real_engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """The real-boundary database, emptied after the test (children before parents)."""
    yield real_engine
    async with real_engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            await conn.execute(table.delete())


@pytest.fixture
def real_settings(settings: Settings, real_database_url: str) -> Settings:
    """`settings` on the real-boundary database; a test module overrides this fixture to
    configure the app differently (e.g. sign-in providers)."""
    return settings.model_copy(update={"database_url": real_database_url})


@pytest.fixture
async def real_app(real_settings: Settings, real_database: AsyncEngine) -> AsyncIterator[FastAPI]:
    """The app exactly as `moodlens serve` builds it (no dependency override), lifespan
    included, on the real-boundary database. Jobs it enqueues run in this process and have
    finished before the database is emptied."""
    application = create_app(real_settings)
    saved = (job_database._JobDatabase.engine, job_database._JobDatabase.maker)
    try:
        async with application.router.lifespan_context(application):
            yield application
            await jobs_settled()
    finally:
        job_database._JobDatabase.engine, job_database._JobDatabase.maker = saved


async def jobs_settled() -> None:
    """Wait until the in-process broker runs no job (a job may enqueue another)."""
    broker = jobs.broker
    if not isinstance(broker, InMemoryBroker):
        return
    while broker._running_tasks:
        await broker.wait_all()


class HeldJobs:
    """Jobs enqueued while this is active wait (as behind a busy worker) until `release()`,
    which runs them on the real in-process broker and waits for them."""

    def __init__(self, broker: InMemoryBroker) -> None:
        self._broker = broker
        self._kick = broker.kick
        self.waiting: list[BrokerMessage] = []

    async def hold(self, message: BrokerMessage) -> None:
        self.waiting.append(message)

    async def release(self) -> None:
        waiting, self.waiting = self.waiting, []
        for message in waiting:
            await self._kick(message)
        await jobs_settled()


@pytest.fixture
def held_jobs(real_app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> HeldJobs:
    """For a real-boundary test that must see a job's "before" state (a pending export)."""
    require_in_process_jobs()
    assert isinstance(jobs.broker, InMemoryBroker)
    held = HeldJobs(jobs.broker)
    monkeypatch.setattr(jobs.broker, "kick", held.hold)
    return held


def require_in_process_jobs() -> None:
    """For real-boundary tests that wait for a job's result: with MOODLENS_REDIS_URL set,
    jobs go to Redis workers this test run does not start."""
    if not isinstance(jobs.broker, InMemoryBroker):
        pytest.skip("MOODLENS_REDIS_URL is set: jobs run in separate workers")


@pytest.fixture
async def real_db(real_database: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """The test's own session on the real-boundary database (a connection of its own)."""
    session = AsyncSession(bind=real_database, expire_on_commit=False, autoflush=True)
    yield session
    await session.close()


@pytest.fixture
async def real_client(real_app: FastAPI, real_db: AsyncSession) -> AsyncIterator[httpx.AsyncClient]:
    """HTTP to `real_app`. Before each request the test's session commits what it arranged;
    after each response it reloads what it holds and ends its transaction, so it neither sees
    stale rows nor holds a lock (SQLite has one write lock) while the app or a job writes."""

    async def commit_arranged(_request: httpx.Request) -> None:
        await real_db.commit()

    async def catch_up(_response: httpx.Response) -> None:
        await reload_held_rows(real_db)

    transport = httpx.ASGITransport(app=real_app)
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://test",
        event_hooks={"request": [commit_arranged], "response": [catch_up]},
    ) as c:
        yield c


async def reload_held_rows(db: AsyncSession) -> None:
    """Refresh every object `db` holds from the committed rows (one query per table) and drop
    the ones whose row is gone, then end the read transaction."""
    await db.commit()
    held: dict[type[Any], list[Any]] = defaultdict(list)
    for obj in list(db.identity_map.values()):
        held[type(obj)].append(obj)
    for cls, objs in held.items():
        (pk,) = inspect(cls).primary_key
        ids = [inspect(o).identity[0] for o in objs]
        rows = await db.scalars(
            select(cls).where(pk.in_(ids)).execution_options(populate_existing=True)
        )
        found = {id(row) for row in rows}
        for obj in objs:
            if id(obj) not in found:
                db.expunge(obj)
    await db.commit()
