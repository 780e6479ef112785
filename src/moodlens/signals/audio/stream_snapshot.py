"""``StreamAnalyzer.snapshot()`` / ``restore()``: the whole analyser state as JSON.

Audio is kept as PCM16 (exact for audio that arrived as PCM16). Size: a few kB plus up to
~14 kB per second of open or waiting utterance audio. Frame features are a cache and are
rebuilt from the restored buffer.
"""

from __future__ import annotations

from collections import deque
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from moodlens.signals.audio.acoustic import HOP, FilledPause
from moodlens.signals.audio.fillers import Filler
from moodlens.signals.audio.stream_buffer import GrowBuffer, b64_pcm16, from_b64_pcm16
from moodlens.signals.audio.stream_types import (
    StreamConfig,
    Waiting,
    cfg_from_dict,
    cfg_to_dict,
)
from moodlens.signals.audio.vad import Region, StreamingVad
from moodlens.signals.audio.words import Word

if TYPE_CHECKING:
    from moodlens.signals.audio.stream import StreamAnalyzer

VERSION = 1


def snapshot(s: StreamAnalyzer) -> dict[str, Any]:
    """JSON-serialisable state of ``s``."""
    return {
        "version": VERSION,
        "config": cfg_to_dict(s.cfg),
        "vad": s.vad.snapshot(),
        "tracker": {
            "speech_start": s.tracker.speech_start,
            "below_since": s.tracker.below_since,
            "last_sure": s.tracker.last_sure,
        },
        "origin": s.origin,
        "samples_in": s.samples_in,
        "buf": b64_pcm16(s.buf),
        "buf_start": s.buf_start,
        "utt_regions": [asdict(r) for r in s.utt_regions],
        "last_voiced_end": s.last_voiced_end,
        "context_start": s.context_start,
        "long_pause_sent": s.long_pause_sent,
        "next_uid": s.next_uid,
        "waiting": [
            {
                "uid": w.uid,
                "span": asdict(w.span),
                "audio_start": w.audio_start,
                "audio": b64_pcm16(w.audio),
                "filled_pauses": [asdict(f) for f in w.filled_pauses],
            }
            for w in s.waiting.values()
        ],
        "regions": [asdict(r) for r in s.regions],
        "words": [asdict(w) for w in s.words],
        "fillers": [asdict(f) for f in s.fillers],
        "unknown": [asdict(u) for u in s.unknown],
        "acoustic_only": {str(k): [asdict(f) for f in v] for k, v in s.acoustic_only.items()},
        "speech_levels": list(s.speech_levels),
        "last_cue": dict(s.last_cue),
        "dropped_utterances": s.dropped_utterances,
        "seams": {str(k): v for k, v in s.seams.items()},
        "shown": {str(k): v for k, v in s.shown.items()},
    }


def restore_into(s: StreamAnalyzer, snap: dict[str, Any]) -> None:
    """Load ``snapshot()`` output into a fresh analyser ``s`` built with its config."""
    s.vad = StreamingVad.restore(snap["vad"])
    s.tracker.speech_start = snap["tracker"]["speech_start"]
    s.tracker.below_since = snap["tracker"]["below_since"]
    # Absent from snapshots made before pauses were trimmed: that region keeps its tail.
    s.tracker.last_sure = snap["tracker"].get("last_sure")
    s.origin = snap["origin"]
    s.samples_in = int(snap["samples_in"])
    s._buf = GrowBuffer(from_b64_pcm16(snap["buf"]))
    s.buf_start = int(snap["buf_start"])
    s.utt_regions = [Region(**r) for r in snap["utt_regions"]]
    s.last_voiced_end = snap["last_voiced_end"]
    s.context_start = snap.get("context_start")
    s.long_pause_sent = bool(snap["long_pause_sent"])
    s.next_uid = int(snap["next_uid"])
    for w in snap["waiting"]:
        s.waiting[int(w["uid"])] = Waiting(
            int(w["uid"]),
            Region(**w["span"]),
            float(w["audio_start"]),
            from_b64_pcm16(w["audio"]),
            [FilledPause(**f) for f in w["filled_pauses"]],
        )
    s.regions = deque(Region(**r) for r in snap["regions"])
    s.words = deque(Word(**w) for w in snap["words"])
    s.fillers = deque(Filler(**f) for f in snap["fillers"])
    s.unknown = deque(Region(**u) for u in snap.get("unknown", []))
    s.acoustic_only = {int(k): [Filler(**f) for f in v] for k, v in snap["acoustic_only"].items()}
    s.speech_levels = deque((float(a), float(b)) for a, b in snap["speech_levels"])
    s.last_cue = {str(k): float(v) for k, v in snap["last_cue"].items()}
    s.dropped_utterances = int(snap["dropped_utterances"])
    s.seams = {int(k): int(v) for k, v in snap.get("seams", {}).items()}
    s.shown = {int(k): str(v) for k, v in snap.get("shown", {}).items()}
    s.feat_start = -(-s.buf_start // HOP)
    s._feat_parts = []
    s._update_features()


def config_of(snap: dict[str, Any]) -> StreamConfig:
    """The config a snapshot was taken with (checks the version first)."""
    if snap.get("version") != VERSION:
        raise ValueError("unsupported stream snapshot version")
    return cfg_from_dict(snap["config"])
