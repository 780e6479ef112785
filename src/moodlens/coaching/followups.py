"""Rule-based follow-up wording: a probe for the gap, in the candidate's own words.

A follow-up such as "You mentioned that you added a composite index. What was the
measurable result?" tells the candidate they were heard. The echo is a short clause lifted
from the answer and turned into the second person; when no clean clause exists (too long,
too short, or carrying inner-state words we must not repeat) a wording without an echo is
used instead.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from moodlens.coaching.analysis import AnswerAnalysis
from moodlens.coaching.content import Content, Gap, Question
from moodlens.coaching.lexicon import IRREGULAR_ACTION_PAST, NON_ACTION_PAST, TOOL_WORDS
from moodlens.coaching.star_parts import has_action
from moodlens.coaching.text import STOPWORDS, normalise, split_sentences, tokens
from moodlens.coaching.wording import find_banned_words

ECHO_MIN_WORDS = 3
ECHO_MAX_WORDS = 16
_LEAD = re.compile(
    r"^(?:(?:so|and|but|then|basically|well|um|uh|okay|yeah|also|actually|honestly|first|"
    r"firstly|second|next|finally|after that|at that point|and then|so then),?\s+)+",
    re.IGNORECASE,
)
# Where a spoken sentence can be cut without leaving half a thought.
_BOUNDARY = re.compile(
    r"\s*(?:,|;|:| - | because | which | so that | and then | but | so | since | while | "
    r"whereas | although | until )",
    re.IGNORECASE,
)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
# Fillers inside a clause: "um", "uh", "erm", "you know", "I mean", and "like" set off by
# commas ("we, like, rewrote it"); "like" as a verb or preposition stays.
_FILLERS = re.compile(
    r",?\s*\b(?:um+|uh+|erm|you know|i mean)\b,?|,\s*like,|^\s*like,|\blike,(?=\s)",
    re.IGNORECASE,
)
_AUXILIARY = frozenset(
    {"is", "are", "am", "was", "were", "had", "has", "have", "did", "does", "do", "can"}
    | {"could", "would", "will", "got", "kept"}
)

_YOU = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "i'm": "you're",
    "i've": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    "we": "you",
    "us": "you",
    "our": "your",
    "ours": "yours",
    "ourselves": "yourselves",
    "we're": "you're",
    "we've": "you've",
    "we'd": "you'd",
    "we'll": "you'll",
}
_TEAM_FIRST = {
    "we": "the team",
    "us": "the team",
    "our": "the team's",
    "ours": "the team's",
    "we're": "the team is",
    "we've": "the team has",
    "we'd": "the team would",
    "we'll": "the team will",
}
_TEAM_LATER = {
    "we": "they",
    "us": "them",
    "our": "their",
    "ours": "theirs",
    "ourselves": "themselves",
    "we're": "they're",
    "we've": "they've",
    "we'd": "they'd",
    "we'll": "they'll",
}
_WORD = re.compile(r"[A-Za-z']+|[^A-Za-z']+")
# Words that carry no content of their own: quoting "it went okay, I think" back tells the
# candidate nothing, so such clauses are not echoed.
_VAGUE = frozenset(
    {"okay", "fine", "good", "great", "thing", "things", "stuff", "something", "nothing"}
    | {"anything", "everything", "think", "guess", "sure", "really", "went", "worked"}
    | {"work", "usual", "special", "handled", "always", "basically", "honestly", "remember"}
    | {"details", "probably", "people", "happens", "happened", "way", "lot", "bit", "kind"}
)


@dataclass(frozen=True)
class Phrasing:
    """A worded follow-up and the candidate's clause it quotes (None when it quotes none)."""

    text: str
    echo: str | None


def make_echo(sentence: str, *, team: bool = False) -> str | None:
    """`sentence` as a short second-person clause, or None when no clean clause exists.

    With `team`, "we" becomes "the team" (then "they"), for asking what the candidate did
    themselves.
    """
    if find_banned_words(sentence):
        return None
    # Quote the candidate without their fillers: "you mentioned that you, um, like..." reads
    # as mockery (issue 15).
    sentence = _FILLERS.sub(" ", sentence)
    sentence = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s{2,}", " ", sentence))
    sentence = re.sub(r",\s*,", ",", sentence).strip(" ,")
    clause = _cut(_LEAD.sub("", sentence.strip()).rstrip(" .!?"))
    if clause is None or not _says_something(clause):
        return None
    out: list[str] = []
    team_named = False
    prev = ""
    prev_out = ""
    for piece in _WORD.findall(clause.replace("\u2019", "'")):
        low = piece.lower()
        if not piece[0].isalpha():
            out.append(piece)
            continue
        if team and low in _TEAM_LATER:
            if low in _TEAM_FIRST and not team_named:
                word, team_named = _TEAM_FIRST[low], True
            else:
                word = _TEAM_LATER[low]
        elif low in _YOU:
            word = _YOU[low]
        elif low == "also" and prev in ("i", "we"):
            out.pop()  # drop the space too: "you also shortened" reads as filler
            continue
        elif low in ("was", "am") and prev in ("i", "we"):
            word = "were" if low == "was" else "are"
        elif low in ("were", "are", "have") and prev_out == "the team":
            word = {"were": "was", "are": "is", "have": "has"}[low]
        else:
            word = piece
        out.append(word)
        prev, prev_out = low, word
    echo = "".join(out).strip()
    first, _, rest = echo.partition(" ")
    # Sentence-initial capitals go; names ("GitHub", "SQL", "Tableau") stay.
    keep = (first.isupper() and len(first) > 1) or first.lower() in TOOL_WORDS
    if not keep and not any(c.isupper() for c in first[1:]):
        echo = f"{first.lower()} {rest}".strip()
    return echo


