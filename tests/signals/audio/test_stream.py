"""The live streaming analyser: events, cues, transcripts, bounds and resuming."""

from __future__ import annotations

import json

import numpy as np
import pytest

from moodlens.signals.audio.analyze import prepare
from moodlens.signals.audio.asr import MoonshineAsr
from moodlens.signals.audio.decode import SAMPLE_RATE, load_audio
from moodlens.signals.audio.robust import OVERLAP_S
from moodlens.signals.audio.stream import StreamAnalyzer, StreamConfig, StreamEvent
from moodlens.signals.audio.stream_types import PieceConfig
from tests.fixtures.speech_scoring import norm_words, word_errors

from .conftest import truth, wav

pytestmark = pytest.mark.models

# Whole utterances only (no pieces while speaking): as the offline analysis segments them.
WHOLE = StreamConfig(pieces=None)


def _pcm(x: np.ndarray) -> bytes:
    return np.clip(np.round(x * 32768.0), -32768, 32767).astype("<i2").tobytes()


def _frames(data: bytes, seed: int = 0) -> list[bytes]:
    """Cut PCM16 into frames of random size, as a browser worklet might send them."""
    rng = np.random.default_rng(seed)
    out, i = [], 0
    while i < len(data):
        n = 2 * int(rng.integers(64, 3000))
        out.append(data[i : i + n])
        i += n
    return out


def _run(s: StreamAnalyzer, frames: list[bytes]) -> list[StreamEvent]:
    events: list[StreamEvent] = []
    for f in frames:
        events += s.feed(f)
    return events


def _of(events: list[StreamEvent], kind: str) -> list[StreamEvent]:
    return [e for e in events if e.type == kind]


def test_speech_state_utterances_and_long_pauses() -> None:
    name = "pauses_us_130"
    t = truth(name)
    s = StreamAnalyzer(WHOLE)
    events = _run(s, _frames(_pcm(load_audio(wav(name)))))
    events += s.flush()
    utts = _of(events, "utterance")
    speech = t["segments"]
    assert len(utts) == len(speech) == len(_of(events, "speech_started"))
    for u, seg in zip(utts, speech, strict=True):
        assert u.data["start"] == pytest.approx(seg["start"], abs=0.1)
        assert u.data["end"] == pytest.approx(seg["end"], abs=0.15)
        assert u.audio is not None
        assert u.audio.size / SAMPLE_RATE == pytest.approx(seg["end"] - seg["start"] + 0.2, abs=0.2)
    # only the 2.5 s pause is long; the cue fires 2 s into it
    (lp,) = _of(events, "long_pause")
    long = next(p for p in t["pauses"] if p["end"] - p["start"] > 2)
    assert lp.at == pytest.approx(long["start"] + 2.0, abs=0.15)
    assert not _of(events, "cue")


def test_segmentation_matches_the_offline_analysis() -> None:
    x = load_audio(wav("fillers_us_160"))  # one 14 s stretch of speech: exercises the 10 s cap
    s = StreamAnalyzer(WHOLE)
    events = _run(s, _frames(_pcm(x), seed=3)) + s.flush()
    live = [(e.data["start"], e.data["end"]) for e in _of(events, "utterance")]
    offline = [(u.span.start, u.span.end) for u in prepare(x).utterances]
    assert len(live) == len(offline) >= 2
    for (a, b), (c, d) in zip(live, offline, strict=True):
        assert a == pytest.approx(c, abs=0.05) and b == pytest.approx(d, abs=0.05)
        assert b - a <= 10.0 + 1e-6


@pytest.mark.parametrize("cfg", [WHOLE, StreamConfig()], ids=["whole", "pieces"])
@pytest.mark.parametrize("name", ["pauses_us_130", "pauses_gb_190", "mixed_f2_130"])
def test_pauses_are_measured_on_the_same_regions_as_the_offline_analysis(
    cfg: StreamConfig, name: str
) -> None:
    # The offline analysis measures pauses on regions without the VAD's decay tail (its
    # pause lengths are within 0.15 s on the speech corpus, test_corpus.py); the live path
    # measures them on the same regions, not 50-200 ms short.
    x = load_audio(wav(name))
    s = StreamAnalyzer(cfg)
    events = _run(s, _frames(_pcm(x), seed=7)) + s.flush()
    live: list[tuple[float, float]] = []
    for r in s.regions:  # a cut inside speech splits a region where no pause is
        if live and r.start - live[-1][1] < 1e-6:
            live[-1] = (live[-1][0], r.end)
        else:
            live.append((r.start, r.end))
    offline = [(r.start, r.end) for r in prepare(x).voiced]
    assert len(live) == len(offline) >= 2
    for (a, b), (c, d) in zip(live, offline, strict=True):
        assert a == pytest.approx(c, abs=0.05) and b == pytest.approx(d, abs=0.05)
    # The trim is real: regions end before the hysteresis ends that close utterances.
    ended = [e.at for e in _of(events, "speech_ended")]
    assert len(ended) == len(live)
    assert all(b <= e for (_, b), e in zip(live, ended, strict=True))
    assert any(b < e - 0.03 for (_, b), e in zip(live, ended, strict=True))


