"""Audio storage for the stream analyser: a cheap growing buffer and exact PCM16 text form."""

from __future__ import annotations

import base64

import numpy as np

from moodlens.signals.audio.decode import FloatArray, pcm16_to_float


def b64_pcm16(x: FloatArray) -> str:
    # Same scale as pcm16_to_float, so audio that arrived as PCM16 round-trips exactly.
    pcm = np.clip(np.round(x * 32768.0), -32768, 32767).astype("<i2")
    return base64.b64encode(pcm.tobytes()).decode()


def from_b64_pcm16(s: str) -> FloatArray:
    return pcm16_to_float(base64.b64decode(s))


class GrowBuffer:
    """Append-only float32 buffer with cheap appends and drops from the front.

    ``np.concatenate`` per frame would copy the whole open utterance (up to 10 s) 50 times
    a second; this copies each sample about once.
    """

    def __init__(self, data: FloatArray | None = None) -> None:
        init = np.zeros(0, dtype=np.float32) if data is None else data.astype(np.float32)
        self._data = np.zeros(max(16_000, 2 * init.size), dtype=np.float32)
        self._data[: init.size] = init
        self._start, self._end = 0, init.size

    def view(self) -> FloatArray:
        return self._data[self._start : self._end]

    def append(self, x: FloatArray) -> None:
        n = x.size
        if self._end + n > self._data.size:
            live = self._end - self._start
            cap = self._data.size if live + n <= self._data.size // 2 else 2 * (live + n)
            new = np.zeros(cap, dtype=np.float32)
            new[:live] = self._data[self._start : self._end]
            self._data, self._start, self._end = new, 0, live
        self._data[self._end : self._end + n] = x
        self._end += n

    def drop(self, n: int) -> None:
        self._start = min(self._end, self._start + n)
