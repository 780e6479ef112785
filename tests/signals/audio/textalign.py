"""Word error rate and word alignment helpers for the accuracy tests."""

from __future__ import annotations

import re

FILLED_PAUSES = frozenset({"um", "umm", "uh", "uhh", "uhm", "erm", "er", "hmm", "ah"})


def norm_words(text: str, drop_filled_pauses: bool = True) -> list[str]:
    """Lower-case words without punctuation; hyphens split words.

    Filled pauses are dropped by default (the usual ASR normalisation, as in Whisper's
    English normaliser): whether "um" is transcribed is measured by the filler tests.
    """
    out = []
    for w in text.lower().replace("-", " ").split():
        w = re.sub(r"[^\w']", "", w)
        if w and not (drop_filled_pauses and w in FILLED_PAUSES):
            out.append(w)
    return out


def align(ref: list[str], hyp: list[str]) -> tuple[int, list[tuple[int | None, int | None]]]:
    """Levenshtein alignment: (edit count, pairs of ref/hyp indices; None = gap)."""
    n, m = len(ref), len(hyp)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1])
            )
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and d[i][j] == d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i > 0 and d[i][j] == d[i - 1][j] + 1:
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    pairs.reverse()
    return d[n][m], pairs


def word_errors(ref_text: str, hyp_text: str) -> tuple[int, int]:
    """(edits, reference length) for corpus-level WER."""
    ref, hyp = norm_words(ref_text), norm_words(hyp_text)
    edits, _ = align(ref, hyp)
    return edits, len(ref)
