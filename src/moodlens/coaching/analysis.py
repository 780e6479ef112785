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
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from moodlens.coaching import lexicon as lx
from moodlens.coaching import rubric as rb
from moodlens.coaching.content import AnswerFormat, Gap
from moodlens.coaching.language_habits import find_hedges, tokenize
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
from moodlens.coaching.text import (
    STOPWORDS,
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
_OUTCOME_IRREGULAR = frozenset({"grew", "fell", "rose", "won", "became"})
# An outcome told without content or under hedges ("it kind of worked out in the end, I
# think", "we worked it out and moved on") is not a result.
_EMPTY_OUTCOME = re.compile(
    r"\b(?:worked (?:it |things )?out|went (?:well|fine|okay|ok|smoothly)|moved on|was fine|"
    r"(?:was|went) okay|more or less|things (?:got|went|were) (?:better|fine|okay)|"
    r"seemed (?:a bit )?better|it was good|turned out (?:fine|okay|well))\b"
)
# Outcomes stated without the stock phrases: "the page now loads in under a second", "we
# closed the year at 104 % of plan", "we were live in a week instead of six".
_PLAIN_RESULT = re.compile(
    r"\bnow (?:loads?|runs?|takes?|opens?|works?|uses?|gets?|sits?|costs?|finish\w*|completes?)\b|"
    r"\bunder (?:a|one|\d+) ?(?:second|minute|hour|day)s?\b|\b(?:went|were|was|is|are) live\b|"
    r"\binstead of (?:the )?(?:\d|one|two|three|four|five|six|seven|eight|nine|ten)\b|"
    r"\bon schedule\b|\bstopped (?:complaining|asking|calling|happening)\b|"
    r"\bclosed the (?:year|quarter|month|deal)\b|\bat \d+(?:\.\d+)? ?(?:%|percent) of\b|"
    r"\bfinished the (?:year|quarter|month)\b|\b(?:signed|renewed|became our)\b|"
    r"\bwas retired\b|\bwithin (?:a|one|two|three|\d+) (?:days?|weeks?|months?)\b"
)
_OUTCOME_POINT = re.compile(
    r"\b(?:impact|result|outcome|effect|payoff|gain|evidence it worked|long-term effect)\b"
)
# "from 40 to 12 minutes" is a movement; "from offer to first shift" is a route, not a rate.
_NUM = r"(?:\S*\d\S*|" + "|".join(sorted(lx.NUMBER_WORDS)) + r")"
_RATE = re.compile(
    r"\d\s*(?:%|percent)|\bpercent\b|\b\d+(?:\.\d+)?x\b|"
    rf"\bfrom {_NUM} to \S+|\bfrom \S+ to {_NUM}\b"
)
_TEXT_FILLER = re.compile(r"\b(?:um+|uh+|erm|you know|i mean|basically)\b|(?:^|,\s)like,|\byeah,")
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
    lowered = [_strip_filler(normalise(s)) for s in sentences]
    words = tokens(transcript)
    word_count = len(words)
    fmt = question.format
    star_expected = fmt in ("story", "case")

    parts = _case_star(lowered) if fmt == "case" else _story_star(lowered)
    star = {p: (sentences[i] if i is not None else None) for p, i in parts.items()}
    coverage = sum(v is not None for v in star.values()) / 4

    covered, missed = _key_points(question.key_points, transcript, question.text)
    phrased = len(covered)  # key points named in words, for topicality
    # "Not covered: the impact" beside a result sentence with numbers would contradict the
    # report's own quote of that result (issue 15): a measured result covers the outcome.
    result_sentence = star.get("result")
    if result_sentence and _measured(result_sentence):
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
    stated = " ".join(s for s, low in zip(sentences, lowered, strict=True) if not _hedged(low))
    own = _without_question_words(stated, question.text)
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

    quantities = _quantities(words, normalise(transcript))
    specifics = _dedupe([*quantities, *_tools(transcript), *_outcomes(words)])
    i_count = sum(w in _I_WORDS for w in words)
    we_count = sum(w in _WE_WORDS for w in words)
    ownership = i_count / (i_count + we_count) if i_count + we_count else 0.5
    hedges = _hedges(transcript)

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
    rubric = _rubric(fmt, star, sentences, lowered, quantities, kp_coverage, semantic_z, asked)
    # Follow-ups and closing questions have no key points: they ask for one missing piece,
    # not for a whole answer of their format.
    if "too_short" not in found and question.key_points:
        for part, gap in _FORMAT_GAPS.get(fmt, ()):
            if rubric.get(part) is None:
                found.add(gap)
    present = sum(v is not None for v in rubric.values())

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
        rubric=rubric,
        rubric_coverage=present / len(rubric) if rubric else 0.0,
        semantic_z=semantic_z,
        topicality=topicality,
        text_fillers=len(_TEXT_FILLER.findall(normalise(transcript))),
    )


def _topicality(topics: TopicModel, entry: BankEntry, z: float, transcript: str) -> float:
    """Topicality of `transcript` for another bank question (as for the own one above)."""
    relevance = topics.relevance(entry.text, entry.key_points, transcript)
    covered, _ = _key_points(entry.key_points, transcript, entry.text)
    return z + min(relevance, OVERLAP_CAP) / 8.0 + 0.5 * len(covered)


_FORMAT_GAPS: dict[str, tuple[tuple[str, Gap], ...]] = {
    "explain": (("example", "no_example"), ("trade_off", "no_tradeoff")),
    "motivation": (("specifics", "no_specifics"), ("fit", "no_fit")),
}
# Explanations cover "the concepts" when half the key points are named, or a quarter and
# the meaning is clearly the question's (semantic z >= 2.5).
_CONCEPT_Z = 2.5


