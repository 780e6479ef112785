from __future__ import annotations

import asyncio
import secrets

import pytest
from redis.asyncio import Redis
from taskiq import ScheduledTask
from taskiq.exceptions import ScheduledTaskCancelledError

from moodlens.jobs import broker, import_task_modules, scheduler
from moodlens.privacy import tasks
from tests.privacy.test_jobs_brokers import REDIS_URL, _redis_available


async def test_retention_sweep_is_labelled_hourly() -> None:
    import_task_modules()
    source = scheduler.OncePerTickScheduleSource(broker, None)
    await source.startup()
    schedules = await source.get_schedules()
    sweep = [s for s in schedules if s.task_name == "privacy.retention_sweep"]
    assert len(sweep) == 1
    assert sweep[0].cron == tasks.RETENTION_SCHEDULE["cron"]
    assert sweep[0].schedule_id == "privacy.retention_sweep.hourly"
    await source.pre_send(sweep[0])  # no Redis: never cancels (single embedded process)


async def test_only_one_scheduler_enqueues_a_tick() -> None:
    if not await _redis_available():
        pytest.skip("no Redis")
    task = ScheduledTask(
        task_name="privacy.retention_sweep",
        labels={},
        args=[],
        kwargs={},
        cron="17 * * * *",
        schedule_id=f"test-{secrets.token_hex(4)}",
    )
    first = scheduler.OncePerTickScheduleSource(broker, REDIS_URL)
    second = scheduler.OncePerTickScheduleSource(broker, REDIS_URL)
    try:
        await first.pre_send(task)
        with pytest.raises(ScheduledTaskCancelledError):
            await second.pre_send(task)
    finally:
        await first.shutdown()
        await second.shutdown()
        redis = Redis.from_url(REDIS_URL)
        async for key in redis.scan_iter(f"moodlens:schedule:{task.schedule_id}:*"):
            await redis.delete(key)
        await redis.aclose()


async def test_embedded_sweeper_runs_periodically_and_survives_errors() -> None:
    calls: list[int] = []
    third = asyncio.Event()

    async def kick() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("broker hiccup")
        if len(calls) == 3:
            third.set()

    runner = asyncio.create_task(scheduler.embedded_sweeper(kick, first_delay_s=0, interval_s=0.01))
    await asyncio.wait_for(third.wait(), 5)
    runner.cancel()
    with pytest.raises(asyncio.CancelledError):
        await runner


async def test_embedded_sweep_runs_only_without_redis_and_stops_with_the_app() -> None:
    async def kick() -> None:
        return None

    def sweepers() -> set[asyncio.Task[object]]:
        return {t for t in asyncio.all_tasks() if t.get_name() == "test.sweep"}

    async with scheduler.embedded_sweep(kick, name="test.sweep", redis_url="redis://x"):
        assert not sweepers()  # Redis mode: the workers' scheduler enqueues it
    async with scheduler.embedded_sweep(kick, name="test.sweep", redis_url=None):
        [task] = sweepers()
    assert task.cancelled()
