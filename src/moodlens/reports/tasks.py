"""Report jobs: `reports.build` (score a session, store its report) and `reports.export`
(a session's PDF or CSV). Bodies live in `build` (`run_build`) and `exports` (`run_export`)
and take a DB session, so tests run them on the test database; the tasks open job sessions."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager

from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.jobs import broker, job_session
from moodlens.privacy import exports as privacy_exports
from moodlens.privacy.tasks import job_storage
from moodlens.reports import build, exports, service
from moodlens.reports.builder import NothingToScore

log = logging.getLogger(__name__)

# Waits before retries 1, 2 and 3: a brief database or worker hiccup clears in seconds.
RETRY_DELAYS_S: tuple[float, ...] = (1.0, 3.0, 8.0)

OpenSession = Callable[[], AbstractAsyncContextManager[AsyncSession]]


async def run_build_with_retries(
    session_id: uuid.UUID,
    *,
    open_session: OpenSession = job_session,
    delays: Sequence[float] = RETRY_DELAYS_S,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> str:
    """Attempt the build up to `service.MAX_ATTEMPTS` times, each in its own transaction.

    Returns the outcome: "ready", "failed" or "skipped" (nothing waiting for a build). A
    failure that retrying cannot fix (no answers) fails at once."""
    for attempt in range(1, service.MAX_ATTEMPTS + 1):
        async with open_session() as db:
            if not await build.begin_attempt(db, session_id):
                return "skipped"
        try:
            async with open_session() as db:
                built = await build.run_build(db, session_id)
            return "ready" if built else "skipped"
        except Exception as exc:
            final = attempt == service.MAX_ATTEMPTS or isinstance(exc, NothingToScore)
            log.exception(
                "report build attempt failed",
                extra={"fields": {"session_id": str(session_id), "attempt": attempt}},
            )
            async with open_session() as db:
                await build.record_failure(db, session_id, exc, final=final)
            if final:
                return "failed"
            await sleep(delays[min(attempt - 1, len(delays) - 1)] if delays else 0.0)
    return "failed"


@broker.task(task_name="reports.build")
async def build_report_task(session_id: str) -> str:
    return await run_build_with_retries(uuid.UUID(session_id))


@broker.task(task_name="reports.export")
async def export_session_task(export_id: str) -> None:
    ident = uuid.UUID(export_id)
    try:
        async with job_session() as db:
            await exports.run_export(db, job_storage(), ident)
    except Exception:
        # The failed transaction is gone; record the failure in a fresh one so the client
        # stops polling and can ask again.
        log.exception("session export failed", extra={"fields": {"export_id": export_id}})
        async with job_session() as db:
            await privacy_exports.mark_export_failed(db, ident)
        raise
