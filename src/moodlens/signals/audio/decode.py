"""Decode any audio file to 16 kHz mono float32 in [-1, 1].

soundfile (libsndfile) reads WAV/FLAC/OGG/MP3 quickly in-process; anything it refuses
(WebM/Opus, M4A, ...) goes through an ``ffmpeg`` subprocess, which also keeps odd codecs
out of our address space.
"""

from __future__ import annotations

import shutil
import subprocess
from math import gcd
from pathlib import Path

import numpy as np
import numpy.typing as npt
import soundfile as sf

from moodlens.signals.audio.errors import AudioDecodeError, AudioTooLongError, EmptyAudioError

SAMPLE_RATE = 16_000
DEFAULT_MAX_DURATION_S = 15 * 60.0

FloatArray = npt.NDArray[np.float32]


def human_duration(seconds: float) -> str:
    """'45 s' or '12.5 min', for messages."""
    return (
        f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min".replace(".0 min", " min")
    )


def _too_long(actual_s: float | None, limit_s: float) -> AudioTooLongError:
    what = "longer than" if actual_s is None else f"{human_duration(actual_s)} long;"
    return AudioTooLongError(f"the recording is {what} the limit is {human_duration(limit_s)}")


def to_mono_16k(samples: npt.NDArray[np.generic], sample_rate: int) -> FloatArray:
    """Mix (frames, channels) or (frames,) audio down to mono and resample it to 16 kHz.

    Integer input is scaled to [-1, 1] by its dtype range.
    """
    x = np.asarray(samples)
    if np.issubdtype(x.dtype, np.integer):
        x = x.astype(np.float32) / float(np.iinfo(x.dtype).max + 1)
    x = x.astype(np.float32, copy=False)
    if x.ndim == 2:
        x = x.mean(axis=1, dtype=np.float32)
    elif x.ndim != 1:
        raise AudioDecodeError(f"audio must be 1-D or 2-D, got shape {x.shape}")
    if sample_rate <= 0:
        raise AudioDecodeError(f"invalid sample rate {sample_rate}")
    if sample_rate != SAMPLE_RATE and x.size:
        # Imported here: scipy.signal costs seconds to import (13 s on a loaded machine), and
        # every process importing this module for SAMPLE_RATE (the API at start-up) paid it.
        from scipy.signal import resample_poly

        g = gcd(SAMPLE_RATE, sample_rate)
        x = resample_poly(x, SAMPLE_RATE // g, sample_rate // g).astype(np.float32)
    x = np.nan_to_num(x, nan=0.0, posinf=1.0, neginf=-1.0)
    return np.ascontiguousarray(np.clip(x, -1.0, 1.0), dtype=np.float32)


def _read_soundfile(path: Path, max_duration_s: float) -> FloatArray | None:
    try:
        info = sf.info(str(path))
    except Exception:
        return None  # not a format libsndfile knows: let ffmpeg try
    if info.samplerate > 0 and info.frames / info.samplerate > max_duration_s:
        raise _too_long(info.frames / info.samplerate, max_duration_s)
    try:
        data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    except Exception:
        return None
    return to_mono_16k(data, int(rate))


def _read_ffmpeg(path: Path, max_duration_s: float) -> FloatArray:
    exe = shutil.which("ffmpeg")
    if exe is None:
        raise AudioDecodeError(
            f"cannot read {path.name}: unsupported format and ffmpeg is not installed"
        )
    # Decode one second past the limit so "too long" is detectable without reading
    # an arbitrarily long file into memory.
    cmd = [
        exe, "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(path),
        "-t", f"{max_duration_s + 1.0:.3f}", "-vn", "-ac", "1", "-ar", str(SAMPLE_RATE),
        "-f", "f32le", "-acodec", "pcm_f32le", "pipe:1",
    ]  # fmt: skip
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    except subprocess.TimeoutExpired as exc:
        raise AudioDecodeError(f"decoding {path.name} took too long") from exc
    if proc.returncode != 0:
        raise AudioDecodeError(
            f"cannot read {path.name} as audio (not a supported audio or video file)"
        )
    x = np.frombuffer(proc.stdout, dtype="<f4").astype(np.float32)
    if x.size > max_duration_s * SAMPLE_RATE:
        raise _too_long(None, max_duration_s)
    return to_mono_16k(x, SAMPLE_RATE)


def load_audio(path: Path | str, max_duration_s: float = DEFAULT_MAX_DURATION_S) -> FloatArray:
    """Read an audio file as 16 kHz mono float32.

    Raises AudioDecodeError (missing/unreadable file), EmptyAudioError (no samples) or
    AudioTooLongError (longer than ``max_duration_s``).
    """
    p = Path(path)
    if not p.is_file():
        raise AudioDecodeError(f"file not found: {p}")
    if p.stat().st_size == 0:
        raise EmptyAudioError(f"{p.name} is empty (0 bytes)")
    x = _read_soundfile(p, max_duration_s)
    if x is None:
        x = _read_ffmpeg(p, max_duration_s)
    if x.size == 0:
        raise EmptyAudioError(f"{p.name} contains no audio samples")
    if x.size > max_duration_s * SAMPLE_RATE:
        raise _too_long(x.size / SAMPLE_RATE, max_duration_s)
    return x


def pcm16_to_float(data: bytes) -> FloatArray:
    """Convert little-endian PCM16 bytes (the live protocol's frames) to float32."""
    if len(data) % 2:
        raise AudioDecodeError("PCM16 frame has an odd number of bytes")
    return (np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0).astype(np.float32)
