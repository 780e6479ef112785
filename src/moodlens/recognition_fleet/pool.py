"""The API side of the recogniser fleet: ``AsrPool``'s interface over a Redis stream.

``transcribe`` adds the utterance to the stream under a fresh id and waits for its reply.
The waiting side never gives up on speech (ADR 0011): every ``poll_s`` it looks whether the
entry is still queued, was answered meanwhile, or is gone unanswered (the fleet's Redis
restarted empty, or the capped stream trimmed it), and in that last case adds it again under
the same id, so a worker that answers late still answers it only once (the result is set NX
by id, wire.py). Meanwhile the audio lives in this process, as with the embedded pool.

If no worker is alive, or the fleet's Redis cannot be reached, the wait goes on (transcripts
are late, never lost) and the product says so: ``problem`` holds the reason and since when,
it is logged once, and the ``moodlens_asr_fleet_workers`` gauge reads 0.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any

from prometheus_client import Gauge
from redis import asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from moodlens.recognition_fleet import wire
from moodlens.signals.audio.asr import AsrResult
from moodlens.signals.audio.decode import FloatArray
from moodlens.signals.audio.recogniser import Backlog

__all__ = ["FleetConfig", "FleetUnavailable", "RemoteAsrPool"]

log = logging.getLogger("moodlens.recognition_fleet")

FLEET_WORKERS = Gauge(
    "moodlens_asr_fleet_workers", "Recogniser workers with a live heartbeat (last seen)"
)
# After a connection error, wait this long before the next try (a down Redis is not hammered).
RECONNECT_S = 0.5


class FleetUnavailable(RuntimeError):
    """No recogniser worker is alive, or the fleet's Redis cannot be reached."""


@dataclass(frozen=True, slots=True)
class FleetConfig:
    # Utterances of this API process in the stream at once; more wait here (never dropped).
    max_pending: int = 16
    # How often a waiting utterance checks its entry and the fleet's workers.
    poll_s: float = 1.0


