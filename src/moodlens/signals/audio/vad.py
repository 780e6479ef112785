"""Silero VAD over onnxruntime: incremental streaming, hysteresis and segmentation.

The model consumes 512-sample (32 ms) chunks at 16 kHz, each prefixed with the last 64
samples of the previous chunk, and carries a recurrent ``state`` between calls.
``StreamingVad`` accepts arbitrary-sized pieces of audio (the live path receives frames of
whatever size the browser sends) and emits one probability per complete chunk; its whole
state is a few hundred floats, so it can be snapshotted and restored on reconnect.
"""

from __future__ import annotations

import base64
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import onnxruntime as ort

from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray
from moodlens.signals.audio.models import silero_vad_file

CHUNK = 512
CONTEXT = 64
CHUNK_S = CHUNK / SAMPLE_RATE


@dataclass(frozen=True, slots=True)
class VadConfig:
    """Hysteresis and segmentation parameters (seconds unless noted).

    ``min_gap_s`` is the shortest silence that separates two voiced regions; it equals
    the shortest pause we report (250 ms). ``utterance_gap_s`` is the silence that ends an
    utterance for the recogniser (~500 ms, measured to split the test files correctly).
    """

    start_threshold: float = 0.5
    end_threshold: float = 0.35
    min_gap_s: float = 0.25
    utterance_gap_s: float = 0.5
    min_speech_s: float = 0.1
    max_utterance_s: float = 10.0
    asr_pad_s: float = 0.1


@dataclass(frozen=True, slots=True)
class Region:
    """A span of time in seconds."""

    start: float
    end: float

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return self.end - self.start


_SESSIONS: dict[Path, ort.InferenceSession] = {}


def vad_session(path: Path | None = None) -> ort.InferenceSession:
    """Return a process-wide Silero session (the model is stateless; state is an input)."""
    p = path or silero_vad_file()
    sess = _SESSIONS.get(p)
    if sess is None:
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        sess = ort.InferenceSession(str(p), sess_options=opts, providers=["CPUExecutionProvider"])
        _SESSIONS[p] = sess
    return sess


def _b64(a: npt.NDArray[np.float32]) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()


def _unb64(s: str, shape: tuple[int, ...]) -> FloatArray:
    return np.frombuffer(base64.b64decode(s), dtype="<f4").astype(np.float32).reshape(shape)


@dataclass
class StreamingVad:
    """Incremental Silero VAD: feed any number of samples, get per-chunk probabilities.

    Chunk ``i`` covers samples ``[i*512, (i+1)*512)`` of the stream, so times are exact.
    """

    session: ort.InferenceSession = field(default_factory=vad_session, repr=False)
    state: FloatArray = field(default_factory=lambda: np.zeros((2, 1, 128), dtype=np.float32))
    context: FloatArray = field(default_factory=lambda: np.zeros(CONTEXT, dtype=np.float32))
    pending: FloatArray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    chunks_done: int = 0

    _SR = np.array(SAMPLE_RATE, dtype=np.int64)

    def feed(self, samples: FloatArray) -> FloatArray:
        """Consume samples; return the speech probability of every chunk completed by them."""
        buf = np.concatenate([self.pending, np.asarray(samples, dtype=np.float32).reshape(-1)])
        n = buf.size // CHUNK
        probs = np.empty(n, dtype=np.float32)
        for i in range(n):
            chunk = buf[i * CHUNK : (i + 1) * CHUNK]
            x = np.concatenate([self.context, chunk])[None, :]
            out, self.state = self.session.run(
                None, {"input": x, "state": self.state, "sr": self._SR}
            )
            probs[i] = float(out[0, 0])
            self.context = chunk[-CONTEXT:].copy()
        self.pending = buf[n * CHUNK :].copy()
        self.chunks_done += n
        return probs

    def snapshot(self) -> dict[str, Any]:
        """JSON-serialisable state, restorable with ``StreamingVad.restore``."""
        return {
            "state": _b64(self.state),
            "context": _b64(self.context),
            "pending": _b64(self.pending),
            "chunks_done": self.chunks_done,
        }

    @classmethod
    def restore(cls, snap: dict[str, Any]) -> StreamingVad:
        """Rebuild a VAD from ``snapshot()`` output; it continues exactly where it stopped."""
        pending = np.frombuffer(base64.b64decode(snap["pending"]), dtype="<f4")
        return cls(
            state=_unb64(snap["state"], (2, 1, 128)),
            context=_unb64(snap["context"], (CONTEXT,)),
            pending=pending.astype(np.float32),
            chunks_done=int(snap["chunks_done"]),
        )


