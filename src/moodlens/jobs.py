"""Job broker selection and the task registry.

Embedded default: taskiq's InMemoryBroker runs jobs inside the API process. With
MOODLENS_REDIS_URL set, jobs go to a Redis stream (acknowledged) and `moodlens worker`
processes run them. Task code is the same in both modes.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from taskiq import AsyncBroker, InMemoryBroker

from moodlens.config import get_settings
from moodlens.core.db import make_engine, make_sessionmaker, unit_of_work
from moodlens.core.deps import AfterCommit

log = logging.getLogger(__name__)


def make_stream_broker(
    url: str,
    *,
    reclaim_after_s: int,
    retry_pending_s: float = 15.0,
    queue_name: str = "taskiq",
) -> AsyncBroker:
    """The Redis stream broker of the Redis mode (tests build theirs here too)."""
    from moodlens.job_stream import ReclaimingStreamBroker

    return ReclaimingStreamBroker(
        url=url,
        queue_name=queue_name,
        idle_timeout=reclaim_after_s * 1000,
        retry_pending_s=retry_pending_s,
    )


# Modules whose import registers tasks on `broker`; each task is named "domain.verb".
TASK_MODULES: list[str] = [
    "moodlens.privacy.tasks",
    "moodlens.reports.tasks",
    "moodlens.interview_sessions.tasks",
]


def _make_broker() -> AsyncBroker:
    settings = get_settings()
    if settings.redis_url:
        return make_stream_broker(
            settings.redis_url,
            reclaim_after_s=settings.job_reclaim_seconds,
            retry_pending_s=settings.pending_jobs_retry_seconds,
        )
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


async def run_after_commit(callbacks: AfterCommit) -> None:
    """What `core.deps.get_db` does after a request, for a job: run the callbacks (job enqueues)
    that services appended, once the job's transaction committed. Call it only after the
    `job_session()` block ended. A job may end many things at once, so one failed enqueue does
    not hold back the others; the first error is raised afterwards so the job shows failed."""
    errors: list[Exception] = []
    for callback in callbacks:
        try:
            await callback()
        except Exception as exc:
            log.exception("after-commit callback of a job failed")
            errors.append(exc)
    if errors:
        raise errors[0]
