"""The privacy domain's part of the app lifespan (one line in main.py)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from moodlens.privacy import scheduler, tasks


@asynccontextmanager
async def privacy_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Jobs run in this process use the app's storage; without Redis, this process also runs
    the periodic retention sweep (with Redis, the workers' scheduler does)."""
    tasks.use_job_storage(app.state.storage)
    sweeper: asyncio.Task[None] | None = None
    if not app.state.settings.redis_url:
        sweeper = asyncio.create_task(
            scheduler.embedded_sweeper(tasks.retention_sweep.kiq), name="retention-sweeper"
        )
    try:
        yield
    finally:
        if sweeper is not None:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
        tasks.use_job_storage(None)
