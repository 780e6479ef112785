"""What the live path and uploads need from a speech recogniser pool.

Two implementations: ``asr_pool.AsrPool`` (the embedded default: one recognition process per
API process) and ``moodlens.recognition_fleet.RemoteAsrPool`` (recognition in
``moodlens asr-worker`` processes reached through Redis, ADR 0015). Callers type against this
protocol so they cannot tell which one runs. Both keep their back-pressure in a ``Backlog``, so
``pending``, ``waiting`` and ``backlog_s`` mean the same in either.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

from moodlens.signals.audio.asr import AsrResult
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray
from moodlens.signals.audio.errors import AsrBusyError

_BUSY = "speech recognition is busy; try again shortly"


class Recogniser(Protocol):
    """Recognises utterances without blocking the event loop; overload waits, never drops."""

    async def transcribe(self, audio: FloatArray) -> AsrResult: ...

    async def text(self, audio: FloatArray) -> str: ...

    @property
    def pending(self) -> int: ...

    @property
    def waiting(self) -> int: ...

    @property
    def backlog_s(self) -> float: ...

    async def worker_info(self) -> tuple[int, int]: ...

    def close(self) -> None: ...


class Backlog:
    """At most ``max_pending`` utterances recognised at once, and what waits meanwhile.

    An utterance counts in ``backlog_s`` from the moment it is accepted (before it has a slot)
    until its recognition ends, so the speech held by waiting callers is visible.
    """

    def __init__(self, max_pending: int) -> None:
        self._max_pending = max_pending
        self._slots: asyncio.Semaphore | None = None
        self._pending = 0
        self._waiting = 0
        self._samples = 0

    @property
    def pending(self) -> int:
        """Utterances holding a slot (handed on for recognition, not yet answered)."""
        return self._pending

    @property
    def waiting(self) -> int:
        """Utterances waiting for a slot."""
        return self._waiting

    @property
    def backlog_s(self) -> float:
        """Seconds of speech accepted and not yet recognised (waiting, queued or running)."""
        return self._samples / SAMPLE_RATE

    def _semaphore(self) -> asyncio.Semaphore:
        # Created lazily so a pool can be built outside a running loop.
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._max_pending)
        return self._slots

    @asynccontextmanager
    async def slot(
        self, samples: int, *, reject: bool = False, timeout_s: float | None = None
    ) -> AsyncIterator[None]:
        """Hold one slot for an utterance of ``samples`` samples while the body recognises it.

        Waits for a free slot (``timeout_s=None``: as long as it takes). Raises AsrBusyError
        at once if ``reject`` and every slot is taken, or after ``timeout_s`` of waiting.
        """
        slots = self._semaphore()
        if reject:
            if slots.locked():
                raise AsrBusyError(_BUSY)
            self._samples += samples
            await slots.acquire()  # a free slot: returns without suspending
        else:
            self._samples += samples
            self._waiting += 1
            try:
                await asyncio.wait_for(slots.acquire(), timeout_s)
            except TimeoutError as exc:
                self._samples -= samples
                raise AsrBusyError(_BUSY) from exc
            except BaseException:
                self._samples -= samples
                raise
            finally:
                self._waiting -= 1
        self._pending += 1
        try:
            yield
        finally:
            self._pending -= 1
            self._samples -= samples
            slots.release()
