"""Seams between two pieces of speech cut inside speech (the 10 s cap, or a piece of a long
utterance, ADR 0016): both sides hear ``OVERLAP_S`` of the other, so a word cut in two is
heard whole once; whichever transcript comes second loses the words the first already showed
(``merge.trim_right``/``trim_left``), whatever order the recogniser delivers them in."""

from __future__ import annotations

from collections.abc import Callable

from moodlens.signals.audio.merge import trim_left, trim_right


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
