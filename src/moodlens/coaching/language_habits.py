"""Language habits of one answer and of a session: hedges, weak openers, repeated words.

Pure: an answer's text (and, for spoken answers, its timed words) in, counts with the moments
they happened out. A moment is the time in the session for spoken answers and the character
position in the text for typed ones, with a few words of context either way.

Rules (word lists and the "I think" rule in `habits_lexicon.py`):
- hedges count anywhere, longest phrase first, each word in at most one hedge;
- weak openers count at the start of the answer or of a sentence, after any um/uh;
- repeats: a habit word ("really", "actually", "stuff") repeated at least
  `habit_threshold(words)` times, a content word at least `word_threshold(words)` times, or a
  phrase of 3-6 words at least `phrase_threshold(n, words)` times. Thresholds grow with the
  answer's length, so a long answer is not flagged for what its length explains. The
  question's own terms, stop words and what is already counted as a hedge, opener or filler
  never count as repeats; a phrase's words inside it are not reported again alone.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from moodlens.coaching import habits_lexicon as lx
from moodlens.coaching.text import normalise, stem

VERSION = 1
CONTEXT_WORDS = 3
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019+#-]*")
_SENTENCE_END = re.compile(r"[.!?]['\")\]]*$")


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as written or recognised
    norm: str  # lower case, straight apostrophes, no punctuation
    char: int  # position in the answer's text
    start: float | None  # session seconds (spoken answers)
    sentence_start: bool


def habit_threshold(words: int) -> int:
    """A habit word is a habit from 3 uses, or 1.5 per 100 words in longer answers."""
    return max(3, math.ceil(0.015 * words))


def word_threshold(words: int) -> int:
    """Any other content word: 5 uses, or 4 per 100 words (topic words repeat naturally)."""
    return max(5, math.ceil(0.04 * words))


def phrase_threshold(n: int, words: int) -> int:
    """A phrase of ``n`` words: 3 uses (2 from 4 words on), or one per 150 words."""
    return max(2 if n >= 4 else 3, math.ceil(words / 150))


def tokenize(text: str, timed: Sequence[Mapping[str, object]] | None = None) -> list[Token]:
    """Tokens of the answer. With ``timed`` words (spoken answers) they carry times; the char
    position is found by walking the text, so both moments are known."""
    out: list[Token] = []
    if timed:
        pos = 0
        prev_end = True
        for w in timed:
            raw = str(w.get("text", ""))
            found = text.find(raw, pos) if raw else -1
            char = found if found >= 0 else pos
            pos = char + len(raw) if found >= 0 else pos
            start = w.get("start")
            for m in _TOKEN.finditer(raw):
                out.append(
                    Token(
                        m.group(),
                        normalise(m.group()).strip("-"),
                        char + m.start(),
                        float(start) if isinstance(start, int | float) else None,
                        prev_end,
                    )
                )
                prev_end = False
            if _SENTENCE_END.search(raw.strip()):
                prev_end = True
        return out
    for m in _TOKEN.finditer(text):
        before = text[: m.start()].rstrip()
        out.append(
            Token(
                m.group(),
                normalise(m.group()).strip("-"),
                m.start(),
                None,
                not before or before[-1] in ".!?\n",
            )
        )
    return out


def _r2(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _end(text: str, token: Token) -> int:
    """End of ``token`` in ``text`` with the punctuation right after it ("worked.")."""
    end = token.char + len(token.text)
    while end < len(text) and text[end] in ".,!?;:\"')":
        end += 1
    return end


def _moment(text: str, tokens: Sequence[Token], i: int, n: int) -> dict[str, object]:
    lo, hi = max(0, i - CONTEXT_WORDS), min(len(tokens), i + n + CONTEXT_WORDS) - 1
    return {
        "at": _r2(tokens[i].start),
        "char": tokens[i].char,
        "word": i,
        "context": " ".join(text[tokens[lo].char : _end(text, tokens[hi])].split()),
    }


def _matches(norms: Sequence[str], i: int, phrase: tuple[str, ...]) -> bool:
    return tuple(norms[i : i + len(phrase)]) == phrase


def _is_hedge(tokens: Sequence[Token], i: int, phrase: tuple[str, ...]) -> bool:
    # Context words come from the same sentence only ("...that. Sort of the key..." is not
    # "that sort of").
    j = i + len(phrase)
    before = tokens[i - 1].norm if i > 0 and not tokens[i].sentence_start else ""
    after = tokens[j].norm if j < len(tokens) and not tokens[j].sentence_start else ""
    if phrase in lx.THINK_HEDGES:
        if after in lx.THINK_ACTIVITY_AFTER or before in lx.CLAUSE_BEFORE:
            return False
        if phrase == ("i", "believe") and after == lx.BELIEVE_IN:
            return False
    noun_use = phrase in (("kind", "of"), ("sort", "of")) and before in lx.KIND_OF_NOUN_BEFORE
    return not noun_use


def find_hedges(tokens: Sequence[Token]) -> list[tuple[str, int, int]]:
    """(phrase, first token, length) of each hedge, longest phrase first at each place."""
    norms = [t.norm for t in tokens]
    phrases = sorted(lx.HEDGES, key=len, reverse=True)
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(norms):
        hit = next((p for p in phrases if _matches(norms, i, p) and _is_hedge(tokens, i, p)), None)
        if hit is None:
            i += 1
            continue
        out.append((" ".join(hit), i, len(hit)))
        i += len(hit)
    return out


def find_openers(tokens: Sequence[Token]) -> list[tuple[str, int, int]]:
    norms = [t.norm for t in tokens]
    phrases = sorted(lx.OPENERS, key=len, reverse=True)
    out: list[tuple[str, int, int]] = []
    for i, t in enumerate(tokens):
        if not t.sentence_start:
            continue
        j = i
        # "Um, so basically": the opener is read after the fillers ("so um" keeps its um).
        while (
            j < len(norms)
            and norms[j] in lx.LEADING_FILLERS
            and not any(_matches(norms, j, p) for p in phrases)
        ):
            j += 1
        candidates = phrases + (sorted(lx.ANSWER_START_OPENERS, key=len) if i == 0 else [])
        hit = next((p for p in candidates if _matches(norms, j, p)), None)
        if hit is not None:
            out.append((" ".join(hit), j, len(hit)))
    return out


def _ngram_ok(gram: tuple[str, ...], asked: frozenset[str]) -> bool:
    content = [w for w in gram if w not in lx.STOP_WORDS and not w.isdigit()]
    return bool(content) and not all(stem(w) in asked for w in content)


def find_repeats(
    tokens: Sequence[Token], question: str, taken: set[int]
) -> list[tuple[str, list[int], int, int]]:
    """(text, first tokens, length, threshold) of each repeat; ``taken`` marks tokens that
    belong to a hedge, opener or filler (never part of a repeat)."""
    norms = [t.norm for t in tokens]
    words = len(norms)
    asked = frozenset(stem(w) for w in _TOKEN.findall(normalise(question)))
    used = set(taken)
    out: list[tuple[str, list[int], int, int]] = []
    for n in range(6, 0, -1):
        where: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in range(words - n + 1):
            span = range(i, i + n)
            # No phrase across a sentence end, none over what is already counted.
            if any(tokens[k].sentence_start for k in span[1:]) or used.intersection(span):
                continue
            gram = tuple(norms[i : i + n])
            if n == 1:
                w = gram[0]
                if w in lx.STOP_WORDS or len(w) < 3 or stem(w) in asked or w.isdigit():
                    continue
            elif n < 3 or not _ngram_ok(gram, asked):
                continue
            spots = where[gram]
            if not spots or spots[-1] + n <= i:  # occurrences do not overlap
                spots.append(i)
        for gram, spots in sorted(where.items(), key=lambda kv: -len(kv[1])):
            if n == 1:
                need = (
                    habit_threshold(words) if gram[0] in lx.HABIT_WORDS else word_threshold(words)
                )
            else:
                need = phrase_threshold(n, words)
            free = [i for i in spots if not used.intersection(range(i, i + n))]
            if len(free) >= need:
                out.append((" ".join(gram), free, n, need))
                for i in free:
                    used.update(range(i, i + n))
    return out


def _group(
    text: str, tokens: Sequence[Token], hits: Sequence[tuple[str, int, int]]
) -> list[dict[str, object]]:
    by: dict[str, list[dict[str, object]]] = defaultdict(list)
    for phrase, i, n in hits:
        by[phrase].append(_moment(text, tokens, i, n))
    ordered = sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [{"text": k, "count": len(v), "moments": v} for k, v in ordered]


def _section(items: list[dict[str, object]], words: int) -> dict[str, object]:
    count = sum(int(str(d["count"])) for d in items)
    rate = round(count * 100.0 / words, 2) if words else None
    return {"count": count, "per_100_words": rate, "items": items}


def answer_habits(
    text: str,
    question: str,
    timed: Sequence[Mapping[str, object]] | None = None,
    filler_starts: Sequence[float] = (),
) -> dict[str, Any]:
    """Hedges, weak openers and repeats of one answer, with moments (JSON-ready)."""
    tokens = tokenize(text, timed)
    hedges = find_hedges(tokens)
    openers = find_openers(tokens)
    taken = {k for _, i, n in (*hedges, *openers) for k in range(i, i + n)}
    starts = {round(s, 2) for s in filler_starts}
    taken |= {
        k for k, t in enumerate(tokens) if t.start is not None and round(t.start, 2) in starts
    }
    taken |= {k for k, t in enumerate(tokens) if t.norm in lx.LEADING_FILLERS}
    repeats = find_repeats(tokens, question, taken)
    repeat_items: list[dict[str, object]] = [
        {
            "text": text_,
            "count": len(spots),
            "threshold": need,
            "moments": [_moment(text, tokens, i, n) for i in spots],
        }
        for text_, spots, n, need in repeats
    ]
    words = len(tokens)
    return {
        "version": VERSION,
        "words": words,
        "timed": bool(timed),
        "hedges": _section(_group(text, tokens, hedges), words),
        "openers": _section(_group(text, tokens, openers), words),
        "repeats": _section(repeat_items, words),
    }


def session_habits(answers: Sequence[Mapping[str, object] | None]) -> dict[str, Any]:
    """Totals over a session's answers: each habit once, with its count and answers."""
    words = 0
    out: dict[str, object] = {"version": VERSION}
    sections: dict[str, dict[str, dict[str, object]]] = {
        "hedges": {},
        "openers": {},
        "repeats": {},
    }
    for idx, a in enumerate(answers):
        if not a:
            continue
        words += int(str(a.get("words", 0)))
        for key, table in sections.items():
            sec = a.get(key)
            for item in sec.get("items", []) if isinstance(sec, Mapping) else []:
                row = table.setdefault(str(item["text"]), {"text": item["text"], "count": 0})
                row["count"] = int(str(row["count"])) + int(str(item["count"]))
                row.setdefault("answers", [])
                answers_of = row["answers"]
                assert isinstance(answers_of, list)
                answers_of.append(idx)
    out["words"] = words
    for key, table in sections.items():
        items = sorted(table.values(), key=lambda d: (-int(str(d["count"])), str(d["text"])))
        out[key] = _section(items, words)
    return out
