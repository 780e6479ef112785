"""Per-word start/end times for a recognised utterance.

Moonshine returns text only. We know where the voice was active inside the utterance
(VAD regions, 32 ms resolution), so words are laid out over those regions in proportion
to an estimate of how long each takes to say (syllables). Which words fall into which
region is chosen by dynamic programming: region durations should match the words' expected
durations, and punctuation in the transcript favours a break at a silence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from moodlens.signals.audio.vad import Region

_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_WORD_CHARS = re.compile(r"[^\w'%$&+-]+")
_DIGITS = re.compile(r"\d")
WORD_OVERHEAD = 0.35  # onset/coda consonants: a one-syllable word is not "1 unit" long
# Speakers lengthen the last word before a silence (phrase-final lengthening).
FINAL_LENGTHENING = 0.6
BREAK_BONUS = 0.6  # seconds^2-equivalent reward for a sentence/comma break at a silence


@dataclass(frozen=True, slots=True)
class Word:
    """A recognised word with its time in seconds from the start of the audio."""

    text: str  # as recognised, punctuation included (e.g. "timing,")
    start: float
    end: float

    @property
    def norm(self) -> str:
        """Lower-case word without surrounding punctuation, for matching."""
        return normalise(self.text)

    def to_dict(self) -> dict[str, object]:
        """JSON form used by the CLI and the API: text without punctuation, rounded times."""
        return {"text": self.norm, "start": round(self.start, 3), "end": round(self.end, 3)}


def normalise(token: str) -> str:
    """Lower-case a token and strip punctuation at its edges (keeps "don't", "3.5%")."""
    return _WORD_CHARS.sub(" ", token.lower()).strip().replace(" ", "")


def syllables(word: str) -> float:
    """Rough syllable count from vowel groups; digits count as ~1.5 syllables each."""
    w = normalise(word)
    if not w:
        return 0.0
    digits = len(_DIGITS.findall(w))
    if digits:
        return 1.5 * digits
    n = len(_VOWEL_GROUPS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and n > 1:
        n -= 1  # silent final e
    if w.endswith(("ed",)) and not w.endswith(("ted", "ded")) and n > 1:
        n -= 1  # "talked", "moved": -ed is not a syllable
    return float(max(1, n))


def _weight(word: str) -> float:
    return syllables(word) + WORD_OVERHEAD


def _break_after(word: str) -> float:
    if word.endswith((".", "?", "!")):
        return 1.0
    if word.endswith((",", ";", ":")):
        return 0.6
    return 0.0


def assign_times(tokens: Sequence[str], regions: Sequence[Region]) -> list[Word]:
    """Give each token a start/end by spreading tokens over the voiced ``regions``.

    ``regions`` are the voiced spans (absolute seconds, in order) of one utterance. Every
    word lies inside a single region; a region may get no words (e.g. a breath or an
    "uh" the recogniser dropped) when that fits the durations better.
    """
    toks = [t for t in tokens if normalise(t)]
    regs = [r for r in regions if r.duration > 0]
    if not toks or not regs:
        return []
    weights = [_weight(t) for t in toks]
    total_w = sum(weights) + FINAL_LENGTHENING * min(len(regs), len(toks))
    total_d = sum(r.duration for r in regs)
    sec_per_unit = total_d / total_w
    groups = _partition(toks, weights, regs, sec_per_unit)
    out: list[Word] = []
    for region, (i, j) in zip(regs, groups, strict=True):
        if i == j:
            continue
        ws = weights[i:j]
        ws[-1] += FINAL_LENGTHENING
        w_sum = sum(ws)
        t = region.start
        for k in range(i, j):
            d = region.duration * ws[k - i] / w_sum
            end = region.end if k == j - 1 else t + d  # no float drift at the region edge
            out.append(Word(toks[k], t, end))
            t = end
    return out


def _partition(
    toks: list[str], weights: list[float], regs: list[Region], sec_per_unit: float
) -> list[tuple[int, int]]:
    """Contiguous word ranges per region minimising squared duration mismatch."""
    n, m = len(toks), len(regs)
    prefix = [0.0]
    for w in weights:
        prefix.append(prefix[-1] + w)
    inf = float("inf")
    # cost[j][i]: best cost placing the first i words into the first j regions
    cost = [[inf] * (n + 1) for _ in range(m + 1)]
    back = [[0] * (n + 1) for _ in range(m + 1)]
    cost[0][0] = 0.0
    for j in range(1, m + 1):
        d = regs[j - 1].duration
        for i in range(n + 1):
            best, arg = inf, 0
            for k in range(i + 1):
                if cost[j - 1][k] == inf:
                    continue
                units = prefix[i] - prefix[k] + (FINAL_LENGTHENING if i > k else 0.0)
                expected = units * sec_per_unit
                c = cost[j - 1][k] + (expected - d) ** 2
                if i > k and j < m:
                    c -= BREAK_BONUS * _break_after(toks[i - 1])
                if c < best:
                    best, arg = c, k
            cost[j][i], back[j][i] = best, arg
    groups: list[tuple[int, int]] = []
    i = n
    for j in range(m, 0, -1):
        k = back[j][i]
        groups.append((k, i))
        i = k
    groups.reverse()
    return groups


def assign_times_pinned(
    tokens: Sequence[str],
    regions: Sequence[Region],
    pins: dict[int, Region],
    cuts: Sequence[Region] = (),
) -> list[Word]:
    """Like ``assign_times`` but token ``i`` in ``pins`` gets exactly ``pins[i]``.

    Pins come from acoustically detected filled pauses matched to transcribed "um"/"uh";
    the other tokens are laid out over the voiced time between pins. ``cuts`` are spans
    no word may cover (a filled pause the recogniser dropped).
    """
    toks = [t for t in tokens if normalise(t)]
    if not pins:
        return assign_times(toks, cut_regions(regions, cuts))
    blocked = [*cuts, *pins.values()]
    free = cut_regions(regions, blocked)
    out: list[Word] = []
    prev_i, prev_t = 0, float("-inf")
    for i in sorted(pins):
        span = pins[i]
        out.extend(assign_times(toks[prev_i:i], _between(free, prev_t, span.start)))
        out.append(Word(toks[i], span.start, span.end))
        prev_i, prev_t = i + 1, span.end
    out.extend(assign_times(toks[prev_i:], _between(free, prev_t, float("inf"))))
    return out


def _between(regions: Sequence[Region], a: float, b: float) -> list[Region]:
    return [Region(max(r.start, a), min(r.end, b)) for r in regions if r.end > a and r.start < b]


def cut_regions(regions: Sequence[Region], cuts: Sequence[Region]) -> list[Region]:
    """``regions`` minus ``cuts`` (pieces under 60 ms dropped: no word is that short; all
    of it if nothing is left)."""
    out = list(regions)
    for c in cuts:
        nxt: list[Region] = []
        for r in out:
            if c.end <= r.start or c.start >= r.end:
                nxt.append(r)
                continue
            if r.start < c.start:
                nxt.append(Region(r.start, c.start))
            if c.end < r.end:
                nxt.append(Region(c.end, r.end))
        out = nxt
    return [r for r in out if r.duration > 0.06] or list(regions)


def regions_within(regions: Sequence[Region], span: Region) -> list[Region]:
    """Voiced regions clipped to ``span``; the whole span if none overlap it."""
    out = [
        Region(max(r.start, span.start), min(r.end, span.end))
        for r in regions
        if r.end > span.start and r.start < span.end
    ]
    return [r for r in out if r.duration > 0] or [span]
