"""What a good answer contains, per answer format, and where an answer shows it.

A story is judged on STAR; other formats have other parts (issue 15):
- explain (knowledge, a walkthrough): the concepts the question expects, an example from the
  candidate's own work, and a trade-off or limit (when it would not hold);
- motivation (why this role, what you enjoy): reasons, fit (what the candidate brings, shown
  with their own experience) and specifics (about this employer, role or field, not phrases
  that fit any company);
- case (a problem worked live): clarifying questions or assumptions, a structure (the steps),
  a hypothesis, numbers, and a recommendation or final estimate.

Each detector returns the sentence that evidences the part, so the report can quote it, or
None. Patterns run on lower-cased sentences (`text.normalise`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from moodlens.coaching.lexicon import _words
from moodlens.coaching.text import STOPWORDS, tokens

RUBRIC_PARTS: dict[str, tuple[str, ...]] = {
    "story": ("situation", "task", "action", "result"),
    "explain": ("concepts", "example", "trade_off"),
    "motivation": ("reasons", "fit", "specifics"),
    "case": ("clarifying", "structure", "hypothesis", "numbers", "recommendation"),
}
PART_LABELS: dict[str, str] = {
    "situation": "situation",
    "task": "task",
    "action": "action",
    "result": "result",
    "concepts": "the expected concepts",
    "example": "an example",
    "trade_off": "a trade-off or limit",
    "reasons": "reasons",
    "fit": "fit (what you bring)",
    "specifics": "specifics about the role",
    "clarifying": "clarifying questions or assumptions",
    "structure": "a structured approach",
    "hypothesis": "a hypothesis",
    "numbers": "numbers",
    "recommendation": "a recommendation",
}

# The candidate's own example: a time, a job, a project of theirs.
EXAMPLE = re.compile(
    r"\b(?:like the last time|"
    r"(?:at|in|on) (?:my|our|a) (?:last|previous|current|former|recent|first) (?:job|role|team|"
    r"company|employer|project|position)|(?:at|in) my (?:last|previous|current) \w+|"
    r"last (?:year|quarter|month|week|summer|spring|autumn|winter)|(?:a|one) time (?:when|i|we)|"
    r"i once|we once|once had|i had exactly|had exactly this|when (?:i|we) (?:worked|were|was|"
    r"set up|built|introduced|rolled|ran|tested)|on a (?:previous|recent|past) (?:team|project)|"
    r"in one (?:city|team|project|case|dataset|company))\b"
)
# An illustration ("for instance, house prices...") is an example only when the sentence is
# also the candidate's own experience: the rubric asks for an example from their work, and a
# textbook case fits any answer (issue 15).
ILLUSTRATION = re.compile(
    r"\b(?:for example|for instance|e\.g\.|as an example|the classic (?:case|example)|such as|"
    r"like (?:\"|“)|: \w+(?: \w+)?, \w+)"
)
OWN_EXPERIENCE = re.compile(
    r"\b(?:my|our|i've|we've|i had|we had|i was|we were|i saw|we saw|i found|we found|"
    r"i used|we used|i ran|we ran|i built|we built)\b"
)
TRADE_OFF = re.compile(
    r"\b(?:trade-?offs?|trade off|downsides?|drawbacks?|the cost (?:is|of)|at the cost|"
    r"has (?:a|its own) cost|opportunity cost|however|on the other hand|the (?:risk|danger|"
    r"catch|limit|limitation|problem|caveat) (?:is|with|here)|risks? (?:of|is)|unless|"
    r"limitations? (?:is|are|of \w+ (?:is|are))|caveats?:|"
    r"it depends|depends on|a balance|balance (?:with|between)|even though|even if|tempting,? but|"
    r"(?:would|will|do) not use|wouldn't use|not the right (?:tool|choice)|struggles? with|"
    r"hides|masks?|can(?:not|'t) be (?:added|reversed)|throws away|is unreliable|stiff|"
    r"impersonal|at the expense|in exchange|crowd out|doesn't mean|does not mean|is not|"
    r"worst case|in practice|not always|only (?:when|if)|as long as)\b"
)
REASON = re.compile(
    r"\b(?:because|the reason|reasons?|two things|three things|first,|second,|secondly|"
    r"draws? me|drew me|what (?:draws|drew|attracts|keeps)|that's why|which is why|i want|"
    r"i'd like|i would like|i enjoy|i love|i like|matters to me|i care|keeps me|motivat\w*|"
    r"i most want|i'm looking for|what i (?:want|need|like|enjoy))\b"
)
FIT = re.compile(
    r"\b(?:i've (?:done|built|led|spent|worked|run|set|taken|shipped|managed|been)|"
    r"(?:at|in) my (?:current|last|previous|first) (?:role|job|company|employer|team)|"
    r"i (?:led|built|ran|set up|took|analysed|analyzed|managed|shipped|closed|spent|worked|"
    r"introduced|grew|designed|launched|fixed|raised|doubled|booked|reviewed|listen|keep|track)|"
    r"i'd bring|i bring|i would bring|my experience|i have (?:\w+ )?years|i'm (?:good|strong|"
    r"best|at my best) |i am (?:good|strong)|i do my best|is where i do|my (?:strengths?|"
    r"background|track record)|i'm a (?:\w+ )?(?:engineer|analyst|manager|seller|rep|person)|"
    r"i've been (?:a|an|in))\b"
)
EMPLOYER = re.compile(
    r"\b(?:your|yours|you're|you are|you have|you|here|this (?:role|team|company|job|position)|"
    r"the (?:role|team|job post|job|position|company|product|people team)|job post)\b"
)
# Words that say nothing particular about an employer: "a great company with a strong team".
GENERIC = _words(
    """company companies team teams people place culture growth grow growing learn learning
    opportunity opportunities mission values environment challenge challenges challenging
    interesting great good strong smart amazing exciting excited role roles job jobs work
    working product products problems problem meaningful impact career step fit seems sounds
    chance bigger scale healthy voice partner partners real really best lot things thing
    somewhere want like love enjoy think looks look nice kind sort maybe possibly
    long term day bring contribute happy better quality care build building
    join joining clearly obviously truly really using use uses making make makes decisions
    decision well values value valued honest honesty listens listen listening seem seems
    trust trusted habits habit daily numbers while cares caring driven modern tools
    technology solid focus focused passion passionate"""
)
HYPOTHESIS = re.compile(
    r"\b(?:my hypothesis|hypothes[ie]s|i suspect|i'd suspect|my (?:guess|bet|hunch) is|"
    r"most likely|likely (?:cause|driver|explanation|because)|points? (?:at|to)|would suggest|"
    r"i'd expect|i would expect|guilty until|probably (?:because|the|a|newer|in)|"
    r"my instinct|the likely)\b"
)


def first_match(sentences: Sequence[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, s in enumerate(sentences) if pattern.search(s)), None)


def own_example(sentences: Sequence[str]) -> int | None:
    """A sentence giving an example from the candidate's own work (not a textbook case)."""
    return next(
        (
            i
            for i, s in enumerate(sentences)
            if EXAMPLE.search(s) or (ILLUSTRATION.search(s) and OWN_EXPERIENCE.search(s))
        ),
        None,
    )


def employer_specific(
    sentences: Sequence[str], originals: Sequence[str], asked: frozenset[str] = frozenset()
) -> int | None:
    """A sentence about the employer, role or field that names something particular.

    Words of the question (`asked`) and words that fit any employer (GENERIC) are not
    particular: "you clearly care about using data well" names nothing (issue 15)."""
    for i, (low, orig) in enumerate(zip(sentences, originals, strict=True)):
        if not EMPLOYER.search(low):
            continue
        words = [
            w
            for w in tokens(low)
            if w not in STOPWORDS and w not in GENERIC and w not in asked and len(w) > 3
        ]
        named = any(c.isdigit() for c in low) or _has_name(orig)
        if named or len(words) >= 4:
            return i
    return None


def _has_name(sentence: str) -> bool:
    # A capitalised word after the first one ("React Native", "Lisbon"), "I" aside.
    parts = sentence.split()
    return any(
        p[:1].isupper() and p.strip(",.;:!?'\"") not in ("I", "I'm", "I've", "I'd", "I'll")
        for p in parts[1:]
    )