def speech_probabilities(samples: FloatArray) -> FloatArray:
    """Batch helper: per-chunk speech probabilities of a whole 16 kHz signal.

    The tail is zero-padded to a full chunk so the last partial chunk is scored too.
    """
    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    pad = (-x.size) % CHUNK
    if pad:
        x = np.concatenate([x, np.zeros(pad, dtype=np.float32)])
    return StreamingVad().feed(x)


def voiced_regions(probs: FloatArray, cfg: VadConfig = VadConfig()) -> list[Region]:
    """Hysteresis over chunk probabilities -> speech regions separated by >= ``min_gap_s``.

    Speech starts at p >= start_threshold; it ends at the first chunk below
    end_threshold once the silence has lasted ``min_gap_s``. Regions shorter than
    ``min_speech_s`` (clicks) are dropped.
    """
    tracker = HysteresisTracker(cfg)
    regions: list[Region] = []
    for i, p in enumerate(probs):
        r = tracker.step(i, float(p))
        if r is not None:
            regions.append(r)
    last = tracker.flush(len(probs))
    if last is not None:
        regions.append(last)
    return regions


def trim_hangover(
    regions: list[Region], probs: FloatArray, cfg: VadConfig = VadConfig()
) -> list[Region]:
    """End each region after its last chunk as confident as a speech start.

    The hysteresis ends speech at the first chunk under ``end_threshold``, but Silero's
    probability decays over a few chunks after the voice stops (longer in noise and on
    the telephone band), so pauses measured from those ends came out 50-200 ms short.
    Used for pause lengths and word layout only: utterances for the recogniser keep the
    wider regions (a word's soft tail is still worth sending).
    """
    out: list[Region] = []
    for r in regions:
        a = round(r.start / CHUNK_S)
        b = min(round(r.end / CHUNK_S), len(probs))
        sure = np.nonzero(probs[a:b] >= cfg.start_threshold)[0]
        end = (a + int(sure[-1]) + 1) * CHUNK_S if sure.size else r.end
        out.append(Region(r.start, min(r.end, end)))
    return out


@dataclass
class HysteresisTracker:
    """Streaming hysteresis on chunk probabilities; emits a Region when speech has ended."""

    cfg: VadConfig = field(default_factory=VadConfig)
    speech_start: int | None = None
    below_since: int | None = None
    # The last chunk as confident as a speech start: where ``without_hangover`` ends a region.
    last_sure: int | None = None

    @property
    def in_speech(self) -> bool:
        """True between a detected start and its confirmed end."""
        return self.speech_start is not None

    def step(self, index: int, p: float) -> Region | None:
        """Advance by one chunk; return the finished region if this chunk confirms an end."""
        gap_chunks = max(1, round(self.cfg.min_gap_s / CHUNK_S))
        if p >= self.cfg.start_threshold:
            self.last_sure = index
        if self.speech_start is None:
            if p >= self.cfg.start_threshold:
                self.speech_start = index
                self.below_since = None
            return None
        if p >= self.cfg.start_threshold:
            self.below_since = None
        elif p < self.cfg.end_threshold and self.below_since is None:
            self.below_since = index
        if self.below_since is not None and index + 1 - self.below_since >= gap_chunks:
            region = self._region(self.speech_start, self.below_since)
            self.speech_start = None
            self.below_since = None
            return region
        return None

    def flush(self, n_chunks: int) -> Region | None:
        """End any open region at the end of the stream."""
        if self.speech_start is None:
            return None
        end = self.below_since if self.below_since is not None else n_chunks
        region = self._region(self.speech_start, end)
        self.speech_start = None
        self.below_since = None
        return region

    def without_hangover(self, region: Region) -> Region:
        """``region`` (just returned by ``step`` or ``flush``) ended after its last chunk as
        confident as a speech start, as ``trim_hangover`` ends the offline analysis's
        regions: pauses measured from the hysteresis end came out 50-200 ms short."""
        if self.last_sure is None or self.last_sure * CHUNK_S < region.start:
            return region
        return Region(region.start, min(region.end, (self.last_sure + 1) * CHUNK_S))

    def _region(self, start: int, end: int) -> Region | None:
        r = Region(start * CHUNK_S, end * CHUNK_S)
        return r if r.duration >= self.cfg.min_speech_s else None


