"""One INSERT .. ON CONFLICT DO UPDATE for both databases we run on.

PostgreSQL and SQLite spell the upsert the same way, but SQLAlchemy builds it from each
dialect's own `insert`; this picks the one of the session's database. Several processes
writing the same key at once cannot fail on the unique key, and a repeated write replaces.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Insert, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


async def upsert(
    db: AsyncSession,
    target: Table | type[Any],
    rows: list[dict[str, Any]],
    *,
    key: Sequence[str],
    update: Sequence[str],
) -> None:
    """Insert `rows` into `target` (a table or a mapped class); a row whose `key` columns match
    a stored one replaces that row's `update` columns instead."""
    if not rows:
        return
    dialect = db.get_bind().dialect.name
    # Two branches, not a table of functions: each dialect's Insert has its own type.
    if dialect == "postgresql":
        pg = postgresql.insert(target).values(rows)
        stmt: Insert = pg.on_conflict_do_update(
            index_elements=list(key), set_={name: pg.excluded[name] for name in update}
        )
    elif dialect == "sqlite":
        lite = sqlite.insert(target).values(rows)
        stmt = lite.on_conflict_do_update(
            index_elements=list(key), set_={name: lite.excluded[name] for name in update}
        )
    else:
        raise NotImplementedError(f"upsert supports PostgreSQL and SQLite, not {dialect}")
    await db.execute(stmt)
