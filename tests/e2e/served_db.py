"""Read what a server under test stored, on PostgreSQL or SQLite alike: a synchronous
SQLAlchemy connection to the server's database URL, so tests query through the models (UUIDs
and JSON columns come back as Python values on both databases)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, create_engine


def sync_url(database_url: str) -> str:
    """The app's async URL with a synchronous driver (psycopg 3 is both; sqlite3 for SQLite)."""
    return database_url.replace("sqlite+aiosqlite://", "sqlite://")


@contextmanager
def served_db(database_url: str) -> Iterator[Connection]:
    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()
