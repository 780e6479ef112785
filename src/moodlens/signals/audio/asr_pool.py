"""A bounded pool of recognition worker processes with an asyncio interface.

Recognition is CPU-bound (about 0.2 s per second of speech) and holds the GIL through
onnxruntime's Python binding, so it runs in separate processes: the event loop, the VAD
and the live cues never wait for it. Each worker loads the models once (initializer) and
warms them up, so the first real call is not slow.

Back-pressure policy: at most ``max_pending`` utterances are handed to the workers at once.
With ``policy="wait"`` (the default) a further call waits for a free slot for as long as it
takes (``wait_timeout_s=None``): overload delays transcripts, it never drops speech. The
audio waiting meanwhile is held by the callers (64 kB per second of speech; an hour of backlog
across all sessions is about 230 MB), and ``backlog_s`` / ``waiting`` make it visible. A finite
``wait_timeout_s`` raises ``AsrBusyError`` after that long; ``policy="reject"`` raises it at
once (callers that can retry later, e.g. an upload answered with 503).

``throttle_s_per_audio_s`` and ``throttle_s_per_call`` make each worker sleep after
recognising (in the worker, so the slot stays taken): a deliberately slow pool for tests and
benchmarks of the overload path, never set in production.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import os
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Literal

import numpy as np

from moodlens.signals.audio.asr import AsrResult, MoonshineAsr
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray
from moodlens.signals.audio.errors import AsrBusyError

_WORKER_ASR: MoonshineAsr | None = None


_THROTTLE: tuple[float, float] = (0.0, 0.0)  # (seconds per call, seconds per audio second)


def _init_worker(threads: int, throttle: tuple[float, float] = (0.0, 0.0)) -> None:
    global _WORKER_ASR, _THROTTLE
    _THROTTLE = throttle
    _WORKER_ASR = MoonshineAsr(threads=threads)
    # Warm-up: the first run allocates onnxruntime's buffers; do it before real work.
    t = np.arange(SAMPLE_RATE, dtype=np.float32) / SAMPLE_RATE
    _WORKER_ASR.transcribe((0.1 * np.sin(2 * np.pi * 150 * t)).astype(np.float32))


def _work(audio: FloatArray) -> AsrResult:
    if _WORKER_ASR is None:  # initializer failed silently: make the error visible
        raise RuntimeError("recognition worker was not initialised")
    result = _WORKER_ASR.transcribe_robust(audio)
    per_call, per_audio_s = _THROTTLE
    if per_call or per_audio_s:
        time.sleep(per_call + per_audio_s * audio.size / SAMPLE_RATE)
    return result


def process_rss_bytes() -> int:
    """Resident memory of the calling process (Linux /proc; 0 if unavailable)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _worker_info() -> tuple[int, int]:
    return os.getpid(), process_rss_bytes()


@dataclass(frozen=True, slots=True)
class PoolConfig:
    """Worker count, back-pressure and process start method."""

    workers: int = 1
    max_pending: int = 8
    policy: Literal["reject", "wait"] = "wait"
    # None: wait for a slot as long as it takes (never drop an utterance under load).
    wait_timeout_s: float | None = None
    threads_per_worker: int = 1
    # Deliberate slowness for overload tests and benchmarks (see the module docstring).
    throttle_s_per_call: float = 0.0
    throttle_s_per_audio_s: float = 0.0
    # forkserver: workers never inherit the server's threads, sockets or event loop.
    start_method: Literal["spawn", "forkserver"] = "forkserver"


class AsrPool:
    """Process pool running ``MoonshineAsr.transcribe_robust``; safe to share in one loop."""

    def __init__(self, config: PoolConfig = PoolConfig()) -> None:
        if config.workers < 1 or config.max_pending < 1:
            raise ValueError("workers and max_pending must be >= 1")
        if config.throttle_s_per_call < 0 or config.throttle_s_per_audio_s < 0:
            raise ValueError("throttle values must be >= 0")
        self.config = config
        self._executor = self._new_executor()
        self._slots: asyncio.Semaphore | None = None
        self._pending = 0
        self._waiting = 0
        self._backlog_samples = 0

    def _new_executor(self) -> concurrent.futures.ProcessPoolExecutor:
        ctx = multiprocessing.get_context(self.config.start_method)
        return concurrent.futures.ProcessPoolExecutor(
            max_workers=self.config.workers,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(
                self.config.threads_per_worker,
                (self.config.throttle_s_per_call, self.config.throttle_s_per_audio_s),
            ),
        )

    @property
    def pending(self) -> int:
        """Utterances handed to the workers (queued in the executor or being recognised)."""
        return self._pending

    @property
    def waiting(self) -> int:
        """Utterances waiting for a slot (not yet handed to the workers)."""
        return self._waiting

    @property
    def backlog_s(self) -> float:
        """Seconds of speech accepted and not yet recognised (waiting, queued or running)."""
        return self._backlog_samples / SAMPLE_RATE

    def _semaphore(self) -> asyncio.Semaphore:
        # Created lazily so the pool can be built outside a running loop.
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.config.max_pending)
        return self._slots

    async def transcribe(self, audio: FloatArray) -> AsrResult:
        """Recognise one utterance (16 kHz mono float32) without blocking the event loop.

        Raises AsrBusyError when the pool is saturated (see the module docstring).
        """
        slots = self._semaphore()
        x = np.ascontiguousarray(audio, dtype=np.float32).reshape(-1)
        if self.config.policy == "reject":
            if slots.locked():
                raise AsrBusyError("speech recognition is busy; try again shortly")
            self._backlog_samples += x.size
            await slots.acquire()
        else:
            self._backlog_samples += x.size
            self._waiting += 1
            try:
                await asyncio.wait_for(slots.acquire(), self.config.wait_timeout_s)
            except TimeoutError as exc:
                self._backlog_samples -= x.size
                raise AsrBusyError("speech recognition is busy; try again shortly") from exc
            except BaseException:
                self._backlog_samples -= x.size
                raise
            finally:
                self._waiting -= 1
        self._pending += 1
        try:
            loop = asyncio.get_running_loop()
            try:
                return await loop.run_in_executor(self._executor, _work, x)
            except BrokenProcessPool:
                # A worker died (e.g. killed for memory): start fresh ones, retry once.
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = self._new_executor()
                return await loop.run_in_executor(self._executor, _work, x)
        finally:
            self._pending -= 1
            self._backlog_samples -= x.size
            slots.release()

    async def text(self, audio: FloatArray) -> str:
        """Convenience: only the recognised text."""
        return (await self.transcribe(audio)).text

    async def worker_info(self) -> tuple[int, int]:
        """(pid, RSS bytes) of the worker that runs this probe (tests, monitoring)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, _worker_info)

    def close(self) -> None:
        """Stop the workers (waits for running jobs)."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    async def __aenter__(self) -> AsrPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.close)