class RemoteAsrPool:
    """Recognition by ``moodlens asr-worker`` processes (ADR 0015); one per event loop."""

    def __init__(self, redis_url: str, config: FleetConfig = FleetConfig()) -> None:
        if config.max_pending < 1 or config.poll_s <= 0:
            raise ValueError("max_pending must be >= 1 and poll_s > 0")
        self.config = config
        self._url = redis_url
        self._redis: aioredis.Redis | None = None
        self._backlog = Backlog(config.max_pending)
        self._problem: tuple[float, str] | None = None
        self._workers_checked = -1.0
        self.workers_alive = -1  # unknown until first looked at
        self.resent = 0  # utterances added again after their entry vanished unanswered
        self.polls = 0  # looks at a waiting utterance's entry (each renews the stream's TTL)
        FLEET_WORKERS.set_function(lambda: float(max(self.workers_alive, 0)))

    def _client(self) -> aioredis.Redis:
        if self._redis is None:
            self._redis = aioredis.Redis.from_url(self._url, socket_connect_timeout=5)
        return self._redis

    # --- the pool's interface ---------------------------------------------------------------

    @property
    def pending(self) -> int:
        """Utterances in the stream (queued for or being recognised by a worker)."""
        return self._backlog.pending

    @property
    def waiting(self) -> int:
        """Utterances waiting here for a slot (``max_pending`` are in the stream already)."""
        return self._backlog.waiting

    @property
    def backlog_s(self) -> float:
        """Seconds of speech accepted and not yet recognised (waiting, queued or running)."""
        return self._backlog.backlog_s

    @property
    def problem(self) -> str | None:
        """Why transcripts are not coming, and since when (None while the fleet works)."""
        if self._problem is None:
            return None
        since, reason = self._problem
        return f"{reason} (since {time.strftime('%H:%M:%S', time.gmtime(since))} UTC)"

    async def transcribe(self, audio: FloatArray) -> AsrResult:
        """Recognise one utterance (16 kHz mono float32) on a fleet worker; waits, never drops.

        Raises wire.RecognitionFailed only when the fleet gave the utterance up (it ended
        ``MAX_DELIVERIES`` recognitions without an answer, or recognition raised)."""
        dtype, pcm = wire.encode_audio(audio)
        samples = len(pcm) // (2 if dtype == "i16" else 4)
        async with self._backlog.slot(samples):
            return await self._round_trip(uuid.uuid4().hex, dtype, pcm)

    async def text(self, audio: FloatArray) -> str:
        return (await self.transcribe(audio)).text

    async def worker_info(self) -> tuple[int, int]:
        """(pid, RSS bytes) of one live worker; FleetUnavailable if none is alive."""
        workers = await self._workers()
        if not workers:
            raise FleetUnavailable("no recogniser worker (`moodlens asr-worker`) is running")
        info = workers[0]
        return int(info["pid"]), int(info["rss"])

    def close(self) -> None:
        """Nothing runs here; the connection is closed by ``aclose`` (in the event loop)."""

    async def aclose(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None

    async def __aenter__(self) -> RemoteAsrPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- one utterance ------------------------------------------------------------------------

    async def _send(self, uid: str, dtype: str, pcm: bytes) -> str:
        r = self._client()
        pipe = r.pipeline(transaction=False)
        pipe.xadd(
            wire.STREAM,
            {"uid": uid, "reply": wire.reply_key(uid), "dtype": dtype, "pcm": pcm},
            maxlen=wire.STREAM_MAXLEN,
            approximate=True,
        )
        pipe.expire(wire.STREAM, wire.STREAM_TTL_S)
        entry_id, _ = await pipe.execute()
        return entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)

    async def _round_trip(self, uid: str, dtype: str, pcm: bytes) -> AsrResult:
        entry_id: str | None = None
        while True:
            try:
                r = self._client()
                if entry_id is None:
                    entry_id = await self._send(uid, dtype, pcm)
                got = await r.blpop([wire.reply_key(uid)], timeout=self.config.poll_s)
                if got is not None:
                    return await self._done(uid, got[1])
                # No answer yet. Answered meanwhile, still queued, or gone unanswered? The
                # result is set before the entry is deleted, so look at the entry first. The
                # stream's TTL is renewed meanwhile: a backlog longer than the TTL is still
                # wanted (the TTL is for audio nobody waits for any more).
                pipe = r.pipeline(transaction=False)
                pipe.xrange(wire.STREAM, entry_id, entry_id)
                pipe.expire(wire.STREAM, wire.STREAM_TTL_S)
                queued, _ = await pipe.execute()
                self.polls += 1
                if not queued:
                    raw = await r.get(wire.result_key(uid))
                    if raw is not None:
                        return await self._done(uid, raw)
                    log.warning("utterance %s vanished from the fleet unanswered; resent", uid)
                    self.resent += 1
                    entry_id = None
                    continue
                await self._check_workers()
            except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
                self._set_problem(f"the recogniser fleet's Redis is unreachable: {exc}")
                await asyncio.sleep(RECONNECT_S)

    async def _done(self, uid: str, raw: bytes | str) -> AsrResult:
        self._set_problem(None)
        await self._client().delete(wire.reply_key(uid))
        return wire.decode_outcome(raw)

    # --- the fleet's health ---------------------------------------------------------------------

    async def _workers(self) -> list[dict[str, Any]]:
        r = self._client()
        keys = [k async for k in r.scan_iter(match=wire.HEARTBEAT_PREFIX + "*", count=100)]
        values = await r.mget(keys) if keys else []
        workers = [json.loads(v) for v in values if v is not None]
        self.workers_alive = len(workers)
        return workers

    async def _check_workers(self) -> None:
        # Once per poll interval for the whole process, however many utterances wait.
        now = time.monotonic()
        if now - self._workers_checked < self.config.poll_s:
            return
        self._workers_checked = now
        if await self._workers():
            self._set_problem(None)
        else:
            self._set_problem("no recogniser worker (`moodlens asr-worker`) is alive")

    def _set_problem(self, reason: str | None) -> None:
        if reason is None:
            if self._problem is not None:
                log.warning("recogniser fleet working again after: %s", self.problem)
            self._problem = None
        elif self._problem is None or self._problem[1] != reason:
            self._problem = (time.time(), reason)
            log.warning("transcripts are waiting: %s", reason)
