"""Words the product must never put in front of a candidate or a model.

EU AI Act Art. 5(1)(f) bans inferring emotions in education and workplace settings, so our
own text (questions, probes, prompts, generated follow-ups) never labels an inner state.
A candidate may say such words; we just never echo them back.
"""

from __future__ import annotations

import re

BANNED_WORDS: frozenset[str] = frozenset(
    {
        "afraid",
        "angry",
        "anxiety",
        "anxious",
        "calm",
        "composed",
        "confidence",
        "confident",
        "emotion",
        "emotional",
        "emotions",
        "fear",
        "feel",
        "feeling",
        "feelings",
        "felt",
        "frustrated",
        "mood",
        "nerves",
        "nervous",
        "nervousness",
        "scared",
        "stressed",
        "upset",
        "worried",
    }
)

# Statistical terms that merely share a word with an inner-state label.
_ALLOWED_PHRASES = re.compile(r"\bconfidence (?:intervals?|levels?|threshold)\b")
_WORD = re.compile(r"[a-z]+")


def find_banned_words(text: str) -> list[str]:
    """Banned words in `text`, in order of appearance (case-insensitive, whole words)."""
    cleaned = _ALLOWED_PHRASES.sub(" ", text.lower())
    return [w for w in _WORD.findall(cleaned) if w in BANNED_WORDS]
