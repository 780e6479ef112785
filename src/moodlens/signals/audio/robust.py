"""Recognition that never silently loses voiced speech.

Moonshine has two failure modes on real inputs, both measured on the generated corpus
(bench/speech_accuracy.py):

- It sometimes ends at once: the end token is the likeliest *first* token (p ~ 0.9) on an
  utterance it recognises perfectly once 0.5 s of silence is put around it, or once the
  end token is forbidden as the first token. The encoder sees speech start and stop
  abruptly at the VAD's edges; that is the cause, not the token budget.
- Cost and errors grow with length, so long inputs are decoded in pieces of at most
  ``PIECE_MAX_S`` cut at the quietest moments, each piece overlapping its neighbours by
  ``OVERLAP_S`` so a word cut in two is heard whole by one of them; the texts are joined
  where they agree (``merge.join_overlapping``), so no word is doubled.

A result is *implausible* when it has fewer words than ``MIN_WORDS_PER_VOICED_S`` per
second of voiced audio (the VAD's count; speech at 90 wpm has ~1.5). An implausible
result is retried: padded with silence, then with the first end token suppressed, then in
two overlapping halves. A voiced stretch that still yields nothing is returned in
``AsrResult.untranscribed`` so the transcript can say "[not transcribed a-b s]".
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from moodlens.signals.audio.asr import AsrResult, MoonshineAsr
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray
from moodlens.signals.audio.merge import join_overlapping
from moodlens.signals.audio.vad import (
    Region,
    VadConfig,
    quietest_point,
    speech_probabilities,
    voiced_regions,
)

PIECE_MAX_S = 10.0
OVERLAP_S = 0.4
PAD_S = 0.5
MIN_WORDS_PER_VOICED_S = 0.7
SPLIT_MIN_S = 2.0
# Less voiced time than this with no words is a click, a breath or a cough, not speech.
MIN_LOST_VOICED_S = 0.3


def _voiced_s(voiced: Sequence[Region], a: float, b: float) -> float:
    return sum(max(0.0, min(r.end, b) - max(r.start, a)) for r in voiced)


def _voiced_extent(voiced: Sequence[Region], a: float, b: float) -> tuple[float, float] | None:
    inside = [r for r in voiced if r.end > a and r.start < b]
    if not inside:
        return None
    return max(a, inside[0].start), min(b, inside[-1].end)


def _words(r: AsrResult) -> int:
    return len(r.text.split())


def _plausible(r: AsrResult, voiced_s: float) -> bool:
    if r.truncated and _words(r) == 0:
        return False
    return _words(r) >= MIN_WORDS_PER_VOICED_S * voiced_s


def recognise(asr: MoonshineAsr, audio: FloatArray, depth: int = 3) -> AsrResult:
    """Recognise one utterance of any length; see the module docstring."""
    x = np.ascontiguousarray(audio, dtype=np.float32).reshape(-1)
    voiced = voiced_regions(speech_probabilities(x), VadConfig())
    return _span(asr, x, 0, x.size, voiced, depth)


def _span(
    asr: MoonshineAsr, x: FloatArray, a: int, b: int, voiced: Sequence[Region], depth: int
) -> AsrResult:
    dur = (b - a) / SAMPLE_RATE
    if dur > PIECE_MAX_S:
        n = math.ceil(dur / PIECE_MAX_S)
        return _pieces(asr, x, a, b, _cuts(x, a, b, n), voiced, depth)
    t0, t1 = a / SAMPLE_RATE, b / SAMPLE_RATE
    vs = _voiced_s(voiced, t0, t1)
    piece = x[a:b]
    first = asr.transcribe(piece)
    if _plausible(first, vs):
        return first
    tried = [first]
    pad = np.zeros(int(PAD_S * SAMPLE_RATE), dtype=np.float32)
    padded = np.concatenate([pad, piece, pad])
    for blank in (False, True):
        r = asr.transcribe(padded, suppress_blank=blank)
        if _plausible(r, vs):
            return r
        tried.append(r)
    if dur >= SPLIT_MIN_S and depth > 0:
        cut = int(quietest_point(x, t0 + 0.3 * dur, t0 + 0.7 * dur) * SAMPLE_RATE)
        tried.append(_pieces(asr, x, a, b, [cut], voiced, depth - 1))
    best = max(tried, key=lambda r: (_words(r), -len(r.untranscribed)))
    if _words(best) == 0 and not best.untranscribed and vs >= MIN_LOST_VOICED_S:
        extent = _voiced_extent(voiced, t0, t1)
        if extent is not None:
            best = replace(best, untranscribed=(extent,))
    return best


def _cuts(x: FloatArray, a: int, b: int, n: int) -> list[int]:
    """``n - 1`` cut points near equal divisions of [a, b), each at the quietest moment."""
    step = (b - a) / n
    reach = min(1.5 * SAMPLE_RATE, 0.2 * step)
    out: list[int] = []
    for k in range(1, n):
        centre = a + k * step
        lo, hi = (centre - reach) / SAMPLE_RATE, (centre + reach) / SAMPLE_RATE
        out.append(int(quietest_point(x, lo, hi) * SAMPLE_RATE))
    return out


def _pieces(
    asr: MoonshineAsr,
    x: FloatArray,
    a: int,
    b: int,
    cuts: Sequence[int],
    voiced: Sequence[Region],
    depth: int,
) -> AsrResult:
    """Decode [a, b) in pieces split at ``cuts`` (overlapping) and join their texts."""
    ov = int(OVERLAP_S * SAMPLE_RATE)
    edges = [a, *cuts, b]
    text = ""
    tokens: tuple[int, ...] = ()
    truncated = False
    lost: list[tuple[float, float]] = []
    for lo, hi in itertools.pairwise(edges):
        pa, pb = max(a, lo - ov if lo > a else lo), min(b, hi + ov if hi < b else hi)
        r = _span(asr, x, pa, pb, voiced, depth)
        text = join_overlapping(text, r.text)
        tokens += r.tokens
        truncated = truncated or r.truncated
        lost.extend(r.untranscribed)
    return AsrResult(text, tokens, truncated, tuple(_merge_spans(lost)))


def _merge_spans(spans: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