@pytest.mark.parametrize("order", ["in order", "right piece first"])
def test_a_cap_cut_overlaps_and_the_seam_shows_each_word_once(
    asr: MoonshineAsr, order: str
) -> None:
    name = "fillers_us_160"  # 14 s without a pause: the 10 s cap cuts inside speech
    x = load_audio(wav(name))
    s = StreamAnalyzer(WHOLE)
    left, right = _of(_run(s, _frames(_pcm(x), seed=3)) + s.flush(), "utterance")
    assert left.data["end"] == right.data["start"]  # cut inside speech
    assert left.audio is not None and right.audio is not None
    cut = left.data["end"]
    # each side hears OVERLAP_S of the other (the right one from a 10 ms frame edge)
    assert left.audio.size / SAMPLE_RATE == pytest.approx(
        cut - left.data["start"] + 0.1 + OVERLAP_S, abs=0.03
    )
    assert right.audio.size / SAMPLE_RATE >= right.data["end"] - cut + OVERLAP_S
    texts = {
        left.data["id"]: asr.transcribe_robust(left.audio).text,
        right.data["id"]: asr.transcribe_robust(right.audio).text,
    }
    ids = sorted(texts) if order == "in order" else sorted(texts, reverse=True)
    shown = {}
    for uid in ids:
        (t,) = _of(s.add_transcript(uid, texts[uid]), "transcript")
        shown[uid] = t.data["text"]
    joined = " ".join(shown[k] for k in sorted(shown))
    heard_twice = len(norm_words(" ".join(texts.values()))) - len(norm_words(joined))
    assert heard_twice >= 1  # the overlap was heard by both pieces ...
    words = norm_words(joined)
    assert all(
        words[i : i + k] != words[i + k : i + 2 * k] for k in (1, 2) for i in range(len(words))
    )
    edits, n = word_errors(truth(name)["text"], joined)
    assert edits / n <= 0.15, joined  # ... and shown once
    assert s.seams == {} and s.shown == {}  # nothing kept once both sides are shown


# Cut inside speech at 8 s: the cut lands just before the "uh" at 7.56 s, which the left
# piece hears in its overlap (written "um") and the right piece's detector hears too. The
# default cuts speech only at the VAD's 10 s cap, after the fourth filler.
CUT_8S = StreamConfig(pieces=PieceConfig(max_s=8.0, cut_window_s=7.6))


@pytest.mark.parametrize(
    "cfg", [WHOLE, StreamConfig(), CUT_8S], ids=["whole", "pieces", "cut at 8 s"]
)
def test_acoustic_fillers_arrive_before_the_transcript_and_are_not_double_counted(
    asr: MoonshineAsr, cfg: StreamConfig
) -> None:
    name = "fillers_us_160"
    s = StreamAnalyzer(cfg)
    events: list[StreamEvent] = []
    for f in _frames(_pcm(load_audio(wav(name)))):
        for e in s.feed(f):
            events.append(e)
            if e.type == "utterance":
                assert e.audio is not None
                events += s.add_transcript(e.data["id"], asr.transcribe_robust(e.audio).text)
    for e in s.flush():
        events.append(e)
        if e.type == "utterance":
            assert e.audio is not None
            events += s.add_transcript(e.data["id"], asr.transcribe_robust(e.audio).text)
    truth_fp = [f for f in truth(name)["fillers"] if f["filled_pause"]]
    if cfg.pieces is None or cfg.pieces.max_s >= 10.0:
        assert len(_of(events, "filler")) == len(truth_fp)
    else:
        # The "uh" at the cut: the left piece's transcript counted it already (as "um"),
        # so the right piece's detector does not count it again before its transcript.
        assert len(_of(events, "filler")) == len(truth_fp) - 1
    transcripts = _of(events, "transcript")
    assert transcripts and all(e.data["words"] for e in transcripts)
    assert s.pending_transcripts == []
    m = s.window_metrics(0.0, s.now, question_shown_at=0.0)
    # 4, each once, also when one of them is heard on both sides of a cut inside speech
    assert m.filler_count == len(truth(name)["fillers"])
    assert m.wpm == pytest.approx(truth(name)["wpm"], rel=0.1)
    assert m.response_latency_s == pytest.approx(truth(name)["first_speech_s"], abs=0.1)
    (cue,) = [e for e in _of(events, "cue") if e.data["cue"] == "fillers"]  # rate-limited
    assert cue.data["count"] >= 3


def _looped(name: str, times: int) -> np.ndarray:
    x = load_audio(wav(name))
    return np.concatenate([x] * times)


