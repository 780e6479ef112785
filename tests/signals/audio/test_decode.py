"""Decoding files of any format/rate/channels, and the errors users see."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from moodlens.signals.audio.decode import SAMPLE_RATE, load_audio, pcm16_to_float, to_mono_16k
from moodlens.signals.audio.errors import AudioDecodeError, AudioTooLongError, EmptyAudioError

from .conftest import wav

SOURCE = wav("pauses_gb_190")
FFMPEG = shutil.which("ffmpeg")


def _tone(seconds: float, rate: int, freq: float = 440.0) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def test_resamples_and_downmixes() -> None:
    stereo = np.stack([_tone(1.0, 44_100), -_tone(1.0, 44_100) * 0.0], axis=1)
    x = to_mono_16k(stereo, 44_100)
    assert x.dtype == np.float32 and x.ndim == 1
    assert abs(x.size - SAMPLE_RATE) <= 1
    # mean of the two channels: half the amplitude of the first
    assert 0.2 < float(np.max(np.abs(x[1000:-1000]))) < 0.3


def test_int16_input_is_scaled() -> None:
    x = to_mono_16k(np.array([16384, -32768], dtype=np.int16), SAMPLE_RATE)
    assert np.allclose(x, [0.5, -1.0])


def test_pcm16_frames() -> None:
    raw = np.array([0, 16384, -32768], dtype="<i2").tobytes()
    assert np.allclose(pcm16_to_float(raw), [0.0, 0.5, -1.0])
    with pytest.raises(AudioDecodeError):
        pcm16_to_float(b"\x00")


@pytest.mark.skipif(FFMPEG is None, reason="ffmpeg not installed")
@pytest.mark.parametrize(
    ("ext", "args"),
    [
        ("flac", ["-ar", "44100", "-ac", "2"]),
        ("ogg", ["-ar", "48000"]),
        ("mp3", []),
        ("webm", ["-c:a", "libopus"]),
        ("m4a", ["-c:a", "aac"]),
    ],
)
def test_formats(tmp_path: Path, ext: str, args: list[str]) -> None:
    out = tmp_path / f"a.{ext}"
    assert FFMPEG is not None
    subprocess.run(
        [FFMPEG, "-loglevel", "error", "-y", "-i", str(SOURCE), *args, str(out)], check=True
    )
    ref = load_audio(SOURCE)
    x = load_audio(out)
    assert x.dtype == np.float32
    # codecs add a little padding, never seconds
    assert abs(x.size - ref.size) / SAMPLE_RATE < 0.1
    level_ratio = float(np.sqrt(np.mean(x**2))) / float(np.sqrt(np.mean(ref**2)))
    assert 0.5 < level_ratio < 2.0


def test_missing_file() -> None:
    with pytest.raises(AudioDecodeError, match="not found"):
        load_audio("/nonexistent/answer.wav")


def test_unreadable_file(tmp_path: Path) -> None:
    p = tmp_path / "notes.wav"
    p.write_text("this is not audio")
    with pytest.raises(AudioDecodeError, match="cannot read"):
        load_audio(p)


def test_empty_files(tmp_path: Path) -> None:
    zero = tmp_path / "zero.wav"
    zero.write_bytes(b"")
    with pytest.raises(EmptyAudioError):
        load_audio(zero)
    header_only = tmp_path / "header.wav"
    sf.write(str(header_only), np.zeros(0, dtype=np.float32), SAMPLE_RATE)
    with pytest.raises(EmptyAudioError):
        load_audio(header_only)


def test_too_long(tmp_path: Path) -> None:
    p = tmp_path / "long.wav"
    sf.write(str(p), np.zeros(5 * SAMPLE_RATE, dtype=np.float32), SAMPLE_RATE)
    with pytest.raises(AudioTooLongError, match="limit"):
        load_audio(p, max_duration_s=4.0)
    assert load_audio(p, max_duration_s=6.0).size == 5 * SAMPLE_RATE


@pytest.mark.skipif(FFMPEG is None, reason="ffmpeg not installed")
def test_too_long_through_ffmpeg(tmp_path: Path) -> None:
    p = tmp_path / "long.webm"
    assert FFMPEG is not None
    subprocess.run(
        [FFMPEG, "-loglevel", "error", "-y", "-i", str(SOURCE), "-c:a", "libopus", str(p)],
        check=True,
    )
    with pytest.raises(AudioTooLongError):
        load_audio(p, max_duration_s=5.0)
