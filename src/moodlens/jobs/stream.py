"""The Redis stream broker, with prompt reclaiming of jobs a dead worker left behind.

A worker acknowledges a job after running it; one killed mid-job (OOM, kill -9, a lost host)
leaves the entry pending under its name. taskiq-redis 1.2.4 hands such entries to another
worker (XAUTOCLAIM) only once they have been idle for `idle_timeout` (10 min by default), and
only right after a read that returned new jobs, so on a quiet queue they waited for the next
unrelated job. This subclass claims entries idle for `idle_timeout` (MOODLENS_JOB_RECLAIM_SECONDS)
after every read, new jobs or not (a read blocks for at most `xread_block`, 2 s). It drops the
library's claim lock: XAUTOCLAIM is atomic, so two workers never claim the same entry, and the
lock (no timeout by default) stayed held forever when its holder was killed.

The price of prompt reclaiming: a job still running after `idle_timeout` is started again on
another worker. Jobs are idempotent (DESIGN §5.5), so that costs time, not correctness.

Redis unreachable when a job is enqueued: jobs are enqueued after the transaction that needs
them committed (the session is ended, the export row exists), so failing the request then
would report an error for work that is stored, and the job would be lost. Instead the
serialized message goes to the `pending_jobs` table, and a retry loop in every process that
started the broker sends those rows, oldest first, once Redis answers again (every
`MOODLENS_PENDING_JOBS_RETRY_SECONDS`). A message sent twice (two processes racing after
recovery) runs twice; jobs are idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError
from sqlalchemy import delete, select
from taskiq import AckableMessage, BrokerMessage
from taskiq_redis import RedisStreamBroker

from moodlens.jobs.database import job_session
from moodlens.models import PendingJob

log = logging.getLogger(__name__)


class ReclaimingStreamBroker(RedisStreamBroker):
    def __init__(self, *args: Any, retry_pending_s: float = 15.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_pending_s = retry_pending_s
        self._retrier: asyncio.Task[None] | None = None

    async def startup(self) -> None:
        await super().startup()
        if self._retrier is None:
            self._retrier = asyncio.create_task(self._retry_loop(), name="moodlens-pending-jobs")

    async def shutdown(self) -> None:
        retrier, self._retrier = self._retrier, None
        if retrier is not None:
            retrier.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await retrier
        await super().shutdown()

    async def kick(self, message: BrokerMessage) -> None:
        try:
            await super().kick(message)
        except (RedisError, OSError) as exc:
            await _keep(message, self.queue_name, exc)

    async def send_pending(self) -> int:
        """Send kept messages, oldest first, until Redis fails again; return how many went."""

        sent = 0
        while True:
            async with job_session() as db:
                row = await db.scalar(
                    select(PendingJob)
                    .order_by(PendingJob.id)
                    .limit(1)
                    .with_for_update(skip_locked=True)
                )
                if row is None:
                    return sent
                message = BrokerMessage(
                    task_id=row.task_id,
                    task_name=row.task_name,
                    message=row.message,
                    labels={**row.labels, "queue_name": row.queue_name},
                )
                try:
                    await super().kick(message)
                except (RedisError, OSError) as exc:
                    row.attempts += 1
                    row.last_error = f"{type(exc).__name__}: {exc}"[:500]
                    return sent
                await db.execute(delete(PendingJob).where(PendingJob.id == row.id))
            sent += 1
            log.info("sent pending job %s (%s) after Redis came back", row.task_id, row.task_name)

    async def _retry_loop(self) -> None:
        while True:
            await asyncio.sleep(self.retry_pending_s)
            try:
                await self.send_pending()
            except Exception:
                log.exception("sending pending jobs failed; retrying later")

    async def listen(self) -> AsyncGenerator[AckableMessage, None]:
        """New jobs, then jobs idle past `idle_timeout`, on every read. A lost connection is
        waited out (the library's listener ended the worker): once Redis answers again the
        consumer group is declared anew (a Redis restarted without its data has none) and
        reading goes on."""
        warned = False
        while True:
            try:
                async for message in self._read_forever():
                    warned = False
                    yield message
            except (RedisError, OSError) as exc:
                if not warned:
                    warned = True
                    log.warning("Redis unreachable (%s); the worker waits for it", exc)
                await asyncio.sleep(1.0)
                with contextlib.suppress(RedisError, OSError):
                    await self._redeclare_consumer_group()

    async def _redeclare_consumer_group(self) -> None:
        """After an outage. A Redis that kept its data still has the group (BUSYGROUP, left
        as is). One restarted empty has none, and its stream holds only jobs sent since the
        restart (the kept ones among them): a new group reads from the stream's start, where
        the library's "$" would skip every job sent before this worker came back."""
        async with Redis(connection_pool=self.connection_pool) as redis_conn:
            for stream in [self.queue_name, *self.additional_streams.keys()]:
                with contextlib.suppress(ResponseError):
                    await redis_conn.xgroup_create(
                        stream, self.consumer_group_name, id="0", mkstream=True
                    )

    async def _read_forever(self) -> AsyncGenerator[AckableMessage, None]:
        streams = [self.queue_name, *self.additional_streams.keys()]
        async with Redis(connection_pool=self.connection_pool) as redis_conn:
            while True:
                fetched: Any = await redis_conn.xreadgroup(
                    self.consumer_group_name,
                    self.consumer_name,
                    {self.queue_name: ">", **self.additional_streams},  # type: ignore[dict-item]
                    block=self.block,
                    noack=False,
                    count=self.count,
                )
                for stream, entries in fetched or []:
                    for entry_id, fields in entries:
                        yield self._message(stream, entry_id, fields)
                for stream in streams:
                    claimed: Any = await redis_conn.xautoclaim(
                        name=stream,
                        groupname=self.consumer_group_name,
                        consumername=self.consumer_name,
                        min_idle_time=self.idle_timeout,
                        count=self.unacknowledged_batch_size,
                    )
                    for entry_id, fields in claimed[1]:
                        if not fields:
                            continue  # trimmed from the stream while pending: nothing to run
                        log.warning(
                            "reclaimed job %s from a worker that did not finish it", entry_id
                        )
                        yield self._message(stream, entry_id, fields)

    def _message(self, stream: Any, entry_id: Any, fields: Any) -> AckableMessage:
        return AckableMessage(
            data=fields[b"data"], ack=self._ack_generator(id=entry_id, queue_name=stream)
        )


async def _keep(message: BrokerMessage, default_queue: str, exc: BaseException) -> None:
    queue = str(message.labels.get("queue_name") or default_queue)
    async with job_session() as db:
        db.add(
            PendingJob(
                task_id=message.task_id,
                task_name=message.task_name,
                queue_name=queue,
                message=message.message,
                labels={k: v for k, v in message.labels.items() if k != "queue_name"},
                attempts=1,
                last_error=f"{type(exc).__name__}: {exc}"[:500],
            )
        )
    log.warning(
        "Redis unreachable (%s): job %s (%s) kept in pending_jobs; it is sent when Redis is back",
        type(exc).__name__,
        message.task_id,
        message.task_name,
    )
