"""Silero streaming, hysteresis and utterance segmentation."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from moodlens.signals.audio.decode import SAMPLE_RATE, load_audio
from moodlens.signals.audio.vad import (
    CHUNK,
    CHUNK_S,
    Region,
    StreamingVad,
    VadConfig,
    group_utterances,
    quietest_point,
    speech_probabilities,
    trim_hangover,
    voiced_regions,
)

from .conftest import truth, wav


def _probs(pattern: list[tuple[float, float]]) -> np.ndarray:
    """(seconds, probability) runs -> per-chunk probabilities."""
    out: list[float] = []
    for secs, p in pattern:
        out += [p] * round(secs / CHUNK_S)
    return np.array(out, dtype=np.float32)


def test_hysteresis_start_and_end() -> None:
    p = _probs([(1.0, 0.05), (2.0, 0.9), (1.0, 0.1)])
    (r,) = voiced_regions(p)
    assert r.start == pytest.approx(1.0, abs=CHUNK_S)
    assert r.end == pytest.approx(3.0, abs=CHUNK_S)


def test_gaps_shorter_than_250ms_do_not_split_and_longer_ones_do() -> None:
    short = _probs([(1.0, 0.9), (0.2, 0.1), (1.0, 0.9), (0.5, 0.0)])
    assert len(voiced_regions(short)) == 1
    long = _probs([(1.0, 0.9), (0.3, 0.1), (1.0, 0.9), (0.5, 0.0)])
    a, b = voiced_regions(long)
    assert b.start - a.end == pytest.approx(0.3, abs=CHUNK_S)


def test_middle_band_neither_starts_nor_ends_speech() -> None:
    # 0.35 <= p < 0.5 keeps an open region open and never opens one
    assert voiced_regions(_probs([(1.0, 0.4)])) == []
    (r,) = voiced_regions(_probs([(1.0, 0.9), (1.0, 0.4), (0.5, 0.0)]))
    assert r.duration == pytest.approx(2.0, abs=CHUNK_S)


def test_pause_regions_end_at_the_last_confident_chunk() -> None:
    # Silero decays through the middle band after the voice stops: the hysteresis keeps
    # that tail (for the recogniser), pause lengths leave it out
    p = _probs([(1.0, 0.9), (0.2, 0.4), (0.6, 0.1), (1.0, 0.9), (0.5, 0.0)])
    a, b = voiced_regions(p)
    assert b.start - a.end == pytest.approx(0.6, abs=CHUNK_S)
    ta, tb = trim_hangover([a, b], p)
    assert ta.start == a.start and ta.end == pytest.approx(1.0, abs=CHUNK_S)
    assert tb == b
    assert tb.start - ta.end == pytest.approx(0.8, abs=CHUNK_S)


def test_clicks_are_dropped() -> None:
    assert voiced_regions(_probs([(0.5, 0.0), (0.064, 0.9), (0.5, 0.0)])) == []


def test_utterances_merge_short_gaps_split_long_ones_and_cap_at_10s() -> None:
    regions = [Region(0.0, 2.0), Region(2.3, 4.0), Region(5.0, 6.0)]
    probs = np.zeros(200, dtype=np.float32)
    utts = group_utterances(regions, probs)
    assert utts == [Region(0.0, 4.0), Region(5.0, 6.0)]
    # 14 s of regions with 0.3 s gaps: split at a gap, every piece <= 10 s
    regions = [Region(i * 2.0, i * 2.0 + 1.7) for i in range(7)]
    utts = group_utterances(regions, np.zeros(500, dtype=np.float32))
    assert len(utts) == 2 and all(u.duration <= 10.0 for u in utts)
    assert {u.start for u in utts} <= {r.start for r in regions}


def test_continuous_speech_is_cut_at_the_quietest_point() -> None:
    sr = SAMPLE_RATE
    rng = np.random.default_rng(0)
    x = (0.3 * rng.standard_normal(14 * sr)).astype(np.float32)
    x[int(6.0 * sr) : int(6.2 * sr)] *= 0.01  # a 200 ms dip: too short to be a pause
    regions = [Region(0.0, 14.0)]
    utts = group_utterances(regions, np.ones(14 * sr // CHUNK, dtype=np.float32), samples=x)
    assert utts[0].end == pytest.approx(6.1, abs=0.08)
    assert quietest_point(x, 3.0, 10.0) == pytest.approx(6.1, abs=0.08)


@pytest.mark.models
def test_streaming_in_odd_chunks_equals_batch_and_survives_snapshot() -> None:
    x = load_audio(wav("pauses_gb_190"))
    batch = speech_probabilities(x)
    rng = np.random.default_rng(1)
    vad = StreamingVad()
    got: list[np.ndarray] = []
    i = 0
    while i < x.size:
        n = int(rng.integers(1, 3000))
        got.append(vad.feed(x[i : i + n]))
        i += n
        if len(got) == 20:  # mid-stream: serialise, restore, carry on
            vad = StreamingVad.restore(json.loads(json.dumps(vad.snapshot())))
    streamed = np.concatenate(got)
    full_chunks = x.size // CHUNK
    assert streamed.size == full_chunks
    assert np.allclose(streamed, batch[:full_chunks], atol=1e-5)


@pytest.mark.models
@pytest.mark.parametrize("name", ["pauses_gb_190", "pauses_us_130", "mixed_f2_130"])
def test_regions_follow_the_scripted_pauses(name: str) -> None:
    t = truth(name)
    regions = voiced_regions(speech_probabilities(load_audio(wav(name))))
    assert regions[0].start == pytest.approx(t["first_speech_s"], abs=0.1)
    assert regions[-1].end == pytest.approx(t["last_speech_s"], abs=0.15)
    for p in t["pauses"]:
        gap = [
            Region(a.end, b.start)
            for a, b in itertools.pairwise(regions)
            if a.end < p["end"] and b.start > p["start"]
        ]
        assert len(gap) == 1, p
        assert gap[0].duration == pytest.approx(p["end"] - p["start"], abs=0.2)


@pytest.mark.models
def test_silence_and_noise_are_not_speech() -> None:
    rng = np.random.default_rng(2)
    noise = (0.003 * rng.standard_normal(5 * SAMPLE_RATE)).astype(np.float32)
    assert voiced_regions(speech_probabilities(noise), VadConfig()) == []
    assert voiced_regions(speech_probabilities(np.zeros(SAMPLE_RATE, np.float32))) == []
