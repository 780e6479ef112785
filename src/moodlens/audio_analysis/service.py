"""Offline analysis of an uploaded answer recording: the same report as `moodlens
analyze-audio`, with recognition in the shared worker pool so the API stays responsive.

The upload is written to a private temporary file only for decoding (ffmpeg needs a path)
and removed at once; nothing of it is stored.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

from moodlens.core.errors import MoodLensError, ServiceUnavailable
from moodlens.signals.audio.analyze import finish, prepare
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray, load_audio
from moodlens.signals.audio.errors import (
    AsrBusyError,
    AudioDecodeError,
    AudioError,
    AudioTooLongError,
    EmptyAudioError,
    SilentAudioError,
)
from moodlens.signals.audio.recogniser import Recogniser


class UnusableAudio(MoodLensError):
    """The upload is not a recording we can analyse; the message says why."""

    status_code = 422


class RecognitionBusy(ServiceUnavailable):
    """Speech recognition is saturated; retry shortly."""


_ADVICE: dict[type[AudioError], str] = {
    AudioDecodeError: "Upload a WAV, FLAC, OGG, MP3 or WebM recording.",
    EmptyAudioError: "The file holds no audio.",
    SilentAudioError: "Record again with the microphone on and closer.",
    AudioTooLongError: "Upload a single answer, not a whole interview.",
}


def _decode(data: bytes, suffix: str, max_s: float) -> FloatArray:
    with tempfile.NamedTemporaryFile(suffix=suffix[-8:] or ".bin") as tmp:
        Path(tmp.name).write_bytes(data)
        return load_audio(tmp.name, max_s)


async def analyze_upload(
    data: bytes, suffix: str, pool: Recogniser, max_s: float
) -> dict[str, Any]:
    if not data:
        raise UnusableAudio("The uploaded file is empty.", field="body.file")
    try:
        samples = await asyncio.to_thread(_decode, data, suffix, max_s)
        plan = await asyncio.to_thread(prepare, samples, SAMPLE_RATE, max_s)
        # Whole results, not just text: spans nothing was recognised in are reported.
        results = await asyncio.gather(*(pool.transcribe(u.audio) for u in plan.utterances))
        analysis = await asyncio.to_thread(finish, plan, results)
    except AsrBusyError as exc:
        raise RecognitionBusy(
            "Speech recognition is busy with live interviews; try again in a minute.",
            headers={"Retry-After": "30"},
        ) from exc
    except AudioError as exc:
        advice = _ADVICE.get(type(exc), "")
        raise UnusableAudio(f"{exc}. {advice}".strip(), field="body.file") from exc
    return analysis.to_dict()
