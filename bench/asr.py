#!/usr/bin/env python3
"""Speech recognition speed by utterance length, plus the per-chunk cost of the live path.

Prints one JSON object. Keys: rtf_2s, rtf_5s, rtf_10s (recognition time / audio length,
median of --runs runs, wall clock), peak_rss_mb (this process, both models loaded), and
extras: the same figures in CPU time (more stable on a shared machine), model load time,
VAD and stream-analyser cost per 32 ms chunk.

    .venv/bin/python bench/asr.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path

import numpy as np

from moodlens.signals.audio.asr import MoonshineAsr
from moodlens.signals.audio.decode import SAMPLE_RATE, load_audio
from moodlens.signals.audio.models import beckett_wav
from moodlens.signals.audio.stream import StreamAnalyzer
from moodlens.signals.audio.vad import CHUNK, StreamingVad

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "audio"


def _speech() -> np.ndarray:
    """Real speech first (beckett.wav), then the synthetic answers, back to back."""
    parts = [load_audio(beckett_wav())]
    parts += [load_audio(p) for p in sorted(FIXTURES.glob("*.wav"))]
    return np.concatenate(parts)


def _timed(fn: object, *args: object) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn(*args)  # type: ignore[operator]
    return time.perf_counter() - w, time.process_time() - c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    w0 = time.perf_counter()
    asr = MoonshineAsr(threads=1)
    load_s = time.perf_counter() - w0
    speech = _speech()
    asr.transcribe(speech[: 2 * SAMPLE_RATE])  # warm-up

    out: dict[str, object] = {"runs": args.runs, "model_load_s": round(load_s, 2)}
    for secs in (2, 5, 10):
        n = secs * SAMPLE_RATE
        walls, cpus = [], []
        for r in range(args.runs):
            # different real speech each run (beckett.wav first)
            start = (r * 3 * SAMPLE_RATE) % (speech.size - n)
            w, c = _timed(asr.transcribe, speech[start : start + n])
            walls.append(w)
            cpus.append(c)
        out[f"rtf_{secs}s"] = round(statistics.median(walls) / secs, 3)
        out[f"recognition_s_{secs}s"] = round(statistics.median(walls), 3)
        out[f"rtf_cpu_{secs}s"] = round(statistics.median(cpus) / secs, 3)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    # Live path: VAD alone, and the whole stream analyser, per 32 ms chunk (CPU time).
    x = speech[: 60 * SAMPLE_RATE]
    vad = StreamingVad()
    _, c = _timed(vad.feed, x)
    out["vad_cpu_ms_per_chunk"] = round(c / (x.size // CHUNK) * 1000, 3)
    an = StreamAnalyzer()
    pcm = np.clip(np.round(x * 32768), -32768, 32767).astype("<i2").tobytes()
    frame = 2 * 320  # 20 ms frames, as the browser worklet sends them
    per_frame: list[float] = []
    for i in range(0, len(pcm), frame):
        c0 = time.process_time()
        an.feed(pcm[i : i + frame])
        per_frame.append(time.process_time() - c0)
    arr = np.array(per_frame) * 1000
    out["stream_cpu_ms_per_20ms_frame_mean"] = round(float(arr.mean()), 3)
    out["stream_cpu_ms_per_20ms_frame_p99"] = round(float(np.percentile(arr, 99)), 3)
    out["stream_cpu_ms_per_20ms_frame_max"] = round(float(arr.max()), 3)
    out["stream_cpu_share_of_real_time"] = round(
        float(arr.sum()) / (x.size / SAMPLE_RATE * 1000), 4
    )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
