"""Incremental recognition (ADR 0016): a long answer is closed in pieces while it is spoken,
with nothing lost, no word shown twice at a seam, and words and pauses timed as before."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest

from moodlens.signals.audio.asr import MoonshineAsr
from moodlens.signals.audio.decode import SAMPLE_RATE, load_audio
from moodlens.signals.audio.robust import OVERLAP_S
from moodlens.signals.audio.stream import StreamAnalyzer, StreamConfig, StreamEvent
from moodlens.signals.audio.vad import CHUNK_S
from tests.fixtures.speech_scoring import norm_words, word_errors

from .conftest import truth, wav
from .test_stream import WHOLE, _frames, _of, _pcm

pytestmark = pytest.mark.models

FRAME_MAX_S = 3000 / SAMPLE_RATE  # _frames cuts at most 3,000 samples
NAMES = ("fluent_gb_130", "fluent_us_160", "fillers_us_160")


def _long_answer() -> tuple[np.ndarray, str]:
    """Three fixture answers, 12-15 s each without a pause inside, joined by 0.4 s pauses
    (the VAD hears the joins as 0.1-0.4 s pauses): 40 s of speech."""
    parts, texts = [], []
    for name in NAMES:
        t = truth(name)
        x = load_audio(wav(name))
        a, b = (
            int((t["first_speech_s"] - 0.05) * SAMPLE_RATE),
            int((t["last_speech_s"] + 0.05) * SAMPLE_RATE),
        )
        parts += [x[a:b], np.zeros(int(0.4 * SAMPLE_RATE), dtype=np.float32)]
        texts.append(t["text"])
    return np.concatenate(parts[:-1]), " ".join(texts)


def _stream(
    cfg: StreamConfig, x: np.ndarray
) -> tuple[StreamAnalyzer, list[tuple[float, StreamEvent]]]:
    """Events with the stream time at which each was returned."""
    s = StreamAnalyzer(replace(cfg, max_waiting_utterances=100))
    out: list[tuple[float, StreamEvent]] = []
    for f in _frames(_pcm(x), seed=11):
        out += [(s.now, e) for e in s.feed(f)]
    out += [(s.now, e) for e in s.flush()]
    return s, out


def _transcribe(
    s: StreamAnalyzer, utts: list[StreamEvent], asr: MoonshineAsr, reverse: bool
) -> str:
    texts = {}
    for u in reversed(utts) if reverse else utts:
        assert u.audio is not None
        (t,) = _of(
            s.add_transcript(u.data["id"], asr.transcribe_robust(u.audio).text), "transcript"
        )
        texts[u.data["start"]] = t.data["text"]
    return " ".join(texts[k] for k in sorted(texts) if texts[k])


def test_pieces_close_while_speaking_and_the_last_one_is_short() -> None:
    x, _ = _long_answer()
    cfg = StreamConfig()
    assert cfg.pieces is not None
    _s, timed = _stream(cfg, x)
    utts = [(now, e) for now, e in timed if e.type == "utterance"]
    whole = _of([e for _, e in _stream(WHOLE, x)[1]], "utterance")
    assert len(utts) >= len(whole) >= 4
    spans = [(e.data["start"], e.data["end"]) for _, e in utts]
    # Together the pieces cover exactly what the whole utterances cover.
    assert spans[0][0] == whole[0].data["start"] and spans[-1][1] == whole[-1].data["end"]
    for (_, b), (c, _) in itertools.pairwise(spans):
        assert c >= b  # no speech in two pieces (their audio overlaps only at a cut)
    at_pause = 0
    for now, e in utts[:-1]:
        a, b = e.data["start"], e.data["end"]
        assert b - a <= cfg.pieces.max_s + CHUNK_S
        # Closed at the piece gap after a pause (250 ms, not the 500 ms that ends a whole
        # utterance), or at the cap while the candidate was still speaking.
        # (``now`` is the end of the frame that closed it: frames here are up to 0.19 s.)
        paused = now - b <= cfg.pieces.gap_s + CHUNK_S + FRAME_MAX_S
        assert paused or now <= a + cfg.vad.max_utterance_s + CHUNK_S + FRAME_MAX_S
        at_pause += paused and b - a >= cfg.pieces.min_s and now - b < cfg.vad.utterance_gap_s
    assert at_pause >= 1
    last = utts[-1][1]
    assert last.data["end"] - last.data["start"] <= cfg.pieces.max_s + CHUNK_S


@pytest.mark.parametrize("reverse", [False, True], ids=["in order", "last piece first"])
def test_pieces_read_as_well_as_whole_utterances(asr: MoonshineAsr, reverse: bool) -> None:
    x, script = _long_answer()
    s, timed = _stream(StreamConfig(), x)
    utts = _of([e for _, e in timed], "utterance")
    cut_inside_speech = sum(
        1 for a, b in itertools.pairwise(utts) if a.data["end"] == b.data["start"]
    )
    assert cut_inside_speech >= 1  # the seams are exercised
    for a, b in itertools.pairwise(utts):
        if a.data["end"] == b.data["start"]:  # each side hears OVERLAP_S of the other
            assert a.audio is not None and b.audio is not None
            assert a.audio.size / SAMPLE_RATE >= a.data["end"] - a.data["start"] + OVERLAP_S
    text = _transcribe(s, utts, asr, reverse)
    words = norm_words(text)
    assert all(
        words[i : i + k] != words[i + k : i + 2 * k] for k in (2, 3) for i in range(len(words))
    ), text
    ws, wtimed = _stream(WHOLE, x)
    whole_text = _transcribe(ws, _of([e for _, e in wtimed], "utterance"), asr, reverse)
    e_p, n = word_errors(script, text)
    e_w, _ = word_errors(script, whole_text)
    assert e_p / n <= max(0.15, e_w / n + 0.05), (text, whole_text)
    assert s.pending_transcripts == [] and s.seams == {} and s.shown == {}
    # Pauses come from the VAD, not the pieces: the same either way. Words lie inside the
    # speech they were heard in, in order.
    pm, wm = s.window_metrics(0.0, s.now), ws.window_metrics(0.0, ws.now)
    assert pm.pauses == wm.pauses
    assert pm.wpm == pytest.approx(wm.wpm, rel=0.1)
    starts = [w.start for w in sorted(s.words, key=lambda w: w.start)]
    assert all(w.end >= w.start for w in s.words)
    assert starts == sorted(starts) and starts[0] >= utts[0].data["start"] - 0.15
    assert max(w.end for w in s.words) <= utts[-1].data["end"] + 0.15
