"""Streaming speech analyser for the live path (pure: samples in, events out).

Feed PCM16 bytes or float32 samples as they arrive. Per 32 ms chunk the analyser runs the
Silero VAD (~0.1 ms) and a few numpy reductions, and returns events:

- ``speech_started`` / ``speech_ended``: speaking vs pause state (voiced regions, 250 ms
  minimum silence), ``long_pause`` once a pause inside an answer reaches 2 s;
- ``utterance``: a finished utterance (>= 500 ms of silence after it, or the 10 s cap)
  or, with ``StreamConfig.pieces`` (the default, ADR 0016), a piece of a long one closed
  while the candidate is still speaking (at a 250 ms pause once 4 s long; speech without
  such a pause still at the 10 s cap, see ``PieceConfig``), with its samples:
  send them to the recogniser (``AsrPool``) and pass the text back through
  ``add_transcript``. Both sides of a cut inside speech hear ``OVERLAP_S`` of the other (a
  word cut in two is heard whole once); whichever transcript comes second loses the words
  the first already showed (stream_seams.py);
- ``filler``: an acoustic filled pause found in the finished utterance (before the ASR);
- ``cue``: sparse coaching cues (DESIGN §8b): ``volume_low``, ``clipping``, ``pace_fast``,
  ``pace_slow``, ``fillers`` (3+ in 30 s), each rate-limited so a cue does not flicker;
- ``transcript``: words and fillers with times, after ``add_transcript``.

Times are seconds on the stream clock: 0 is the first sample, or the first capture
timestamp if the caller gives them. Capture timestamps also keep the clock right when
frames were lost: a jump ahead is filled with silence (at most ``max_gap_fill_s``).

Resuming (stream_snapshot.py): ``snapshot()`` returns a JSON-serialisable dict of the whole
state (VAD state, trackers, the open utterance's audio as base64 PCM16, words/fillers/regions
of the last ``history_s`` seconds, utterances waiting for a transcript). Store it (e.g. after
each acknowledged batch of frames); a reconnecting client's connection calls
``StreamAnalyzer.restore(snap)`` on any instance and continues with the frames the client
re-sends after the last acknowledged sequence number. Deduplication by sequence number is
the caller's job; the analyser assumes each sample is fed once, in order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import Any

import numpy as np

from moodlens.signals.audio.acoustic import (
    HOP,
    WIN,
    FrameFeatures,
    concat_features,
    empty_features,
    frame_features,
    slice_features,
)
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray, pcm16_to_float
from moodlens.signals.audio.fillers import Filler
from moodlens.signals.audio.metrics import SpeechMetrics, compute_metrics
from moodlens.signals.audio.stream_buffer import GrowBuffer
from moodlens.signals.audio.stream_cues import filler_cue, level_cues, pace_cues
from moodlens.signals.audio.stream_seams import at_seams, once_at_seams, seam_cuts
from moodlens.signals.audio.stream_segment import close_utterance, pause_and_utterance
from moodlens.signals.audio.stream_snapshot import config_of, restore_into, snapshot
from moodlens.signals.audio.stream_types import (
    EventType,
    PieceConfig,
    StreamConfig,
    StreamEvent,
    Waiting,
)
from moodlens.signals.audio.utterance import UtteranceResult, process_utterance
from moodlens.signals.audio.vad import (
    CHUNK,
    CHUNK_S,
    HysteresisTracker,
    Region,
    StreamingVad,
)
from moodlens.signals.audio.words import Word

__all__ = ["EventType", "PieceConfig", "StreamAnalyzer", "StreamConfig", "StreamEvent"]

# Compute frame features every 8 frames (80 ms) rather than per frame: numpy's per-call
# overhead dominates on tiny arrays.
FEATURE_BATCH = 8


class StreamAnalyzer:
    """Incremental VAD, utterance segmentation, acoustic cues and rolling speech metrics."""

    def __init__(self, config: StreamConfig | None = None) -> None:
        self.cfg = config or StreamConfig()
        self.vad = StreamingVad()
        self.tracker = HysteresisTracker(self.cfg.vad)
        self.origin: float | None = None  # capture time of stream sample 0
        self.samples_in = 0  # samples consumed (the clock)
        # Audio of the open utterance (plus padding before it) or the recent idle tail.
        self._buf = GrowBuffer()
        self.buf_start = 0  # stream sample index of buf[0]
        self.utt_regions: list[Region] = []  # voiced regions of the open utterance
        # Start of the utterance whose earlier pieces are closed already (None between
        # utterances): its audio is kept as context for the next piece's filled pauses.
        self.context_start: float | None = None
        self.last_voiced_end: float | None = None
        self.long_pause_sent = False
        self.next_uid = 0
        self.waiting: dict[int, Waiting] = {}
        self.regions: deque[Region] = deque()
        self.words: deque[Word] = deque()
        self.fillers: deque[Filler] = deque()
        # Voiced stretches the recogniser returned nothing for (unknown, not silence).
        self.unknown: deque[Region] = deque()
        self.acoustic_only: dict[int, list[Filler]] = {}  # per utterance, until transcribed
        # Cuts inside speech: right utterance id -> left one, until both are shown; and the
        # text shown for an utterance on either side of such a seam (stream_seams.py).
        self.seams: dict[int, int] = {}
        self.shown: dict[int, str] = {}
        self.speech_levels: deque[tuple[float, float]] = deque()  # (time, mean square)
        self.last_cue: dict[str, float] = {}
        self.dropped_utterances = 0
        # Frame features (10 ms hop) computed as audio arrives, so closing an utterance
        # costs no burst of FFTs; frame k covers stream samples [k*HOP, k*HOP + WIN).
        self._feat_parts: list[FrameFeatures] = []
        self.feat_start = 0  # frame index of the first stored frame

    @property
    def buf(self) -> FloatArray:
        """Audio kept: the open utterance with padding, or a short idle tail."""
        return self._buf.view()

    @property
    def feats(self) -> FrameFeatures:
        """Frame features of the kept audio, from frame ``feat_start`` on."""
        if len(self._feat_parts) != 1:
            merged = empty_features()
            for part in self._feat_parts:
                merged = concat_features(merged, part)
            self._feat_parts = [merged]
        return self._feat_parts[0]

    @feats.setter
    def feats(self, f: FrameFeatures) -> None:
        self._feat_parts = [f]

    def _feat_count(self) -> int:
        return sum(len(p) for p in self._feat_parts)

    # -- clock -----------------------------------------------------------------------

    @property
    def now(self) -> float:
        """Stream time of the next sample to be fed."""
        return self.samples_in / SAMPLE_RATE

    def _align(self, capture_ts: float | None) -> FloatArray | None:
        if capture_ts is None:
            return None
        if self.origin is None:
            self.origin = capture_ts - self.now
            return None
        ahead = capture_ts - self.origin - self.now
        if ahead > 0.1:  # frames were lost: keep the clock honest with silence
            n = int(min(ahead, self.cfg.max_gap_fill_s) * SAMPLE_RATE)
            return np.zeros(n, dtype=np.float32)
        return None

    # -- input -----------------------------------------------------------------------

    def feed(
        self, samples: FloatArray | bytes, capture_ts: float | None = None
    ) -> list[StreamEvent]:
        """Consume audio (PCM16 little-endian bytes or float32 16 kHz mono); return events.

        ``capture_ts`` is the capture time (seconds, any epoch) of the first sample.
        """
        x = (
            pcm16_to_float(samples)
            if isinstance(samples, bytes)
            else np.asarray(samples, np.float32)
        )
        events: list[StreamEvent] = []
        fill = self._align(capture_ts)
        if fill is not None:
            events += self._consume(fill)
        events += self._consume(x.reshape(-1))
        return events

    def _consume(self, x: FloatArray) -> list[StreamEvent]:
        if x.size == 0:
            return []
        first_chunk = self.vad.chunks_done
        probs = self.vad.feed(x)
        self._buf.append(x)
        self.samples_in += x.size
        self._update_features(min_frames=FEATURE_BATCH)
        events: list[StreamEvent] = []
        # The audio of chunk i starts at stream sample i*CHUNK.
        for k, p in enumerate(probs):
            i = first_chunk + k
            chunk = self._chunk(i)
            events += self._on_chunk(i, float(p), chunk)
        self._trim_idle()
        return events

    def _update_features(self, min_frames: int = 1) -> None:
        nxt = self.feat_start + self._feat_count()
        first_available = -(-self.buf_start // HOP)
        if nxt < first_available:  # audio before it was let go while idle
            self._feat_parts, self.feat_start, nxt = [], first_available, first_available
        last = (self.samples_in - WIN) // HOP
        if last + 1 - nxt < min_frames:
            return
        a = nxt * HOP - self.buf_start
        b = last * HOP + WIN - self.buf_start
        self._feat_parts.append(frame_features(self.buf[a:b]))

    def _chunk(self, i: int) -> FloatArray:
        a = i * CHUNK - self.buf_start
        return self.buf[max(0, a) : max(0, a + CHUNK)]

    def _on_chunk(self, i: int, p: float, chunk: FloatArray) -> list[StreamEvent]:
        events: list[StreamEvent] = []
        t = i * CHUNK_S
        was_speaking = self.tracker.in_speech
        region = self.tracker.step(i, p)
        if not was_speaking and self.tracker.in_speech:
            events.append(StreamEvent("speech_started", t))
            self.long_pause_sent = False
        if region is not None:
            events.append(
                StreamEvent("speech_ended", region.end, {"start": round(region.start, 3)})
            )
            self.utt_regions.append(region)
            # Pauses and word layout use the region without the VAD's decay tail, as the
            # offline analysis does; utterances and pieces keep the wider one.
            self.regions.append(self.tracker.without_hangover(region))
            self.last_voiced_end = region.end
        if self.tracker.in_speech and chunk.size:
            events += level_cues(self, t, chunk)
        events += pause_and_utterance(self, t + CHUNK_S)
        return events

    def _drop_before(self, t: float) -> None:
        n = int(t * SAMPLE_RATE) - self.buf_start
        if n > 0:
            self._buf.drop(n)
            self.buf_start += n
            drop = min(self._feat_count(), max(0, -(-self.buf_start // HOP) - self.feat_start))
            if drop:
                f = self.feats
                self.feats = slice_features(f, drop, len(f))
                self.feat_start += drop

    def _trim_idle(self) -> None:
        # While nobody speaks keep only enough audio to pad the next utterance's start.
        if not self.tracker.in_speech and not self.utt_regions and self.context_start is None:
            self._drop_before(self.now - self.cfg.vad.asr_pad_s - CHUNK_S)

    def flush(self) -> list[StreamEvent]:
        """End of stream: close any open speech and utterance."""
        events: list[StreamEvent] = []
        region = self.tracker.flush(self.vad.chunks_done)
        if region is not None:
            events.append(
                StreamEvent("speech_ended", region.end, {"start": round(region.start, 3)})
            )
            self.utt_regions.append(region)
            # Pauses and word layout use the region without the VAD's decay tail, as the
            # offline analysis does; utterances and pieces keep the wider one.
            self.regions.append(self.tracker.without_hangover(region))
            self.last_voiced_end = region.end
        if self.utt_regions:
            events += close_utterance(self, self.utt_regions[-1].end)
        return events

    # -- transcripts and rolling metrics ----------------------------------------------------

    def add_transcript(
        self, uid: int, text: str, untranscribed: Sequence[tuple[float, float]] = ()
    ) -> list[StreamEvent]:
        """Attach the recognised text of utterance ``uid``; returns transcript and cue events.

        ``untranscribed`` are ``AsrResult.untranscribed`` spans, in seconds from the start
        of the utterance's audio: they come back in the event (stream times) and count as
        unknown in the metrics. Unknown ids (already dropped, or delivered twice) return no
        events.
        """
        w = self.waiting.pop(uid, None)
        if w is None:
            return []
        cuts = seam_cuts(self.seams, uid, w.span)
        text = at_seams(self.seams, self.shown, uid, text, self._settled)
        voiced = [r for r in self.regions if r.end > w.span.start and r.start < w.span.end]
        res: UtteranceResult = process_utterance(
            text,
            w.span,
            voiced,
            w.audio,
            w.audio_start,
            filled_pauses=w.filled_pauses,
            feats=w.feats,
            untranscribed=[Region(w.audio_start + a, w.audio_start + b) for a, b in untranscribed],
        )
        self.acoustic_only.pop(uid, None)
        fillers = once_at_seams(res.fillers, self.all_fillers(), cuts) if cuts else res.fillers
        self.words.extend(res.words)
        self.fillers.extend(fillers)
        self.unknown.extend(res.untranscribed)
        self._forget_old()
        events = [
            StreamEvent(
                "transcript",
                w.span.end,
                {
                    "id": uid,
                    "start": round(w.span.start, 3),
                    "end": round(w.span.end, 3),
                    "text": text,
                    "words": [x.to_dict() for x in res.words],
                    "fillers": [f.to_dict() for f in fillers],
                    "untranscribed": [
                        {"start": round(u.start, 3), "end": round(u.end, 3)}
                        for u in res.untranscribed
                    ],
                },
            )
        ]
        events += pace_cues(self, w.span.end)
        events += filler_cue(self, w.span.end)
        return events

    def _settled(self, uid: int) -> bool:
        # Closed and no longer waiting: shown already, or dropped and never to be shown.
        return uid < self.next_uid and uid not in self.waiting

    def all_fillers(self) -> list[Filler]:
        out = list(self.fillers)
        for fs in self.acoustic_only.values():
            out.extend(fs)
        return sorted(out, key=lambda f: f.start)

    def _forget_old(self) -> None:
        lo = self.now - self.cfg.history_s
        while self.words and self.words[0].end < lo:
            self.words.popleft()
        while self.fillers and self.fillers[0].end < lo:
            self.fillers.popleft()
        while self.regions and self.regions[0].end < lo:
            self.regions.popleft()
        while self.unknown and self.unknown[0].end < lo:
            self.unknown.popleft()
        for uid in [u for u, fs in self.acoustic_only.items() if u not in self.waiting
                    and all(f.end < lo for f in fs)]:  # fmt: skip
            del self.acoustic_only[uid]

    def window_metrics(
        self, start: float, end: float, question_shown_at: float | None = None
    ) -> SpeechMetrics:
        """Speech metrics over [start, end] from what has been transcribed so far.

        For an answer, call it once ``pending_transcripts`` covering the answer are done.
        """
        # Transcripts can arrive out of order when the pool has several workers.
        return compute_metrics(
            sorted(self.words, key=lambda w: w.start),
            self.all_fillers(),
            list(self.regions),
            start,
            end,
            question_shown_at=question_shown_at,
            untranscribed=sorted(self.unknown, key=lambda u: u.start),
        )

    @property
    def pending_transcripts(self) -> list[int]:
        """Ids of utterances still waiting for ``add_transcript``."""
        return sorted(self.waiting)

    def waiting_audio(self, uid: int) -> FloatArray | None:
        """The samples of a waiting utterance (to re-submit to the recogniser after a restart)."""
        w = self.waiting.get(uid)
        return None if w is None else w.audio

    # -- persistence ------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """JSON-serialisable state; ``StreamAnalyzer.restore`` continues from it exactly
        (stream_snapshot.py)."""
        return snapshot(self)

    @classmethod
    def restore(cls, snap: dict[str, Any]) -> StreamAnalyzer:
        """Rebuild an analyser from ``snapshot()`` output."""
        s = cls(config_of(snap))
        restore_into(s, snap)
        return s
