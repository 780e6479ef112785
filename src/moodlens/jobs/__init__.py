"""Job plumbing, in one place: broker selection and the task registry (`brokers`), the Redis
stream broker (`stream`, ADR 0009), the periodic-job scheduler (`scheduler`), job DB sessions
(`database`) and enqueueing by task name after commit (`enqueue`).

Embedded default: taskiq's InMemoryBroker runs jobs inside the API process. With
MOODLENS_REDIS_URL set, jobs go to a Redis stream (acknowledged) and `moodlens worker`
processes run them. Task code is the same in both modes. Domain code imports the names below
from `moodlens.jobs`; this package imports no domain (an import contract in pyproject.toml).
"""

from __future__ import annotations

from moodlens.jobs.brokers import TASK_MODULES, broker, import_task_modules, make_stream_broker
from moodlens.jobs.database import job_session, use_job_engine
from moodlens.jobs.enqueue import (
    UnknownTask,
    enqueue,
    enqueue_after_commit,
    run_after_commit,
    task_named,
)

__all__ = [
    "TASK_MODULES",
    "UnknownTask",
    "broker",
    "enqueue",
    "enqueue_after_commit",
    "import_task_modules",
    "job_session",
    "make_stream_broker",
    "run_after_commit",
    "task_named",
    "use_job_engine",
]
