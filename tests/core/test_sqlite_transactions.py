"""SQLite transactions (docs/adr/0007): readers take no lock, a transaction becomes a writer
before its first write (so a stale snapshot can never refuse it), and a lock that never comes
is a 503 with Retry-After, not a 500. PostgreSQL engines get none of this."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from moodlens.config import Settings
from moodlens.core import db as core_db
from moodlens.core.db import DatabaseBusy, make_engine, make_sessionmaker
from moodlens.main import create_app
from moodlens.migrate import migrate
from moodlens.models import User


@pytest.fixture(scope="module")
def sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-txn") / "moodlens.db"
    migrate(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
async def engine(sqlite_file: Path) -> AsyncIterator[AsyncEngine]:
    eng = make_engine(f"sqlite+aiosqlite:///{sqlite_file}")
    yield eng
    await eng.dispose()


@contextlib.contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another process's writer, as `moodlens demo` would be: holds the write lock."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def _user() -> User:
    return User(email=f"t-{secrets.token_hex(5)}@example.com", full_name="T", password_hash=None)


async def test_a_reader_whose_snapshot_went_stale_still_writes(engine: AsyncEngine) -> None:
    # Before ADR 0007 this was `database is locked` at once (SQLITE_BUSY_SNAPSHOT): the
    # reader's snapshot predates the other commit, and a deferred transaction cannot upgrade.
    maker = make_sessionmaker(engine)
    async with maker() as reader, maker() as writer:
        await reader.scalar(select(User.id).limit(1))  # the reader's snapshot begins here
        newcomer = _user()
        writer.add(newcomer)
        await writer.commit()  # a reader's open transaction did not block this writer
        # The FOR UPDATE read takes the write lock first, so it sees the committed row.
        seen = await reader.get(User, newcomer.id, with_for_update=True)
        assert seen is not None and seen.email == newcomer.email
        seen.full_name = "Renamed"
        await reader.commit()
    async with maker() as check:
        stored = await check.get(User, newcomer.id)
        assert stored is not None and stored.full_name == "Renamed"


async def test_readers_need_no_lock_and_a_lock_that_never_comes_is_database_busy(
    sqlite_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core_db, "BUSY_TIMEOUT_S", 0.2)
    eng = make_engine(f"sqlite+aiosqlite:///{sqlite_file}")
    maker = make_sessionmaker(eng)
    count = text("SELECT count(*) FROM users")
    try:
        async with maker() as reader:
            users = (await reader.execute(count)).scalar_one()
        with write_lock_held(sqlite_file):
            async with maker() as reader:
                # WAL: reading goes on while another process holds the write lock.
                assert (await reader.execute(count)).scalar_one() == users
            async with maker() as writer:
                writer.add(_user())
                with pytest.raises(DatabaseBusy) as caught:
                    await writer.flush()
                await writer.rollback()
        assert caught.value.status_code == 503
        assert caught.value.headers == {"Retry-After": str(core_db.RETRY_AFTER_S)}
        # Once the lock is free the same engine writes again.
        async with maker() as writer:
            writer.add(_user())
            await writer.commit()
    finally:
        await eng.dispose()


async def test_the_app_answers_503_with_retry_after_while_another_process_writes(
    sqlite_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core_db, "BUSY_TIMEOUT_S", 0.2)
    settings = Settings(
        env="test",
        var_dir=tmp_path,
        database_url=f"sqlite+aiosqlite:///{sqlite_file}",
        secret_key=secrets.token_urlsafe(32),
        web_dist=tmp_path / "no-web-dist",
    )
    app = create_app(settings)
    body = {
        "email": f"busy-{uuid.uuid4().hex[:8]}@example.com",
        "password": "a calm long passphrase",
        "full_name": "Busy",
    }
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        with write_lock_held(sqlite_file):
            refused = await client.post("/v1/auth/signup", json=body)
        assert refused.status_code == 503, refused.text
        assert refused.headers["Retry-After"] == str(core_db.RETRY_AFTER_S)
        assert refused.json()["error"] == "DatabaseBusy"
        assert "nothing was changed" in refused.json()["detail"]
        # Nothing was stored, so the same sign-up works once the lock is free.
        assert (await client.post("/v1/auth/signup", json=body)).status_code == 201
    await app.state.engine.dispose()


async def test_concurrent_writers_in_one_process_all_commit(engine: AsyncEngine) -> None:
    # Each reads first, then writes: the shape of every request that failed before.
    maker = make_sessionmaker(engine)

    async def read_then_write() -> uuid.UUID:
        async with maker() as db:
            await db.scalar(select(User.id).limit(1))
            user = _user()
            db.add(user)
            await db.commit()
            return user.id

    ids = await asyncio.gather(*(read_then_write() for _ in range(12)))
    async with maker() as check:
        stored = set(await check.scalars(select(User.id).where(User.id.in_(ids))))
    assert stored == set(ids)


async def test_postgresql_engines_get_none_of_the_sqlite_transaction_handling() -> None:
    pg = make_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test")
    sqlite = make_engine("sqlite+aiosqlite:///:memory:")
    try:
        assert not pg.sync_engine.dispatch.begin
        assert not pg.sync_engine.dispatch.before_cursor_execute
        assert sqlite.sync_engine.dispatch.begin
        assert sqlite.sync_engine.dispatch.before_cursor_execute
    finally:
        await pg.dispose()
        await sqlite.dispose()
