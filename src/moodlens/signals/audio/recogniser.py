"""What the live path and uploads need from a speech recogniser pool.

Two implementations: ``asr_pool.AsrPool`` (the embedded default: one recognition process per
API process) and ``moodlens.recognition_fleet.RemoteAsrPool`` (recognition in
``moodlens asr-worker`` processes reached through Redis, ADR 0015). Callers type against this
protocol so they cannot tell which one runs.
"""

from __future__ import annotations

from typing import Protocol

from moodlens.signals.audio.asr import AsrResult
from moodlens.signals.audio.decode import FloatArray


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
