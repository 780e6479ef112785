"""The generated evaluation corpus (tests/fixtures/speech_corpus.py) at test time.

A modest subset keeps the suite fast (about 160 s of audio); bench/speech_accuracy.py runs
all 144 answers and the real recordings. The audio is synthesised here (espeak-ng + sox,
fixed seed) into the session's temporary directory, never committed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from moodlens.signals.audio.analyze import analyze_file
from moodlens.signals.audio.asr import MoonshineAsr
from tests.fixtures.speech_corpus import CorpusAnswer, generate, tools_available
from tests.fixtures.speech_scoring import Score, score

pytestmark = pytest.mark.models

# Both splits, every kind; fillers_019 and fillers_076 lost whole utterances before issue 12;
# fast_03/fast_05 are issue 12's fast answer (about 200 wpm, 11-13 s without a pause).
SUBSET = [
    "continuous_09", "paired_09", "fillers_019", "fillers_017", "fillers_076", "fluent_060",
    "pauses_012", "short_009", "fillers_001", "fillers_014", "fast_03", "fast_05",
]  # fmt: skip
FAST = ("fast_03", "fast_05")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, CorpusAnswer]]:
    assert tools_available(), "espeak-ng and sox are needed: scripts/install-system-deps.sh test"
    answers = generate(tmp_path_factory.mktemp("speech_corpus"), only=SUBSET)
    yield {a.name: a for a in answers}


@pytest.fixture(scope="module")
def results(corpus: dict[str, CorpusAnswer], asr: MoonshineAsr) -> dict[str, dict[str, Any]]:
    return {name: analyze_file(a.wav, asr=asr).to_dict() for name, a in corpus.items()}


def _score(name: str, corpus: dict[str, CorpusAnswer], results: dict[str, Any]) -> Score:
    return score(results[name], corpus[name].truth)


def test_the_subset_is_the_planned_one(corpus: dict[str, CorpusAnswer]) -> None:
    assert sorted(corpus) == sorted(SUBSET)
    assert {a.spec.split for a in corpus.values()} == {"fit", "held"}
    for a in corpus.values():
        assert Path(a.wav).is_file() and a.truth["segments"]


def test_nothing_voiced_is_silently_lost(
    corpus: dict[str, CorpusAnswer], results: dict[str, Any]
) -> None:
    total = Score()
    for name in SUBSET:
        s = _score(name, corpus, results)
        total.add(s)
        assert s.lost_s == 0.0, (name, results[name]["transcript"])
    print("\ncorpus subset:", total.summary())


def test_long_continuous_speech_as_good_as_with_pauses(
    corpus: dict[str, CorpusAnswer], results: dict[str, Any]
) -> None:
    cont = _score("continuous_09", corpus, results)
    paused = _score("paired_09", corpus, results)
    assert corpus["continuous_09"].truth["text"] == corpus["paired_09"].truth["text"]
    assert not corpus["continuous_09"].truth["pauses"]
    print(f"\nWER continuous {cont.edits / cont.ref_words:.3f}, paused "
          f"{paused.edits / paused.ref_words:.3f}")  # fmt: skip
    assert cont.edits / cont.ref_words <= paused.edits / paused.ref_words + 0.02


def test_every_long_pause_is_found(
    corpus: dict[str, CorpusAnswer], results: dict[str, Any]
) -> None:
    total = Score()
    for name in SUBSET:
        total.add(_score(name, corpus, results))
    assert total.long_pauses >= 2
    assert total.long_found == total.long_pauses


def test_no_filler_invented_in_fluent_speech(
    corpus: dict[str, CorpusAnswer], results: dict[str, Any]
) -> None:
    for name in ("fluent_060", "continuous_09", "paired_09"):
        assert results[name]["fillers"] == [], name


def test_fast_answers_without_a_pause_are_transcribed(
    corpus: dict[str, CorpusAnswer], results: dict[str, Any]
) -> None:
    for name in FAST:
        t = corpus[name].truth
        assert t["wpm"] >= 190 and not t["pauses"]
        s = _score(name, corpus, results)
        assert s.lost_s == 0.0 and s.untranscribed_s == 0.0
        # before issue 12 such an answer could come back empty (WER 0.76); the bench reports
        # the figure against the 0.10 goal, this is a floor well clear of losing it
        assert s.edits / s.ref_words <= 0.2, results[name]["transcript"]


def test_fillers_are_not_invented(corpus: dict[str, CorpusAnswer], results: dict[str, Any]) -> None:
    total = Score()
    for name in SUBSET:
        total.add(_score(name, corpus, results))
    assert total.filler_expected >= 10
    print("\nfillers on the subset:", total.summary())
    assert total.filler_hits / total.filler_found >= 0.9  # issue 12's precision goal
    # recall is short of the 0.90 goal (bench/speech_accuracy.py): a floor against regressions
    assert total.filler_hits / total.filler_expected >= 0.7


def test_pause_lengths_within_0_15_s(
    corpus: dict[str, CorpusAnswer], results: dict[str, Any]
) -> None:
    # issue 12 item 4: every scripted pause (>= 0.3 s, inside and between utterances) is
    # found with its length within 0.15 s (all of them on this subset and the held part;
    # the bench reports the fitted part, 0.96)
    total = Score()
    for name in SUBSET:
        total.add(_score(name, corpus, results))
    assert total.pauses >= 10
    assert total.pauses_exact == total.pauses, total.summary()
