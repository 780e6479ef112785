"""Enqueueing jobs by task name, after the commit that needs them.

Services enqueue through `enqueue_after_commit(after_commit, "reports.build", id)`, never by
importing their domain's `tasks.py`: a tasks module imports its service (the job bodies live
there), so the other direction made an import cycle that each service broke with a deferred
import. An import contract in pyproject.toml keeps services off tasks modules.
"""

from __future__ import annotations

import logging
from typing import Any

from taskiq import AsyncTaskiqDecoratedTask

import moodlens.jobs
from moodlens.core.deps import AfterCommit
from moodlens.jobs.brokers import import_task_modules

log = logging.getLogger(__name__)


class UnknownTask(LookupError):
    """No task of this name is registered, even after importing every task module."""


def task_named(name: str) -> AsyncTaskiqDecoratedTask[Any, Any]:
    """The registered task `name` ("domain.verb"), importing the task modules on first use (a
    process that only serves requests loads them when it first enqueues)."""
    # Looked up on the package at call time: a test worker swaps `moodlens.jobs.broker` before
    # the task modules register on it (tests/privacy/redis_worker.py).
    broker = moodlens.jobs.broker
    task = broker.find_task(name)
    if task is None:
        import_task_modules()
        task = broker.find_task(name)
    if task is None:
        raise UnknownTask(f"No job named {name!r}: is its module in jobs.TASK_MODULES?")
    return task


async def enqueue(name: str, *args: str) -> None:
    """Send job `name` now. Jobs take ids (strings), never rows (DESIGN §5.5)."""
    await task_named(name).kiq(*args)


def enqueue_after_commit(after_commit: AfterCommit, name: str, *args: str) -> None:
    """Send job `name` once the request's (or job's) transaction has committed, so the worker
    sees the rows it needs. The name is checked now, so a typo fails the request, not later."""
    task_named(name)

    async def _enqueue() -> None:
        await enqueue(name, *args)

    after_commit.append(_enqueue)


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
