"""Join the texts of two overlapping recognition pieces without doubling words.

The left piece ran ``OVERLAP_S`` past the cut and the right one started that much before
it, so the few words around the cut were heard twice, and the outermost word of each side
may be a fragment. The join looks for the longest run of identical words between the end
of the left text and the start of the right one, keeps the left text up to the end of that
run and the right text after it (dropping the fragments beyond it on either side).
Without an agreeing run, a right-hand first word that looks like the left-hand last word
is taken as the same word heard twice.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from moodlens.signals.audio.words import normalise

WINDOW = 6  # words searched at each side of the join
MAX_DROPPED = 2  # fragments allowed beyond an agreeing single word


def _similar(a: str, b: str) -> bool:
    return bool(a) and bool(b) and SequenceMatcher(None, a, b).ratio() >= 0.6


def _words(left: str, right: str) -> tuple[list[str], list[str]]:
    lw, rw = left.split(), right.split()
    if lw and lw[-1].endswith(".") and len(lw[-1]) > 1:
        lw[-1] = lw[-1][:-1]
    return lw, rw


def seam(left: str, right: str) -> tuple[int, int, int] | None:
    """Where the texts of two overlapping pieces agree: ``(i, m, j)`` with left words
    ``[i, i+m)`` equal to right words ``[j, j+m)``; ``m == 0`` when only the left's last
    word and the right's first look alike (one word heard twice); None when nothing agrees.
    """
    lw, rw = _words(left, right)
    if not lw or not rw:
        return None
    ln, rn = [normalise(w) for w in lw], [normalise(w) for w in rw]
    best: tuple[float, int, int, int] | None = None  # (score, run, i, j)
    for i in range(max(0, len(lw) - WINDOW), len(lw)):
        for j in range(min(WINDOW, len(rw))):
            m = 0
            while i + m < len(lw) and j + m < len(rw) and ln[i + m] and ln[i + m] == rn[j + m]:
                m += 1
            if m == 0:
                continue
            dropped = (len(lw) - (i + m)) + j
            if m == 1 and dropped > MAX_DROPPED:
                continue  # a lone common word far from the join is a coincidence
            score = m - 0.5 * dropped
            if best is None or score > best[0]:
                best = (score, m, i, j)
    if best is not None:
        _, m, i, j = best
        return i, m, j
    if _similar(ln[-1], rn[0]):
        return len(lw), 0, 1
    return None


def split_overlapping(left: str, right: str) -> tuple[str, str]:
    """The parts of ``left`` and ``right`` to keep so that words heard by both appear once.

    The recogniser ends every piece with a full stop; at a cut inside speech that is not
    a sentence end, so it is dropped (a real one keeps the right piece's capital letter).
    """
    lw, rw = _words(left, right)
    if not lw or not rw:
        return left.strip(), right.strip()
    at = seam(left, right)
    if at is None:
        return " ".join(lw), " ".join(rw)
    i, m, j = at
    return " ".join(lw[: i + m]), " ".join(rw[j + m :])


def trim_right(shown_left: str, right: str) -> str:
    """``right`` without the words the already shown ``shown_left`` has (live seams)."""
    at = seam(shown_left, right)
    return right.strip() if at is None else " ".join(right.split()[at[1] + at[2] :])


def trim_left(left: str, shown_right: str) -> str:
    """``left`` without the words the already shown ``shown_right`` has (live seams)."""
    lw, _ = _words(left, shown_right)
    at = seam(left, shown_right)
    if at is None:
        return left.strip()
    i, m, _j = at
    return " ".join(lw[: i if m else i - 1])


def join_overlapping(left: str, right: str) -> str:
    """``left`` + ``right`` with the words heard by both kept once."""
    a, b = split_overlapping(left, right)
    return " ".join(t for t in (a, b) if t)