def _says_something(clause: str) -> bool:
    words = [w for w in tokens(clause) if w not in STOPWORDS and w not in _VAGUE and len(w) > 2]
    return len(words) >= 2


def _is_clause(words: Sequence[str]) -> bool:
    """Has a verb, so "in my last role" is rejected while "we shipped it" is kept."""
    for w in (w.lower().strip(",.;:!?") for w in words):
        if w in _AUXILIARY or w in IRREGULAR_ACTION_PAST or w in NON_ACTION_PAST:
            return True
        if w.endswith("ed") and len(w) > 4:
            return True
    return False


def _cut(clause: str) -> str | None:
    words = clause.split()
    if ECHO_MIN_WORDS <= len(words) <= ECHO_MAX_WORDS and _is_clause(words):
        return clause
    for pattern in (_BOUNDARY, _AND):
        for m in pattern.finditer(clause):
            head = clause[: m.start()].strip().split()
            if ECHO_MIN_WORDS + 1 <= len(head) <= ECHO_MAX_WORDS and _is_clause(head):
                return " ".join(head)
    return None


def _sentence_with(sentences: Sequence[str], pattern: str) -> list[str]:
    rx = re.compile(pattern)
    return [s for s in sentences if rx.search(normalise(s))]


def echo_for(gap: Gap, analysis: AnswerAnalysis, transcript: str) -> str | None:
    """The clause of the answer a probe for `gap` should quote, already in second person."""
    sentences = split_sentences(transcript)
    star = analysis.star
    team = gap == "vague_we"
    # The latest step is what a result probe should follow; a team step for "vague we".
    acting = [s for s in sentences if has_action(normalise(s))]
    if gap == "vague_we":
        we = _sentence_with(sentences, r"\bwe\b")
        sources = [s for s in we if s in acting] + we
    elif gap == "missing_result":
        sources = acting[::-1] + _sentence_with(sentences, r"\bi\b")[::-1]
    elif gap == "no_numbers":
        sources = [s for s in (star["result"], star["action"]) if s]
    elif gap == "missing_action":
        sources = [s for s in (star["situation"], star["task"]) if s]
    elif gap == "missing_situation":
        sources = [s for s in (star["action"],) if s]
    elif gap == "too_short":
        sources = sentences[:2]
    else:
        return None
    for s in sources:
        echo = make_echo(s, team=team)
        if echo:
            return echo
    return None


def _fields(wording: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(wording) if f is not None}


def phrase_follow_up(
    content: Content,
    question: Question,
    gap: Gap,
    analysis: AnswerAnalysis,
    transcript: str,
    rng: random.Random,
    avoid: Collection[str] = (),
) -> Phrasing:
    """Word a probe for `gap`, quoting the answer when a probe with {echo} exists.

    Wordings whose text is in `avoid` (already asked this session) are used only when
    nothing else fits, so an interviewer does not repeat itself word for word.
    """
    echo = echo_for(gap, analysis, transcript)
    missed = analysis.key_points_missed or list(question.key_points)
    values = {"echo": echo, "key_point": missed[0] if missed else None}

    filled = {k: v for k, v in values.items() if v is not None}

    def usable(wordings: Sequence[str], fresh: bool) -> list[str]:
        ok = [w for w in wordings if all(values.get(f) for f in _fields(w))]
        return [w for w in ok if w.format(**filled) not in avoid] if fresh else ok

    pool: list[str] = []
    for fresh in (True, False):
        pool = (
            usable(question.probes.get(gap, ()), fresh)
            or usable(content.probes_for(question, gap), fresh)
            or usable(_defaults(content, gap), fresh)
        )
        if pool:
            break
    quoting = [w for w in pool if "echo" in _fields(w)]
    chosen = rng.choice(quoting or pool)
    return Phrasing(text=chosen.format(**filled), echo=echo if "echo" in _fields(chosen) else None)


def _defaults(content: Content, gap: Gap) -> tuple[str, ...]:
    by_format = content.probe_defaults.probes.get(gap, {})
    return by_format.get("any", ())
