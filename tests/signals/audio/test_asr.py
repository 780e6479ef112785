"""Moonshine recogniser: transcripts, token budget, loop guard, long-input fallback."""

from __future__ import annotations

import numpy as np
import pytest

from moodlens.signals.audio.asr import AsrResult, MoonshineAsr, _looping, _without_repeated_tail
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray, load_audio
from tests.fixtures.speech_scoring import word_errors

from .conftest import BECKETT_TEXT, truth, wav


def test_loop_guard() -> None:
    assert _looping([5, 6, 7, 5, 6, 7, 5, 6, 7, 5, 6, 7])
    assert _looping([9] * 4)
    assert not _looping([1, 2, 3, 4, 5, 6, 7, 8])
    assert not _looping([5, 6, 5, 6, 5, 6])  # three repeats is still language ("no, no, no")
    phrase = list(range(10, 24))  # 14 tokens, as the int8 decoder looped on one clip
    assert _looping([1, 2, *phrase * 3])
    assert not _looping([1, 2, *phrase * 2])


def _words(tokens: list[int]) -> str:
    # A stand-in tokenizer: token t reads "wT", and 99 is a comma glued to the word before.
    return " ".join(f"w{t}" if t != 99 else "," for t in tokens).replace(" ,", ",")


def test_a_looped_phrase_is_kept_once() -> None:
    phrase = list(range(10, 24))
    # two and a bit copies at the end of a decode that ran to its budget
    tokens = [1, 2, *phrase, *phrase, *phrase[:3]]
    assert _without_repeated_tail(tokens, _words) == [1, 2, *phrase]
    # copies that differ only in punctuation are the same words
    looped = [1, 2, 5, 6, 99, 7, 8, 5, 6, 7, 8, 5, 6, 99, 7, 8]
    assert _without_repeated_tail(looped, _words) == [1, 2, 5, 6, 99, 7, 8]
    # a word or two said twice, or no repeat at all, stays
    assert _without_repeated_tail([1, 2, 3, 9, 9], _words) == [1, 2, 3, 9, 9]
    assert _without_repeated_tail([1, 2, 3, 8, 9, 8, 9], _words) == [1, 2, 3, 8, 9, 8, 9]
    assert _without_repeated_tail(list(range(30)), _words) == list(range(30))


@pytest.mark.models
def test_beckett(asr: MoonshineAsr) -> None:
    r = asr.transcribe(load_audio(wav("beckett")))
    edits, n = word_errors(BECKETT_TEXT, r.text)
    assert edits / n <= 0.12
    assert not r.truncated and r.tokens


@pytest.mark.models
def test_a_decoder_loop_does_not_repeat_the_phrase_in_the_transcript(asr: MoonshineAsr) -> None:
    # Seconds 2-10 of this fixture: the int8 decoder repeated "you learn how the system
    # really works, sort of, from the inside" until the token budget (ADR 0017).
    x = load_audio(wav("fillers_f2_150"))[2 * SAMPLE_RATE : 10 * SAMPLE_RATE]
    r = asr.transcribe(x)
    words = r.text.lower().replace(".", "").replace(",", "").split()
    trigrams = [tuple(words[i : i + 3]) for i in range(len(words) - 2)]
    assert len(trigrams) == len(set(trigrams)), r.text


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
