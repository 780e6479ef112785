"""Async engine and the request/job-scoped database session.

Only the request or job boundary commits (DESIGN §5.3); services may flush.

SQLite (the embedded default) allows one writer at a time; docs/adr/0007 says how this engine
keeps that from ever surfacing as a 500: WAL (readers never wait), a busy timeout, and
transactions that take the write lock up front. A transaction starts as a reader (plain
BEGIN, no lock) and, at its first write or `FOR UPDATE` read, ends that read-only part and
starts over with `BEGIN IMMEDIATE`, which waits for the lock instead of failing later
("database is locked" on a stale snapshot). Taking the lock is retried a bounded number of
times; a lock that never comes is `DatabaseBusy`, a 503 with Retry-After. PostgreSQL is
untouched: none of this is installed for it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Literal

from sqlalchemy import event
from sqlalchemy.engine import Connection, ExceptionContext, ExecutionContext
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from moodlens.core.errors import ServiceUnavailable
from moodlens.core.must_commit import commit_after_rollback

log = logging.getLogger("moodlens.db")

# How long one attempt waits for another writer (SQLite's busy timeout), and how many attempts
# a transaction makes to take the write lock before it gives up with DatabaseBusy. Writers of
# this app hold the lock for milliseconds on an idle machine (seconds on an overloaded one, as
# the event loop is slow to reach their commit); longer waits come from another process, such
# as `moodlens demo` seeding or `moodlens migrate` rebuilding a table.
BUSY_TIMEOUT_S = 10.0
WRITE_LOCK_ATTEMPTS = 3
RETRY_AFTER_S = 5

SqliteBegin = Literal["lazy", "immediate"]
# Connection execution option: "immediate" takes the write lock at BEGIN (migrations: writers
# from their first statement); "lazy" (the default) reads without it until it writes.
SQLITE_BEGIN_OPTION = "moodlens_sqlite_begin"

# Where a connection's transaction stands, kept on the pooled connection's info dict.
_STATE = "moodlens.sqlite_txn"
_PENDING, _READING, _WRITING = "pending", "reading", "writing"
_LOCKED_AT = "moodlens.sqlite_locked_at"
_FIRST_WRITE = "moodlens.sqlite_first_write"
# A write transaction longer than this is logged: every other writer waited for it.
LONG_HOLD_S = 2.0
_WRITE_VERBS = frozenset(
    {"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "SAVEPOINT"}
)


class DatabaseBusy(ServiceUnavailable):
    """The embedded database stayed locked by another writer; try again in a few seconds."""

    def __init__(self) -> None:
        super().__init__(
            "The database is busy with another writer (for example `moodlens migrate` or "
            f"`moodlens demo` in another process); nothing was changed. Try again in "
            f"{RETRY_AFTER_S} seconds.",
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )


def _is_lock_error(exc: BaseException | None) -> bool:
    # SQLITE_BUSY and SQLITE_LOCKED, as the sqlite3 module words them.
    text = str(exc)
    return "database is locked" in text or "database table is locked" in text


def _raw_execute(conn: Connection, sql: str) -> None:
    # Straight to the driver: these statements manage the transaction SQLAlchemy thinks it has
    # begun, and must not pass through the statement events again.
    dbapi_conn: Any = conn.connection.dbapi_connection
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute(sql)
    finally:
        cursor.close()


def _begin_immediate(conn: Connection) -> None:
    """BEGIN IMMEDIATE: wait (busy timeout) for the write lock, up to WRITE_LOCK_ATTEMPTS
    times. Safe to retry: the transaction has done nothing yet."""
    for attempt in range(1, WRITE_LOCK_ATTEMPTS + 1):
        try:
            _raw_execute(conn, "BEGIN IMMEDIATE")
            conn.info[_STATE] = _WRITING
            conn.info[_LOCKED_AT] = time.monotonic()
            return
        except Exception as exc:
            if not _is_lock_error(exc) or attempt == WRITE_LOCK_ATTEMPTS:
                raise
            log.warning(
                "waited %.0f s for the SQLite write lock (attempt %d of %d); another writer "
                "holds it",
                BUSY_TIMEOUT_S,
                attempt,
                WRITE_LOCK_ATTEMPTS,
            )


def _writes(statement: str, context: ExecutionContext | None) -> bool:
    """Whether `statement` needs the write lock: DML, DDL, a savepoint, or a FOR UPDATE read
    (SQLite renders no FOR UPDATE; taking the write lock is what gives it its meaning)."""
    if context is not None:
        flags = ("isinsert", "isupdate", "isdelete", "isddl")
        if any(getattr(context, flag, False) for flag in flags):
            return True
        compiled: Any = getattr(context, "compiled", None)
        if getattr(getattr(compiled, "statement", None), "_for_update_arg", None) is not None:
            return True
    words = statement.lstrip().split(None, 1)
    return bool(words) and words[0].upper() in _WRITE_VERBS


def _install_sqlite_transactions(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    # SQLite ignores foreign keys unless asked, and deletes rely on ON DELETE CASCADE.
    # The driver's own implicit transactions break SAVEPOINTs, so the events below emit BEGIN.
    @event.listens_for(sync_engine, "connect")
    def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @event.listens_for(sync_engine, "begin")
    def _sqlite_begin(conn: Connection) -> None:
        conn.info.pop(_LOCKED_AT, None)
        conn.info.pop(_FIRST_WRITE, None)
        if conn.get_execution_options().get(SQLITE_BEGIN_OPTION) == "immediate":
            _begin_immediate(conn)
        else:
            # BEGIN is deferred to the first statement, which decides whether it is a reader.
            conn.info[_STATE] = _PENDING

    @event.listens_for(sync_engine, "before_cursor_execute")
    def _sqlite_lock_before_write(
        conn: Connection,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        context: ExecutionContext | None,
        _executemany: bool,
    ) -> None:
        state = conn.info.get(_STATE)
        if state not in (_PENDING, _READING):
            return
        if _writes(statement, context):
            conn.info[_FIRST_WRITE] = statement[:120]
            if state == _READING:
                # Nothing written yet, so ending the read part loses nothing; what it read
                # may be older than what the writer then sees, as under PostgreSQL's READ
                # COMMITTED. Checks that must hold while writing read FOR UPDATE, which
                # comes here first and so runs under the lock.
                _raw_execute(conn, "COMMIT")
            _begin_immediate(conn)
        elif state == _PENDING:
            _raw_execute(conn, "BEGIN")
            conn.info[_STATE] = _READING

    @event.listens_for(sync_engine, "commit")
    @event.listens_for(sync_engine, "rollback")
    def _sqlite_end(conn: Connection) -> None:
        conn.info.pop(_STATE, None)
        locked_at = conn.info.pop(_LOCKED_AT, None)
        if locked_at is not None and time.monotonic() - locked_at > LONG_HOLD_S:
            # Every other writer waited this long: worth knowing which work does that.
            log.warning(
                "a transaction held the SQLite write lock for %.1f s",
                time.monotonic() - locked_at,
                extra={"fields": {"first_write": conn.info.pop(_FIRST_WRITE, "?")}},
            )
        conn.info.pop(_FIRST_WRITE, None)

    @event.listens_for(sync_engine, "handle_error")
    def _sqlite_busy(ctx: ExceptionContext) -> None:
        if _is_lock_error(ctx.original_exception):
            raise DatabaseBusy() from ctx.original_exception


def make_engine(url: str, *, sqlite_begin: SqliteBegin = "lazy", **kwargs: Any) -> AsyncEngine:
    """The engine for `url`. On SQLite, `sqlite_begin="immediate"` makes every transaction
    a writer from BEGIN (for processes that only write, such as migrations and seeding)."""
    # Error messages must not carry bound values (password hashes, emails, transcripts) into
    # logs; the statement itself is still shown.
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        engine = create_async_engine(
            url,
            connect_args={"timeout": BUSY_TIMEOUT_S},
            execution_options={SQLITE_BEGIN_OPTION: sqlite_begin},
            **kwargs,
        )
        _install_sqlite_transactions(engine)
        return engine
    return create_async_engine(url, pool_pre_ping=True, **kwargs)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


@asynccontextmanager
async def unit_of_work(maker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session that commits on success and rolls back on error: for jobs and the CLI."""
    async with maker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            await commit_after_rollback(maker, session)
            raise
