"""`moodlens asr-worker`: recognise utterances from the fleet's stream (ADR 0015).

One process loads the models once and runs ``threads`` recognitions at once on the shared
weights, like the embedded recognition process (ADR 0014). Each thread is a consumer of the
``asr`` group: it first takes over an entry another consumer took and left idle longer than
``claim_idle_ms`` (its worker died mid-utterance), else reads a new one.

While a thread recognises, the heartbeat thread re-claims its entry every second (XCLAIM
JUSTID resets the idle time), so only a dead or frozen worker's entry ever goes idle: a slow
recognition on a loaded machine is not redone. An entry delivered ``MAX_DELIVERIES`` times
(it keeps killing workers) is given up with a reason the requester shows as untranscribed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import redis

from moodlens.recognition_fleet import wire
from moodlens.signals.audio.asr import AsrResult, MoonshineAsr
from moodlens.signals.audio.asr_process import process_rss_bytes
from moodlens.signals.audio.decode import SAMPLE_RATE

log = logging.getLogger("moodlens.asr_worker")

Entry = tuple[str, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    redis_url: str
    threads: int = 1
    # Longer than a heartbeat gap can be on a loaded machine, short enough that a dead
    # worker's utterance is redone within seconds.
    claim_idle_ms: int = 3000
    block_ms: int = 1000
    # Testing only: sleep this long per second of speech after recognising (a slow worker).
    throttle_s_per_audio_s: float = 0.0
    name: str = field(default_factory=lambda: f"{socket.gethostname()}-{os.getpid()}")


class FleetWorker:
    def __init__(self, config: WorkerConfig, asr: MoonshineAsr) -> None:
        self.config = config
        self._asr = asr
        self._stop = threading.Event()
        self._in_flight: dict[str, str] = {}  # entry id -> consumer name
        self._lock = threading.Lock()
        self.recognised = 0

    def stop(self) -> None:
        self._stop.set()

    def _client(self) -> redis.Redis:
        return redis.Redis.from_url(self.config.redis_url, socket_connect_timeout=5)

    def run(self) -> None:
        """Serve until stop() (or the process is killed)."""
        beat = threading.Thread(target=self._heartbeat, name="asr-heartbeat", daemon=True)
        beat.start()
        threads = [
            threading.Thread(target=self._consume, args=(f"{self.config.name}-{i}",), daemon=True)
            for i in range(self.config.threads)
        ]
        for t in threads:
            t.start()
        log.info("asr-worker %s serving with %d threads", self.config.name, len(threads))
        for t in threads:
            t.join()
        beat.join(5)

    # --- liveness -------------------------------------------------------------------------

    def _heartbeat(self) -> None:
        r = self._client()
        key = wire.HEARTBEAT_PREFIX + self.config.name
        while not self._stop.is_set():
            info = {"pid": os.getpid(), "rss": process_rss_bytes(), "threads": self.config.threads}
            try:
                r.set(key, json.dumps(info), ex=wire.HEARTBEAT_TTL_S)
                with self._lock:
                    held = list(self._in_flight.items())
                for entry_id, consumer in held:
                    # Resets the entry's idle time: it is being worked on, do not redo it.
                    r.xclaim(wire.STREAM, wire.GROUP, consumer, 0, [entry_id], justid=True)
            except redis.RedisError as exc:
                log.warning("asr-worker heartbeat failed: %s", exc)
            self._stop.wait(1.0)
        with contextlib.suppress(redis.RedisError):
            r.delete(key)

    # --- consuming -------------------------------------------------------------------------

    def _ensure_group(self, r: redis.Redis) -> None:
        try:
            # At 0, not '$': entries added before any worker came up are served too.
            r.xgroup_create(wire.STREAM, wire.GROUP, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def _next(self, r: redis.Redis, consumer: str) -> list[Entry]:
        _next_id, claimed, _gone = r.xautoclaim(
            wire.STREAM,
            wire.GROUP,
            consumer,
            min_idle_time=self.config.claim_idle_ms,
            start_id="0-0",
            count=1,
        )
        if claimed:
            return [(_text(i), f) for i, f in claimed if f]
        got: Any = r.xreadgroup(
            wire.GROUP, consumer, {wire.STREAM: ">"}, count=1, block=self.config.block_ms
        )
        return [(_text(i), f) for i, f in got[0][1] if f] if got else []

    def _consume(self, consumer: str) -> None:
        r = self._client()
        while not self._stop.is_set():
            try:
                self._ensure_group(r)
                for entry_id, fields in self._next(r, consumer):
                    self._handle(r, consumer, entry_id, fields)
            except redis.ResponseError as exc:
                if "NOGROUP" not in str(exc):  # the stream expired or Redis restarted
                    raise
            except redis.ConnectionError as exc:
                log.warning("asr-worker cannot reach its Redis: %s", exc)
                self._stop.wait(0.5)

    def _deliveries(self, r: redis.Redis, entry_id: str) -> int:
        rows: Any = r.xpending_range(wire.STREAM, wire.GROUP, entry_id, entry_id, 1)
        return int(rows[0]["times_delivered"]) if rows else 1

    def _handle(self, r: redis.Redis, consumer: str, entry_id: str, fields: dict[Any, Any]) -> None:
        uid = _text(fields[b"uid"])
        deliveries = self._deliveries(r, entry_id)
        if deliveries > wire.MAX_DELIVERIES:
            outcome = wire.encode_failure(
                f"given up after {deliveries - 1} recognition attempts ended without an answer"
            )
        else:
            with self._lock:
                self._in_flight[entry_id] = consumer
            try:
                outcome = self._recognise(_text(fields[b"dtype"]), fields[b"pcm"])
            finally:
                with self._lock:
                    self._in_flight.pop(entry_id, None)
        stored = r.eval(
            wire.DELIVER_ONCE,
            2,
            wire.result_key(uid),
            _text(fields[b"reply"]),
            outcome,
            wire.RESULT_TTL_S,
        )
        pipe = r.pipeline(transaction=False)
        pipe.xack(wire.STREAM, wire.GROUP, entry_id)
        pipe.xdel(wire.STREAM, entry_id)
        pipe.execute()
        if stored:
            self.recognised += 1
            log.info("answered utterance %s (delivery %d)", uid, deliveries)
        else:
            log.info("utterance %s was already answered by another worker; result dropped", uid)

    def _recognise(self, dtype: str, pcm: bytes) -> str:
        try:
            audio = wire.decode_audio(dtype, pcm)
            result: AsrResult = self._asr.transcribe_robust(audio)
        except Exception as exc:  # the requester shows it; the worker lives on
            log.exception("recognition failed")
            return wire.encode_failure(f"{type(exc).__name__}: {exc}")
        if self.config.throttle_s_per_audio_s:
            time.sleep(self.config.throttle_s_per_audio_s * audio.size / SAMPLE_RATE)
        return wire.encode_result(result)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def load_recogniser() -> MoonshineAsr:
    """Load the models and run them once (the first run allocates onnxruntime's buffers)."""
    asr = MoonshineAsr(threads=1)
    t = np.arange(SAMPLE_RATE, dtype=np.float32) / SAMPLE_RATE
    asr.transcribe((0.1 * np.sin(2 * np.pi * 150 * t)).astype(np.float32))
    return asr
