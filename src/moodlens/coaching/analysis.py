"""Rule-based analysis of one answer: STAR parts, key points, specificity, ownership, length.

Pure and fast (no network, no models), so the question engine can run it on every answer
while the candidate waits. Field names of `AnswerAnalysis` are a contract with the scoring
code (`coaching/scoring/evidence.py`); add fields, never rename them.

Gap order is "how worth probing", and the engine probes the first one it has not probed yet:
off_topic > too_short > too_long > missing_action > missing_result > vague_we > no_numbers >
missing_situation. A vague answer to the wrong question needs redirecting before anything
else; a one-liner needs more words before a specific probe makes sense.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from moodlens.coaching import lexicon as lx
from moodlens.coaching.content import AnswerFormat, Gap
from moodlens.coaching.relevance import OFF_TOPIC_RELEVANCE, TopicModel, topic_model
from moodlens.coaching.text import (
    normalise,
    split_sentences,
    stem,
    stem_string,
    tokens,
)

STAR_PARTS = ("situation", "task", "action", "result")
GAP_ORDER: tuple[Gap, ...] = (
    "off_topic",
    "too_short",
    "too_long",
    "missing_action",
    "missing_result",
    "vague_we",
    "no_numbers",
    "missing_situation",
)
# Conversational English runs ~130-160 wpm; the middle keeps estimates honest both ways.
SPEAKING_WPM = 140.0
TOO_SHORT_WORDS = 40
TOO_SHORT_RATIO = 0.15
TOO_LONG_RATIO = 1.8
# vague_we: a story told with "we" at least this often and almost never "I".
VAGUE_WE_MIN = 3
VAGUE_WE_RATIO = 0.25
# Too few words to judge topicality: a one-liner is "too short", not "off topic".
OFF_TOPIC_MIN_WORDS = 25

_I_WORDS = frozenset({"i", "i'm", "i've", "i'd", "i'll"})
_WE_WORDS = frozenset({"we", "we're", "we've", "we'd", "we'll"})
_OUTCOME_IRREGULAR = frozenset({"grew", "fell", "rose", "won", "became"})
_SUBORDINATE = re.compile(r"\b(?:when|if|until|before|because|whether|once|while)\s+$")
_LEADING_FILLER = re.compile(r"^(?:(?:so|and|but|um|uh|well|okay|yeah|also|like),?\s+)+")


class AnswerTarget(Protocol):
    """What analysis needs to know about the question (a bank `Question` fits)."""

    @property
    def text(self) -> str: ...
    @property
    def format(self) -> AnswerFormat: ...
    @property
    def target_seconds(self) -> int: ...
    @property
    def key_points(self) -> Mapping[str, Sequence[str]]: ...
    @property
    def wants_numbers(self) -> bool: ...


@dataclass(frozen=True)
class AnswerAnalysis:
    """What one answer contains.

    - `star`: "situation", "task", "action", "result" -> the sentence that evidences it, or
      None. For case questions the parts mean clarifying/assumptions, the stated objective,
      the approach and the recommendation or final estimate.
    - `ownership_ratio`: "I" statements / ("I" + "we"); 0.5 when neither is used.
    - `length_ratio`: answer seconds (given, else estimated at 140 wpm) / target seconds.
    - `gaps`: most worth probing first (see module docstring).
    """

    star: dict[str, str | None]
    star_coverage: float
    has_result: bool
    signposting_count: int
    key_points_covered: list[str]
    key_points_missed: list[str]
    key_point_coverage: float
    off_topic: bool
    specificity_count: int
    specifics: list[str]
    ownership_ratio: float
    hedges_count: int
    hedges: list[str]
    word_count: int
    length_ratio: float | None
    gaps: list[Gap]
    answer_format: AnswerFormat = "story"
    star_expected: bool = True
    i_statements: int = 0
    we_statements: int = 0
    quantities: tuple[str, ...] = ()
    topic_relevance: float = 0.0
    duration_estimated: bool = True


def analyze_answer(
    question: AnswerTarget,
    transcript: str,
    duration_s: float | None,
    *,
    target_seconds: float | None = None,
    topics: TopicModel | None = None,
) -> AnswerAnalysis:
    """Analyse `transcript` as an answer to `question`.

    `duration_s` is the spoken duration when known (None for typed answers: estimated from
    the word count). `target_seconds` overrides the question's target, e.g. for follow-ups.
    `topics` defaults to the statistics of the packaged question bank.
    """
    topics = topics or topic_model()
    sentences = split_sentences(transcript)
    lowered = [_strip_filler(normalise(s)) for s in sentences]
    words = tokens(transcript)
    word_count = len(words)
    fmt = question.format
    star_expected = fmt in ("story", "case")

    parts = _case_star(lowered) if fmt == "case" else _story_star(lowered)
    star = {p: (sentences[i] if i is not None else None) for p, i in parts.items()}
    coverage = sum(v is not None for v in star.values()) / 4

    covered, missed = _key_points(question.key_points, transcript)
    kp_total = len(covered) + len(missed)
    kp_coverage = len(covered) / kp_total if kp_total else 0.0
    relevance = topics.relevance(question.text, question.key_points, transcript)
    # Without key points (follow-ups, closing questions) there is no topic to judge against.
    off_topic = (
        bool(question.key_points)
        and word_count >= OFF_TOPIC_MIN_WORDS
        and relevance < OFF_TOPIC_RELEVANCE
        and not topics.specific_points(question.key_points, transcript)
    )

    quantities = _quantities(words, normalise(transcript))
    specifics = _dedupe([*quantities, *_tools(transcript), *_outcomes(words)])
    i_count = sum(w in _I_WORDS for w in words)
    we_count = sum(w in _WE_WORDS for w in words)
    ownership = i_count / (i_count + we_count) if i_count + we_count else 0.5
    hedges = _hedges(normalise(transcript))

    target = target_seconds if target_seconds is not None else question.target_seconds
    estimated = duration_s is None
    seconds = word_count / SPEAKING_WPM * 60.0 if duration_s is None else duration_s
    length_ratio = seconds / target if target > 0 else None

    found: set[Gap] = set()
    if off_topic:
        found.add("off_topic")
    # A short target (a follow-up) lowers the word floor to a fifth of its expected words.
    min_words = min(TOO_SHORT_WORDS, target * SPEAKING_WPM / 60.0 * 0.2)
    ratio_low = length_ratio is not None and length_ratio < TOO_SHORT_RATIO
    if word_count < min_words or ratio_low:
        found.add("too_short")
    elif length_ratio is not None and length_ratio > TOO_LONG_RATIO:
        found.add("too_long")
    if star_expected:
        if star["action"] is None:
            found.add("missing_action")
        if star["result"] is None:
            found.add("missing_result")
        no_context = star["situation"] is None and (fmt == "case" or star["task"] is None)
        if no_context:
            found.add("missing_situation")
    if fmt == "story" and we_count >= VAGUE_WE_MIN and ownership < VAGUE_WE_RATIO:
        found.add("vague_we")
    if question.wants_numbers and not quantities:
        found.add("no_numbers")

    return AnswerAnalysis(
        star=star,
        star_coverage=coverage,
        has_result=star["result"] is not None,
        signposting_count=_signposts(lowered),
        key_points_covered=covered,
        key_points_missed=missed,
        key_point_coverage=kp_coverage,
        off_topic=off_topic,
        specificity_count=len(specifics),
        specifics=specifics,
        ownership_ratio=ownership,
        hedges_count=len(hedges),
        hedges=hedges,
        word_count=word_count,
        length_ratio=length_ratio,
        gaps=[g for g in GAP_ORDER if g in found],
        answer_format=fmt,
        star_expected=star_expected,
        i_statements=i_count,
        we_statements=we_count,
        quantities=tuple(quantities),
        topic_relevance=relevance,
        duration_estimated=estimated,
    )


def _strip_filler(sentence: str) -> str:
    return _LEADING_FILLER.sub("", sentence).strip()


def _any(patterns: Sequence[re.Pattern[str]], sentence: str) -> bool:
    return any(p.search(sentence) for p in patterns)


def _is_past_action(verb: str, rest: str) -> bool:
    if verb == "used":
        return not rest.startswith(" to ")
    if verb == "took" and rest.startswith((" it on", " on ", " ownership", " over")):
        return False  # taking something on is the task, not a step
    if verb in lx.NON_ACTION_PAST:
        return False
    return verb in lx.IRREGULAR_ACTION_PAST or (verb.endswith("ed") and len(verb) > 4)


def has_action(sentence: str) -> bool:
    """Whether a lower-cased sentence narrates a step taken by "I" or "we"."""
    for m in lx.ACTION_SUBJECT.finditer(sentence):
        if _SUBORDINATE.search(sentence[: m.start()]):
            continue
        if _is_past_action(m.group(1), sentence[m.end() :]):
            return True
    return False


def _narrates(sentence: str) -> bool:
    for m in lx.NARRATIVE_PRESENT.finditer(sentence):
        verb = m.group(1)
        if verb in lx.NOT_NARRATED or verb in lx.NON_ACTION_PAST or verb.endswith("ed"):
            continue
        return True
    return False


def _starts_with_action(sentence: str) -> bool:
    m = lx.ACTION_SUBJECT.match(sentence)
    return m is not None and _is_past_action(m.group(1), sentence[m.end() :])


def _has_outcome(sentence: str) -> bool:
    for t in tokens(sentence):
        if stem(t) not in lx.OUTCOME_STEMS:
            continue
        if t in _OUTCOME_IRREGULAR or t.endswith(("ed", "s")):
            return True
    return False


_PAST_HINT = re.compile(r"\b(?:was|were|had|did)\b|\b[a-z]{3,}ed\b")


def _story_star(sentences: Sequence[str]) -> dict[str, int | None]:
    found: dict[str, list[int]] = {p: [] for p in STAR_PARTS}
    late_from = max(1, (2 * len(sentences)) // 3)
    for i, s in enumerate(sentences):
        if _any(lx.STORY_SITUATION, s):
            found["situation"].append(i)
        if _any(lx.STORY_TASK, s):
            found["task"].append(i)
        if has_action(s):
            found["action"].append(i)
        late = i >= late_from and lx.STORY_LATE_RESULT.search(s) is not None
        # "as the catalogue grew" in the opening sets the scene; movement verbs only count
        # as an outcome once the story is under way.
        moved = i > 0 and found["situation"][-1:] != [i] and _has_outcome(s)
        if _any(lx.STORY_RESULT, s) or moved or late:
            found["result"].append(i)
    # Present-tense storytelling: only once the story is anchored in a real situation, so
    # habits described in the present ("I always...") never count as steps.
    if not found["action"] and found["situation"]:
        found["action"] = [i for i, s in enumerate(sentences) if _narrates(s)]
    # A story often opens by setting the scene without a stock phrase ("Support kept
    # tagging tickets about..."): a past-tense opener that is not the candidate acting.
    first = sentences[0] if sentences else ""
    if (
        not found["situation"]
        and len(sentences) >= 2
        and _PAST_HINT.search(first)
        and not _starts_with_action(first)
    ):
        found["situation"].append(0)
    return _pick(found)


def _case_star(sentences: Sequence[str]) -> dict[str, int | None]:
    found: dict[str, list[int]] = {p: [] for p in STAR_PARTS}
    for i, s in enumerate(sentences):
        if _any(lx.CASE_SITUATION, s):
            found["situation"].append(i)
        if _any(lx.CASE_TASK, s):
            found["task"].append(i)
        if _any(lx.CASE_ACTION, s):
            found["action"].append(i)
        if _any(lx.CASE_RESULT, s):
            found["result"].append(i)
    return _pick(found)


def _pick(found: Mapping[str, list[int]]) -> dict[str, int | None]:
    # Context comes first in a good answer and the outcome last, so prefer those positions.
    return {
        p: (None if not idx else (idx[-1] if p == "result" else idx[0])) for p, idx in found.items()
    }


def _key_points(
    key_points: Mapping[str, Sequence[str]], transcript: str
) -> tuple[list[str], list[str]]:
    haystack = stem_string(transcript)
    covered: list[str] = []
    missed: list[str] = []
    for name, synonyms in key_points.items():
        hit = any(stem_string(s) in haystack for s in synonyms if s.strip())
        (covered if hit else missed).append(name)
    return covered, missed


def _quantities(words: Sequence[str], lowered: str) -> list[str]:
    out = [w for w in words if any(c.isdigit() for c in w)]
    for i, w in enumerate(words):
        if w in lx.NUMBER_WORDS:
            following = words[i + 1 : i + 4]
            unit = next((u for u in following if u in lx.QUANTITY_UNITS), None)
            if unit is not None:
                out.append(f"{w} {unit}")
    out.extend(m.group(0) for m in lx.MULTIPLIERS.finditer(lowered))
    return _dedupe(out)


def _tools(transcript: str) -> list[str]:
    words = tokens(transcript)
    found = [w for w in words if w in lx.TOOL_WORDS]
    padded = " " + " ".join(words) + " "
    found.extend(p for p in lx.TOOL_PHRASES if f" {' '.join(tokens(p))} " in padded)
    return found


def _outcomes(words: Sequence[str]) -> list[str]:
    return [
        w
        for w in words
        if stem(w) in lx.OUTCOME_STEMS and (w in _OUTCOME_IRREGULAR or w.endswith("ed"))
    ]


def _hedges(lowered: str) -> list[str]:
    noun_spans = [m.span() for m in lx.HEDGE_NOUN_USE.finditer(lowered)]
    out: list[str] = []
    for m in lx.HEDGES.finditer(lowered):
        if any(a <= m.start() < b for a, b in noun_spans):
            continue
        out.append(m.group(0))
    return out


def _signposts(sentences: Sequence[str]) -> int:
    starts = sum(1 for s in sentences if lx.SIGNPOSTS_START.match(s))
    inline = sum(len(lx.SIGNPOSTS_ANY.findall(s)) for s in sentences)
    return starts + inline


def _dedupe(items: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
