"""Nothing voiced is lost: retries, overlapping pieces, "[not transcribed a-b s]" spans."""

from __future__ import annotations

import numpy as np
import pytest

from moodlens.cli_analyze import _summary
from moodlens.signals.audio.analyze import analyze_samples
from moodlens.signals.audio.asr import AsrResult, MoonshineAsr
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray, load_audio
from moodlens.signals.audio.merge import join_overlapping
from moodlens.signals.audio.metrics import compute_metrics
from moodlens.signals.audio.robust import PIECE_MAX_S, recognise
from moodlens.signals.audio.stream import StreamAnalyzer
from moodlens.signals.audio.vad import Region
from moodlens.signals.audio.words import Word
from tests.fixtures.speech_scoring import word_errors

from .conftest import truth, wav


def test_join_keeps_words_heard_twice_once() -> None:
    assert join_overlapping("we had a customer who", "who was unhappy") == (
        "we had a customer who was unhappy"
    )
    # fragments beyond the agreeing run are dropped on both sides
    assert join_overlapping("I think the lesson from that pro", "fro that project was") == (
        "I think the lesson from that project was"
    )
    assert join_overlapping("", "hello there") == "hello there"
    assert join_overlapping("to the team and so", "the customer said") == (
        "to the team and so the customer said"
    )  # a lone "the" far from the join is a coincidence, not the same word


def test_metrics_treat_untranscribed_time_as_unknown() -> None:
    words = [Word(f"w{i}", 1.0 + i * 0.4, 1.3 + i * 0.4) for i in range(20)]  # 1.0-8.9 s
    voiced = [Region(1.0, 8.9), Region(9.2, 19.0)]
    lost = [Region(9.2, 19.0)]
    m = compute_metrics(words, [], voiced, 0.0, 20.0, untranscribed=lost)
    plain = compute_metrics(words, [], voiced[:1], 0.0, 20.0)
    assert m.untranscribed_s == pytest.approx(9.8)
    # the rate is over the words' own time, not diluted by the unknown 10 s
    assert m.wpm == pytest.approx(plain.wpm, rel=0.05)
    assert not m.wpm_reliable


class _Deaf(MoonshineAsr):
    """Moonshine's failure (an empty result) made deterministic for inputs above a length."""

    limit_s = 0.0

    def transcribe(
        self, audio: FloatArray, max_tokens: int | None = None, suppress_blank: bool = False
    ) -> AsrResult:
        if audio.size > self.limit_s * SAMPLE_RATE:
            return AsrResult("", (), False)
        return super().transcribe(audio, max_tokens, suppress_blank)


def _deaf(asr: MoonshineAsr, limit_s: float) -> _Deaf:
    d = _Deaf.__new__(_Deaf)
    d.__dict__.update(asr.__dict__)  # share the loaded sessions
    d.limit_s = limit_s
    return d


@pytest.mark.models
def test_failed_long_input_is_recovered_in_overlapping_pieces(asr: MoonshineAsr) -> None:
    name = "pauses_gb_190"
    x = load_audio(wav(name))
    t = truth(name)
    clip = x[int(t["first_speech_s"] * SAMPLE_RATE) - 1600 : int(5.7 * SAMPLE_RATE)]
    flaky = _deaf(asr, 3.0)
    assert flaky.transcribe(clip).text == ""
    r = recognise(flaky, clip)
    edits, n = word_errors("The project started badly. We had no clear owner and no tests.", r.text)
    assert edits / n <= 0.2
    assert r.untranscribed == ()


@pytest.mark.models
def test_speech_nothing_is_recognised_in_stays_visible(asr: MoonshineAsr) -> None:
    name = "fluent_gb_130"
    x = load_audio(wav(name))
    t = truth(name)
    a = analyze_samples(x, asr=_deaf(asr, 0.0))
    assert a.words == ()
    (span,) = a.untranscribed
    assert span.start == pytest.approx(t["first_speech_s"], abs=0.3)
    assert span.end == pytest.approx(t["last_speech_s"], abs=0.3)
    marker = f"[not transcribed {span.start:.1f}-{span.end:.1f} s]"
    assert a.transcript == marker
    d = a.to_dict()
    assert d["untranscribed"] == [{"start": round(span.start, 3), "end": round(span.end, 3)}]
    assert d["wpm"] is None and d["untranscribed_s"] == pytest.approx(span.duration, abs=0.01)
    assert "Not transcribed:" in _summary(d)


@pytest.mark.models
def test_long_continuous_speech_is_decoded_in_pieces(asr: MoonshineAsr) -> None:
    # Two fixture answers back to back without a pause: one stretch longer than a piece.
    parts = [load_audio(wav(n)) for n in ("fluent_us_160", "fluent_f2_140")]
    trimmed = [
        p[
            int(truth(n)["first_speech_s"] * SAMPLE_RATE) : int(
                truth(n)["last_speech_s"] * SAMPLE_RATE
            )
        ]
        for p, n in zip(parts, ("fluent_us_160", "fluent_f2_140"), strict=True)
    ]
    x = np.concatenate(trimmed)
    assert x.size / SAMPLE_RATE > 2 * PIECE_MAX_S
    r = recognise(asr, x)
    ref = truth("fluent_us_160")["text"] + " " + truth("fluent_f2_140")["text"]
    edits, n = word_errors(ref, r.text)
    assert edits / n <= 0.12, r.text
    assert r.untranscribed == ()


def test_live_transcript_carries_untranscribed_spans() -> None:
    x = load_audio(wav("fluent_gb_130"))
    s = StreamAnalyzer()
    events = s.feed(x) + s.flush()
    utts = [e for e in events if e.type == "utterance"]
    assert utts
    first = utts[0]
    audio_start = s.waiting[first.data["id"]].audio_start
    out = s.add_transcript(first.data["id"], "", untranscribed=[(0.1, 2.0)])
    (tr,) = [e for e in out if e.type == "transcript"]
    assert tr.data["untranscribed"] == [
        {"start": round(audio_start + 0.1, 3), "end": round(audio_start + 2.0, 3)}
    ]
    m = s.window_metrics(0.0, s.now)
    assert m.untranscribed_s == pytest.approx(1.9, abs=0.01)
    again = StreamAnalyzer.restore(s.snapshot())
    assert list(again.unknown) == list(s.unknown)
