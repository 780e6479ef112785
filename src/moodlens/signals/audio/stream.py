"""Streaming speech analyser for the live path (pure: samples in, events out).

Feed PCM16 bytes or float32 samples as they arrive. Per 32 ms chunk the analyser runs the
Silero VAD (~0.1 ms) and a few numpy reductions, and returns events:

- ``speech_started`` / ``speech_ended``: speaking vs pause state (voiced regions, 250 ms
  minimum silence), ``long_pause`` once a pause inside an answer reaches 2 s;
- ``utterance``: a finished utterance (>= 500 ms of silence after it, or the 10 s cap)
  with its samples: send them to the recogniser (``AsrPool``) and pass the text back
  through ``add_transcript``. Both sides of a 10 s cap cut hear ``OVERLAP_S`` of the
  other (a word cut in two is heard whole once); whichever transcript comes second loses
  the words the first already showed (``merge.trim_right``/``trim_left``);
- ``filler``: an acoustic filled pause found in the finished utterance (before the ASR);
- ``cue``: sparse coaching cues (DESIGN §8b): ``volume_low``, ``clipping``, ``pace_fast``,
  ``pace_slow``, ``fillers`` (3+ in 30 s), each rate-limited so a cue does not flicker;
- ``transcript``: words and fillers with times, after ``add_transcript``.

Times are seconds on the stream clock: 0 is the first sample, or the first capture
timestamp if the caller gives them. Capture timestamps also keep the clock right when
frames were lost: a jump ahead is filled with silence (at most ``max_gap_fill_s``).

Resuming: ``snapshot()`` returns a JSON-serialisable dict of the whole state (VAD state,
trackers, the open utterance's audio as base64 PCM16, words/fillers/regions of the last
``history_s`` seconds, utterances waiting for a transcript). Store it (e.g. after each
acknowledged batch of frames); a reconnecting client's connection calls
``StreamAnalyzer.restore(snap)`` on any instance and continues with the frames the client
re-sends after the last acknowledged sequence number. Deduplication by sequence number is
the caller's job; the analyser assumes each sample is fed once, in order.
"""

from __future__ import annotations

import base64
from collections import deque
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import numpy as np

from moodlens.signals.audio.acoustic import (
    HOP,
    WIN,
    FilledPause,
    FrameFeatures,
    concat_features,
    detect_filled_pauses,
    empty_features,
    frame_features,
    slice_features,
)
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray, pcm16_to_float
from moodlens.signals.audio.fillers import Filler, counts_alone
from moodlens.signals.audio.merge import trim_left, trim_right
from moodlens.signals.audio.metrics import (
    CLIP_LEVEL,
    QUIET_DBFS,
    SpeechMetrics,
    compute_metrics,
)
from moodlens.signals.audio.robust import OVERLAP_S
from moodlens.signals.audio.utterance import UtteranceResult, process_utterance
from moodlens.signals.audio.vad import (
    CHUNK,
    CHUNK_S,
    HysteresisTracker,
    Region,
    StreamingVad,
    VadConfig,
    quietest_point,
)
from moodlens.signals.audio.words import Word

# Compute frame features every 8 frames (80 ms) rather than per frame: numpy's per-call
# overhead dominates on tiny arrays.
FEATURE_BATCH = 8

EventType = Literal[
    "speech_started", "speech_ended", "long_pause", "utterance", "filler", "cue", "transcript"
]


@dataclass(frozen=True, slots=True)
class StreamConfig:
    """Live thresholds (DESIGN §8b) and buffer bounds."""

    vad: VadConfig = field(default_factory=VadConfig)
    long_pause_s: float = 2.0
    pace_fast_wpm: float = 180.0
    pace_fast_window_s: float = 20.0
    pace_slow_wpm: float = 100.0
    pace_slow_window_s: float = 30.0
    filler_count: int = 3
    filler_window_s: float = 30.0
    level_window_s: float = 3.0  # of speech, for volume_low
    quiet_dbfs: float = QUIET_DBFS
    clip_fraction: float = 0.01  # of a 32 ms chunk's samples at full scale
    cue_cooldown_s: float = 20.0  # a cue of one kind at most this often
    history_s: float = 120.0  # words/fillers/regions kept for rolling windows
    max_waiting_utterances: int = 8  # utterances kept while their transcript is pending
    max_gap_fill_s: float = 10.0


