"""Every timestamp column reads back timezone-aware, on SQLite too (`core.base.UTCDateTime`)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import DateTime, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.base import Base, UTCDateTime
from moodlens.models import User
from tests.factories import create_user


@pytest.mark.sqlite
async def test_a_stored_timestamp_reads_back_in_utc(db: AsyncSession) -> None:
    user = await create_user(db)
    written = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    user.created_at = written
    await db.flush()
    await db.refresh(user)  # read back from the database
    assert user.created_at == written
    assert user.created_at.tzinfo is not None
    # A column read on its own and an aggregate of it carry the type too.
    alone = (await db.execute(select(User.created_at).where(User.id == user.id))).scalar_one()
    latest = (await db.execute(select(func.max(User.created_at)))).scalar_one()
    assert alone.tzinfo is not None and latest is not None and latest.tzinfo is not None


def test_every_timestamp_column_of_every_table_is_utc_aware() -> None:
    plain = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, DateTime) and not isinstance(column.type, UTCDateTime)
    ]
    assert plain == []
