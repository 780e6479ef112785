"""Seams between two pieces of speech cut inside speech (the 10 s cap, or a piece of a long
utterance, ADR 0016): both sides hear ``OVERLAP_S`` of the other, so a word cut in two is
heard whole once; whichever transcript comes second loses the words the first already showed
(``merge.trim_right``/``trim_left``), whatever order the recogniser delivers them in, and a
filler heard near the cut is counted once, whichever side heard it (``once_at_seams``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from moodlens.signals.audio.fillers import Filler
from moodlens.signals.audio.merge import trim_left, trim_right
from moodlens.signals.audio.robust import OVERLAP_S
from moodlens.signals.audio.vad import Region


def at_seams(
    seams: dict[int, int],
    shown: dict[int, str],
    uid: int,
    text: str,
    settled: Callable[[int], bool],
) -> str:
    """``text`` of piece ``uid`` without the words a neighbour across a cut already showed.

    ``seams`` maps a right piece's id to its left one's, ``shown`` holds the text shown for
    a piece on either side of an open seam; both are updated. ``settled(k)`` is true once
    piece ``k`` is shown or never will be (dropped)."""
    left = seams.get(uid)
    right = next((r for r, lf in seams.items() if lf == uid), None)
    if left is not None and left in shown:
        text = trim_right(shown[left], text)
    if right is not None and right in shown:
        text = trim_left(text, shown[right])
    if left is not None or right is not None:
        shown[uid] = text
    # A seam is done once each side is settled; a text no open seam needs is let go.
    for r, lf in list(seams.items()):
        if (r in shown or settled(r)) and (lf in shown or settled(lf)):
            del seams[r]
    needed = {*seams, *seams.values()}
    for k in [k for k in shown if k not in needed]:
        del shown[k]
    return text


# A filler heard in a seam's overlap can come back from both sides under different names
# (the left piece's recogniser writes the cut "uh" as "um", the right piece's detector hears
# it acoustically): within this far of a cut, one filler of a kind is one filler. Word times
# are spread over the piece's own span, so a word heard in the overlap is timed up to
# OVERLAP_S before the cut; the slack covers a filler's timing error.
SEAM_SLACK_S = 0.25


def seam_cuts(seams: dict[int, int], uid: int, span: Region) -> list[float]:
    """The cuts inside speech at either end of piece ``uid`` (whose span is ``span``) whose
    seam is still open."""
    cuts = [span.start] if uid in seams else []
    if uid in seams.values():
        cuts.append(span.end)
    return cuts


def _same(a: Filler, b: Filler) -> bool:
    # Filled pauses ("um", "uh", acoustic) are one class whatever they were written as.
    return a.kind == b.kind and (a.kind == "filled_pause" or a.text == b.text)


def once_at_seams(
    new: Sequence[Filler], counted: Sequence[Filler], cuts: Sequence[float]
) -> list[Filler]:
    """``new`` fillers of a piece without those a neighbour across one of ``cuts`` already
    counted (``counted``): near a cut each filler of ``counted`` stands for one of ``new``."""
    keep = list(new)
    for cut in cuts:
        lo, hi = cut - OVERLAP_S - SEAM_SLACK_S, cut + OVERLAP_S + SEAM_SLACK_S
        near = [g for g in counted if g.end > lo and g.start < hi]
        for f in [f for f in keep if f.end > lo and f.start < hi]:
            match = next((g for g in near if _same(f, g)), None)
            if match is not None:
                near.remove(match)
                keep.remove(f)
    return keep
