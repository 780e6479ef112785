"""A cache of recognition results for bench/speech_accuracy.py: re-score without re-decoding.

Recognising the whole corpus costs 10-45 minutes of a core; the filler, pause and word
timing code that runs after recognition costs seconds. ``CachedTranscriber`` wraps the
recogniser and stores each ``transcribe_robust`` result under a key made of

- the utterance's samples (sha256 of the float32 bytes the recogniser is given), so a
  change of segmentation (VAD, padding, the offline cap) is a miss, never a wrong hit;
- the recogniser's identity (``recogniser_identity``): the sha256 of every ``moodlens``
  source file the recogniser's code imports, followed transitively from asr.py, robust.py
  and the recogniser's own module (a new decoder file they import is included), the
  model files' names, sizes and modification times (as shipped
  and as prepared), the onnxruntime and numpy versions, the recogniser's class and its
  plain settings (ints, floats, strings, bools: e.g. a beam width), and every
  ``MOODLENS_ASR*`` environment variable.

So a change to the decoder, the robust retries, the tokenizer, the models or a decoder
setting makes a new identity and an empty cache; editing fillers.py or acoustic.py does
not. Each entry also keeps the CPU seconds the recognition took, so the real-time factor
of a cached run still reports what recognition cost when it ran.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort

from moodlens.signals.audio.asr import AsrResult
from moodlens.signals.audio.decode import FloatArray
from moodlens.signals.audio.models import moonshine_files, silero_vad_file
from moodlens.signals.audio.prepared import prepared_files

# Where recognition starts: the recogniser's own module is added to these.
RECOGNITION_ROOTS = ("moodlens.signals.audio.asr", "moodlens.signals.audio.robust")


def _imports(module: str) -> set[str]:
    """The ``moodlens`` modules ``module`` imports anywhere in its source (also in functions)."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return set()
    tree = ast.parse(Path(spec.origin).read_text())
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        out |= {n for n in names if n.startswith("moodlens.") and _is_module(n)}
    return out


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # ``from module import name``: a name, not a submodule
        return False


def recognition_modules(asr: object) -> dict[str, Path]:
    """Every ``moodlens`` module the recogniser's code reaches through imports."""
    todo = [*RECOGNITION_ROOTS, type(asr).__module__]
    seen: dict[str, Path] = {}
    while todo:
        m = todo.pop()
        spec = importlib.util.find_spec(m)
        if m in seen or spec is None or spec.origin is None or not m.startswith("moodlens"):
            continue
        seen[m] = Path(spec.origin)
        todo.extend(_imports(m))
    return seen


def _file_stamp(p: Path) -> str:
    st = p.stat()
    return f"{p.name}:{st.st_size}:{st.st_mtime_ns}"


def recogniser_identity(asr: object) -> dict[str, Any]:
    """What makes two recognition runs comparable (see the module docstring)."""
    sources = {
        m: hashlib.sha256(p.read_bytes()).hexdigest()[:16]
        for m, p in sorted(recognition_modules(asr).items())
    }
    shipped = moonshine_files()
    prepared = prepared_files(shipped)
    settings = {
        k: v
        for k, v in sorted(vars(asr).items() if hasattr(asr, "__dict__") else [])
        if isinstance(v, int | float | str | bool)
    }
    return {
        "class": f"{type(asr).__module__}.{type(asr).__qualname__}",
        "settings": settings,
        "sources": sources,
        "models": [
            _file_stamp(p)
            for p in (
                shipped.encoder,
                shipped.decoder,
                shipped.tokenizer,
                prepared.encoder,
                prepared.decoder,
                silero_vad_file(),
            )
        ],
        "onnxruntime": ort.__version__,
        "numpy": np.__version__,
        "env": {k: v for k, v in sorted(os.environ.items()) if k.startswith("MOODLENS_ASR")},
    }


def identity_key(identity: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class CachedTranscriber:
    """``transcribe_robust`` through a per-utterance result cache in ``root/<identity>/``."""

    asr: Any
    root: Path
    hits: int = 0
    misses: int = 0
    # Recognition CPU seconds the cached results took when they were computed.
    hit_cpu_s: float = 0.0

    def __post_init__(self) -> None:
        self.identity = recogniser_identity(self.asr)
        self.key = identity_key(self.identity)
        self.dir = self.root / self.key
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "identity.json").write_text(json.dumps(self.identity, indent=1))

    def transcribe_robust(self, audio: FloatArray) -> AsrResult:
        x = np.ascontiguousarray(audio, dtype=np.float32).reshape(-1)
        path = self.dir / f"{hashlib.sha256(x.tobytes()).hexdigest()[:24]}.json"
        if path.is_file():
            d = json.loads(path.read_text())
            self.hits += 1
            self.hit_cpu_s += float(d["cpu_s"])
            return AsrResult(
                d["text"],
                tuple(d["tokens"]),
                bool(d["truncated"]),
                tuple((float(a), float(b)) for a, b in d["untranscribed"]),
            )
        c0 = time.process_time()
        r: AsrResult = self.asr.transcribe_robust(x)
        cpu = time.process_time() - c0
        self.misses += 1
        tmp = path.with_suffix(".tmp")
        tmp.write_text(
            json.dumps(
                {
                    "text": r.text,
                    "tokens": list(r.tokens),
                    "truncated": r.truncated,
                    "untranscribed": [list(s) for s in r.untranscribed],
                    "cpu_s": cpu,
                }
            )
        )
        tmp.replace(path)
        return r
