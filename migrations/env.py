"""Alembic environment: one migration chain for PostgreSQL and SQLite.

The URL comes from `config.attributes["url"]` (set by `moodlens migrate` and the tests) or
from the app settings.
"""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

import moodlens.models  # noqa: F401 - registers every table on Base.metadata
from moodlens.config import get_settings
from moodlens.core.base import Base
from moodlens.core.db import make_engine

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("url")
    return str(url) if url else get_settings().resolved_database_url


def _configure(connection: Connection | None = None, **kw: Any) -> None:
    url = _url()
    context.configure(
        connection=connection,
        url=None if connection is not None else url,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=url.startswith("sqlite"),
        compare_type=True,
        **kw,
    )


def run_offline() -> None:
    _configure(literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def _run_sync(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


async def run_online() -> None:
    # A writer from BEGIN on SQLite: a second `moodlens migrate` (or a server) waits for this
    # one instead of deciding from a schema version that is about to change (docs/adr/0007).
    engine = make_engine(_url(), sqlite_begin="immediate")
    async with engine.begin() as conn:
        await conn.run_sync(_run_sync)
    await engine.dispose()


if context.is_offline_mode():
    run_offline()
elif config.attributes.get("connection") is not None:
    # Tests pass a sync connection from inside their own event loop.
    _run_sync(config.attributes["connection"])
else:
    asyncio.run(run_online())
