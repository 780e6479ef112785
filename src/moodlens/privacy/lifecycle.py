"""The privacy domain's part of the app lifespan (one line in main.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from moodlens.jobs import scheduler
from moodlens.privacy import tasks


@asynccontextmanager
async def privacy_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Jobs run in this process use the app's storage; without Redis, this process also runs
    the periodic retention sweep (with Redis, the workers' scheduler does)."""
    tasks.use_job_storage(app.state.storage)
    try:
        async with scheduler.embedded_sweep(
            tasks.retention_sweep.kiq,
            name="privacy.retention_sweep",
            redis_url=app.state.settings.redis_url,
        ):
            yield
    finally:
        tasks.use_job_storage(None)
