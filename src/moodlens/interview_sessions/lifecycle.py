"""The sessions domain's part of the app lifespan (one line in main.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from moodlens.interview_sessions import tasks
from moodlens.jobs import scheduler


@asynccontextmanager
async def sessions_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The overdue sweep, when it runs in this process, finishes this process's live pipelines
    first; without Redis, this process also runs the sweep hourly (with Redis, the workers'
    scheduler does, from the task's cron label)."""
    tasks.use_live_hub(app.state.live_hub)
    try:
        async with scheduler.embedded_sweep(
            tasks.close_overdue_sessions.kiq,
            name="interview_sessions.close_overdue",
            redis_url=app.state.settings.redis_url,
        ):
            yield
    finally:
        tasks.use_live_hub(None)
