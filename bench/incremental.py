"""Incremental recognition: how finely can the live path cut a long utterance into pieces
(decoded while the candidate is still speaking) without hurting the transcript?

For each cap on a piece's length (`VadConfig.max_utterance_s`; the stream analyser closes a
piece at the quietest point once it reaches the cap) and `--gap` (`utterance_gap_s`, the
silence that closes a piece at a pause), every answer is streamed through the
real `StreamAnalyzer`, each piece recognised by the real model, and the joined text scored
against the script. Two sets: the committed speech fixtures (tests/fixtures/audio, the
tuning set) and the held-out answer texts (tests/fixtures/answers/holdout.yaml) synthesised
with espeak-ng (bench/speech.py); the cap is chosen on the first and reported on both.
Prints JSON: WER (pooled over words), recognition CPU seconds per second of speech, and the
length of the last piece (what is left to decode when the answer ends).

    .venv/bin/python bench/incremental.py --caps 10 6 4
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from moodlens.signals.audio.asr import MoonshineAsr
from moodlens.signals.audio.decode import SAMPLE_RATE, load_audio
from moodlens.signals.audio.stream import StreamAnalyzer, StreamConfig
from moodlens.signals.audio.vad import VadConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.speech import ANSWERS, spoken

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "audio"
FRAME = SAMPLE_RATE * 40 // 1000


def _words(text: str) -> list[str]:
    import re

    return [w for w in re.sub(r"[^a-z0-9' ]", " ", text.lower()).split() if w]


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    d = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(hyp) + 1):
            cur = min(d[j] + 1, d[j - 1] + 1, prev + (ref[i - 1] != hyp[j - 1]))
            prev, d[j] = d[j], cur
    return d[len(hyp)]


def pieces(audio: np.ndarray, cap: float, gap: float) -> list[np.ndarray]:
    an = StreamAnalyzer(StreamConfig(vad=VadConfig(max_utterance_s=cap, utterance_gap_s=gap)))
    out: list[np.ndarray] = []
    for i in range(0, audio.size, FRAME):
        out += [e.audio for e in an.feed(audio[i : i + FRAME]) if e.audio is not None]
    out += [e.audio for e in an.flush() if e.type == "utterance" and e.audio is not None]
    return out


def score(
    asr: MoonshineAsr, corpus: list[tuple[str, np.ndarray]], cap: float, gap: float
) -> dict[str, Any]:
    errors = words = 0
    cpu = speech = 0.0
    last: list[float] = []
    longest = 0.0
    n_pieces = 0
    for truth, audio in corpus:
        ps = pieces(audio, cap, gap)
        c0 = time.process_time()
        text = " ".join(asr.transcribe_robust(p).text for p in ps)
        cpu += time.process_time() - c0
        speech += audio.size / SAMPLE_RATE
        ref = _words(truth)
        errors += edit_distance(ref, _words(text))
        words += len(ref)
        n_pieces += len(ps)
        if ps:
            last.append(ps[-1].size / SAMPLE_RATE)
            longest = max(longest, max(p.size for p in ps) / SAMPLE_RATE)
    return {
        "cap_s": cap,
        "utterance_gap_s": gap,
        "pieces": n_pieces,
        "wer": round(errors / max(1, words), 4),
        "words": words,
        "cpu_s_per_speech_s": round(cpu / max(speech, 1e-9), 3),
        "last_piece_median_s": round(float(np.median(last)), 2) if last else None,
        "longest_piece_s": round(longest, 2),
    }


def tuning_set() -> list[tuple[str, np.ndarray]]:
    out = []
    for wav in sorted(FIXTURES.glob("*.wav")):
        truth = json.loads(wav.with_suffix(".json").read_text())["text"]
        out.append((str(truth), load_audio(wav)))
    return out


def held_out_set(limit: int) -> list[tuple[str, np.ndarray]]:
    out = []
    answers = yaml.safe_load((ANSWERS / "holdout.yaml").read_text())["answers"]
    usable = [a for a in answers if 25 <= len(str(a["text"]).split()) <= 130][:limit]
    for i, a in enumerate(usable):
        s = spoken(str(a["id"]), " ".join(str(a["text"]).split()), i)
        out.append((s.text, s.audio))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--caps", type=float, nargs="+", default=[10.0, 6.0, 4.0])
    ap.add_argument("--held-out-caps", type=float, nargs="*", default=None)
    ap.add_argument("--held-out-answers", type=int, default=6)
    ap.add_argument("--gap", type=float, default=0.5, help="VadConfig.utterance_gap_s")
    args = ap.parse_args()
    asr = MoonshineAsr(threads=1)
    tuning, held = tuning_set(), held_out_set(args.held_out_answers)
    result = {
        "tuning": [score(asr, tuning, c, args.gap) for c in args.caps],
        "held_out": [score(asr, held, c, args.gap) for c in (args.held_out_caps or args.caps)],
        "tuning_speech_s": round(sum(a.size for _, a in tuning) / SAMPLE_RATE, 1),
        "held_out_speech_s": round(sum(a.size for _, a in held) / SAMPLE_RATE, 1),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