def _rubric(
    fmt: AnswerFormat,
    star: Mapping[str, str | None],
    sentences: Sequence[str],
    lowered: Sequence[str],
    quantities: Sequence[str],
    kp_coverage: float,
    semantic_z: float,
    asked: frozenset[str] = frozenset(),
) -> dict[str, str | None]:
    def at(i: int | None) -> str | None:
        return sentences[i] if i is not None and not _hedged(lowered[i]) else None

    if fmt == "story":
        return {p: star[p] for p in STAR_PARTS}
    if fmt == "case":
        numbers = next(
            (
                s
                for s, low in zip(sentences, lowered, strict=True)
                if _has_digit_or_qty(low, quantities)
            ),
            None,
        )
        return {
            "clarifying": star["situation"] or star["task"],
            "structure": star["action"],
            "hypothesis": at(rb.first_match(lowered, rb.HYPOTHESIS)),
            "numbers": numbers,
            "recommendation": star["result"],
        }
    if fmt == "explain":
        concepts = kp_coverage >= 0.5 or (kp_coverage >= 0.25 and semantic_z >= _CONCEPT_Z)
        example = rb.own_example(lowered)
        if example is None:
            example = next((i for i, s in enumerate(lowered) if has_action(s)), None)
        return {
            "concepts": sentences[0] if concepts and sentences else None,
            "example": at(example),
            "trade_off": at(rb.first_match(lowered, rb.TRADE_OFF)),
        }
    return {
        "reasons": at(rb.first_match(lowered, rb.REASON)),
        "fit": at(rb.first_match(lowered, rb.FIT)),
        "specifics": at(_specific(lowered, sentences, quantities, asked)),
    }


def _specific(
    lowered: Sequence[str],
    sentences: Sequence[str],
    quantities: Sequence[str],
    asked: frozenset[str] = frozenset(),
) -> int | None:
    """Something particular: about the employer or role, or a told moment with a number.

    A question about this employer ("...on our team?", "this role in particular") wants the
    particulars of the employer: the candidate's own numbers there are their fit, not
    specifics about the role (issue 15)."""
    found = rb.employer_specific(lowered, sentences, asked)
    if found is not None or asked & _ABOUT_EMPLOYER:
        return found
    return next(
        (i for i, s in enumerate(lowered) if has_action(s) and _has_digit_or_qty(s, quantities)),
        None,
    )


_ABOUT_EMPLOYER = frozenset({"our", "us", "this", "here", "join"})


def _has_digit_or_qty(sentence: str, quantities: Sequence[str]) -> bool:
    return any(c.isdigit() for c in sentence) or any(q in sentence for q in quantities)


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
        stated = (
            _any(lx.STORY_RESULT, s)
            or _PLAIN_RESULT.search(s) is not None
            or (i >= late_from and _RATE.search(s) is not None)
        )
        # The opening sentence sets the scene ("the job had grown from 40 minutes to 6 hours").
        opener = i == 0 and len(sentences) > 1
        if not opener and (stated or moved or late) and not _empty_outcome(s):
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


def _without_question_words(transcript: str, question_text: str) -> str:
    asked = {stem(t) for t in tokens(question_text)} - {stem(w) for w in STOPWORDS}
    return " ".join(t for t in tokens(transcript) if stem(t) not in asked)


def _measured(sentence: str) -> bool:
    low = normalise(sentence)
    return (
        any(c.isdigit() for c in low)
        or _RATE.search(low) is not None
        or any(t in lx.NUMBER_WORDS for t in tokens(low))
    )


def _hedged(sentence: str) -> bool:
    """Two or more hedges or filler phrases: a part said like this is not really stated."""
    return len(lx.HEDGES.findall(sentence)) + len(_TEXT_FILLER.findall(sentence)) >= 2


def _empty_outcome(sentence: str) -> bool:
    if any(c.isdigit() for c in sentence):
        return False
    if _EMPTY_OUTCOME.search(sentence):
        return True
    # One "pretty much" beside a concrete outcome still states it; two hedges do not.
    return _hedged(sentence) and _PLAIN_RESULT.search(sentence) is None


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
    picked = _pick(found)
    # One sentence is one part of a worked case: the goal ("the goal is a number we could use
    # to size the market") or the recommendation ("I'd recommend we target that segment") is
    # not also the steps taken to get there.
    claimed = {picked["task"], picked["result"]}
    steps = [i for i in found["action"] if i not in claimed]
    picked["action"] = steps[0] if steps else None
    return picked


def _pick(found: Mapping[str, list[int]]) -> dict[str, int | None]:
    # Context comes first in a good answer and the outcome last, so prefer those positions.
    return {
        p: (None if not idx else (idx[-1] if p == "result" else idx[0])) for p, idx in found.items()
    }


def _key_points(
    key_points: Mapping[str, Sequence[str]], transcript: str, question_text: str = ""
) -> tuple[list[str], list[str]]:
    """Key points evidenced by a synonym. Words of the question itself do not count:
    restating "who used it" is not covering who used it (issue 15: a rambling answer that
    repeats the question's nouns must not score as relevant)."""
    # Said under two or more hedges or fillers, a point is not really made (_hedged).
    said = [stem_string(s) for s in split_sentences(transcript) if not _hedged(normalise(s))]
    asked = stem_string(question_text)
    covered: list[str] = []
    missed: list[str] = []
    for name, synonyms in key_points.items():
        phrases = [p for s in synonyms if s.strip() and (p := stem_string(s)) not in asked]
        hit = any(p in h for p in phrases for h in said)
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


def _hedges(transcript: str) -> list[str]:
    # One definition of a hedge for the score and the report's language habits
    # (coaching/language_habits.py): the same answer must not show two hedge counts.
    return [phrase for phrase, _, _ in find_hedges(tokenize(transcript))]


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
