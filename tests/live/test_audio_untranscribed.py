"""The live track never turns voiced speech into silence: spans the recogniser returned
nothing for, and utterances recognition failed on, come back as "[not transcribed a-b s]".

The pool stands in for the worker processes only (what a worker returns is covered by
tests/signals/audio/test_robust.py on the real model); the stream analyser is real.
"""

from __future__ import annotations

import re
from typing import cast

from moodlens.live.audio import AudioTrack, Utterance
from moodlens.live.frames import AudioFrame
from moodlens.signals.audio.asr import AsrResult
from moodlens.signals.audio.asr_pool import AsrPool
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray, load_audio
from tests.signals.audio.conftest import wav

MARKER = re.compile(r"\[not transcribed (\d+\.\d)-(\d+\.\d) s\]")


class _Pool:
    def __init__(self, result: AsrResult | None) -> None:
        self.result = result

    async def transcribe(self, audio: FloatArray) -> AsrResult:
        if self.result is None:
            raise RuntimeError("worker died twice")
        return self.result


def _utterances(track: AudioTrack, t0_s: float) -> list[Utterance]:
    x = load_audio(wav("fluent_gb_130"))
    out: list[Utterance] = []
    step = SAMPLE_RATE // 50
    for i in range(0, x.size, step):
        frame = AudioFrame(i // step, t0_s * 1000 + i / SAMPLE_RATE * 1000, x[i : i + step])
        out += track.feed(frame).utterances
    return out + track.close_utterance()


async def test_untranscribed_span_is_shown_in_session_time() -> None:
    pool = _Pool(AsrResult("", (), False, ((0.2, 1.4),)))
    track = AudioTrack(cast(AsrPool, pool))
    utt = _utterances(track, t0_s=30.0)[0]
    out = await track.transcribe(utt)
    m = MARKER.fullmatch(out.text)
    assert m is not None, out.text
    # session times: the audio started 30 s into the session, the span 0.2 s into the audio
    start, end = float(m.group(1)), float(m.group(2))
    assert start >= 30.0
    assert abs((end - start) - 1.2) <= 0.11  # times are shown to 0.1 s
    stored = track.answer_analysis(utt.start_s - 1, utt.end_s + 1, None)
    assert len(stored["untranscribed"]) == 1
    assert stored["metrics"]["untranscribed_s"] > 1.0


async def test_failed_recognition_marks_the_whole_utterance() -> None:
    track = AudioTrack(cast(AsrPool, _Pool(None)))
    utt = _utterances(track, t0_s=0.0)[0]
    out = await track.transcribe(utt)
    m = MARKER.fullmatch(out.text)
    assert m is not None, out.text
    assert float(m.group(1)) <= utt.start_s + 0.2 and float(m.group(2)) >= utt.end_s - 0.2
    assert track.skipped_utterances == 1
