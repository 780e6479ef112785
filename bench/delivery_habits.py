"""Language habits and pitch tracking, measured; prints JSON.

- habits: precision and recall of hedges, weak openers and repeats on the generated corpus
  (tests/fixtures/habits_corpus.py), the tune split and the held-back split apart;
- pitch: the F0 tracker's median against espeak-ng voices with a fixed pitch (a voice file
  with "pitch F F"), against steady tones, and its cost per second of audio.

    .venv/bin/python bench/delivery_habits.py [--answers 200]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from moodlens.coaching.language_habits import answer_habits
from moodlens.signals.audio.decode import SAMPLE_RATE, load_audio
from moodlens.signals.audio.pitch import track_pitch
from tests.fixtures.habits_corpus import SPLITS, generate

TEXT = (
    "In my last role I owned the billing service. We had slow releases and frequent rollbacks, "
    "so I rebuilt the deployment pipeline with automated tests and canary checks."
)


def habits(split: str, n: int) -> dict[str, Any]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for a in generate(split, n, seed=1):
        timed = (
            [
                {"text": w, "start": 0.4 * i, "end": 0.4 * i + 0.3}
                for i, w in enumerate(a.text.split())
            ]
            if a.spoken
            else None
        )
        h = answer_habits(a.text, a.question, timed)
        for cat, gold in a.gold.items():
            pred = Counter({i["text"]: i["count"] for i in h[cat]["items"]})
            for k in set(pred) | set(gold):
                hit = min(pred[k], gold[k])
                tp[cat] += hit
                fp[cat] += pred[k] - hit
                fn[cat] += gold[k] - hit
    return {
        cat: {
            "precision": round(tp[cat] / max(1, tp[cat] + fp[cat]), 3),
            "recall": round(tp[cat] / max(1, tp[cat] + fn[cat]), 3),
            "labelled": tp[cat] + fn[cat],
            "false_positives": fp[cat],
        }
        for cat in ("hedges", "openers", "repeats")
    }


def pitch() -> dict[str, Any]:
    out: dict[str, Any] = {"espeak_fixed_voice": [], "tones": []}
    with tempfile.TemporaryDirectory() as tmp:
        for hz in (90, 120, 160, 200, 250):
            name = f"fixed{hz}"
            (Path(tmp) / name).write_text(f"name {name}\nlanguage en\npitch {hz} {hz}\n")
            wav = Path(tmp) / f"{name}.wav"
            subprocess.run(
                ["espeak-ng", "--load", "-v", name, "-w", str(wav), TEXT],
                cwd=tmp,
                check=True,
                capture_output=True,
            )
            x = load_audio(wav)
            t0 = time.perf_counter()
            track = track_pitch(x)
            cost = (time.perf_counter() - t0) / (x.size / SAMPLE_RATE)
            med = float(np.nanmedian(track.f0_hz))
            out["espeak_fixed_voice"].append(
                {
                    "set_hz": hz,
                    "median_hz": round(med, 1),
                    "ratio": round(med / hz, 3),
                    "voiced_fraction": round(float(track.voiced.mean()), 3),
                    "ms_per_audio_s": round(cost * 1000, 1),
                }
            )
    for tone_hz in (70.0, 100.0, 150.0, 220.0, 330.0, 450.0):
        phase = 2 * np.pi * tone_hz * np.arange(2 * SAMPLE_RATE) / SAMPLE_RATE
        x = (0.4 * np.sin(phase) + 0.1 * np.sin(2 * phase)).astype(np.float32)
        med = float(np.nanmedian(track_pitch(x).f0_hz))
        out["tones"].append({"hz": tone_hz, "error_pct": round(100 * abs(med / tone_hz - 1), 3)})
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--answers", type=int, default=200, help="answers per split")
    args = ap.parse_args()
    report = {
        "habits": {split: habits(split, args.answers) for split in SPLITS},
        "pitch": pitch(),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
