"""Binary audio frames: 12-byte little-endian header (uint32 seq, float64 t_ms) + PCM16 mono."""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

HEADER = struct.Struct("<Id")
SAMPLE_RATE = 16_000
# One frame may carry at most 2 s of audio; clients send 20-100 ms.
MAX_SAMPLES = 2 * SAMPLE_RATE


class FrameError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class AudioFrame:
    seq: int
    t_ms: float
    samples: npt.NDArray[np.float32]  # mono, 16 kHz, in [-1, 1]


def parse_audio_frame(data: bytes) -> AudioFrame:
    if len(data) < HEADER.size + 2:
        raise FrameError("Audio frame too short: 12-byte header plus at least one sample.")
    seq, t_ms = HEADER.unpack_from(data)
    payload = memoryview(data)[HEADER.size :]
    if len(payload) % 2:
        raise FrameError("Audio payload must be whole 16-bit samples.")
    if len(payload) // 2 > MAX_SAMPLES:
        raise FrameError(f"Audio frame longer than {MAX_SAMPLES // SAMPLE_RATE} s.")
    if not math.isfinite(t_ms) or t_ms < 0:
        raise FrameError("Audio frame t_ms must be a finite, non-negative number.")
    pcm = np.frombuffer(payload, dtype="<i2")
    return AudioFrame(seq=seq, t_ms=t_ms, samples=(pcm.astype(np.float32) / 32768.0))


def encode_audio_frame(seq: int, t_ms: float, samples: npt.NDArray[np.float32]) -> bytes:
    """The client's side of the format (used by tests and the live benchmark)."""
    pcm = np.clip(np.round(samples * 32767.0), -32768, 32767).astype("<i2")
    return HEADER.pack(seq, t_ms) + pcm.tobytes()
