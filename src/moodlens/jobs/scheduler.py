"""Periodic jobs (declared as cron labels on their tasks: the hourly
`privacy.retention_sweep` and `interview_sessions.close_overdue`) and how they run in each
deployment mode.

- Redis mode: every `moodlens worker` process runs taskiq's scheduler loop over a
  LabelScheduleSource (started from the broker's WORKER_STARTUP event, so no extra process is
  needed). The source finds the schedules on every task registered on the broker, that is in
  the modules of `jobs.TASK_MODULES`, which workers import. Several workers would each see the
  cron tick, so a Redis `SET NX` per schedule and minute lets exactly one of them enqueue it.
  A dedicated scheduler also works: `taskiq scheduler moodlens.jobs.scheduler:scheduler
  moodlens.privacy.tasks moodlens.interview_sessions.tasks` (it shares the same
  de-duplication, so running both is harmless).
- Embedded mode (no Redis): the API's lifespan runs one `embedded_sweeper` per periodic job
  (`embedded_sweep`), an asyncio task that enqueues the job on the in-memory broker shortly
  after start-up and then every hour.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any

from redis.asyncio import Redis
from taskiq import AsyncBroker, ScheduledTask, TaskiqEvents, TaskiqScheduler, TaskiqState
from taskiq.cli.scheduler.run import SchedulerLoop
from taskiq.exceptions import ScheduledTaskCancelledError
from taskiq.schedule_sources import LabelScheduleSource

from moodlens.config import get_settings
from moodlens.core.base import utcnow

# From the package, not `jobs.brokers`: a test worker swaps `moodlens.jobs.broker` before the
# task modules (and so this module) are imported (tests/privacy/redis_worker.py).
from moodlens.jobs import broker

log = logging.getLogger(__name__)

EMBEDDED_FIRST_DELAY_S = 60.0
EMBEDDED_INTERVAL_S = 3600.0


class OncePerTickScheduleSource(LabelScheduleSource):
    """Label schedules, enqueued once per cron tick even with several schedulers running."""

    def __init__(self, broker: AsyncBroker, redis_url: str | None) -> None:
        super().__init__(broker)
        self.redis_url = redis_url
        self._redis: Redis | None = None

    async def pre_send(self, task: ScheduledTask) -> None:
        if not self.redis_url:
            return
        if self._redis is None:
            self._redis = Redis.from_url(self.redis_url)
        tick = utcnow().strftime("%Y%m%dT%H%M")
        claimed = await self._redis.set(
            f"moodlens:schedule:{task.schedule_id}:{tick}", "1", nx=True, ex=3600
        )
        if not claimed:
            raise ScheduledTaskCancelledError

    async def shutdown(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None
        await super().shutdown()


source = OncePerTickScheduleSource(broker, get_settings().redis_url)
scheduler = TaskiqScheduler(broker, sources=[source])


class _WorkerLoop:
    task: asyncio.Task[None] | None = None


async def _run_loop() -> None:
    await source.startup()
    try:
        # skip_first_run: a worker restarting mid-minute must not fire that minute again.
        await SchedulerLoop(scheduler).run(
            update_interval=timedelta(minutes=5), skip_first_run=True
        )
    finally:
        await source.shutdown()


async def _start_in_worker(_state: TaskiqState) -> None:
    # Not scheduler.startup(): that would start the broker a second time inside the worker.
    if get_settings().redis_url and _WorkerLoop.task is None:
        _WorkerLoop.task = asyncio.create_task(_run_loop(), name="moodlens-scheduler")
        log.info("scheduler loop started in worker")


async def _stop_in_worker(_state: TaskiqState) -> None:
    task, _WorkerLoop.task = _WorkerLoop.task, None
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def install_worker_scheduler(target: AsyncBroker = broker) -> None:
    target.add_event_handler(TaskiqEvents.WORKER_STARTUP, _start_in_worker)
    target.add_event_handler(TaskiqEvents.WORKER_SHUTDOWN, _stop_in_worker)


async def embedded_sweeper(
    kick: Callable[[], Awaitable[Any]],
    *,
    name: str = "privacy.retention_sweep",
    first_delay_s: float = EMBEDDED_FIRST_DELAY_S,
    interval_s: float = EMBEDDED_INTERVAL_S,
) -> None:
    """Embedded mode: enqueue the sweep soon after start-up (a laptop install may never be up
    at its cron minute) and then every `interval_s`. A failing run is logged; the loop goes
    on."""
    await asyncio.sleep(first_delay_s)
    while True:
        try:
            await kick()
        except Exception:
            log.exception("%s could not be enqueued", name)
        await asyncio.sleep(interval_s)


@contextlib.asynccontextmanager
async def embedded_sweep(
    kick: Callable[[], Awaitable[Any]], *, name: str, redis_url: str | None
) -> AsyncIterator[None]:
    """For a lifespan: run `embedded_sweeper(kick)` while the app is up, unless Redis is
    configured (then the workers' scheduler enqueues the job from its cron label)."""
    sweeper: asyncio.Task[None] | None = None
    if not redis_url:
        sweeper = asyncio.create_task(embedded_sweeper(kick, name=name), name=name)
    try:
        yield
    finally:
        if sweeper is not None:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