@dataclass(frozen=True, slots=True)
class StreamEvent:
    """One event; ``at`` is the stream time it refers to, ``data`` is JSON-friendly."""

    type: EventType
    at: float
    data: dict[str, Any] = field(default_factory=dict)
    audio: FloatArray | None = None  # only for "utterance": the samples to recognise

    def to_dict(self) -> dict[str, Any]:
        """JSON form (without the audio)."""
        return {"type": self.type, "at": round(self.at, 3), **self.data}


@dataclass
class _Waiting:
    uid: int
    span: Region
    audio_start: float
    audio: FloatArray
    filled_pauses: list[FilledPause]
    feats: FrameFeatures | None = None  # cache; recomputed after a restore


def _b64_pcm16(x: FloatArray) -> str:
    # Same scale as pcm16_to_float, so audio that arrived as PCM16 round-trips exactly.
    pcm = np.clip(np.round(x * 32768.0), -32768, 32767).astype("<i2")
    return base64.b64encode(pcm.tobytes()).decode()


def _from_b64_pcm16(s: str) -> FloatArray:
    return pcm16_to_float(base64.b64decode(s))


class _GrowBuffer:
    """Append-only float32 buffer with cheap appends and drops from the front.

    ``np.concatenate`` per frame would copy the whole open utterance (up to 10 s) 50 times
    a second; this copies each sample about once.
    """

    def __init__(self, data: FloatArray | None = None) -> None:
        init = np.zeros(0, dtype=np.float32) if data is None else data.astype(np.float32)
        self._data = np.zeros(max(16_000, 2 * init.size), dtype=np.float32)
        self._data[: init.size] = init
        self._start, self._end = 0, init.size

    def view(self) -> FloatArray:
        return self._data[self._start : self._end]

    def append(self, x: FloatArray) -> None:
        n = x.size
        if self._end + n > self._data.size:
            live = self._end - self._start
            cap = self._data.size if live + n <= self._data.size // 2 else 2 * (live + n)
            new = np.zeros(cap, dtype=np.float32)
            new[:live] = self._data[self._start : self._end]
            self._data, self._start, self._end = new, 0, live
        self._data[self._end : self._end + n] = x
        self._end += n

    def drop(self, n: int) -> None:
        self._start = min(self._end, self._start + n)


