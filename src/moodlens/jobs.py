"""Job broker selection and the task registry.

Embedded default: taskiq's InMemoryBroker runs jobs inside the API process. With
MOODLENS_REDIS_URL set, jobs go to a Redis stream (acknowledged) and `moodlens worker`
processes run them. Task code is the same in both modes.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from taskiq import AsyncBroker, InMemoryBroker

from moodlens.config import get_settings
from moodlens.core.db import make_engine, make_sessionmaker, unit_of_work

# Modules whose import registers tasks on `broker`; each task is named "domain.verb".
TASK_MODULES: list[str] = ["moodlens.privacy.tasks", "moodlens.reports.tasks"]


def _make_broker() -> AsyncBroker:
    settings = get_settings()
    if settings.redis_url:
        from taskiq_redis import RedisStreamBroker

        broker: AsyncBroker = RedisStreamBroker(url=settings.redis_url)
        return broker
    return InMemoryBroker(await_inplace=False)


broker = _make_broker()


def import_task_modules() -> None:
    for name in TASK_MODULES:
        importlib.import_module(name)


class _JobDatabase:
    """Jobs open their own DB sessions (DESIGN §5.5); one engine per process."""

    engine: AsyncEngine | None = None
    maker: async_sessionmaker[AsyncSession] | None = None


def use_job_engine(engine: AsyncEngine) -> None:
    """Let in-process jobs share the app's engine (and tests' databases)."""
    _JobDatabase.engine = engine
    _JobDatabase.maker = make_sessionmaker(engine)


@asynccontextmanager
async def job_session() -> AsyncIterator[AsyncSession]:
    if _JobDatabase.maker is None:
        use_job_engine(make_engine(get_settings().resolved_database_url))
    assert _JobDatabase.maker is not None
    async with unit_of_work(_JobDatabase.maker) as session:
        yield session
