"""Language habits: the documented rules one by one, then precision and recall on the
generated corpus (tests/fixtures/habits_corpus.py), tune and held-back splits apart."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from moodlens.coaching.language_habits import (
    answer_habits,
    habit_threshold,
    phrase_threshold,
    session_habits,
    word_threshold,
)
from moodlens.coaching.wording import find_banned_words
from tests.fixtures.habits_corpus import SPLITS, generate

Q = "Tell me about a difficult trade-off you made."


def _texts(h: dict[str, Any], key: str) -> dict[str, int]:
    return {i["text"]: i["count"] for i in h[key]["items"]}


@pytest.mark.parametrize(
    "text",
    [
        "I think the key trade-off is latency.",
        "The key trade-off, I think, is latency.",
        "Latency mattered most, I think.",
        "I think so.",
    ],
)
def test_i_think_before_or_around_a_claim_is_a_hedge(text: str) -> None:
    assert _texts(answer_habits(text, Q), "hedges") == {"i think": 1}


@pytest.mark.parametrize(
    "text",
    [
        "I think about latency every week.",
        "When I think of that launch, the checklist stands out.",
        "What I think matters is the user.",
        "How I think through risk is simple.",
        "I believe in writing things down.",
        "I thought the plan was fine.",
        "We asked what kind of alerting we needed.",
        "This sort of problem is common.",
    ],
)
def test_thinking_as_an_activity_and_noun_uses_are_not_hedges(text: str) -> None:
    assert _texts(answer_habits(text, Q), "hedges") == {}


def test_context_words_stop_at_a_sentence_end() -> None:
    # "...that. Sort of" is not "that sort of".
    h = answer_habits("We shipped that. Sort of the key trade-off was cost.", Q)
    assert _texts(h, "hedges") == {"sort of": 1}


def test_longest_hedge_wins_and_each_word_counts_once() -> None:
    h = answer_habits("I'm not sure it helped, maybe it did, it seems like it did.", Q)
    assert _texts(h, "hedges") == {"i'm not sure": 1, "maybe": 1, "it seems like": 1}


def test_weak_openers_count_at_answer_and_sentence_starts_only() -> None:
    text = (
        "So, um, the project was late. Basically we cut scope. The plan was simple, so we "
        "started. The dashboard basically replaced reports. Um, I mean, it worked."
    )
    assert _texts(answer_habits(text, Q), "openers") == {"so um": 1, "basically": 1, "i mean": 1}
    # A bare "so" or "well" is weak only as the answer's first word.
    assert _texts(answer_habits("So the project was late. So we cut it.", Q), "openers") == {
        "so": 1
    }
    assert _texts(answer_habits("Well, it was late.", Q), "openers") == {"well": 1}


def test_repeats_scale_with_length_and_skip_the_question_terms() -> None:
    assert habit_threshold(100) == 3 and habit_threshold(400) == 6
    assert word_threshold(100) == 5 and word_threshold(300) == 12
    assert phrase_threshold(3, 100) == 3 and phrase_threshold(6, 100) == 2
    assert phrase_threshold(6, 450) == 3
    filler = " ".join(f"note{n}" for n in range(260)) + "."  # 260 distinct words
    short = "It was really good. Really fast. The team was really happy with it. "
    assert _texts(answer_habits(short, Q), "repeats") == {"really": 3}
    # Three uses in a 276-word answer are what its length explains (threshold 5).
    assert _texts(answer_habits(short + filler, Q), "repeats") == {}
    # The question asks about a trade-off: saying it five times is answering it.
    again = "The trade-off was real. " * 5
    assert "trade-off" not in _texts(answer_habits(again, Q), "repeats")
    # Anything else said five times in a short answer is a repeat.
    assert _texts(answer_habits("The budget was tight. " * 5, Q), "repeats") == {
        "the budget was tight": 5
    }


def test_a_phrase_is_reported_once_not_again_as_its_words() -> None:
    text = "At the end of the day we shipped. At the end of the day it worked. Good."
    assert _texts(answer_habits(text, Q), "repeats") == {"at the end of the day": 2}


def test_spoken_moments_carry_session_times_and_typed_ones_positions() -> None:
    text = "Um, so, I think it worked. Maybe."
    words = [{"text": w, "start": 40.0 + i, "end": 40.5 + i} for i, w in enumerate(text.split())]
    spoken = answer_habits(text, Q, words, filler_starts=[40.0])
    (think,) = spoken["hedges"]["items"][0]["moments"]
    assert (
        spoken["timed"]
        and think["at"] == 42.0
        and think["context"] == "Um, so, I think it worked. Maybe."
    )
    assert _texts(spoken, "openers") == {"um so": 1}
    typed = answer_habits(text, Q)
    (maybe,) = next(i for i in typed["hedges"]["items"] if i["text"] == "maybe")["moments"]
    assert maybe["at"] is None and text[maybe["char"] :].startswith("Maybe")


def test_session_totals_name_the_answers() -> None:
    a = answer_habits("I think it worked. Maybe.", Q)
    b = answer_habits("I think so.", Q)
    s = session_habits([a, None, b])
    assert s["words"] == a["words"] + b["words"]
    assert s["hedges"]["items"][0] == {"text": "i think", "count": 2, "answers": [0, 2]}


def test_no_text_and_our_labels_name_no_inner_state() -> None:
    empty = answer_habits("", Q)
    assert empty["words"] == 0 and empty["hedges"] == {
        "count": 0,
        "per_100_words": None,
        "items": [],
    }
    keys = [k for k in answer_habits("So um I think.", Q) if isinstance(k, str)]
    assert not any(find_banned_words(k) for k in keys)


def _score(split: str) -> dict[str, dict[str, float]]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for a in generate(split, 80):
        timed = None
        if a.spoken:
            timed = [
                {"text": w, "start": 0.4 * i, "end": 0.4 * i + 0.3}
                for i, w in enumerate(a.text.split())
            ]
        h = answer_habits(a.text, a.question, timed)
        for cat, gold in a.gold.items():
            pred = Counter(_texts(h, cat))
            for k in set(pred) | set(gold):
                hit = min(pred[k], gold[k])
                tp[cat] += hit
                fp[cat] += pred[k] - hit
                fn[cat] += gold[k] - hit
    return {
        cat: {
            "precision": tp[cat] / max(1, tp[cat] + fp[cat]),
            "recall": tp[cat] / max(1, tp[cat] + fn[cat]),
            "n": float(tp[cat] + fn[cat]),
        }
        for cat in ("hedges", "openers", "repeats")
    }


@pytest.mark.parametrize("split", SPLITS)
def test_corpus_precision_and_recall(split: str) -> None:
    """Floors below the measured figures (README: 1.00 on both splits at the time)."""
    scores = _score(split)
    for cat, s in scores.items():
        assert s["n"] >= 30, (cat, s)
        assert s["precision"] >= 0.95 and s["recall"] >= 0.95, (split, cat, s)
