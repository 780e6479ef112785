"""Small text utilities shared by answer analysis and follow-up phrasing.

Transcripts come from ASR (punctuated, sometimes run-on) or from typing, so everything here
is forgiving: sentence splitting falls back to clause boundaries for very long runs, and a
light suffix stemmer lets "reproduced" match a key point written as "reproduce".
"""

from __future__ import annotations

import re
from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")
# Spoken run-ons: split where a new clause obviously starts.
_RUN_ON = re.compile(r",\s+(?:and then|so then|and so|after that|then)\s+|;\s+")
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*(?:'[a-z]+)?")
_MAX_SENTENCE_WORDS = 45
_VOWELS = frozenset("aeiou")

STOPWORDS = _words(
    """a about above after again all also am an and any are as at be because been before
    being both but by can could did do does doing down during each few for from further had
    has have having he her here hers him his how i i'd i'll i'm i've if in into is it it's its
    just me more most my no nor not now of off on once only or other our ours out over own
    really same she should so some such than that that's the their them then there these they
    this those through to too under until up very was we we'd we're we've were what when where
    which while who whom why will with would you your yours yeah um uh like okay ok well"""
)


def normalise(text: str) -> str:
    """Lower-case with straight apostrophes, so patterns need one spelling."""
    return text.replace("\u2019", "'").replace("\u2018", "'").lower()


def split_sentences(text: str) -> list[str]:
    """Sentences of `text` (original casing), long run-ons cut at clause boundaries."""
    out: list[str] = []
    for raw in _SENTENCE_END.split(text.strip()):
        sentence = raw.strip()
        if not sentence:
            continue
        if len(sentence.split()) > _MAX_SENTENCE_WORDS:
            out.extend(p.strip() for p in _RUN_ON.split(sentence) if p.strip())
        else:
            out.append(sentence)
    return out


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalise(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately light stemmer: enough for phrase matching, never for display."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
        ("e", ""),
        ("ly", ""),
    ):
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            return word
        base = word[: -len(suffix)] + repl
        # "stopped" -> "stopp" -> "stop", so it meets "stop".
        doubled = len(base) > 3 and base[-1] == base[-2] and base[-1] not in _VOWELS
        if suffix in ("ing", "ed") and doubled and base[-1] not in "lsz":
            base = base[:-1]
        return base
    return word


def stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text)]


def stem_string(text: str) -> str:
    """Space-padded stem sequence, so `phrase in haystack` matches whole words only."""
    return " " + " ".join(stems(text)) + " "


def content_stems(text: str) -> set[str]:
    return {stem(t) for t in tokens(text) if t not in STOPWORDS and len(t) > 2}
