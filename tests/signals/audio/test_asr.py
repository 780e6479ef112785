"""Moonshine recogniser: transcripts, token budget, loop guard, long-input fallback."""

from __future__ import annotations

import numpy as np
import pytest

from moodlens.signals.audio.asr import AsrResult, MoonshineAsr, _looping
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray, load_audio
from tests.fixtures.speech_scoring import word_errors

from .conftest import BECKETT_TEXT, truth, wav


def test_loop_guard() -> None:
    assert _looping([5, 6, 7, 5, 6, 7, 5, 6, 7, 5, 6, 7])
    assert _looping([9] * 4)
    assert not _looping([1, 2, 3, 4, 5, 6, 7, 8])
    assert not _looping([5, 6, 5, 6, 5, 6])  # three repeats is still language ("no, no, no")


@pytest.mark.models
def test_beckett(asr: MoonshineAsr) -> None:
    r = asr.transcribe(load_audio(wav("beckett")))
    edits, n = word_errors(BECKETT_TEXT, r.text)
    assert edits / n <= 0.12
    assert not r.truncated and r.tokens


@pytest.mark.models
def test_budget_and_tiny_inputs(asr: MoonshineAsr) -> None:
    x = load_audio(wav("beckett"))
    r = asr.transcribe(x, max_tokens=3)
    assert r.truncated and len(r.tokens) <= 3
    assert asr.transcribe(np.zeros(100, dtype=np.float32)) == AsrResult("", (), False)


class _FailsOnLongInput(MoonshineAsr):
    """Moonshine's real failure mode (empty output for a long chunk), made deterministic."""

    def transcribe(
        self, audio: FloatArray, max_tokens: int | None = None, suppress_blank: bool = False
    ) -> AsrResult:
        if audio.size > 4 * SAMPLE_RATE:
            return AsrResult("", (), False)
        return super().transcribe(audio, max_tokens, suppress_blank)


@pytest.mark.models
def test_long_input_fallback_splits_at_a_quiet_point(asr: MoonshineAsr) -> None:
    flaky = _FailsOnLongInput.__new__(_FailsOnLongInput)
    flaky.__dict__.update(asr.__dict__)  # share the loaded sessions
    name = "pauses_gb_190"
    x = load_audio(wav(name))
    t = truth(name)
    clip = x[int(t["first_speech_s"] * SAMPLE_RATE) - 1600 : int(5.7 * SAMPLE_RATE)]
    assert flaky.transcribe(clip).text == ""
    r = flaky.transcribe_robust(clip)
    edits, n = word_errors("The project started badly. We had no clear owner and no tests.", r.text)
    assert edits / n <= 0.2