def group_utterances(
    regions: list[Region],
    probs: FloatArray,
    cfg: VadConfig = VadConfig(),
    samples: FloatArray | None = None,
    offset_s: float = 0.0,
) -> list[Region]:
    """Merge voiced regions closer than ``utterance_gap_s`` and cap each at ``max_utterance_s``.

    A too-long utterance is split at its quietest point: the longest internal gap between
    voiced regions if it has one, else the quietest 150 ms of ``samples`` (whose first
    sample is at ``offset_s``) in the allowed window, else the chunk of lowest speech
    probability. Cutting at the quietest moment keeps words whole for the recogniser.
    """
    merged: list[list[Region]] = []
    for r in regions:
        if merged and r.start - merged[-1][-1].end < cfg.utterance_gap_s:
            merged[-1].append(r)
        else:
            merged.append([r])
    out: list[Region] = []
    for group in merged:
        out.extend(_cap(group, probs, cfg, samples, offset_s))
    return out


def quietest_point(samples: FloatArray, lo_s: float, hi_s: float, offset_s: float = 0.0) -> float:
    """Time (s) in [lo_s, hi_s] at the centre of the lowest-energy 150 ms of ``samples``."""
    hop = SAMPLE_RATE // 100
    a = max(0, int((lo_s - offset_s) * SAMPLE_RATE))
    b = min(samples.size, int((hi_s - offset_s) * SAMPLE_RATE))
    n = (b - a) // hop
    if n < 1:
        return (lo_s + hi_s) / 2
    frames = samples[a : a + n * hop].reshape(n, hop).astype(np.float64)
    energy = (frames**2).mean(axis=1)
    k = min(15, n)
    smooth = np.convolve(energy, np.ones(k) / k, mode="valid")
    i = int(np.argmin(smooth)) + k // 2
    return offset_s + (a + i * hop + hop // 2) / SAMPLE_RATE


def _cap(
    group: list[Region],
    probs: FloatArray,
    cfg: VadConfig,
    samples: FloatArray | None = None,
    offset_s: float = 0.0,
) -> list[Region]:
    span = Region(group[0].start, group[-1].end)
    if span.duration <= cfg.max_utterance_s:
        return [span]
    lo, hi = span.start + 0.3 * cfg.max_utterance_s, span.start + cfg.max_utterance_s
    gaps = [
        (b.start - a.end, i)
        for i, (a, b) in enumerate(itertools.pairwise(group))
        if lo <= a.end <= hi
    ]
    if gaps:
        _, i = max(gaps)
        return _cap(group[: i + 1], probs, cfg, samples, offset_s) + _cap(
            group[i + 1 :], probs, cfg, samples, offset_s
        )
    if samples is not None:
        cut = quietest_point(samples, lo, hi, offset_s)
    else:
        a, b = int(lo / CHUNK_S), min(int(hi / CHUNK_S), len(probs))
        cut = (a + int(np.argmin(probs[a:b]))) * CHUNK_S if b > a else hi
    first = Region(span.start, cut)
    rest = [Region(max(r.start, cut), r.end) for r in group if r.end > cut]
    return [first, *_cap(rest, probs, cfg, samples, offset_s)]


def utterance_audio(samples: FloatArray, utt: Region, cfg: VadConfig = VadConfig()) -> FloatArray:
    """The samples of an utterance with a little padding so word edges are not clipped."""
    a = max(0, int((utt.start - cfg.asr_pad_s) * SAMPLE_RATE))
    b = min(samples.size, int((utt.end + cfg.asr_pad_s) * SAMPLE_RATE))
    return samples[a:b]
