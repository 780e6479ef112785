"""A bounded pool of recognition worker processes with an asyncio interface.

Recognition is CPU-bound (about 0.2 s per second of speech) and holds the GIL through
onnxruntime's Python binding, so it runs in separate processes: the event loop, the VAD
and the live cues never wait for it. Each worker loads the models once (initializer) and
warms them up, so the first real call is not slow.

Back-pressure policy: at most ``max_pending`` utterances are queued or running. With
``policy="reject"`` a further call raises ``AsrBusyError`` at once (the live path drops or
retries that utterance's transcript; cues are unaffected). With ``policy="wait"`` the call
waits up to ``wait_timeout_s`` for a free slot, then raises ``AsrBusyError``. Either way the
memory held by queued audio is bounded (``max_pending`` x at most ~10 s x 64 kB/s).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import os
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Literal

import numpy as np

from moodlens.signals.audio.asr import AsrResult, MoonshineAsr
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray
from moodlens.signals.audio.errors import AsrBusyError

_WORKER_ASR: MoonshineAsr | None = None


def _init_worker(threads: int) -> None:
    global _WORKER_ASR
    _WORKER_ASR = MoonshineAsr(threads=threads)
    # Warm-up: the first run allocates onnxruntime's buffers; do it before real work.
    t = np.arange(SAMPLE_RATE, dtype=np.float32) / SAMPLE_RATE
    _WORKER_ASR.transcribe((0.1 * np.sin(2 * np.pi * 150 * t)).astype(np.float32))


def _work(audio: FloatArray) -> AsrResult:
    if _WORKER_ASR is None:  # initializer failed silently: make the error visible
        raise RuntimeError("recognition worker was not initialised")
    return _WORKER_ASR.transcribe_robust(audio)


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
    wait_timeout_s: float = 30.0
    threads_per_worker: int = 1
    # forkserver: workers never inherit the server's threads, sockets or event loop.
    start_method: Literal["spawn", "forkserver"] = "forkserver"


class AsrPool:
    """Process pool running ``MoonshineAsr.transcribe_robust``; safe to share in one loop."""

    def __init__(self, config: PoolConfig = PoolConfig()) -> None:
        if config.workers < 1 or config.max_pending < 1:
            raise ValueError("workers and max_pending must be >= 1")
        self.config = config
        self._executor = self._new_executor()
        self._slots: asyncio.Semaphore | None = None
        self._pending = 0

    def _new_executor(self) -> concurrent.futures.ProcessPoolExecutor:
        ctx = multiprocessing.get_context(self.config.start_method)
        return concurrent.futures.ProcessPoolExecutor(
            max_workers=self.config.workers,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(self.config.threads_per_worker,),
        )

    @property
    def pending(self) -> int:
        """Utterances queued or being recognised right now."""
        return self._pending

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
        if self.config.policy == "reject":
            if slots.locked():
                raise AsrBusyError("speech recognition is busy; try again shortly")
            await slots.acquire()
        else:
            try:
                await asyncio.wait_for(slots.acquire(), self.config.wait_timeout_s)
            except TimeoutError as exc:
                raise AsrBusyError("speech recognition is busy; try again shortly") from exc
        self._pending += 1
        try:
            x = np.ascontiguousarray(audio, dtype=np.float32).reshape(-1)
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
