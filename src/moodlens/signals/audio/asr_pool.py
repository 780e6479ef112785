"""Speech recognition off the event loop, with back-pressure and an asyncio interface.

Recognition is CPU-bound (about 0.06-0.08 core-seconds per second of speech, ADR 0017) and
holds the GIL between onnxruntime calls, so it runs in a separate process
(asr_process.py): the event loop, the VAD and the live cues never wait for it. That one
process loads the models once and runs ``workers`` recognitions at once in threads sharing
the weights (one copy instead of one per worker process).

Back-pressure policy: at most ``max_pending`` utterances are handed to the process at once.
With ``policy="wait"`` (the default) a further call waits for a free slot for as long as it
takes (``wait_timeout_s=None``): overload delays transcripts, it never drops speech. The
audio waiting meanwhile is held by the callers (64 kB per second of speech; an hour of backlog
across all sessions is about 230 MB), and ``backlog_s`` / ``waiting`` make it visible. A finite
``wait_timeout_s`` raises ``AsrBusyError`` after that long; ``policy="reject"`` raises it at
once (callers that can retry later, e.g. an upload answered with 503).

``throttle_s_per_audio_s`` and ``throttle_s_per_call`` make each recognition sleep after
recognising (in the worker thread, so the slot stays taken): a deliberately slow pool for
tests and benchmarks of the overload path, never set in production.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from moodlens.signals.audio.asr import AsrResult
from moodlens.signals.audio.asr_process import RecognitionProcess, process_rss_bytes
from moodlens.signals.audio.decode import FloatArray
from moodlens.signals.audio.recogniser import Backlog

__all__ = ["AsrPool", "PoolConfig", "process_rss_bytes"]


@dataclass(frozen=True, slots=True)
class PoolConfig:
    """Concurrent recognitions, back-pressure and process start method."""

    # Recognitions run at once (threads of the one recognition process).
    workers: int = 1
    max_pending: int = 8
    policy: Literal["reject", "wait"] = "wait"
    # None: wait for a slot as long as it takes (never drop an utterance under load).
    wait_timeout_s: float | None = None
    # Deliberate slowness for overload tests and benchmarks (see the module docstring).
    throttle_s_per_call: float = 0.0
    throttle_s_per_audio_s: float = 0.0
    # forkserver: the process never inherits the server's threads, sockets or event loop.
    start_method: Literal["spawn", "forkserver"] = "forkserver"


class AsrPool:
    """Runs ``MoonshineAsr.transcribe_robust`` in the recognition process; one per event loop."""

    def __init__(self, config: PoolConfig = PoolConfig()) -> None:
        if config.workers < 1 or config.max_pending < 1:
            raise ValueError("workers and max_pending must be >= 1")
        if config.throttle_s_per_call < 0 or config.throttle_s_per_audio_s < 0:
            raise ValueError("throttle values must be >= 0")
        self.config = config
        self._process: RecognitionProcess | None = None
        self._backlog = Backlog(config.max_pending)

    def _live_process(self) -> RecognitionProcess:
        # Started on first use, and again after the previous one died.
        if self._process is None or not self._process.alive:
            if self._process is not None:
                self._process.close(timeout_s=1.0)  # reap the dead one
            ctx = multiprocessing.get_context(self.config.start_method)
            throttle = (self.config.throttle_s_per_call, self.config.throttle_s_per_audio_s)
            self._process = RecognitionProcess(ctx, self.config.workers, throttle)
        return self._process

    async def _call(self, kind: str, payload: object) -> Any:
        process = self._live_process()
        # The pipe takes a 10 s utterance (640 kB) only as fast as the child reads it.
        future = await asyncio.to_thread(process.submit, kind, payload)
        return await asyncio.wrap_future(future)

    @property
    def pending(self) -> int:
        """Utterances handed to the workers (queued in the executor or being recognised)."""
        return self._backlog.pending

    @property
    def waiting(self) -> int:
        """Utterances waiting for a slot (not yet handed to the workers)."""
        return self._backlog.waiting

    @property
    def backlog_s(self) -> float:
        """Seconds of speech accepted and not yet recognised (waiting, queued or running)."""
        return self._backlog.backlog_s

    async def transcribe(self, audio: FloatArray) -> AsrResult:
        """Recognise one utterance (16 kHz mono float32) without blocking the event loop.

        Raises AsrBusyError when the pool is saturated (see the module docstring).
        """
        x = np.ascontiguousarray(audio, dtype=np.float32).reshape(-1)
        reject = self.config.policy == "reject"
        async with self._backlog.slot(x.size, reject=reject, timeout_s=self.config.wait_timeout_s):
            try:
                result: AsrResult = await self._call("recognise", x)
            except BrokenProcessPool:
                # The process died (e.g. killed for memory): start a fresh one, retry once.
                result = await self._call("recognise", x)
            return result

    async def text(self, audio: FloatArray) -> str:
        """Convenience: only the recognised text."""
        return (await self.transcribe(audio)).text

    async def worker_info(self) -> tuple[int, int]:
        """(pid, RSS bytes) of the recognition process (tests, monitoring)."""
        info: tuple[int, int] = await self._call("info", None)
        return info

    def close(self) -> None:
        """Stop the recognition process (waits for running jobs)."""
        if self._process is not None:
            self._process.close()
            self._process = None

    async def __aenter__(self) -> AsrPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.close)
