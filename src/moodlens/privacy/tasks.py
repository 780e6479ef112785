"""Privacy jobs: `privacy.hard_delete`, `privacy.retention_sweep` (scheduled) and
`privacy.export_user_data`. Bodies are `run_*` functions taking a session, so tests run them
on the test database; the tasks only open a job session and pick the storage."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import get_settings
from moodlens.core.storage import LocalStorage, Storage
from moodlens.jobs import broker, job_session
from moodlens.jobs.scheduler import install_worker_scheduler
from moodlens.models import Export, ExportStatus, User
from moodlens.privacy import deletion, exports, storage_keys

log = logging.getLogger(__name__)

# Cron in UTC. A fixed schedule_id lets several schedulers (one per worker) agree on one run.
RETENTION_SCHEDULE = {"cron": "17 * * * *", "schedule_id": "privacy.retention_sweep.hourly"}


class _JobStorage:
    """The API process hands jobs its own storage (tests: their temp folder); worker
    processes build one from settings."""

    storage: Storage | None = None


def use_job_storage(storage: Storage | None) -> None:
    _JobStorage.storage = storage


def job_storage() -> Storage:
    if _JobStorage.storage is None:
        _JobStorage.storage = LocalStorage(get_settings().resolved_storage_dir)
    return _JobStorage.storage


# ---- bodies --------------------------------------------------------------------------------

run_hard_delete = deletion.run_hard_delete
run_retention_sweep = deletion.run_retention_sweep


async def run_export_user_data(
    db: AsyncSession, storage: Storage, export_id: uuid.UUID, *, now: datetime | None = None
) -> None:
    """Build the whole-data zip. Idempotent: only a pending export is built."""
    export = await db.get(Export, export_id)
    if export is None or export.status != ExportStatus.PENDING:
        return
    user = await db.get(User, export.user_id)
    if user is None:
        return
    kind = exports.export_kind(export.export_type)
    key = storage_keys.export_key(user.id, export.id, kind.extension)
    storage.write(key, await exports.build_user_zip(db, storage, user))
    await exports.mark_export_ready(db, export, key, now=now)


# ---- tasks ---------------------------------------------------------------------------------


@broker.task(task_name="privacy.hard_delete")
async def hard_delete_session(session_id: str) -> None:
    async with job_session() as db:
        await run_hard_delete(db, job_storage(), uuid.UUID(session_id))


@broker.task(task_name="privacy.retention_sweep", schedule=[RETENTION_SCHEDULE])
async def retention_sweep() -> None:
    async with job_session() as db:
        await run_retention_sweep(db, job_storage())


@broker.task(task_name="privacy.export_user_data")
async def export_user_data(export_id: str) -> None:
    ident = uuid.UUID(export_id)
    try:
        async with job_session() as db:
            await run_export_user_data(db, job_storage(), ident)
    except Exception:
        # The failed transaction is gone; record the failure in a fresh one so the client
        # stops polling and can ask again.
        log.exception("user data export failed", extra={"fields": {"export_id": export_id}})
        async with job_session() as db:
            await exports.mark_export_failed(db, ident)
        raise


# Workers (Redis mode) import this module; that is where the hourly schedule gets its loop.
install_worker_scheduler()
