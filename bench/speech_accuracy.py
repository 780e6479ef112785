#!/usr/bin/env python3
"""Speech accuracy on the generated evaluation corpus and the real recordings (issue 12).

Generates the fixed-seed corpus (tests/fixtures/speech_corpus.py; cached in --cache),
analyses every answer with the offline pipeline (``analyze_file``: VAD, Moonshine,
fillers, pauses) and prints one JSON object: overall figures for the part thresholds were
fitted on ("fit"), the held-back part ("held") and both, the same per condition (voice,
speed band, SNR, level band, utterance length band, telephone band, answer kind), the
continuous-vs-paused comparison of the paired long answers, the fast answers (about
200 wpm, 10-13 s without a pause) and the real recordings.

Per group: WER, WPM error (relative), filler precision/recall, pause recall and share of
pause lengths within 0.15 s, long (>= 1 s) pause recall, lost-speech seconds (speech with
no word and no "not transcribed" span), untranscribed seconds and CPU real-time factor.

    .venv/bin/python bench/speech_accuracy.py [--only NAME ...] [--split held]
        [--details out.jsonl] [--asr-cache DIR | --no-asr-cache]

The whole corpus is ~2,900 s of audio: about 45 minutes of one core on a loaded machine.
Recognition results are cached per utterance under the recogniser's identity
(bench/recognition_cache.py), so a second run with changed filler, pause or word-timing code
re-runs only those (seconds); a changed recogniser gets a new, empty cache. The JSON says
which identity produced the results and how many came from the cache; ``rtf_cpu`` counts a
cached result's recognition CPU as measured when it was computed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.recognition_cache import CachedTranscriber
from moodlens.signals.audio.analyze import Transcriber, analyze_file, default_asr
from tests.fixtures.speech_corpus import generate, real_recordings
from tests.fixtures.speech_scoring import Score, score


def speed_band(wpm: float | None) -> str:
    if wpm is None:
        return "n/a"
    for lo, hi in ((0, 120), (120, 160), (160, 200)):
        if lo <= wpm < hi:
            return f"{lo}-{hi}"
    return "200+"


def level_band(dbfs: float) -> str:
    return "-35..-25" if dbfs < -25 else "-25..-15" if dbfs < -15 else "-15..-6"


def length_band(seconds: float) -> str:
    for hi in (5, 15, 30):
        if seconds < hi:
            return f"<{hi}s"
    return "30-60s"


def groups(truth: dict[str, Any]) -> dict[str, str]:
    c = truth["conditions"]
    return {
        "voice": c["voice"],
        "sex": c["sex"],
        "speed_wpm": speed_band(truth["wpm"]),
        "snr_db": "clean" if c["snr_db"] is None else str(int(c["snr_db"])),
        "level_dbfs": level_band(c["level_dbfs"]),
        "length": length_band(truth["last_speech_s"] - truth["first_speech_s"]),
        "telephone": "8k" if c["telephone"] else "16k",
        "kind": truth["kind"],
    }


def _analyse(path: Path, asr: Transcriber) -> tuple[dict[str, Any], float]:
    h0 = asr.hit_cpu_s if isinstance(asr, CachedTranscriber) else 0.0
    c0 = time.process_time()
    result = analyze_file(path, asr=asr).to_dict()
    cpu = time.process_time() - c0
    if isinstance(asr, CachedTranscriber):
        cpu += asr.hit_cpu_s - h0
    return result, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/moodlens-speech-corpus"))
    ap.add_argument("--only", nargs="*", help="answer names (default: all)")
    ap.add_argument("--details", type=Path, help="write one JSON line per answer here")
    ap.add_argument("--split", choices=("fit", "held"), help="only this part of the corpus")
    ap.add_argument("--asr-cache", type=Path, default=Path("/tmp/moodlens-asr-cache"))
    ap.add_argument("--no-asr-cache", action="store_true", help="recognise everything afresh")
    args = ap.parse_args()

    asr: Transcriber = default_asr()  # model load is not part of any answer's cost
    cache = None if args.no_asr_cache else CachedTranscriber(asr, args.asr_cache)
    if cache is not None:
        asr = cache
    corpus = [a for a in generate(args.cache, only=args.only) if args.split in (None, a.spec.split)]
    splits: dict[str, Score] = defaultdict(Score)
    by: dict[str, dict[str, Score]] = defaultdict(lambda: defaultdict(Score))
    pairs: dict[str, dict[str, Score]] = defaultdict(dict)
    fast: dict[str, Score] = defaultdict(Score)
    details = args.details.open("w") if args.details else None
    for ans in corpus:
        result, cpu = _analyse(ans.wav, asr)
        s = score(result, ans.truth)
        s.cpu_s = cpu
        splits[ans.spec.split].add(s)
        splits["all"].add(s)
        for dim, value in groups(ans.truth).items():
            by[dim][value].add(s)
        if ans.spec.pair:
            pairs[ans.spec.pair][ans.spec.kind] = s
        if ans.spec.kind == "fast":
            fast[ans.spec.split].add(s)
        if details:
            details.write(json.dumps({"name": ans.name, **s.summary(), "hyp": result["transcript"],
                                      "ref": ans.truth["text"]}) + "\n")  # fmt: skip
    real: dict[str, Any] = {}
    total_real = Score()
    for rec in real_recordings():
        if args.only is not None and rec.name not in args.only:
            continue
        result, cpu = _analyse(rec.path, asr)
        s = score(result, {"text": rec.text, "duration_s": result["duration_s"]}, rec.text)
        s.cpu_s = cpu
        total_real.add(s)
        real[rec.name] = {"source": rec.source, **s.summary(), "transcript": result["transcript"]}
    cont, paused = Score(), Score()
    for p in pairs.values():
        if "continuous" in p and "paired" in p:
            cont.add(p["continuous"])
            paused.add(p["paired"])
    out = {
        "recognition_cache": None
        if cache is None
        else {"identity": cache.key, "hits": cache.hits, "misses": cache.misses},
        "corpus_answers": len(corpus),
        "overall": {k: v.summary() for k, v in sorted(splits.items())},
        "long_continuous_vs_paused": {
            "continuous": cont.summary(),
            "paused": paused.summary(),
        },
        # Issue 12's fast answer: about 200 wpm for 10-13 s without a pause (goal WER <= 0.10).
        "fast_200wpm_no_pause": {k: v.summary() for k, v in sorted(fast.items())},
        "real_recordings": {"all": total_real.summary(), **real},
        "by_condition": {
            dim: {k: v.summary() for k, v in sorted(vals.items())} for dim, vals in by.items()
        },
    }
    if details:
        details.close()
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
