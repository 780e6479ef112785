"""Incremental recognition (ADR 0016): is decoding a long answer in pieces while the candidate
speaks as accurate as decoding whole utterances?

Every answer of the generated speech corpus (tests/fixtures/speech_corpus.py; "fit" is the
part thresholds were fitted on, "held" the part held back) that speaks for at least
`--min-speech` seconds is streamed through the real `StreamAnalyzer` in 40 ms frames, once
with whole utterances (`StreamConfig(pieces=None)`: >= 0.5 s of silence or the 10 s cap, the
live path before ADR 0016) and once per piece configuration; every utterance or piece is
recognised by the real model as the live recogniser does (`transcribe_robust`), the
transcripts go back through `add_transcript` (so seams are trimmed exactly as live) and the
shown texts, joined, are scored against the script (tests/fixtures/speech_scoring.py, WER
pooled over words). Also: pieces per answer, the length of the last piece (what is left to
decode when the answer ends), the longest piece, and recognition CPU per second of audio.

    .venv/bin/python bench/incremental.py [--per-split 10] [--pieces 4:0.25:10 3:0.25:6:5.6]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from moodlens.signals.audio.analyze import default_asr
from moodlens.signals.audio.asr import MoonshineAsr
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray, load_audio
from moodlens.signals.audio.stream import StreamAnalyzer, StreamConfig
from moodlens.signals.audio.stream_types import PieceConfig
from tests.fixtures.speech_corpus import generate
from tests.fixtures.speech_scoring import MARKER, word_errors

FRAME = SAMPLE_RATE * 40 // 1000


class Recogniser:
    """The real model, each distinct piece decoded once (whole and piecewise runs share the
    utterances they cut alike)."""

    def __init__(self, asr: MoonshineAsr) -> None:
        self.asr = asr
        self.cache: dict[str, str] = {}
        self.cpu_s = 0.0
        self.audio_s = 0.0

    def text(self, audio: FloatArray) -> str:
        key = hashlib.sha1(audio.tobytes()).hexdigest()
        if key not in self.cache:
            c0 = time.process_time()
            self.cache[key] = self.asr.transcribe_robust(audio).text
            self.cpu_s += time.process_time() - c0
            self.audio_s += audio.size / SAMPLE_RATE
        return self.cache[key]


def transcript(x: FloatArray, cfg: StreamConfig, rec: Recogniser) -> tuple[str, list[float]]:
    """The answer's shown text and its pieces' lengths (s), decoded in closing order."""
    s = StreamAnalyzer(cfg)
    events = []
    for i in range(0, x.size, FRAME):
        events += s.feed(x[i : i + FRAME])
    events += s.flush()
    shown: dict[int, tuple[float, str]] = {}
    lengths = []
    for e in events:
        if e.type == "utterance" and e.audio is not None:
            lengths.append(e.audio.size / SAMPLE_RATE)
            for t in s.add_transcript(int(e.data["id"]), rec.text(e.audio)):
                if t.type == "transcript":
                    shown[int(t.data["id"])] = (float(t.data["start"]), str(t.data["text"]))
    text = " ".join(t for _, t in sorted(shown.values()) if t)
    return MARKER.sub(" ", text), lengths


def run(
    corpus: list[tuple[str, str, FloatArray]], cfg: StreamConfig, rec: Recogniser
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for split in ("fit", "held"):
        edits = words = pieces = 0
        last: list[float] = []
        longest = 0.0
        for sp, truth, x in corpus:
            if sp != split:
                continue
            text, lengths = transcript(x, cfg, rec)
            e, n = word_errors(truth, text)
            edits, words, pieces = edits + e, words + n, pieces + len(lengths)
            if lengths:
                last.append(lengths[-1])
                longest = max(longest, max(lengths))
        out[split] = {
            "wer": round(edits / max(1, words), 4),
            "edits": edits,
            "words": words,
            "pieces": pieces,
            "last_piece_median_s": round(float(np.median(last)), 2) if last else None,
            "last_piece_max_s": round(max(last), 2) if last else None,
            "longest_piece_s": round(longest, 2),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/moodlens-speech-corpus"))
    ap.add_argument("--min-speech", type=float, default=12.0)
    ap.add_argument("--per-split", type=int, default=12, help="answers per split (0: all)")
    ap.add_argument(
        "--pieces",
        nargs="+",
        default=["4:0.25:10", "3:0.25:6", "3:0.25:8"],
        help="min_s:gap_s:max_s[:cut_window_s]",
    )
    args = ap.parse_args()
    rec = Recogniser(default_asr())
    chosen: dict[str, list[tuple[str, str, FloatArray]]] = {"fit": [], "held": []}
    for a in generate(args.cache):
        speech = a.truth["last_speech_s"] - a.truth["first_speech_s"]
        if speech >= args.min_speech:
            chosen[a.spec.split].append((a.spec.split, str(a.truth["text"]), load_audio(a.wav)))
    corpus = []
    for items in chosen.values():
        # Spread over the corpus's plan order (kinds, voices and conditions vary along it).
        step = max(1, len(items) // args.per_split) if args.per_split else 1
        corpus += items[::step][: args.per_split or None]
    configs = {"whole": StreamConfig(pieces=None)}
    for spec in args.pieces:
        lo, gap, hi, *window = (float(v) for v in spec.split(":"))
        piece = PieceConfig(
            min_s=lo, gap_s=gap, max_s=hi, cut_window_s=window[0] if window else 2.0
        )
        configs[f"pieces {spec}"] = StreamConfig(pieces=piece)
    results = {name: run(corpus, cfg, rec) for name, cfg in configs.items()}
    print(
        json.dumps(
            {
                "answers": {s: sum(1 for c in corpus if c[0] == s) for s in ("fit", "held")},
                "audio_s": {
                    s: round(sum(c[2].size for c in corpus if c[0] == s) / SAMPLE_RATE, 1)
                    for s in ("fit", "held")
                },
                "min_speech_s": args.min_speech,
                "recognition_cpu_s_per_audio_s": round(rec.cpu_s / max(rec.audio_s, 1e-9), 3),
                "configs": results,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
