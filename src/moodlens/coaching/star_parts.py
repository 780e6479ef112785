"""Which sentences of an answer tell its situation, task, action and result (STAR).

For a story the parts are the told situation, the task, the steps taken by "I" or "we" and
the outcome; for a case question they are clarifying or assumptions, the stated objective,
the approach and the recommendation or final estimate. Sentences come lower-cased, with
leading fillers stripped (`strip_filler`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from moodlens.coaching import lexicon as lx
from moodlens.coaching.answer_text import OUTCOME_IRREGULAR, RATE, hedged
from moodlens.coaching.text import stem, tokens

STAR_PARTS = ("situation", "task", "action", "result")
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
_SUBORDINATE = re.compile(r"\b(?:when|if|until|before|because|whether|once|while)\s+$")
_LEADING_FILLER = re.compile(r"^(?:(?:so|and|but|um|uh|well|okay|yeah|also|like),?\s+)+")


def strip_filler(sentence: str) -> str:
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
        if t in OUTCOME_IRREGULAR or t.endswith(("ed", "s")):
            return True
    return False


_PAST_HINT = re.compile(r"\b(?:was|were|had|did)\b|\b[a-z]{3,}ed\b")


def story_star(sentences: Sequence[str]) -> dict[str, int | None]:
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
            or (i >= late_from and RATE.search(s) is not None)
        )
        # The opening sentence sets the scene ("the job had grown from 40 minutes to 6 hours").
        opener = i == 0 and len(sentences) > 1
        if not opener and (stated or moved or late) and not empty_outcome(s):
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


def empty_outcome(sentence: str) -> bool:
    if any(c.isdigit() for c in sentence):
        return False
    if _EMPTY_OUTCOME.search(sentence):
        return True
    # One "pretty much" beside a concrete outcome still states it; two hedges do not.
    return hedged(sentence) and _PLAIN_RESULT.search(sentence) is None


def case_star(sentences: Sequence[str]) -> dict[str, int | None]:
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