class StreamAnalyzer:
    """Incremental VAD, utterance segmentation, acoustic cues and rolling speech metrics."""

    def __init__(self, config: StreamConfig | None = None) -> None:
        self.cfg = config or StreamConfig()
        self.vad = StreamingVad()
        self.tracker = HysteresisTracker(self.cfg.vad)
        self.origin: float | None = None  # capture time of stream sample 0
        self.samples_in = 0  # samples consumed (the clock)
        # Audio of the open utterance (plus padding before it) or the recent idle tail.
        self._buf = _GrowBuffer()
        self.buf_start = 0  # stream sample index of buf[0]
        self.utt_regions: list[Region] = []  # voiced regions of the open utterance
        self.last_voiced_end: float | None = None
        self.long_pause_sent = False
        self.next_uid = 0
        self.waiting: dict[int, _Waiting] = {}
        self.regions: deque[Region] = deque()
        self.words: deque[Word] = deque()
        self.fillers: deque[Filler] = deque()
        # Voiced stretches the recogniser returned nothing for (unknown, not silence).
        self.unknown: deque[Region] = deque()
        self.acoustic_only: dict[int, list[Filler]] = {}  # per utterance, until transcribed
        # Cap cuts inside speech: right utterance id -> left one, until both are shown;
        # and the text shown for an utterance on either side of such a seam.
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

    @buf.setter
    def buf(self, x: FloatArray) -> None:
        self._buf = _GrowBuffer(x)

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
        events += self._trim_idle()
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
            self.regions.append(region)
            self.last_voiced_end = region.end
        if self.tracker.in_speech and chunk.size:
            events += self._level_cues(t, chunk)
        events += self._pause_and_utterance(t + CHUNK_S)
        return events

    # -- acoustic cues ------------------------------------------------------------------

    def _cue(self, kind: str, at: float, **data: Any) -> list[StreamEvent]:
        last = self.last_cue.get(kind)
        if last is not None and at - last < self.cfg.cue_cooldown_s:
            return []
        self.last_cue[kind] = at
        return [StreamEvent("cue", at, {"cue": kind, **data})]

    def _level_cues(self, t: float, chunk: FloatArray) -> list[StreamEvent]:
        events: list[StreamEvent] = []
        ms = float(np.mean(chunk.astype(np.float64) ** 2))
        self.speech_levels.append((t, ms))
        need = round(self.cfg.level_window_s / CHUNK_S)
        while len(self.speech_levels) > need:
            self.speech_levels.popleft()
        if len(self.speech_levels) == need:
            level = 10 * np.log10(np.mean([m for _, m in self.speech_levels]) + 1e-12)
            if level < self.cfg.quiet_dbfs:
                events += self._cue("volume_low", t, dbfs=round(float(level), 1))
        clipped = float(np.mean(np.abs(chunk) >= CLIP_LEVEL))
        if clipped >= self.cfg.clip_fraction:
            events += self._cue("clipping", t, fraction=round(clipped, 4))
        return events

    # -- utterances ---------------------------------------------------------------------

    def _pause_and_utterance(self, t: float) -> list[StreamEvent]:
        events: list[StreamEvent] = []
        if self.tracker.in_speech or self.last_voiced_end is None:
            if self.tracker.in_speech and self.tracker.speech_start is not None:
                events += self._cap_if_long(t)
            return events
        silence = t - self.last_voiced_end
        if self.utt_regions and silence >= self.cfg.vad.utterance_gap_s:
            events += self._close_utterance(self.utt_regions[-1].end)
        if silence >= self.cfg.long_pause_s and not self.long_pause_sent:
            self.long_pause_sent = True
            events.append(StreamEvent("long_pause", t, {"since": round(self.last_voiced_end, 3)}))
        return events

    def _cap_if_long(self, t: float) -> list[StreamEvent]:
        assert self.tracker.speech_start is not None
        open_start = self.tracker.speech_start * CHUNK_S
        start = self.utt_regions[0].start if self.utt_regions else open_start
        if t - start < self.cfg.vad.max_utterance_s:
            return []
        lo = start + 0.3 * self.cfg.vad.max_utterance_s
        ci = round(quietest_point(self.buf, lo, t, self.buf_start / SAMPLE_RATE) / CHUNK_S)
        cut = ci * CHUNK_S  # on a chunk edge, so the VAD tracker can resume from it
        before = [Region(r.start, min(r.end, cut)) for r in self.utt_regions if r.start < cut]
        after = [Region(max(r.start, cut), r.end) for r in self.utt_regions if r.end > cut]
        if open_start < cut:
            closed = Region(open_start, cut)
            before.append(closed)
            self.regions.append(closed)
            self.tracker.speech_start = ci
        self.utt_regions = before
        left = self.next_uid
        events = self._close_utterance(cut, keep_from=cut)
        if self.next_uid > left:  # the next utterance continues this one over the cut
            self.seams[self.next_uid] = left
        self.utt_regions = after
        return events

    def _close_utterance(self, end: float, keep_from: float | None = None) -> list[StreamEvent]:
        regs = [r for r in self.utt_regions if r.duration > 0]
        self.utt_regions = []
        if not regs:
            self.seams.pop(self.next_uid, None)
            return []
        span = Region(regs[0].start, end)
        pad = self.cfg.vad.asr_pad_s
        before = OVERLAP_S if self.next_uid in self.seams else pad
        # Start on the 10 ms frame grid so the stored frame features line up with the audio.
        k0 = max(-(-self.buf_start // HOP), int((span.start - before) * SAMPLE_RATE) // HOP)
        a_t = k0 * HOP / SAMPLE_RATE
        b_t = min(self.now, span.end + (OVERLAP_S if keep_from is not None else pad))
        a = k0 * HOP - self.buf_start
        b = int(b_t * SAMPLE_RATE) - self.buf_start
        audio = self.buf[max(0, a) : max(0, b)].copy()
        uid = self.next_uid
        self.next_uid += 1
        n_frames = max(0, (audio.size - WIN) // HOP + 1)
        self._update_features()
        i0 = k0 - self.feat_start
        if i0 >= 0 and i0 + n_frames <= len(self.feats):
            feats = slice_features(self.feats, i0, i0 + n_frames)
        else:
            feats = frame_features(audio)
        fps = [
            fp
            for fp in detect_filled_pauses(audio, offset_s=a_t, feats=feats)
            if fp.end > span.start and fp.start < span.end
        ]
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
            Filler("uh", fp.start, fp.end, "filled_pause", "acoustic")
            for fp in fps
            if counts_alone(fp)
        ]
        self.acoustic_only[uid] = acoustic
        for f in acoustic:
            events.append(StreamEvent("filler", f.end, f.to_dict()))
        events += self._filler_cue(span.end)
        self.waiting[uid] = _Waiting(uid, span, a_t, audio, fps, feats)
        while len(self.waiting) > self.cfg.max_waiting_utterances:
            old = min(self.waiting)
            del self.waiting[old]
            self.dropped_utterances += 1
        self._forget_old()
        # Drop audio before the next utterance could start (OVERLAP_S before a cap cut).
        if keep_from is not None:
            self._drop_before(keep_from - max(pad, OVERLAP_S))
        else:
            self._drop_before(span.end - pad)
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

    def _trim_idle(self) -> list[StreamEvent]:
        # While nobody speaks keep only enough audio to pad the next utterance's start.
        if not self.tracker.in_speech and not self.utt_regions:
            self._drop_before(self.now - self.cfg.vad.asr_pad_s - CHUNK_S)
        return []

    def flush(self) -> list[StreamEvent]:
        """End of stream: close any open speech and utterance."""
        events: list[StreamEvent] = []
        region = self.tracker.flush(self.vad.chunks_done)
        if region is not None:
            events.append(
                StreamEvent("speech_ended", region.end, {"start": round(region.start, 3)})
            )
            self.utt_regions.append(region)
            self.regions.append(region)
            self.last_voiced_end = region.end
        if self.utt_regions:
            events += self._close_utterance(self.utt_regions[-1].end)
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
        text = self._at_seams(uid, text)
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
        self.words.extend(res.words)
        self.fillers.extend(res.fillers)
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
                    "fillers": [f.to_dict() for f in res.fillers],
                    "untranscribed": [
                        {"start": round(u.start, 3), "end": round(u.end, 3)}
                        for u in res.untranscribed
                    ],
                },
            )
        ]
        events += self._pace_cues(w.span.end)
        events += self._filler_cue(w.span.end)
        return events

    def _at_seams(self, uid: int, text: str) -> str:
        """``text`` without the words a neighbour across a cap cut already showed."""
        left = self.seams.get(uid)
        right = next((r for r, lf in self.seams.items() if lf == uid), None)
        if left is not None and left in self.shown:
            text = trim_right(self.shown[left], text)
        if right is not None and right in self.shown:
            text = trim_left(text, self.shown[right])
        if left is not None or right is not None:
            self.shown[uid] = text

        # A seam is done once each side is shown or will never be (dropped); a text no open
        # seam needs is let go.
        def settled(k: int) -> bool:
            return k in self.shown or (k < self.next_uid and k not in self.waiting)

        for r, lf in list(self.seams.items()):
            if settled(r) and settled(lf):
                del self.seams[r]
        needed = {*self.seams, *self.seams.values()}
        for k in [k for k in self.shown if k not in needed]:
            del self.shown[k]
        return text

    def _all_fillers(self) -> list[Filler]:
        out = list(self.fillers)
        for fs in self.acoustic_only.values():
            out.extend(fs)
        return sorted(out, key=lambda f: f.start)

    def _filler_cue(self, t: float) -> list[StreamEvent]:
        lo = t - self.cfg.filler_window_s
        n = sum(1 for f in self._all_fillers() if f.start >= lo)
        if n >= self.cfg.filler_count:
            return self._cue("fillers", t, count=n, window_s=self.cfg.filler_window_s)
        return []

    def _pace_cues(self, t: float) -> list[StreamEvent]:
        events: list[StreamEvent] = []
        for kind, window, limit, fast in (
            ("pace_fast", self.cfg.pace_fast_window_s, self.cfg.pace_fast_wpm, True),
            ("pace_slow", self.cfg.pace_slow_window_s, self.cfg.pace_slow_wpm, False),
        ):
            m = self.window_metrics(t - window, t)
            # Judge pace only over a window that is mostly speech (span >= 75 % of it).
            if m.wpm is None or m.speaking_span_s < 0.75 * window:
                continue
            if (fast and m.wpm > limit) or (not fast and m.wpm < limit):
                events += self._cue(kind, t, wpm=round(m.wpm, 1), window_s=window)
        return events

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
            self._all_fillers(),
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
        """JSON-serialisable state; ``StreamAnalyzer.restore`` continues from it exactly.

        Audio is kept as PCM16 (exact for audio that arrived as PCM16). Size: a few kB plus
        up to ~14 kB per second of open or waiting utterance audio.
        """
        return {
            "version": 1,
            "config": _cfg_to_dict(self.cfg),
            "vad": self.vad.snapshot(),
            "tracker": {
                "speech_start": self.tracker.speech_start,
                "below_since": self.tracker.below_since,
            },
            "origin": self.origin,
            "samples_in": self.samples_in,
            "buf": _b64_pcm16(self.buf),
            "buf_start": self.buf_start,
            "utt_regions": [asdict(r) for r in self.utt_regions],
            "last_voiced_end": self.last_voiced_end,
            "long_pause_sent": self.long_pause_sent,
            "next_uid": self.next_uid,
            "waiting": [
                {
                    "uid": w.uid,
                    "span": asdict(w.span),
                    "audio_start": w.audio_start,
                    "audio": _b64_pcm16(w.audio),
                    "filled_pauses": [asdict(f) for f in w.filled_pauses],
                }
                for w in self.waiting.values()
            ],
            "regions": [asdict(r) for r in self.regions],
            "words": [asdict(w) for w in self.words],
            "fillers": [asdict(f) for f in self.fillers],
            "unknown": [asdict(u) for u in self.unknown],
            "acoustic_only": {
                str(k): [asdict(f) for f in v] for k, v in self.acoustic_only.items()
            },
            "speech_levels": list(self.speech_levels),
            "last_cue": dict(self.last_cue),
            "dropped_utterances": self.dropped_utterances,
            "seams": {str(k): v for k, v in self.seams.items()},
            "shown": {str(k): v for k, v in self.shown.items()},
        }

    @classmethod
    def restore(cls, snap: dict[str, Any]) -> StreamAnalyzer:
        """Rebuild an analyser from ``snapshot()`` output."""
        if snap.get("version") != 1:
            raise ValueError("unsupported stream snapshot version")
        s = cls(_cfg_from_dict(snap["config"]))
        s.vad = StreamingVad.restore(snap["vad"])
        s.tracker.speech_start = snap["tracker"]["speech_start"]
        s.tracker.below_since = snap["tracker"]["below_since"]
        s.origin = snap["origin"]
        s.samples_in = int(snap["samples_in"])
        s.buf = _from_b64_pcm16(snap["buf"])
        s.buf_start = int(snap["buf_start"])
        s.utt_regions = [Region(**r) for r in snap["utt_regions"]]
        s.last_voiced_end = snap["last_voiced_end"]
        s.long_pause_sent = bool(snap["long_pause_sent"])
        s.next_uid = int(snap["next_uid"])
        for w in snap["waiting"]:
            s.waiting[int(w["uid"])] = _Waiting(
                int(w["uid"]),
                Region(**w["span"]),
                float(w["audio_start"]),
                _from_b64_pcm16(w["audio"]),
                [FilledPause(**f) for f in w["filled_pauses"]],
            )
        s.regions = deque(Region(**r) for r in snap["regions"])
        s.words = deque(Word(**w) for w in snap["words"])
        s.fillers = deque(Filler(**f) for f in snap["fillers"])
        s.unknown = deque(Region(**u) for u in snap.get("unknown", []))
        s.acoustic_only = {
            int(k): [Filler(**f) for f in v] for k, v in snap["acoustic_only"].items()
        }
        s.speech_levels = deque((float(a), float(b)) for a, b in snap["speech_levels"])
        s.last_cue = {str(k): float(v) for k, v in snap["last_cue"].items()}
        s.dropped_utterances = int(snap["dropped_utterances"])
        s.seams = {int(k): int(v) for k, v in snap.get("seams", {}).items()}
        s.shown = {int(k): str(v) for k, v in snap.get("shown", {}).items()}
        # Frame features are a cache: rebuild them from the restored buffer.
        s.feat_start = -(-s.buf_start // HOP)
        s._feat_parts = []
        s._update_features()
        return s


def _cfg_to_dict(cfg: StreamConfig) -> dict[str, Any]:
    return asdict(cfg)


def _cfg_from_dict(d: dict[str, Any]) -> StreamConfig:
    vad = VadConfig(**d["vad"])
    rest = {k: v for k, v in d.items() if k != "vad"}
    return replace(StreamConfig(vad=vad), **rest)
