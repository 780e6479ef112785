"""The audio half of a live session, on top of the speech library's `StreamAnalyzer` (VAD,
utterances, acoustic cues; cheap, in the event loop) and `AsrPool` (recognition in worker
processes). Cues never wait for recognition: a slow pool only delays transcripts.

This module adds what the protocol needs: session-time clocks (the analyser counts stream
time; a paused interview makes capture time jump ahead), cue messages in plain words, and
per-second rows and per-answer analyses for storage.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from moodlens.live import metrics as live_metrics
from moodlens.live.frames import AudioFrame
from moodlens.signals.audio.asr import AsrResult
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray
from moodlens.signals.audio.errors import AsrBusyError
from moodlens.signals.audio.recogniser import Recogniser
from moodlens.signals.audio.stream import StreamAnalyzer, StreamConfig, StreamEvent
from moodlens.signals.audio.utterance import with_markers
from moodlens.signals.audio.vad import Region
from moodlens.signals.audio.words import Word

log = logging.getLogger("moodlens.live")

# A capture-time jump longer than this (a paused interview) re-anchors the clock instead of
# feeding the analyser that much silence.
REANCHOR_AFTER_S = 2.0
PACE_WINDOW_S = 20.0
# Long answers must stay inside the analyser's rolling history for their metrics.
HISTORY_S = 600.0
# Utterances whose transcript is pending are never let go for being many (that lost speech
# under load): this bound only stops a stuck pool from growing memory without limit. 2,000
# utterances of at most 10 s is about 5.5 hours of speech (1.3 GB); overload long before
# that shows as a backlog cue and metric.
MAX_WAITING_UTTERANCES = 2000
# A pool with a finite wait (or the reject policy) raises AsrBusyError: try again after this.
BUSY_RETRY_S = 0.5

_CUE_TEXT: dict[str, tuple[str, str, str]] = {
    # analyser cue -> (protocol cue, level, message)
    "volume_low": ("volume", "warn", "You are hard to hear: speak up or move closer."),
    "clipping": ("volume", "warn", "Your microphone is clipping: move back a little."),
    "pace_fast": ("pace", "warn", "Fast pace: slow down a little (120-160 words a minute)."),
    "pace_slow": ("pace", "info", "Slow pace: you can pick it up a little."),
    "fillers": ("filler", "warn", "Several fillers in 30 s: pause silently instead of 'um'."),
}


@dataclass(frozen=True, slots=True)
class Utterance:
    uid: int
    start_s: float  # session time
    end_s: float
    audio: FloatArray
    ended_at: float  # perf_counter when the utterance closed


@dataclass(frozen=True, slots=True)
class SecondState:
    speaking: bool
    volume_dbfs: float | None
    pace_wpm: float | None
    fillers_in_window: int | None


@dataclass
class AudioUpdate:
    cues: list[dict[str, Any]] = field(default_factory=list)
    seconds: dict[int, SecondState] = field(default_factory=dict)
    utterances: list[Utterance] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TranscriptOut:
    text: str
    words: list[dict[str, Any]]  # session times
    cues: list[dict[str, Any]]


@dataclass
class AudioServices:
    """Process-wide pieces shared by every live session: the recognition pool."""

    pool: Recogniser
    _warming: asyncio.Task[tuple[int, int]] | None = None

    def __post_init__(self) -> None:
        live_metrics.watch_pool(self.pool)

    def new_track(self) -> AudioTrack:
        return AudioTrack(self.pool)

    def warm_up(self) -> None:
        """Start a recognition worker (model loading takes seconds) when the first live
        session connects, so the first answer is not held up by it; the API itself never
        loads the models unless someone practises."""
        if self._warming is None:
            self._warming = asyncio.create_task(self.pool.worker_info())
            self._warming.add_done_callback(_report_warm_up)


def _report_warm_up(task: asyncio.Task[tuple[int, int]]) -> None:
    # A failed warm-up (the process could not start, or the app closed meanwhile) is not
    # fatal: the first utterance starts the process again and reports what fails then.
    if not task.cancelled() and task.exception() is not None:
        log.warning("speech recognition warm-up failed: %s", task.exception())


def _cue(cue: str, level: str, value: float | None, t_s: float, message: str) -> dict[str, Any]:
    return {
        "cue": cue,
        "level": level,
        "value": value,
        "t_ms": round(t_s * 1000),
        "message": message,
    }


class AudioTrack:
    def __init__(self, pool: Recogniser) -> None:
        self._pool = pool
        self._an = StreamAnalyzer(
            StreamConfig(history_s=HISTORY_S, max_waiting_utterances=MAX_WAITING_UTTERANCES)
        )
        # (stream time, session time - stream time) from that stream time on.
        self._anchors: list[tuple[float, float]] = []
        self._levels: dict[int, list[float]] = {}
        self._clipped: dict[int, float] = {}
        self._speech_seconds: set[int] = set()
        # Utterances recognition failed on (a worker crashed twice): counted, never silent.
        self.skipped_utterances = 0

    # --- clocks ----------------------------------------------------------------------------

    def _offset_at(self, stream_t: float) -> float:
        i = bisect.bisect_right(self._anchors, (stream_t, math.inf)) - 1
        return self._anchors[max(0, i)][1]

    def to_session(self, stream_t: float) -> float:
        return stream_t + self._offset_at(stream_t)

    def to_stream(self, session_t: float) -> float:
        for stream_from, offset in reversed(self._anchors):
            if session_t - offset >= stream_from:
                return session_t - offset
        return session_t - self._anchors[0][1] if self._anchors else session_t

    # --- frames ----------------------------------------------------------------------------

    def feed(self, frame: AudioFrame) -> AudioUpdate:
        update = AudioUpdate()
        t0 = frame.t_ms / 1000.0
        now = self._an.now
        if not self._anchors or t0 - self.to_session(now) > REANCHOR_AFTER_S:
            if self._anchors:
                self._handle(self._an.flush(), update)
            self._anchors.append((now, t0 - now))
        self._handle(self._an.feed(frame.samples), update)
        self._volume(frame.samples, t0)
        second = int(t0)
        if self._an.tracker.in_speech:
            self._speech_seconds.add(second)
        for s in [s for s in self._levels if s < second]:
            update.seconds[s] = self._second_state(s)
        return update

    def close_utterance(self) -> list[Utterance]:
        """End of an answer: what is still open becomes an utterance now."""
        update = AudioUpdate()
        self._handle(self._an.flush(), update)
        return update.utterances

    def _handle(self, events: list[StreamEvent], update: AudioUpdate) -> None:
        for ev in events:
            t = self.to_session(ev.at)
            if ev.type == "speech_started":
                update.cues.append(_cue("speaking", "ok", None, t, "Speaking."))
            elif ev.type == "long_pause":
                update.cues.append(
                    _cue("pause", "info", 2.0, t, "Pause. Take a breath, then go on or finish.")
                )
            elif ev.type == "cue":
                kind = str(ev.data.get("cue"))
                cue, level, message = _CUE_TEXT.get(kind, (kind, "info", kind))
                value = ev.data.get("wpm", ev.data.get("dbfs", ev.data.get("count")))
                update.cues.append(_cue(cue, level, value, t, message))
            elif ev.type == "utterance" and ev.audio is not None:
                update.utterances.append(
                    Utterance(
                        int(ev.data["id"]),
                        self.to_session(float(ev.data["start"])),
                        self.to_session(float(ev.data["end"])),
                        ev.audio,
                        time.perf_counter(),
                    )
                )

    def _volume(self, x: FloatArray, t0: float) -> None:
        if not self._an.tracker.in_speech or x.size == 0:
            self._levels.setdefault(int(t0), [])
            return
        ms = float(np.mean(np.square(x, dtype=np.float64)))
        self._levels.setdefault(int(t0), []).append(10 * math.log10(ms + 1e-12))
        clipped = float(np.mean(np.abs(x) >= 0.99))
        self._clipped[int(t0)] = max(self._clipped.get(int(t0), 0.0), clipped)

    def _second_state(self, second: int) -> SecondState:
        levels = self._levels.pop(second, [])
        return SecondState(
            speaking=second in self._speech_seconds,
            volume_dbfs=round(float(np.median(levels)), 1) if levels else None,
            pace_wpm=None,
            fillers_in_window=None,
        )

    # --- recognition -----------------------------------------------------------------------

    async def transcribe(self, utt: Utterance) -> TranscriptOut:
        result = await self._recognise(utt)
        text = result.text
        events = self._an.add_transcript(utt.uid, text, result.untranscribed)
        words: list[dict[str, Any]] = []
        cues: list[dict[str, Any]] = []
        for ev in events:
            if ev.type == "transcript":
                words = [
                    {**w, "start": self.to_session(w["start"]), "end": self.to_session(w["end"])}
                    for w in ev.data.get("words", [])
                ]
                lost = [
                    Region(self.to_session(u["start"]), self.to_session(u["end"]))
                    for u in ev.data.get("untranscribed", [])
                ]
                if lost:  # speech heard but not recognised: say so where it was
                    timed = [Word(w["text"], w["start"], w["end"]) for w in words]
                    text = with_markers(timed, lost)
            elif ev.type == "cue":
                update = AudioUpdate()
                self._handle([ev], update)
                cues += update.cues
        t = utt.end_s
        m = self._an.window_metrics(self.to_stream(t - PACE_WINDOW_S), self.to_stream(t))
        if m.wpm is not None and m.wpm_reliable and not any(c["cue"] == "pace" for c in cues):
            cues.append(
                _cue("pace", "ok", round(m.wpm, 1), t, f"About {m.wpm:.0f} words a minute.")
            )
        if m.filler_count:
            cues.append(
                _cue(
                    "filler",
                    "info",
                    m.filler_count,
                    t,
                    f"{m.filler_count} fillers in the last 20 s.",
                )
            )
        return TranscriptOut(text, words, cues)

    async def _recognise(self, utt: Utterance) -> AsrResult:
        # Overload delays a transcript, it never drops it: a busy pool is asked again.
        while True:
            try:
                return await self._pool.transcribe(utt.audio)
            except AsrBusyError:
                await asyncio.sleep(BUSY_RETRY_S)
            except Exception:
                # The pool already restarted its workers once for this utterance.
                log.exception("recognition failed for an utterance; its words are missing")
                self.skipped_utterances += 1
                # The whole utterance is shown as not transcribed, never as silence.
                return AsrResult("", (), False, ((0.0, utt.audio.size / SAMPLE_RATE),))

    def second_pace(self, second: int) -> tuple[float | None, int]:
        m = self._an.window_metrics(self.to_stream(second - PACE_WINDOW_S), self.to_stream(second))
        return (round(m.wpm, 1) if m.wpm is not None else None), m.filler_count

    def answer_analysis(
        self,
        start_s: float,
        end_s: float,
        shown_s: float | None,
        spans: list[tuple[float, float]] | None = None,
    ) -> dict[str, Any]:
        """What `responses.analysis_json` stores for a voice answer (see reports/evidence.py):
        words, fillers, pauses and speech metrics, all in session seconds.

        `spans` (session seconds) are the answer's own utterances: words and fillers are
        taken from inside them only, so a neighbouring answer's words never leak in however
        close the two are. Without them, a 0.5 s margin around the answer is used."""
        if spans:
            start_s = min(start_s, min(a for a, _ in spans))
            end_s = max(end_s, max(b for _, b in spans))
        m = self._an.window_metrics(
            self.to_stream(start_s),
            self.to_stream(end_s),
            None if shown_s is None else self.to_stream(shown_s),
        )
        seconds = range(int(start_s), int(end_s) + 1)
        levels = [v for s in seconds for v in self._levels.get(s, [])]
        clipped = [self._clipped[s] for s in seconds if s in self._clipped]
        metrics: dict[str, Any] = m.to_dict()
        # Per-second levels stand in for the raw audio, which is not kept (DESIGN §2).
        metrics["volume"] = {
            "speech_dbfs": round(float(np.median(levels)), 1) if levels else None,
            "peak_dbfs": round(max(levels), 1) if levels else None,
            "clipped_fraction": round(float(np.mean(clipped)), 4) if clipped else 0.0,
            "warnings": [],
        }
        shift = self._offset_at(self.to_stream(start_s))
        for key in ("window_start", "window_end"):
            metrics[key] = round(float(metrics[key]) + shift, 3)
        pauses = [{"start": p.start + shift, "end": p.end + shift} for p in m.pauses]
        metrics["pauses"] = pauses
        if spans:
            # Utterance audio is padded by the VAD's asr_pad_s (0.1 s): allow that much.
            inside = [(self.to_stream(a) - 0.15, self.to_stream(b) + 0.15) for a, b in spans]
        else:
            inside = [(self.to_stream(start_s) - 0.5, self.to_stream(end_s) + 0.5)]

        def mine(t: float) -> bool:
            return any(a <= t <= b for a, b in inside)

        words = [
            {"text": w.text, "start": round(w.start + shift, 3), "end": round(w.end + shift, 3)}
            for w in self._an.words
            if mine(w.start)
        ]
        fillers = [
            {**f.to_dict(), "start": round(f.start + shift, 3), "end": round(f.end + shift, 3)}
            for f in self._an.fillers
            if mine(f.start)
        ]
        # Speech heard but not recognised: unknown, not silence (also left out of the rates).
        untranscribed = [
            {"start": round(u.start + shift, 3), "end": round(u.end + shift, 3)}
            for u in self._an.unknown
            if mine(u.start)
        ]
        return {
            "words": words,
            "fillers": fillers,
            "pauses": pauses,
            "untranscribed": untranscribed,
            "metrics": metrics,
            "skipped_utterances": self.skipped_utterances,
        }
