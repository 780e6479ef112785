"""Shared fixtures: a real, migrated database with one rolled-back transaction per test.

PostgreSQL (127.0.0.1:5432, database `test`) by default. Every pytest run migrates into its own
schema so concurrent runs never collide; MOODLENS_TEST_DATABASE_URL=sqlite+aiosqlite:///... runs
the smoke set on SQLite instead.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from alembic import command
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from taskiq import InMemoryBroker

from moodlens import jobs
from moodlens.config import Settings
from moodlens.core.db import make_engine
from moodlens.core.deps import get_db
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


@pytest.fixture(scope="session")
def database_url(var_dir: Path) -> Iterator[str]:
    """A URL whose schema belongs to this test run only."""
    if is_sqlite():
        yield f"sqlite+aiosqlite:///{var_dir / 'test.db'}"
        return
    schema = f"t_{os.getpid()}_{secrets.token_hex(3)}"
    admin = make_engine(_base_url())
    import asyncio

    async def _ddl(sql: str) -> None:
        async with admin.begin() as conn:
            await conn.execute(text(sql))

    asyncio.run(_ddl(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in _base_url() else "?"
    yield f"{_base_url()}{sep}options=-csearch_path%3D{schema}"
    asyncio.run(_ddl(f'DROP SCHEMA "{schema}" CASCADE'))
    asyncio.run(admin.dispose())


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
    saved = (jobs._JobDatabase.engine, jobs._JobDatabase.maker)
    async with application.router.lifespan_context(application):
        yield application
    jobs._JobDatabase.engine, jobs._JobDatabase.maker = saved


async def eventually(check: Callable[[], Awaitable[bool]], within: float = 60.0) -> None:
    """Wait until `check()` holds (a job finished), failing after `within` seconds."""
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the job did not finish in time")
        await asyncio.sleep(0.1)
