"""Lexical filler rules, the acoustic filled-pause detector and their merge."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import lfilter

from moodlens.signals.audio.acoustic import FilledPause, detect_filled_pauses
from moodlens.signals.audio.decode import SAMPLE_RATE
from moodlens.signals.audio.fillers import (
    ACOUSTIC_ONLY_MAX_PITCH_REL_ST,
    BACKING,
    counts_alone,
    lexical_fillers,
    load_rules,
    merge_fillers,
)
from moodlens.signals.audio.words import Word


def _words(text: str, t0: float = 0.0, step: float = 0.3) -> list[Word]:
    return [Word(w, t0 + i * step, t0 + i * step + 0.25) for i, w in enumerate(text.split())]


def _found(text: str) -> list[str]:
    return [f.text for f in lexical_fillers(_words(text))]


def test_rules_load_from_content() -> None:
    rules = load_rules("en")
    texts = {" ".join(r.words) for r in rules}
    assert {"um", "uh", "erm", "you know", "i mean", "like", "basically", "actually",
            "sort of", "kind of"} <= texts  # fmt: skip
    with pytest.raises(KeyError):
        load_rules("xx")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("So um I think uh it worked", ["um", "uh"]),
        ("Erm, my approach", ["erm"]),
        ("It was, you know, hard", ["you know"]),
        ("Do you know what I did", []),
        ("You know the answer", []),
        ("I mean, the tests were slow", ["i mean"]),
        ("I would like to explain", []),
        ("Things like that are easy", []),
        ("It looks like rain", []),
        ("It was like really slow", ["like"]),
        ("We had, like, three owners", ["like"]),
        ("Like, we never had tests", ["like"]),
        ("I joined a like new team", ["like"]),
        ("It broke in the like same week", ["like"]),
        ("It was a kind of ownership problem", []),
        ("It was kind of messy", ["kind of"]),
        ("That sort of thing happens", []),
        ("I sort of knew it", ["sort of"]),
        ("Basically I talked to both", ["basically"]),
        ("I actually enjoy it", ["actually"]),
        ("It was you. Know what", []),
    ],
)
def test_lexical_rules(text: str, expected: list[str]) -> None:
    assert _found(text) == expected


def test_lexical_fillers_have_times() -> None:
    (f,) = lexical_fillers(_words("and you know we", t0=2.0))
    assert (f.start, f.end) == pytest.approx((2.3, 2.85))
    assert f.kind == "discourse" and f.source == "lexical"


def test_merge_counts_a_transcribed_and_detected_um_once_and_keeps_a_dropped_uh() -> None:
    lex = lexical_fillers(_words("so um I think we like to", t0=0.0))
    acoustic = [FilledPause(0.35, 0.8, 110.0), FilledPause(3.0, 3.4, 110.0)]
    merged = merge_fillers(lex, acoustic)
    assert [(f.text, f.source) for f in merged] == [("um", "both"), ("uh", "acoustic")]
    assert (merged[0].start, merged[0].end) == (0.35, 0.8)  # acoustic times win


def test_an_unbacked_sound_counts_alone_only_when_long_and_low_in_the_voice() -> None:
    low = ACOUSTIC_ONLY_MAX_PITCH_REL_ST - 1.0
    assert counts_alone(FilledPause(1.0, 1.45, 100.0, low))
    # a held vowel of slow fluent speech: as long, but at the phrase's own pitch
    assert not counts_alone(FilledPause(1.0, 1.45, 140.0, 0.3))
    assert not counts_alone(FilledPause(1.0, 1.2, 100.0, low))  # too short
    # no other voicing to compare with (a lone "uh" answer): length decides
    assert counts_alone(FilledPause(1.0, 1.45, 100.0, None))


def test_a_transcribed_ah_needs_the_detector() -> None:
    lex = lexical_fillers(_words("I like, ah, roles where", t0=0.0))
    assert [f.text for f in lex] == ["ah"]
    assert merge_fillers(lex, []) == []  # "ah" is as often a garbled word
    backed = merge_fillers(lex, [FilledPause(0.6, 0.95, 100.0, -2.0)])
    assert [(f.text, f.source) for f in backed] == [("ah", "both")]


def test_an_oh_or_ah_counts_where_a_held_vowel_backs_it_wherever_it_stands() -> None:
    # an answer that starts with a hesitation the recogniser wrote "Oh,"
    lex = lexical_fillers(_words("Oh, we had a conflict", t0=0.5))
    assert [f.text for f in lex] == ["oh"]
    assert merge_fillers(lex, []) == []
    held = FilledPause(0.5, 0.95, 150.0, 1.0)  # held, but falling: not a filled pause alone
    (f,) = merge_fillers(lex, [], backing=[held])
    assert (f.text, f.kind, f.source, f.start, f.end) == ("oh", "filled_pause", "both", 0.5, 0.95)
    # a dropped "uh" counted on its own is not counted again for a nearby "oh"
    alone = FilledPause(0.5, 0.95, 100.0, None)
    assert [(f.text, f.source) for f in merge_fillers([], [alone], backing=[held])] == [
        ("uh", "acoustic")
    ]
    # the backing sound must be near the word
    assert merge_fillers(lex, [], backing=[FilledPause(3.0, 3.4, 150.0, 1.0)]) == []


def _vowel(
    seconds: float,
    f0: tuple[float, float] = (110.0, 105.0),
    formants: tuple[tuple[float, float], ...] = ((640, 640), (1190, 1190), (2390, 2390)),
) -> np.ndarray:
    """Glottal pulse train through formant resonators; f0/formants glide start -> end."""
    n = int(seconds * SAMPLE_RATE)
    frac = np.linspace(0, 1, n)
    freq = f0[0] + (f0[1] - f0[0]) * frac
    phase = np.cumsum(freq / SAMPLE_RATE)
    src = np.diff(np.floor(phase), prepend=0.0)  # one impulse per period
    out = np.zeros(n)
    block = SAMPLE_RATE // 100
    zi = [np.zeros(2) for _ in formants]
    for a in range(0, n, block):
        seg = src[a : a + block]
        k = a / max(n - 1, 1)
        for j, (fa, fb) in enumerate(formants):
            fc, bw = fa + (fb - fa) * k, 90.0
            r = np.exp(-np.pi * bw / SAMPLE_RATE)
            den = [1.0, -2 * r * np.cos(2 * np.pi * fc / SAMPLE_RATE), r * r]
            seg, zi[j] = lfilter([1.0 - r], den, seg, zi=zi[j])
        out[a : a + block] = seg
    out = out / np.max(np.abs(out)) * 0.3
    return np.asarray(out, dtype=np.float32)


def _in_context(sound: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(0)
    pad = (0.001 * rng.standard_normal(int(0.3 * SAMPLE_RATE))).astype(np.float32)
    return np.concatenate([pad, sound, pad])


def test_a_sustained_flat_vowel_is_a_filled_pause() -> None:
    (fp,) = detect_filled_pauses(_in_context(_vowel(0.45)))
    assert fp.start == pytest.approx(0.3, abs=0.05)
    assert fp.end == pytest.approx(0.75, abs=0.05)
    assert fp.f0 == pytest.approx(107, abs=5)


def test_a_held_vowel_with_falling_pitch_only_backs_a_word() -> None:
    falling = _in_context(_vowel(0.45, f0=(150.0, 105.0)))  # about 14 semitones per second
    assert detect_filled_pauses(falling) == []
    (fp,) = detect_filled_pauses(falling, cfg=BACKING)
    assert fp.start == pytest.approx(0.3, abs=0.05)


def test_a_filled_pause_knows_its_pitch_against_the_speaker() -> None:
    # 1.5 s of intonated speech-like sound at ~140 Hz (formants moving: no filled pause),
    # then a level "uh" at 110 Hz: about 4 semitones under the voice's median.
    speech = _vowel(1.5, f0=(145.0, 135.0), formants=((300, 750), (2200, 1100), (2900, 2500)))
    (fp,) = detect_filled_pauses(_in_context(np.concatenate([speech, _vowel(0.45)])))
    assert fp.pitch_rel_st == pytest.approx(12 * np.log2(107 / 140), abs=1.0)
    assert counts_alone(fp)


@pytest.mark.parametrize(
    "sound",
    [
        _vowel(0.15),  # too short: an ordinary vowel
        _vowel(0.45, f0=(110.0, 180.0)),  # pitch moves 8.6 semitones: intonation, not "uh"
        _vowel(0.45, formants=((300, 750), (2200, 1100), (2900, 2500))),  # a glide ("why")
        np.zeros(8000, dtype=np.float32),
    ],
    ids=["short", "pitch-glide", "formant-glide", "silence"],
)
def test_other_sounds_are_not(sound: np.ndarray) -> None:
    assert detect_filled_pauses(_in_context(sound)) == []


def test_noise_is_not_a_filled_pause() -> None:
    rng = np.random.default_rng(3)
    assert detect_filled_pauses((0.2 * rng.standard_normal(SAMPLE_RATE)).astype(np.float32)) == []
