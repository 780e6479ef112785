"""Jobs open their own DB sessions (DESIGN §5.5), on one engine per process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from moodlens.config import get_settings
from moodlens.core.db import make_engine, make_sessionmaker, unit_of_work


class _JobDatabase:
    engine: AsyncEngine | None = None
    maker: async_sessionmaker[AsyncSession] | None = None


def use_job_engine(engine: AsyncEngine) -> None:
    """Let in-process jobs share the app's engine (and tests' databases)."""
    _JobDatabase.engine = engine
    _JobDatabase.maker = make_sessionmaker(engine)


@asynccontextmanager
async def job_session() -> AsyncIterator[AsyncSession]:
    """One unit of work for a job: committed when the block ends, rolled back on an error."""
    if _JobDatabase.maker is None:
        use_job_engine(make_engine(get_settings().resolved_database_url))
    assert _JobDatabase.maker is not None
    async with unit_of_work(_JobDatabase.maker) as session:
        yield session
