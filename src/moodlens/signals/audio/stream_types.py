"""The stream analyser's configuration, events and per-utterance records (see stream.py)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from moodlens.signals.audio.acoustic import FilledPause, FrameFeatures
from moodlens.signals.audio.decode import FloatArray
from moodlens.signals.audio.metrics import QUIET_DBFS
from moodlens.signals.audio.vad import Region, VadConfig

EventType = Literal[
    "speech_started", "speech_ended", "long_pause", "utterance", "filler", "cue", "transcript"
]


@dataclass(frozen=True, slots=True)
class PieceConfig:
    """Incremental recognition (ADR 0016): while the candidate is still speaking, a long
    utterance is closed in pieces that the recogniser decodes at once, so when the answer
    ends only the speech since the last piece is left to decode.

    A piece closes at an internal pause of ``gap_s`` once it is ``min_s`` long (a pause cut
    is in silence: no word is split, no overlap needed). In speech without such a pause a
    piece is cut once it is ``max_s`` long: at the quietest 150 ms of its last
    ``cut_window_s`` if ``max_s`` is under the VAD's ``max_utterance_s``, else exactly like
    the 10 s cap (both sides of a cut inside speech hear ``OVERLAP_S`` of the other).

    The defaults are what the speech corpus allows (bench/incremental.py, fit and held
    parts): pieces at 250 ms pauses once 4 s long read as well as whole utterances, with
    speech cut at the 10 s cap. Cutting inside speech sooner, at the quietest point between
    4 s and 8 s (``max_s=8, cut_window_s=7.6``), bounds the speech left when the answer ends
    at 8 s, but with the int8 decoder it read worse on the fitted part (WER 19.4 % against
    17.4 % whole and 17.6 % with the 10 s cut; held 15.9 / 16.1 / 15.6 %), so it is not the
    default; cutting at 6 s was worse still (ADR 0016)."""

    min_s: float = 4.0
    gap_s: float = 0.25
    max_s: float = 10.0
    cut_window_s: float = 2.0


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
    # None: whole utterances only (>= utterance_gap_s of silence or the max_utterance_s cap),
    # as the offline analysis segments them.
    pieces: PieceConfig | None = field(default_factory=PieceConfig)


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
class Waiting:
    """An utterance (or piece) closed and waiting for its transcript."""

    uid: int
    span: Region
    audio_start: float
    audio: FloatArray
    filled_pauses: list[FilledPause]
    feats: FrameFeatures | None = None  # cache; recomputed after a restore


def cfg_to_dict(cfg: StreamConfig) -> dict[str, Any]:
    return asdict(cfg)


def cfg_from_dict(d: dict[str, Any]) -> StreamConfig:
    vad = VadConfig(**d["vad"])
    rest = {k: v for k, v in d.items() if k not in ("vad", "pieces")}
    # A snapshot from before pieces existed decoded whole utterances: it resumes that way.
    pieces = PieceConfig(**d["pieces"]) if d.get("pieces") else None
    return replace(StreamConfig(vad=vad, pieces=pieces), **rest)
