"""Word timing: syllable estimate and layout over voiced regions."""

from __future__ import annotations

import itertools

import pytest

from moodlens.signals.audio.vad import Region
from moodlens.signals.audio.words import (
    Word,
    assign_times,
    assign_times_pinned,
    normalise,
    regions_within,
    syllables,
)


def _t(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize(
    ("word", "n"),
    [("a", 1), ("cat", 1), ("table", 2), ("make", 1), ("communication", 5), ("talked", 1),
     ("wanted", 2), ("2019", 6), ("Hello,", 2), ("...", 0)],
)  # fmt: skip
def test_syllables(word: str, n: float) -> None:
    assert syllables(word) == n


def test_normalise_keeps_inner_apostrophes() -> None:
    assert normalise("Don't,") == "don't"
    assert normalise("(Um)") == "um"
    assert normalise("—") == ""


def test_words_stay_inside_regions_in_order() -> None:
    regions = [Region(1.0, 3.0), Region(3.5, 4.2), Region(5.0, 7.5)]
    tokens = _t("I led the migration, we shipped it. Then we measured everything")
    words = assign_times(tokens, regions)
    assert [w.text for w in words] == tokens
    for w in words:
        assert w.end > w.start
        assert any(r.start - 1e-9 <= w.start and w.end <= r.end + 1e-9 for r in regions)
    assert all(a.end <= b.start + 1e-9 for a, b in itertools.pairwise(words))
    assert words[0].start == 1.0 and words[-1].end == 7.5


def test_sentence_end_prefers_the_silence() -> None:
    # Two phrases of equal weight; the full stop must land at the gap.
    regions = [Region(0.0, 2.0), Region(2.6, 4.6)]
    words = assign_times(_t("we planned the work. then we shipped it"), regions)
    assert words[3].text == "work." and words[3].end == pytest.approx(2.0)
    assert words[4].start == pytest.approx(2.6)


def test_a_region_may_stay_empty() -> None:
    # A short voiced blip (a breath, a dropped "uh") does not swallow a word.
    regions = [Region(0.0, 2.0), Region(2.3, 2.6), Region(2.9, 5.0)]
    words = assign_times(_t("one two three four five six seven eight"), regions)
    assert not any(2.3 <= w.start < 2.6 for w in words)


def test_pins_fix_filled_pauses_and_cuts_keep_words_off() -> None:
    regions = [Region(0.0, 5.0)]
    words = assign_times_pinned(
        _t("so um I think we should"), regions, {1: Region(0.5, 1.1)}, [Region(3.0, 3.5)]
    )
    assert (words[1].start, words[1].end) == (0.5, 1.1)
    assert words[0].end <= 0.5 and words[2].start >= 1.1
    assert not any(w.start < 3.5 and w.end > 3.0 for w in words)


def test_empty_inputs() -> None:
    assert assign_times([], [Region(0, 1)]) == []
    assert assign_times(["hi"], []) == []
    assert assign_times([",", "hi"], [Region(0, 1)]) == [Word("hi", 0, 1)]


def test_regions_within_clips_and_falls_back_to_the_span() -> None:
    span = Region(1.0, 3.0)
    assert regions_within([Region(0.5, 1.5), Region(2.0, 4.0)], span) == [
        Region(1.0, 1.5),
        Region(2.0, 3.0),
    ]
    assert regions_within([Region(5.0, 6.0)], span) == [span]


def test_word_to_dict_strips_punctuation() -> None:
    assert Word("Timing,", 1.23456, 1.5).to_dict() == {"text": "timing", "start": 1.235, "end": 1.5}
