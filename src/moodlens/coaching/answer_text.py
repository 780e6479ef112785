"""What an answer's words contain, apart from its structure: key points said, quantities,
tools and outcomes named, hedges and signposts, and which sentences are said under so many
hedges that they do not count (`hedged`). Pure text rules, shared by `analysis`,
`star_parts` and `format_rubric`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from moodlens.coaching import lexicon as lx
from moodlens.coaching.language_habits import find_hedges, tokenize
from moodlens.coaching.text import STOPWORDS, normalise, split_sentences, stem, stem_string, tokens

OUTCOME_IRREGULAR = frozenset({"grew", "fell", "rose", "won", "became"})
# "from 40 to 12 minutes" is a movement; "from offer to first shift" is a route, not a rate.
_NUM = r"(?:\S*\d\S*|" + "|".join(sorted(lx.NUMBER_WORDS)) + r")"
RATE = re.compile(
    r"\d\s*(?:%|percent)|\bpercent\b|\b\d+(?:\.\d+)?x\b|"
    rf"\bfrom {_NUM} to \S+|\bfrom \S+ to {_NUM}\b"
)
TEXT_FILLER = re.compile(r"\b(?:um+|uh+|erm|you know|i mean|basically)\b|(?:^|,\s)like,|\byeah,")


def has_digit_or_qty(sentence: str, quantities: Sequence[str]) -> bool:
    return any(c.isdigit() for c in sentence) or any(q in sentence for q in quantities)


def without_question_words(transcript: str, question_text: str) -> str:
    asked = {stem(t) for t in tokens(question_text)} - {stem(w) for w in STOPWORDS}
    return " ".join(t for t in tokens(transcript) if stem(t) not in asked)


def measured(sentence: str) -> bool:
    low = normalise(sentence)
    return (
        any(c.isdigit() for c in low)
        or RATE.search(low) is not None
        or any(t in lx.NUMBER_WORDS for t in tokens(low))
    )


def hedged(sentence: str) -> bool:
    """Two or more hedges or filler phrases: a part said like this is not really stated.

    Hedges are the report's (`language_habits.find_hedges`): one definition, so a sentence
    the report marks with two hedges is the one this rule sets aside."""
    hedges = len(find_hedges(tokenize(sentence)))
    return hedges + len(TEXT_FILLER.findall(sentence)) >= 2


def covered_key_points(
    key_points: Mapping[str, Sequence[str]], transcript: str, question_text: str = ""
) -> tuple[list[str], list[str]]:
    """Key points evidenced by a synonym. Words of the question itself do not count:
    restating "who used it" is not covering who used it (issue 15: a rambling answer that
    repeats the question's nouns must not score as relevant)."""
    # Said under two or more hedges or fillers, a point is not really made (hedged).
    said = [stem_string(s) for s in split_sentences(transcript) if not hedged(normalise(s))]
    asked = stem_string(question_text)
    covered: list[str] = []
    missed: list[str] = []
    for name, synonyms in key_points.items():
        phrases = [p for s in synonyms if s.strip() and (p := stem_string(s)) not in asked]
        hit = any(p in h for p in phrases for h in said)
        (covered if hit else missed).append(name)
    return covered, missed


def find_quantities(words: Sequence[str], lowered: str) -> list[str]:
    out = [w for w in words if any(c.isdigit() for c in w)]
    for i, w in enumerate(words):
        if w in lx.NUMBER_WORDS:
            following = words[i + 1 : i + 4]
            unit = next((u for u in following if u in lx.QUANTITY_UNITS), None)
            if unit is not None:
                out.append(f"{w} {unit}")
    out.extend(m.group(0) for m in lx.MULTIPLIERS.finditer(lowered))
    return dedupe(out)


def find_tools(transcript: str) -> list[str]:
    words = tokens(transcript)
    found = [w for w in words if w in lx.TOOL_WORDS]
    padded = " " + " ".join(words) + " "
    found.extend(p for p in lx.TOOL_PHRASES if f" {' '.join(tokens(p))} " in padded)
    return found


def find_outcomes(words: Sequence[str]) -> list[str]:
    return [
        w
        for w in words
        if stem(w) in lx.OUTCOME_STEMS and (w in OUTCOME_IRREGULAR or w.endswith("ed"))
    ]


def find_hedge_phrases(transcript: str) -> list[str]:
    # One definition of a hedge for the score and the report's language habits
    # (coaching/language_habits.py): the same answer must not show two hedge counts.
    return [phrase for phrase, _, _ in find_hedges(tokenize(transcript))]


def count_signposts(sentences: Sequence[str]) -> int:
    starts = sum(1 for s in sentences if lx.SIGNPOSTS_START.match(s))
    inline = sum(len(lx.SIGNPOSTS_ANY.findall(s)) for s in sentences)
    return starts + inline


def dedupe(items: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
