"""Spoken answers for the live benchmark: real answer texts (tests/fixtures/answers, not the
held-out set), synthesised sentence by sentence with espeak-ng + sox like the test fixtures
(scripts/make_audio_fixtures.py), joined with varied pauses so the VAD sees natural
utterance boundaries. Each answer knows where every sentence starts and ends.

Generated once into a cache directory (espeak-ng and sox are needed only then).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
from make_audio_fixtures import NOISE_DBFS, SR, synth  # type: ignore[import-not-found]  # noqa: E402

ANSWERS = REPO / "tests" / "fixtures" / "answers"
CACHE = Path(tempfile.gettempdir()) / "moodlens-bench-speech"
VOICES = ("en-us", "en-gb", "en-us+f2")
SPEED_WPM = 150
LEAD_S = 0.7  # answer_started -> first word (a short thinking pause)


@dataclass(frozen=True)
class Sentence:
    text: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class SpokenAnswer:
    answer_id: str
    text: str
    audio: np.ndarray  # 16 kHz mono float32
    sentences: list[Sentence]

    @property
    def seconds(self) -> float:
        return float(self.audio.size / SR)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]


def _answer_texts() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for path in sorted(ANSWERS.glob("*.yaml")):
        if path.stem == "holdout":
            continue
        for a in yaml.safe_load(path.read_text())["answers"]:
            out.append((str(a["id"]), " ".join(str(a["text"]).split())))
    return out


def pick_answers(lengths_s: list[float]) -> list[tuple[str, str]]:
    """One distinct answer text per wanted length (about 2.1 words a second),
    each from a different topic file so that no two share their subject."""
    # 10-60 s spoken: about 25-130 words (2.1 words a second with the pauses).
    texts = [t for t in _answer_texts() if 25 <= len(t[1].split()) <= 130]
    chosen: list[tuple[str, str]] = []
    used_files: list[str] = []
    for want in lengths_s:
        best = min(
            (t for t in texts if t[0] not in {c[0] for c in chosen}),
            key=lambda t: (
                used_files.count(t[0].split("-")[0]),
                abs(len(t[1].split()) / 2.1 - want),
            ),
        )
        chosen.append(best)
        used_files.append(best[0].split("-")[0])
    return chosen


def spoken(answer_id: str, text: str, voice_index: int = 0) -> SpokenAnswer:
    voice = VOICES[voice_index % len(VOICES)]
    key = hashlib.sha256(f"{answer_id}|{voice}|{SPEED_WPM}|{text}".encode()).hexdigest()[:16]
    wav, meta = CACHE / f"{key}.wav", CACHE / f"{key}.json"
    if not (wav.exists() and meta.exists()):
        CACHE.mkdir(parents=True, exist_ok=True)
        audio, sentences = _synthesise(text, voice)
        sf.write(wav, audio, SR, subtype="PCM_16")
        meta.write_text(json.dumps([s.__dict__ for s in sentences]))
    audio, _ = sf.read(wav, dtype="float32")
    sentences = [Sentence(**s) for s in json.loads(meta.read_text())]
    return SpokenAnswer(answer_id, text, np.asarray(audio, dtype=np.float32), sentences)


def _synthesise(text: str, voice: str) -> tuple[np.ndarray, list[Sentence]]:
    rng = np.random.default_rng(zlib.crc32(text.encode()))
    pieces = [np.zeros(int(LEAD_S * SR), dtype=np.float32)]
    t = LEAD_S
    sentences: list[Sentence] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, s in enumerate(_sentences(text)):
            x = synth(s, voice, SPEED_WPM, Path(tmp))
            sentences.append(Sentence(s, round(t, 3), round(t + x.size / SR, 3)))
            pieces.append(x)
            t += x.size / SR
            # Between sentences people pause 0.3-1.2 s: some under the VAD's 0.5 s utterance
            # gap (one long utterance), some over it.
            gap = float(rng.uniform(0.3, 1.2)) if i < len(_sentences(text)) - 1 else 0.0
            pieces.append(np.zeros(int(gap * SR), dtype=np.float32))
            t += gap
    audio = np.concatenate(pieces)
    noise = rng.normal(0, 10 ** (NOISE_DBFS / 20), audio.size).astype(np.float32)
    return np.clip(audio + noise, -1, 1).astype(np.float32), sentences