def _feed_with_texts(s: StreamAnalyzer, x: np.ndarray, words_per_s: float) -> list[StreamEvent]:
    """Stand-in transcripts with a known word rate, to test the pace cue logic alone."""
    events: list[StreamEvent] = []
    k = 0
    for f in _frames(_pcm(x), seed=5):
        for e in s.feed(f):
            events.append(e)
            if e.type == "utterance":
                n = max(1, round((e.data["end"] - e.data["start"]) * words_per_s))
                # Distinct words: at a cut inside speech the seam join looks for words both
                # sides heard, and a run of one repeated word would all look heard twice.
                events += s.add_transcript(e.data["id"], " ".join(f"w{k + i}" for i in range(n)))
                k += n
    return events


def test_pace_cues() -> None:
    fast = _feed_with_texts(StreamAnalyzer(), _looped("fluent_us_160", 2), 3.5)  # 210 wpm
    cues = [e.data for e in _of(fast, "cue")]
    assert [c["cue"] for c in cues] == ["pace_fast"]
    assert cues[0]["wpm"] > 180
    slow = _feed_with_texts(StreamAnalyzer(), _looped("fluent_gb_130", 3), 1.4)  # 84 wpm
    assert [e.data["cue"] for e in _of(slow, "cue")] == ["pace_slow"]
    normal = _feed_with_texts(StreamAnalyzer(), _looped("fluent_gb_130", 3), 2.3)  # 138 wpm
    assert not _of(normal, "cue")


def test_volume_cues() -> None:
    x = load_audio(wav("fluent_gb_130"))
    quiet = _run(StreamAnalyzer(), _frames(_pcm(0.03 * x)))
    assert [e.data["cue"] for e in _of(quiet, "cue")] == ["volume_low"]
    loud = _run(StreamAnalyzer(), _frames(_pcm(np.clip(12.0 * x, -1.0, 1.0))))
    assert "clipping" in [e.data["cue"] for e in _of(loud, "cue")]
    assert not _of(_run(StreamAnalyzer(), _frames(_pcm(x))), "cue")


@pytest.mark.parametrize("cut", [25, 60, 110])
@pytest.mark.parametrize("cfg", [WHOLE, StreamConfig()], ids=["whole", "pieces"])
def test_snapshot_and_restore_continue_the_same_pipeline(cfg: StreamConfig, cut: int) -> None:
    frames = _frames(_pcm(load_audio(wav("mixed_f2_130"))), seed=7)
    straight = StreamAnalyzer(cfg)
    expected = _run(straight, frames) + straight.flush()

    first = StreamAnalyzer(cfg)
    got = _run(first, frames[:cut])
    snap = json.loads(json.dumps(first.snapshot()))
    resumed = StreamAnalyzer.restore(snap)
    assert resumed.cfg == cfg
    got += _run(resumed, frames[cut:]) + resumed.flush()

    assert [e.to_dict() for e in got] == [e.to_dict() for e in expected]
    for a, b in zip(_of(got, "utterance"), _of(expected, "utterance"), strict=True):
        assert a.audio is not None and b.audio is not None
        assert np.array_equal(a.audio, b.audio)


def test_capture_timestamps_keep_the_clock_when_frames_are_lost() -> None:
    s = StreamAnalyzer()
    tone = np.zeros(1600, dtype=np.float32)
    s.feed(tone, capture_ts=1000.0)
    s.feed(tone, capture_ts=1000.1)
    assert s.now == pytest.approx(0.2)
    s.feed(tone, capture_ts=1002.2)  # 2 s of frames never arrived
    assert s.now == pytest.approx(2.3)


def test_memory_is_bounded_without_transcripts() -> None:
    cfg = StreamConfig(max_waiting_utterances=2)
    s = StreamAnalyzer(cfg)
    x = _looped("pauses_gb_190", 3)  # 9 utterances, none transcribed
    n = len(_of(_run(s, _frames(_pcm(x))), "utterance"))
    assert n >= 8
    assert len(s.waiting) == 2 and s.dropped_utterances == n - 2
    assert s.buf.size <= (cfg.vad.max_utterance_s + 1.0) * SAMPLE_RATE
    assert s.add_transcript(0, "too late") == []  # dropped: ignored
    uid = s.pending_transcripts[0]
    assert s.add_transcript(uid, "hello there")
    assert s.add_transcript(uid, "hello there") == []  # delivered twice: ignored


def test_grow_buffer_appends_drops_and_regrows() -> None:
    from moodlens.signals.audio.stream_buffer import GrowBuffer

    b = GrowBuffer()
    ref = np.zeros(0, dtype=np.float32)
    rng = np.random.default_rng(0)
    for i in range(200):
        x = rng.standard_normal(int(rng.integers(1, 5000))).astype(np.float32)
        b.append(x)
        ref = np.concatenate([ref, x])
        if i % 3 == 0:
            n = int(rng.integers(0, ref.size + 1))
            b.drop(n)
            ref = ref[n:]
        assert np.array_equal(b.view(), ref)
