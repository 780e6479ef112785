"""How the stream analyser closes utterances and pieces (ADR 0010, 0016).

An utterance closes after ``utterance_gap_s`` of silence. With ``StreamConfig.pieces`` a long
one is also closed in pieces while the candidate speaks: at a shorter pause once the piece
is ``min_s`` long, or, in speech without such a pause, cut at the quietest point once it is
``max_s`` long (whole utterances only: at the ``max_utterance_s`` cap). A cut inside speech
overlaps: each side hears ``OVERLAP_S`` of the other, and the seam is recorded so the second
transcript to arrive drops the words the first already showed (stream_seams.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from moodlens.signals.audio.acoustic import (
    HOP,
    WIN,
    detect_filled_pauses,
    frame_features,
    slice_features,
)
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray
from moodlens.signals.audio.fillers import Filler, counts_alone
from moodlens.signals.audio.robust import OVERLAP_S
from moodlens.signals.audio.stream_cues import filler_cue
from moodlens.signals.audio.stream_seams import once_at_seams
from moodlens.signals.audio.stream_types import StreamEvent, Waiting
from moodlens.signals.audio.vad import CHUNK_S, Region, quietest_point

if TYPE_CHECKING:
    from moodlens.signals.audio.stream import StreamAnalyzer


def pause_and_utterance(s: StreamAnalyzer, t: float) -> list[StreamEvent]:
    events: list[StreamEvent] = []
    if s.tracker.in_speech or s.last_voiced_end is None:
        if s.tracker.in_speech and s.tracker.speech_start is not None:
            events += _cap_if_long(s, t)
        return events
    silence = t - s.last_voiced_end
    if s.utt_regions and (silence >= s.cfg.vad.utterance_gap_s or _piece_ends_at_pause(s, silence)):
        events += close_utterance(s, s.utt_regions[-1].end)
    if silence >= s.cfg.long_pause_s and not s.long_pause_sent:
        s.long_pause_sent = True
        events.append(StreamEvent("long_pause", t, {"since": round(s.last_voiced_end, 3)}))
    return events


def _piece_ends_at_pause(s: StreamAnalyzer, silence: float) -> bool:
    # A pause inside a long utterance closes a piece once it is long enough to decode
    # well on its own (ADR 0016); a shorter one waits for more speech.
    pc = s.cfg.pieces
    if pc is None or silence < pc.gap_s:
        return False
    return s.utt_regions[-1].end - s.utt_regions[0].start >= pc.min_s


def _cut_window(s: StreamAnalyzer, start: float, t: float) -> tuple[float, float] | None:
    """Where to cut an utterance open since ``start`` that is still voiced at ``t``, or
    None while it is short enough."""
    pc = s.cfg.pieces
    cap = s.cfg.vad.max_utterance_s
    if pc is None or pc.max_s >= cap:
        return (start + 0.3 * cap, t) if t - start >= cap else None
    if t - start < pc.max_s:
        return None
    # Late in the piece, and OVERLAP_S before the newest audio so the left side hears
    # all of its overlap: the cut piece's text then lags the speech by about 0.4-2 s.
    return max(start + pc.min_s, t - pc.cut_window_s), t - OVERLAP_S


def _cap_if_long(s: StreamAnalyzer, t: float) -> list[StreamEvent]:
    assert s.tracker.speech_start is not None
    open_start = s.tracker.speech_start * CHUNK_S
    start = s.utt_regions[0].start if s.utt_regions else open_start
    window = _cut_window(s, start, t)
    if window is None:
        return []
    lo, hi = window
    ci = round(quietest_point(s.buf, lo, hi, s.buf_start / SAMPLE_RATE) / CHUNK_S)
    cut = ci * CHUNK_S  # on a chunk edge, so the VAD tracker can resume from it
    before = [Region(r.start, min(r.end, cut)) for r in s.utt_regions if r.start < cut]
    after = [Region(max(r.start, cut), r.end) for r in s.utt_regions if r.end > cut]
    if open_start < cut:
        closed = Region(open_start, cut)
        before.append(closed)
        s.regions.append(closed)
        s.tracker.speech_start = ci
    s.utt_regions = before
    left = s.next_uid
    events = close_utterance(s, cut, keep_from=cut, piece=True)
    if s.next_uid > left:  # the next utterance continues this one over the cut
        s.seams[s.next_uid] = left
    s.utt_regions = after
    return events


def close_utterance(
    s: StreamAnalyzer, end: float, keep_from: float | None = None, piece: bool = False
) -> list[StreamEvent]:
    """Close the open utterance at ``end`` (``keep_from``: a cut inside speech, the next
    piece goes on from there; ``piece``: more of the same utterance follows)."""
    regs = [r for r in s.utt_regions if r.duration > 0]
    s.utt_regions = []
    if not regs:
        s.seams.pop(s.next_uid, None)
        return []
    span = Region(regs[0].start, end)
    pad = s.cfg.vad.asr_pad_s
    before = OVERLAP_S if s.next_uid in s.seams else pad
    # Start on the 10 ms frame grid so the stored frame features line up with the audio.
    first_frame = -(-s.buf_start // HOP)
    k0 = max(first_frame, int((span.start - before) * SAMPLE_RATE) // HOP)
    a_t = k0 * HOP / SAMPLE_RATE
    b_t = min(s.now, span.end + (OVERLAP_S if keep_from is not None else pad))
    b = int(b_t * SAMPLE_RATE) - s.buf_start
    audio = s.buf[max(0, k0 * HOP - s.buf_start) : max(0, b)].copy()
    uid = s.next_uid
    s.next_uid += 1
    # Filled pauses are judged against the loudness and pitch of the whole utterance so far
    # (up to the 10 s an utterance is capped at), not of one short piece of it.
    chain_start = s.context_start if s.cfg.pieces is not None else None
    chained = chain_start is not None
    c0 = k0
    if chain_start is not None:
        ctx_t = max(chain_start, span.end - s.cfg.vad.max_utterance_s) - pad
        c0 = max(first_frame, min(k0, int(ctx_t * SAMPLE_RATE) // HOP))
    ctx_audio = s.buf[max(0, c0 * HOP - s.buf_start) : max(0, b)]
    n_frames = _frames(ctx_audio)
    s._update_features()
    i0 = c0 - s.feat_start
    if i0 >= 0 and i0 + n_frames <= len(s.feats):
        ctx_feats = slice_features(s.feats, i0, i0 + n_frames)
    else:
        ctx_feats = frame_features(ctx_audio)
    fps = [
        fp
        for fp in detect_filled_pauses(ctx_audio, offset_s=c0 * HOP / SAMPLE_RATE, feats=ctx_feats)
        if fp.end > span.start
        and fp.start < span.end
        # One that began in the previous piece of this utterance is that piece's.
        and not (chained and fp.start < span.start)
    ]
    feats = slice_features(ctx_feats, k0 - c0, min(len(ctx_feats), k0 - c0 + _frames(audio)))
    if s.cfg.pieces is not None:
        s.context_start = (
            (span.start if s.context_start is None else s.context_start) if piece else None
        )
    events = [
        StreamEvent(
            "utterance",
            span.end,
            {"id": uid, "start": round(span.start, 3), "end": round(span.end, 3)},
            audio,
        )
    ]
    # Counted before the transcript comes only where the offline analysis would count
    # them without one (fillers.counts_alone).
    acoustic = [
        Filler("uh", fp.start, fp.end, "filled_pause", "acoustic") for fp in fps if counts_alone(fp)
    ]
    if uid in s.seams:  # the left piece may have counted it already (stream_seams.py)
        acoustic = once_at_seams(acoustic, s.all_fillers(), [span.start])
    s.acoustic_only[uid] = acoustic
    for f in acoustic:
        events.append(StreamEvent("filler", f.end, f.to_dict()))
    events += filler_cue(s, span.end)
    s.waiting[uid] = Waiting(uid, span, a_t, audio, fps, feats)
    while len(s.waiting) > s.cfg.max_waiting_utterances:
        old = min(s.waiting)
        del s.waiting[old]
        s.dropped_utterances += 1
    s._forget_old()
    # Drop audio before the next utterance could start (OVERLAP_S before a cap cut), or
    # before the context the next piece's filled pauses are judged in.
    drop = keep_from - max(pad, OVERLAP_S) if keep_from is not None else span.end - pad
    if s.context_start is not None:
        drop = min(drop, max(s.context_start, s.now - s.cfg.vad.max_utterance_s) - pad)
    s._drop_before(drop)
    return events


def _frames(audio: FloatArray) -> int:
    return max(0, (audio.size - WIN) // HOP + 1)
