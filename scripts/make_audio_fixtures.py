#!/usr/bin/env python3
"""Generate synthetic interview answers for the speech-pipeline accuracy tests.

Each answer is a script of items: speech (espeak-ng), scripted fillers (espeak-ng, the
filled pauses "um"/"uh"/"erm" spoken slowly so they are drawn out as real hesitations are),
and timed pauses. Every item is synthesised on its own, converted to 16 kHz mono and trimmed
with sox, then the pieces are concatenated with known gaps, so the truth file knows the
exact start/end of every filler, pause and speech segment.

Output (committed, so tests never need espeak): tests/fixtures/audio/<name>.wav and
<name>.json. Refresh with:  .venv/bin/python scripts/make_audio_fixtures.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.fixtures.speech_corpus import SR, synthesise  # noqa: E402

OUT = REPO / "tests" / "fixtures" / "audio"
JOIN_GAP_S = 0.1  # between speech items: shorter than a 250 ms pause, so not a pause
FILLER_GAP_S = 0.15  # a hesitation is usually set off by a short break
LEAD_S = 0.6  # "question shown" at t=0, first speech after this latency
TAIL_S = 0.5
NOISE_DBFS = -62.0  # a quiet room, so silence is not digital zero
FILLED_PAUSE_SPEED = 90  # words/min for um/uh/erm: drawn out to ~0.4-0.6 s
FILLED_PAUSES = {"um", "uh", "erm"}
# espeak runs words together more than people do; a 20 ms gap between words keeps the
# synthetic voice intelligible (measured: WER of the recogniser 16 % -> 3 % on en-us).
WORD_GAP_10MS = 2


@dataclass(frozen=True)
class Say:
    text: str


@dataclass(frozen=True)
class Filler:
    text: str


@dataclass(frozen=True)
class Pause:
    seconds: float


Item = Say | Filler | Pause


@dataclass(frozen=True)
class Answer:
    name: str
    voice: str
    speed: int
    items: tuple[Item, ...]
    fluent: bool = False  # clean fluent speech: no fillers, no pauses >= 250 ms


ANSWERS: tuple[Answer, ...] = (
    Answer("fluent_us_160", "en-us", 160, (
        Say("In my last role I led the migration of our billing service to a new platform"),
        Say("I would like to explain how we planned the work in small safe steps"),
        Say("we measured every release and the error rate dropped within a month"),
    ), fluent=True),
    Answer("fluent_gb_130", "en-gb", 130, (
        Say("The biggest challenge was a kind of ownership problem between two teams"),
        Say("so I set up a weekly review and wrote down who decided what"),
    ), fluent=True),
    Answer("fluent_f2_140", "en+f2", 140, (
        Say("When a customer reported slow pages I profiled the database queries first"),
        Say("the fix was an index on the orders table and a small cache in front of it"),
        Say("things like that are easy to test and easy to explain to the team"),
    ), fluent=True),
    Answer("fillers_us_160", "en-us", 160, (
        Say("So"), Filler("um"), Say("I think the main reason was timing,"),
        Filler("you know"), Say("we had two deadlines in the same week,"),
        Filler("uh"), Say("and I had to choose which one to protect."),
        Filler("basically"), Say("I talked to both managers and we moved one by a week."),
    )),
    Answer("fillers_gb_130", "en-gb", 130, (
        Say("Well"), Filler("erm"), Say("my approach to testing is"),
        Filler("like"), Say("to start with the riskiest part,"),
        Filler("I mean"), Say("the part that costs the most when it breaks,"),
        Filler("um"), Say("and then I add unit tests around it."),
    )),
    Answer("fillers_f2_150", "en+f2", 150, (
        Say("To be honest I"), Filler("actually"), Say("enjoy hard bugs,"),
        Filler("uh"), Say("because you learn how the system really works,"),
        Filler("sort of"), Say("from the inside out."),
    )),
    Answer("pauses_us_130", "en-us", 130, (
        Say("Let me think about that for a second."), Pause(1.5),
        Say("I would say my strongest skill is communication."), Pause(1.0),
        Say("I write short design notes before I write code."), Pause(2.5),
        Say("And I ask for feedback early."),
    )),
    Answer("pauses_gb_190", "en-gb", 190, (
        Say("The project started badly."), Pause(1.2),
        Say("We had no clear owner and no tests."), Pause(3.0),
        Say("After two months we had both and the launch went well."),
    )),
    Answer("mixed_f2_130", "en+f2", 130, (
        Say("My weakness is probably"), Filler("um"), Say("saying yes too often."), Pause(1.3),
        Say("These days I"), Filler("kind of"),
        Say("check my calendar before I agree to new work,"),
        Filler("uh"), Pause(0.6), Say("and I tell people early when something has to move."),
    )),
)  # fmt: skip


def synth(text: str, voice: str, speed: int, tmp: Path, flat: bool = False) -> np.ndarray:
    """One item, synthesised as the generated corpus does it (tests/fixtures/speech_corpus.py)."""
    return synthesise(text, voice, speed, WORD_GAP_10MS, tmp, flat)


def _words(text: str) -> list[str]:
    return [w.strip(".,?!").lower() for w in text.split() if w.strip(".,?!")]


def measure_silences(x: np.ndarray, start_s: float, end_s: float) -> list[dict[str, float]]:
    """Stretches >= 200 ms inside [start, end) where the clean signal stays below -40 dBFS.

    Speech here peaks around -12 dBFS, so -40 dBFS is inaudible next to it; one louder
    10 ms frame (a click of a stop release) does not end a silence.
    """
    hop = SR // 100
    a, b = int(start_s * SR) // hop, int(end_s * SR) // hop
    frames = x[a * hop : b * hop].reshape(-1, hop)
    quiet = 20 * np.log10(np.sqrt((frames**2).mean(axis=1)) + 1e-12) < -40.0
    # close single-frame interruptions
    inner = quiet.copy()
    inner[1:-1] |= quiet[:-2] & quiet[2:]
    out: list[dict[str, float]] = []
    i = 0
    while i < inner.size:
        if inner[i]:
            j = i
            while j < inner.size and inner[j]:
                j += 1
            if (j - i) * hop / SR >= 0.2:
                out.append({"start": round((a + i) * hop / SR, 3),
                            "end": round((a + j) * hop / SR, 3)})  # fmt: skip
            i = j
        else:
            i += 1
    return out


def build(answer: Answer, tmp: Path) -> tuple[np.ndarray, dict[str, object]]:
    pieces: list[np.ndarray] = [np.zeros(int(LEAD_S * SR), dtype=np.float32)]
    t = LEAD_S
    segments: list[dict[str, object]] = []
    fillers: list[dict[str, object]] = []
    pauses: list[dict[str, float]] = []
    words: list[str] = []
    prev: Item | None = None
    for item in answer.items:
        if isinstance(item, Pause):
            pieces.append(np.zeros(int(item.seconds * SR), dtype=np.float32))
            pauses.append({"start": round(t, 3), "end": round(t + item.seconds, 3)})
            t += item.seconds
            prev = item
            continue
        if prev is not None and not isinstance(prev, Pause):
            gap = (
                FILLER_GAP_S if isinstance(item, Filler) or isinstance(prev, Filler) else JOIN_GAP_S
            )
            pieces.append(np.zeros(int(gap * SR), dtype=np.float32))
            t += gap
        slow = isinstance(item, Filler) and item.text in FILLED_PAUSES
        audio = synth(item.text, answer.voice, FILLED_PAUSE_SPEED if slow else answer.speed, tmp,
                      flat=slow)  # fmt: skip
        dur = audio.size / SR
        seg: dict[str, object] = {"kind": "filler" if isinstance(item, Filler) else "speech",
               "text": item.text, "start": round(t, 3), "end": round(t + dur, 3)}  # fmt: skip
        segments.append(seg)
        if isinstance(item, Filler):
            fillers.append({"text": item.text, "start": seg["start"], "end": seg["end"],
                            "filled_pause": slow})  # fmt: skip
        words.extend(_words(item.text))
        pieces.append(audio)
        t += dur
        prev = item
    pieces.append(np.zeros(int(TAIL_S * SR), dtype=np.float32))
    x = np.concatenate(pieces)
    silences = measure_silences(x, LEAD_S, t)
    rng = np.random.default_rng(zlib.crc32(answer.name.encode()))
    x = x + rng.normal(0.0, 10 ** (NOISE_DBFS / 20), x.size).astype(np.float32)
    x = np.clip(x, -1.0, 1.0)

    first = float(segments[0]["start"])  # type: ignore[arg-type]
    last = float(segments[-1]["end"])  # type: ignore[arg-type]
    span = last - first
    paused = sum(p["end"] - p["start"] for p in pauses)
    truth: dict[str, object] = {
        "name": answer.name,
        "voice": answer.voice,
        "espeak_speed_wpm": answer.speed,
        "fluent": answer.fluent,
        "text": " ".join(i.text for i in answer.items if not isinstance(i, Pause)),
        "words": words,
        "word_count": len(words),
        "duration_s": round(x.size / SR, 3),
        "first_speech_s": round(first, 3),
        "last_speech_s": round(last, 3),
        # "scripted wpm" as the metric defines it: words / speaking span (first to last word)
        "wpm": round(len(words) / span * 60, 2),
        "articulation_wpm": round(len(words) / (span - paused) * 60, 2),
        "fillers": fillers,
        "pauses": pauses,
        "segments": segments,
        # every stretch of real silence >= 200 ms inside the answer, measured on the clean
        # signal: scripted pauses plus the short breaks espeak itself puts in long clauses
        "silences": silences,
    }
    return x, truth


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        for answer in ANSWERS:
            x, truth = build(answer, Path(d))
            sf.write(str(OUT / f"{answer.name}.wav"), x, SR, subtype="PCM_16")
            (OUT / f"{answer.name}.json").write_text(json.dumps(truth, indent=1) + "\n")
            print(f"{answer.name}: {truth['duration_s']} s, {truth['word_count']} words, "
                  f"{truth['wpm']} wpm")  # fmt: skip


if __name__ == "__main__":
    main()
