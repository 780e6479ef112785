"""Turn one recognised utterance into timed words and fillers (shared by offline and live)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from moodlens.signals.audio.acoustic import (
    FilledPause,
    FrameFeatures,
    detect_filled_pauses,
    frame_features,
    quiet_gaps,
)
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray
from moodlens.signals.audio.fillers import (
    BACKING,
    Filler,
    counts_alone,
    lexical_fillers,
    match_filled_pauses,
    merge_fillers,
    needs_acoustic,
)
from moodlens.signals.audio.vad import Region
from moodlens.signals.audio.words import (
    Word,
    assign_times,
    assign_times_pinned,
    normalise,
    regions_within,
)
from moodlens.signals.audio.words import cut_regions as words_cut


@dataclass(frozen=True, slots=True)
class UtteranceResult:
    """Words and fillers of one utterance, times on the caller's clock."""

    span: Region
    text: str
    words: tuple[Word, ...]
    fillers: tuple[Filler, ...]
    filled_pauses: tuple[FilledPause, ...]
    # Voiced stretches the recogniser returned nothing for (caller's clock): unknown
    # speech, shown as "[not transcribed a-b s]" and left out of the rates.
    untranscribed: tuple[Region, ...] = ()

    @property
    def display_text(self) -> str:
        """The text with a marker where speech was heard but not transcribed."""
        return with_markers(self.words, self.untranscribed) if self.untranscribed else self.text


def untranscribed_marker(span: Region) -> str:
    """'[not transcribed 12.4-22.3 s]'."""
    return f"[not transcribed {span.start:.1f}-{span.end:.1f} s]"


def with_markers(words: Sequence[Word], spans: Sequence[Region]) -> str:
    """Words in order with a marker for each untranscribed span at its place in time."""
    items = [(w.start, w.text) for w in words]
    items += [(s.start, untranscribed_marker(s)) for s in spans]
    return " ".join(t for _, t in sorted(items, key=lambda it: it[0]))


def acoustic_fillers(
    audio: FloatArray, audio_start: float, span: Region, feats: FrameFeatures | None = None
) -> list[FilledPause]:
    """Filled pauses inside ``span``; ``audio`` is the utterance audio starting at audio_start."""
    return [
        fp
        for fp in detect_filled_pauses(audio, offset_s=audio_start, feats=feats)
        if fp.end > span.start and fp.start < span.end
    ]


def process_utterance(
    text: str,
    span: Region,
    voiced: Sequence[Region],
    audio: FloatArray,
    audio_start: float,
    filled_pauses: Sequence[FilledPause] | None = None,
    feats: FrameFeatures | None = None,
    untranscribed: Sequence[Region] = (),
) -> UtteranceResult:
    """Time the words of ``text`` over the voiced regions of ``span`` and find fillers.

    ``audio`` holds the utterance samples (any padding included) and ``audio_start`` the
    time of its first sample. A filled pause the recogniser dropped is kept out of the word
    layout, so the words around it are not stretched over it; so is an ``untranscribed``
    span (caller's clock), unless it is just that filled pause (then it was heard).
    """
    feats = feats if feats is not None else frame_features(audio)
    fps = (
        list(filled_pauses)
        if filled_pauses is not None
        else acoustic_fillers(audio, audio_start, span, feats)
    )
    lost = [u for u in untranscribed if not _mostly_filled_pause(u, fps)]
    # Short silences (120-250 ms) are not pauses, but words do not straddle them.
    gaps = [Region(a, b) for a, b in quiet_gaps(feats, audio_start)]
    regs = words_cut(regions_within(voiced, span), [*gaps, *lost])
    tokens = [t for t in text.split() if normalise(t)]
    words = assign_times(tokens, regs)
    lex = lexical_fillers(words)
    if fps and words:
        # Acoustic times are exact: pin matched "um"/"uh" tokens to them and keep the
        # dropped ones free of words, then lay the other words out again.
        pins, cuts = _pins(words, lex, fps)
        words = assign_times_pinned(tokens, regs, pins, cuts)
        lex = lexical_fillers(words)
    fillers = merge_fillers(lex, fps, _held_vowels(audio, audio_start, span, feats, lex))
    return UtteranceResult(span, text, tuple(words), tuple(fillers), tuple(fps), tuple(lost))


def _held_vowels(
    audio: FloatArray,
    audio_start: float,
    span: Region,
    feats: FrameFeatures,
    lex: Sequence[Filler],
) -> list[FilledPause]:
    """What may back a transcribed "ah"/"oh" (fillers.BACKING); searched only if one is there."""
    needs = needs_acoustic()
    if not any(f.text in needs for f in lex):
        return []
    found = detect_filled_pauses(audio, offset_s=audio_start, cfg=BACKING, feats=feats)
    return [fp for fp in found if fp.end > span.start and fp.start < span.end]


def _mostly_filled_pause(span: Region, fps: Sequence[FilledPause]) -> bool:
    covered = sum(max(0.0, min(f.end, span.end) - max(f.start, span.start)) for f in fps)
    return covered >= 0.6 * span.duration


def _pins(
    words: Sequence[Word], lex: Sequence[Filler], fps: Sequence[FilledPause]
) -> tuple[dict[int, Region], list[Region]]:
    """Word index -> acoustic span for paired "um"/"uh"; spans of dropped ones."""
    pairs, unpaired = match_filled_pauses(lex, fps)
    index = {(w.start, w.end): i for i, w in enumerate(words)}
    pins: dict[int, Region] = {}
    for k, j in pairs.items():
        i = index.get((lex[k].start, lex[k].end))
        if i is not None:
            pins[i] = Region(fps[j].start, fps[j].end)
    # Pins must keep word order; a crossing pair is left to the layout.
    last = float("-inf")
    for i in sorted(pins):
        if pins[i].start < last:
            del pins[i]
        else:
            last = pins[i].end
    # A short unbacked one is probably a long vowel of a word: no cut for it either.
    lone = [j for j in unpaired if counts_alone(fps[j])]
    return pins, [Region(fps[j].start, fps[j].end) for j in lone]


def utterance_bounds(n_samples: int, span: Region, pad_s: float) -> tuple[int, int]:
    """Sample indices of ``span`` widened by ``pad_s`` and clipped to the signal."""
    a = max(0, int((span.start - pad_s) * SAMPLE_RATE))
    b = min(n_samples, int((span.end + pad_s) * SAMPLE_RATE))
    return a, b
