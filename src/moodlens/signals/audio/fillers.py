"""Filler detection: lexical (from the transcript) merged with acoustic filled pauses.

The word list and its context rules are content data (``moodlens/content/fillers.yaml``).
Each filler keeps a time so the report can mark it on the timeline. An acoustic filled
pause that matches a transcribed "um"/"uh" is counted once; one the recogniser dropped is
still counted (as "uh"). Words the recogniser writes for a hesitation as often as for
something else ("ah", "oh") count only where the detector heard a held vowel there.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import yaml

from moodlens.signals.audio.acoustic import FilledPause, FilledPauseConfig
from moodlens.signals.audio.words import Word

FillerKind = Literal["filled_pause", "discourse"]
MATCH_TOLERANCE_S = 0.35  # word times are estimates (±0.3 s); acoustic times are exact
# A filled pause the transcript does not back counts alone only when it is long enough and
# sits low in the speaker's pitch range: hesitation sounds are produced near the speaker's
# baseline pitch, flat (Shriberg & Lickley 1993; O'Shaughnessy 1992), while a held vowel of
# slow fluent speech carries the phrase's intonation (at or above the median). Both values
# were chosen on the fitted part of the corpus only (bench/speech_accuracy.py, "fit").
ACOUSTIC_ONLY_MIN_S = 0.3
ACOUSTIC_ONLY_MAX_PITCH_REL_ST = -1.1
# What backs a transcribed "ah"/"oh" (rules with ``needs_acoustic``): a held, voiced,
# spectrally steady vowel, at any pitch slope. Unlike an unbacked sound, the word already
# says "hesitation"; a hesitant "oh" often falls in pitch (Moonshine writes "Oh,"/"Ah," for
# an "er"/"uh" said with falling intonation), which the flat-pitch test alone rejects.
BACKING = FilledPauseConfig(max_slope_st_s=math.inf)


@dataclass(frozen=True, slots=True)
class FillerRule:
    """One configured filler and its context rules."""

    words: tuple[str, ...]
    kind: FillerKind
    not_after: frozenset[str] = frozenset()
    not_before: frozenset[str] = frozenset()
    filler_after: frozenset[str] | None = None
    # Only where the acoustic detector heard a held vowel too: Moonshine also writes "ah"
    # and "oh" for garbled syllables of noisy or telephone speech.
    needs_acoustic: bool = False


@dataclass(frozen=True, slots=True)
class Filler:
    """A filler with its time in seconds from the start of the audio."""

    text: str
    start: float
    end: float
    kind: FillerKind
    source: Literal["lexical", "acoustic", "both"]

    def to_dict(self) -> dict[str, object]:
        """JSON form for the CLI and API."""
        return {
            "text": self.text,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "kind": self.kind,
            "source": self.source,
        }


def _rule(entry: dict[str, Any]) -> FillerRule:
    fa = entry.get("filler_after")
    return FillerRule(
        words=tuple(str(entry["text"]).lower().split()),
        kind=entry.get("kind", "discourse"),
        not_after=frozenset(str(w) for w in entry.get("not_after", [])),
        not_before=frozenset(str(w) for w in entry.get("not_before", [])),
        filler_after=None if fa is None else frozenset(str(w) for w in fa),
        needs_acoustic=bool(entry.get("needs_acoustic", False)),
    )


@functools.cache
def load_rules(language: str = "en") -> tuple[FillerRule, ...]:
    """Read the filler rules for ``language`` from the packaged content file."""
    text = resources.files("moodlens").joinpath("content/fillers.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    entries = data["languages"].get(language)
    if entries is None:
        raise KeyError(f"no filler list for language {language!r}")
    # Longest first so "you know" wins over a single-word rule at the same position.
    return tuple(sorted((_rule(e) for e in entries), key=lambda r: -len(r.words)))


def _boundary_after(raw: str) -> bool:
    return raw.rstrip().endswith((",", ".", "?", "!", ";", ":", "-", "\u2014"))


def lexical_fillers(
    words: Sequence[Word],
    rules: Sequence[FillerRule] | None = None,
    utterance_starts: Sequence[int] = (0,),
) -> list[Filler]:
    """Fillers found in the transcript. ``utterance_starts`` are indices that begin a turn."""
    rs = load_rules() if rules is None else rules
    norm = [w.norm for w in words]
    starts = set(utterance_starts)
    filled = frozenset(r.words[0] for r in rs if r.kind == "filled_pause" and len(r.words) == 1)
    out: list[Filler] = []
    i = 0
    while i < len(words):
        matched = 0
        for r in rs:
            n = len(r.words)
            if tuple(norm[i : i + n]) != r.words:
                continue
            if n > 1 and any(_boundary_after(words[k].text) for k in range(i, i + n - 1)):
                continue  # "you. Know" is not "you know"
            if _is_filler(r, words, norm, i, n, i in starts, filled):
                out.append(
                    Filler(
                        " ".join(r.words), words[i].start, words[i + n - 1].end, r.kind, "lexical"
                    )
                )
                matched = n
                break
        i += matched or 1
    return out


def _is_filler(
    r: FillerRule,
    words: Sequence[Word],
    norm: list[str],
    i: int,
    n: int,
    turn_start: bool,
    filled: frozenset[str],
) -> bool:
    prev = norm[i - 1] if i > 0 and not turn_start else None
    boundary_before = prev is None or _boundary_after(words[i - 1].text)
    boundary_after = _boundary_after(words[i + n - 1].text) or i + n >= len(words)
    nxt = norm[i + n] if i + n < len(words) else None
    if nxt in filled and words[i + n - 1].text.rstrip().endswith(","):
        # The recogniser sets a filled pause off with commas ("I like, uh, roles"): that
        # comma is not a clause boundary.
        boundary_after = False
    if prev is not None and not boundary_before and prev in r.not_after:
        return False
    if nxt is not None and not boundary_after and nxt in r.not_before:
        return False
    if r.filler_after is not None:
        return boundary_before or boundary_after or (prev is not None and prev in r.filler_after)
    return True


def match_filled_pauses(
    lexical: Sequence[Filler], acoustic: Sequence[FilledPause]
) -> tuple[dict[int, int], list[int]]:
    """Pair transcribed filled pauses with acoustic ones, one to one, nearest first.

    Returns ({lexical index: acoustic index}, [acoustic indices left unpaired]). Pairs are
    at most ``MATCH_TOLERANCE_S`` apart (0 when overlapping).
    """
    pairs: dict[int, int] = {}
    unpaired: list[int] = []
    for j, fp in enumerate(acoustic):
        best, best_d = -1, MATCH_TOLERANCE_S
        for k, f in enumerate(lexical):
            if k in pairs or f.kind != "filled_pause":
                continue
            d = max(0.0, max(f.start, fp.start) - min(f.end, fp.end))
            if d <= best_d:
                best, best_d = k, d
        if best >= 0:
            pairs[best] = j
        else:
            unpaired.append(j)
    return pairs, unpaired


def counts_alone(fp: FilledPause) -> bool:
    """Whether an acoustic filled pause the transcript does not back is counted as "uh"."""
    if fp.end - fp.start < ACOUSTIC_ONLY_MIN_S:
        return False
    return fp.pitch_rel_st is None or fp.pitch_rel_st <= ACOUSTIC_ONLY_MAX_PITCH_REL_ST


def needs_acoustic(rules: Sequence[FillerRule] | None = None) -> frozenset[str]:
    """Filler words counted only where the detector heard a held vowel (``BACKING``)."""
    rs = load_rules() if rules is None else rules
    return frozenset(" ".join(r.words) for r in rs if r.needs_acoustic)


def _nearest(f: Filler, sounds: Sequence[FilledPause], used: set[int]) -> int:
    best, best_d = -1, MATCH_TOLERANCE_S
    for j, fp in enumerate(sounds):
        d = max(0.0, max(f.start, fp.start) - min(f.end, fp.end))
        if j not in used and d <= best_d:
            best, best_d = j, d
    return best


def merge_fillers(
    lexical: Sequence[Filler],
    acoustic: Sequence[FilledPause],
    backing: Sequence[FilledPause] = (),
) -> list[Filler]:
    """Combine transcript fillers and acoustic filled pauses without double counting.

    A transcribed filled pause paired with an acoustic one (``match_filled_pauses``) is
    one event: it keeps the word and takes the (exact) acoustic times. An unpaired acoustic
    filled pause is a filler the recogniser dropped, reported as "uh", when it
    ``counts_alone``. An unpaired "ah"/"oh" (``needs_acoustic``) counts only when one of
    ``backing`` (held vowels found with ``BACKING``) is near it and is not such a dropped
    "uh" already.
    """
    pairs, unpaired = match_filled_pauses(lexical, acoustic)
    alone = [acoustic[j] for j in unpaired if counts_alone(acoustic[j])]
    free = [b for b in backing if not any(a.start < b.end and b.start < a.end for a in alone)]
    used: set[int] = set()
    needs = needs_acoustic()
    out: list[Filler] = []
    for k, f in enumerate(lexical):
        j = pairs.get(k)
        if j is not None:
            fp = acoustic[j]
            out.append(Filler(f.text, fp.start, fp.end, "filled_pause", "both"))
        elif f.text not in needs:
            out.append(f)
        elif (b := _nearest(f, free, used)) >= 0:
            used.add(b)
            out.append(Filler(f.text, free[b].start, free[b].end, "filled_pause", "both"))
    out += [Filler("uh", fp.start, fp.end, "filled_pause", "acoustic") for fp in alone]
    return sorted(out, key=lambda f: f.start)
