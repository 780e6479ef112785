"""Accuracy of the offline pipeline on the generated answers and on beckett.wav.

Targets (issue #3): corpus WER <= 12 %, WPM within ±10 % of the scripted truth, filler
recall and precision >= 0.8, every pause >= 1 s found with its length within 0.5 s, no
filler or pause invented in clean fluent speech; word times within about ±0.3 s.
The truth comes from scripts/make_audio_fixtures.py, which knows where it put every piece.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from moodlens.signals.audio.analyze import AudioAnalysis
from tests.fixtures.speech_scoring import align, gap, match_fillers, norm_words, word_errors

from .conftest import BECKETT_TEXT, NAMES, truth

pytestmark = pytest.mark.models
Analyse = Callable[[str], AudioAnalysis]
FLUENT = [n for n in NAMES if truth(n)["fluent"]]


def test_word_error_rate(analysis: Analyse) -> None:
    edits = words = 0
    per_file = {}
    for name in [*NAMES, "beckett"]:
        ref = BECKETT_TEXT if name == "beckett" else truth(name)["text"]
        e, n = word_errors(ref, analysis(name).transcript)
        per_file[name] = round(e / n, 3)
        edits += e
        words += n
    wer = edits / words
    print(f"\nWER {wer:.3f} over {words} words; per file {per_file}")
    assert wer <= 0.12
    assert max(per_file.values()) <= 0.25  # no file is badly off either


@pytest.mark.parametrize("name", NAMES)
def test_words_per_minute(analysis: Analyse, name: str) -> None:
    t = truth(name)
    m = analysis(name).metrics
    assert m.wpm is not None and m.articulation_wpm is not None
    assert m.wpm == pytest.approx(t["wpm"], rel=0.10)
    assert m.articulation_wpm == pytest.approx(t["articulation_wpm"], rel=0.10)


def test_filler_precision_and_recall(analysis: Analyse) -> None:
    found = expected = hits = 0
    for name in NAMES:
        got = [f.to_dict() for f in analysis(name).fillers]
        want = truth(name)["fillers"]
        hits += match_fillers(got, want)
        found += len(got)
        expected += len(want)
    precision, recall = hits / found, hits / expected
    print(f"\nfillers: precision {precision:.2f} recall {recall:.2f} ({hits}/{found}/{expected})")
    assert precision >= 0.8 and recall >= 0.8


def test_filled_pauses_are_found_even_when_the_transcript_drops_them(analysis: Analyse) -> None:
    for name in NAMES:
        for e in truth(name)["fillers"]:
            if not e["filled_pause"]:
                continue
            got = [f for f in analysis(name).fillers if f.kind == "filled_pause"]
            assert any(gap((f.start, f.end), (e["start"], e["end"])) <= 0.1 for f in got), (
                name,
                e,
            )


@pytest.mark.parametrize("name", [*FLUENT, "beckett"])
def test_no_filler_invented_in_fluent_speech(analysis: Analyse, name: str) -> None:
    assert analysis(name).fillers == ()


def test_every_long_pause_is_found_with_its_length(analysis: Analyse) -> None:
    checked = 0
    for name in NAMES:
        found = analysis(name).metrics.pauses
        for p in truth(name)["pauses"]:
            if p["end"] - p["start"] < 1.0:
                continue
            checked += 1
            near = [q for q in found if gap((q.start, q.end), (p["start"], p["end"])) == 0]
            assert len(near) == 1, (name, p)
            assert near[0].duration == pytest.approx(p["end"] - p["start"], abs=0.5)
    assert checked >= 5


@pytest.mark.parametrize("name", [*NAMES])
def test_no_pause_invented(analysis: Analyse, name: str) -> None:
    """Every reported pause lies on real silence of the clean signal (truth "silences")."""
    silences = truth(name)["silences"]
    for q in analysis(name).metrics.pauses:
        assert any(gap((q.start, q.end), (s["start"], s["end"])) == 0 for s in silences), q
    if truth(name)["fluent"]:
        assert analysis(name).metrics.pause_stats.long_count == 0


def test_no_pause_in_fluent_real_speech(analysis: Analyse) -> None:
    # beckett.wav is read with deliberate pauses between sentences: none of them is long
    assert analysis("beckett").metrics.pause_stats.long_count == 0


def test_word_times(analysis: Analyse) -> None:
    """Start of each scripted segment's first word and end of its last, vs the truth."""
    errors: list[float] = []
    for name in NAMES:
        a = analysis(name)
        words = [w for w in a.words if w.norm]
        hyp = [w.norm for w in words]
        ref: list[str] = []
        edges: list[tuple[float | None, float | None]] = []
        for seg in truth(name)["segments"]:
            ws = norm_words(seg["text"], drop_filled_pauses=False)
            for k, w in enumerate(ws):
                ref.append(w)
                edges.append(
                    (seg["start"] if k == 0 else None, seg["end"] if k == len(ws) - 1 else None)
                )
        _, pairs = align(ref, hyp)
        for i, j in pairs:
            if i is None or j is None or ref[i] != hyp[j]:
                continue
            start, end = edges[i]
            if start is not None:
                errors.append(words[j].start - start)
            if end is not None:
                errors.append(words[j].end - end)
    err = np.abs(np.array(errors))
    print(
        f"\nword edge error: n={err.size} median {np.median(err):.3f} s, "
        f"p90 {np.percentile(err, 90):.3f} s, max {err.max():.3f} s, "
        f"within 0.3 s {np.mean(err <= 0.3):.0%}"
    )
    assert err.size >= 60
    assert np.mean(err <= 0.3) >= 0.9
    # 0.6 s before the int8 decoder (ADR 0017): it hears fluent_us_160's "safe steps" right
    # (float: "safe apps"), and the syllable layout (words.py) then puts the next sentence's
    # first word 0.72 s early across a 0.1 s gap the VAD does not see (float: 0.47 s).
    assert err.max() <= 0.75


def test_response_latency_and_speaking_ratio(analysis: Analyse) -> None:
    for name in NAMES:
        t = truth(name)
        m = analysis(name).metrics
        assert m.response_latency_s == pytest.approx(t["first_speech_s"], abs=0.1)
        pauses = sum(p["end"] - p["start"] for p in t["pauses"])
        spoken = t["last_speech_s"] - t["first_speech_s"] - pauses
        assert m.speaking_ratio == pytest.approx(spoken / t["duration_s"], abs=0.06)
