"""Job broker selection and the task registry (which modules define tasks, tasks by name).

Embedded default: taskiq's InMemoryBroker runs jobs inside the API process. With
MOODLENS_REDIS_URL set, jobs go to a Redis stream (acknowledged) and `moodlens worker`
processes run them. Task code is the same in both modes.
"""

from __future__ import annotations

import importlib

from taskiq import AsyncBroker, InMemoryBroker

from moodlens.config import get_settings


def make_stream_broker(
    url: str,
    *,
    reclaim_after_s: int,
    retry_pending_s: float = 15.0,
    queue_name: str = "taskiq",
) -> AsyncBroker:
    """The Redis stream broker of the Redis mode (tests build theirs here too)."""
    from moodlens.jobs.stream import ReclaimingStreamBroker  # Redis mode only

    return ReclaimingStreamBroker(
        url=url,
        queue_name=queue_name,
        # A process that declares the consumer group first (a worker starting after a Redis
        # restart, or on a fresh Redis the API already queued jobs in) reads from the
        # stream's start: the library's "$" skipped every job queued before it, so a report
        # queued while no worker was up was never built. With the group in place
        # (BUSYGROUP) this changes nothing.
        consumer_id="0",
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
