"""Rule-based analysis of one answer: STAR parts, key points, specificity, ownership, length.

Pure and fast (no network, no models), so the question engine can run it on every answer
while the candidate waits. Field names of `AnswerAnalysis` are a contract with the scoring
code (`coaching/scoring/evidence.py`); add fields, never rename them.

Gap order is "how worth probing", and the engine probes the first one it has not probed yet:
off_topic > too_short > too_long > missing_action > vague_we > missing_result > no_example >
no_tradeoff > no_specifics > no_fit > no_numbers > missing_situation. A vague answer to the
wrong question needs redirecting before anything else; a one-liner needs more words before a
specific probe makes sense; a story told only with "we" needs "what did *you* do" before its
result (issue 15).

Each answer format has its own rubric (`coaching/rubric.py`): STAR for stories; concepts,
an example and a trade-off for explanations; reasons, fit and specifics for motivation; and
clarifying, structure, hypothesis, numbers and a recommendation for cases. Topicality combines
word statistics with sentence meaning (`relevance.SemanticTopics`, a WordLlama model that runs
offline); the rules stay, as the explanations the report quotes.

The parts live beside it: STAR parts in `star_parts`, each format's rubric in
`format_rubric`, word-level findings (key points, quantities, hedges) in `answer_text`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from moodlens.coaching.answer_text import (
    TEXT_FILLER,
    count_signposts,
    covered_key_points,
    dedupe,
    find_hedge_phrases,
    find_outcomes,
    find_quantities,
    find_tools,
    hedged,
    measured,
    without_question_words,
)
from moodlens.coaching.content import AnswerFormat, Gap
from moodlens.coaching.format_rubric import FORMAT_GAPS, answer_rubric
from moodlens.coaching.relevance import (
    OFF_TOPIC_RIVAL_SHARE,
    OFF_TOPIC_RIVAL_TOPICALITY,
    OFF_TOPIC_TOPICALITY,
    OFF_TOPIC_TOPICALITY_WORDING,
    OFF_TOPIC_WORDING_Z,
    OVERLAP_CAP,
    BankEntry,
    SemanticTopics,
    SemanticZ,
    TopicModel,
    semantic_topics,
    topic_model,
)
from moodlens.coaching.star_parts import case_star, story_star, strip_filler
from moodlens.coaching.text import (
    normalise,
    split_sentences,
    tokens,
)

GAP_ORDER: tuple[Gap, ...] = (
    "off_topic",
    "too_short",
    "too_long",
    "missing_action",
    "vague_we",
    "missing_result",
    "no_example",
    "no_tradeoff",
    "no_specifics",
    "no_fit",
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
_OUTCOME_POINT = re.compile(
    r"\b(?:impact|result|outcome|effect|payoff|gain|evidence it worked|long-term effect)\b"
)


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
    - `rubric`: the parts of this format's rubric (`rubric.RUBRIC_PARTS`) -> evidencing
      sentence or None; `rubric_coverage` the share present.
    - `semantic_z`: meaning-based closeness to the question (`SemanticTopics.z`);
      `topicality` adds word overlap and key points, and decides `off_topic`.
    - `text_fillers`: "um", "you know", "basically"... written in the transcript itself.
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
    rubric: dict[str, str | None] = field(default_factory=dict)
    rubric_coverage: float = 0.0
    semantic_z: float = 0.0
    topicality: float = 0.0
    text_fillers: int = 0


def analyze_answer(
    question: AnswerTarget,
    transcript: str,
    duration_s: float | None,
    *,
    target_seconds: float | None = None,
    topics: TopicModel | None = None,
    meaning: SemanticTopics | None = None,
) -> AnswerAnalysis:
    """Analyse `transcript` as an answer to `question`.

    `duration_s` is the spoken duration when known (None for typed answers: estimated from
    the word count). `target_seconds` overrides the question's target, e.g. for follow-ups.
    `topics` defaults to the statistics of the packaged question bank.
    """
    topics = topics or topic_model()
    meaning = meaning or semantic_topics()
    sentences = split_sentences(transcript)
    lowered = [strip_filler(normalise(s)) for s in sentences]
    words = tokens(transcript)
    word_count = len(words)
    fmt = question.format
    star_expected = fmt in ("story", "case")

    parts = case_star(lowered) if fmt == "case" else story_star(lowered)
    star = {p: (sentences[i] if i is not None else None) for p, i in parts.items()}
    coverage = sum(v is not None for v in star.values()) / 4

    covered, missed = covered_key_points(question.key_points, transcript, question.text)
    phrased = len(covered)  # key points named in words, for topicality
    # "Not covered: the impact" beside a result sentence with numbers would contradict the
    # report's own quote of that result (issue 15): a measured result covers the outcome.
    result_sentence = star.get("result")
    if result_sentence and measured(result_sentence):
        for name in [m for m in missed if _OUTCOME_POINT.search(m)]:
            missed.remove(name)
            covered.append(name)
    kp_total = len(covered) + len(missed)
    kp_coverage = len(covered) / kp_total if kp_total else 0.0
    relevance = topics.relevance(question.text, question.key_points, transcript)
    zs = meaning.z(question.text, question.key_points, transcript) if words else SemanticZ(0, 0)
    # For scoring, meaning beyond restating the question: the answer without its words, and
    # without sentences said under two or more hedges (as for key points, a point made
    # "I think maybe, I guess" is not made).
    stated = " ".join(s for s, low in zip(sentences, lowered, strict=True) if not hedged(low))
    own = without_question_words(stated, question.text)
    semantic_z = meaning.z(question.text, question.key_points, own).topic if own else -1.0
    topicality = zs.topic + min(relevance, OVERLAP_CAP) / 8.0 + 0.5 * phrased
    # Without key points (follow-ups, closing questions) there is no topic to judge against.
    judged = bool(question.key_points) and word_count >= OFF_TOPIC_MIN_WORDS
    off_topic = judged and (
        topicality < OFF_TOPIC_TOPICALITY
        or (topicality < OFF_TOPIC_TOPICALITY_WORDING and zs.wording < OFF_TOPIC_WORDING_Z)
    )
    if judged and not off_topic and topicality < OFF_TOPIC_RIVAL_TOPICALITY:
        share = meaning.rival_share(
            question.text,
            transcript,
            topicality,
            lambda e, z: _topicality(topics, e, z, transcript),
        )
        off_topic = share is not None and share > OFF_TOPIC_RIVAL_SHARE

    quantities = find_quantities(words, normalise(transcript))
    specifics = dedupe([*quantities, *find_tools(transcript), *find_outcomes(words)])
    i_count = sum(w in _I_WORDS for w in words)
    we_count = sum(w in _WE_WORDS for w in words)
    ownership = i_count / (i_count + we_count) if i_count + we_count else 0.5
    hedges = find_hedge_phrases(transcript)

    target = target_seconds if target_seconds is not None else question.target_seconds
    estimated = duration_s is None
    seconds = word_count / SPEAKING_WPM * 60.0 if duration_s is None else duration_s
    length_ratio = seconds / target if target > 0 else None

    found: set[Gap] = set()
    if off_topic:
        found.add("off_topic")
    # A short target (a follow-up) lowers the word floor to a fifth of its expected words.
    min_words = min(TOO_SHORT_WORDS, target * SPEAKING_WPM / 60.0 * 0.2)
    # For a typed answer the length is estimated from its words, which the word floor
    # already judges; the ratio only adds evidence when the answer was timed.
    ratio_low = not estimated and length_ratio is not None and length_ratio < TOO_SHORT_RATIO
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
    asked = frozenset(tokens(question.text))
    rubric = answer_rubric(
        fmt, star, sentences, lowered, quantities, kp_coverage, semantic_z, asked
    )
    # Follow-ups and closing questions have no key points: they ask for one missing piece,
    # not for a whole answer of their format.
    if "too_short" not in found and question.key_points:
        for part, gap in FORMAT_GAPS.get(fmt, ()):
            if rubric.get(part) is None:
                found.add(gap)
    present = sum(v is not None for v in rubric.values())

    return AnswerAnalysis(
        star=star,
        star_coverage=coverage,
        has_result=star["result"] is not None,
        signposting_count=count_signposts(lowered),
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
        rubric=rubric,
        rubric_coverage=present / len(rubric) if rubric else 0.0,
        semantic_z=semantic_z,
        topicality=topicality,
        text_fillers=len(TEXT_FILLER.findall(normalise(transcript))),
    )


def _topicality(topics: TopicModel, entry: BankEntry, z: float, transcript: str) -> float:
    """Topicality of `transcript` for another bank question (as for the own one above)."""
    relevance = topics.relevance(entry.text, entry.key_points, transcript)
    covered, _ = covered_key_points(entry.key_points, transcript, entry.text)
    return z + min(relevance, OVERLAP_CAP) / 8.0 + 0.5 * len(covered)
