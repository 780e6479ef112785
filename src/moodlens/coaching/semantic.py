"""Sentence meaning offline: WordLlama token embeddings, mean-pooled (docs/adr/0006).

The `wordllama` wheel ships its weights (`weights/l2_supercat_256.safetensors`, a 32,000 x 256
token-embedding table) and the tokenizer JSON (`tokenizers/l2_supercat_tokenizer_config.json`).
Its own loader looks for the tokenizer under `tokenizer/` and would then try to download it, and
importing the package configures the root logger, so we read both files from the installed
wheel ourselves and pool them the way `WordLlamaInference.embed` does: mean of the token
vectors, L2-normalised. Pure numpy after loading; nothing leaves the machine; the same text
always gives the same vector.

Words that carry no topic ("the", "and", "I") dominate a plain mean, so tokens are weighted by
how rare they are across the question bank (`TokenWeights`), which is what lets a paraphrase
with no shared words still land near its question.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

WEIGHTS_FILE = "weights/l2_supercat_256.safetensors"
TOKENIZER_FILE = "tokenizers/l2_supercat_tokenizer_config.json"

Vector = NDArray[np.float32]


class SemanticModelMissing(RuntimeError):
    """The wordllama wheel (or one of its files) is not installed."""


def package_dir() -> Path:
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise SemanticModelMissing(
            "the wordllama package is not installed; install requirements.lock"
        )
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass(frozen=True)
class _Files:
    table: NDArray[np.float32]
    tokenizer: object  # tokenizers.Tokenizer (untyped library)


_LOCK = threading.Lock()


@cache
def _files() -> _Files:
    # Imported here so importing coaching stays cheap until meaning is first needed.
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    root = package_dir()
    weights, tok = root / WEIGHTS_FILE, root / TOKENIZER_FILE
    for f in (weights, tok):
        if not f.is_file():
            raise SemanticModelMissing(f"wordllama file missing: {f}")
    table = load_file(str(weights))["embedding.weight"].astype(np.float32)
    return _Files(np.ascontiguousarray(table), Tokenizer.from_file(str(tok)))


def token_ids(text: str) -> list[int]:
    files = _files()
    with _LOCK:  # the Rust tokenizer object is not documented as thread-safe
        enc = files.tokenizer.encode(text, add_special_tokens=False)  # type: ignore[attr-defined]
    return [int(i) for i in enc.ids]


@dataclass(frozen=True)
class TokenWeights:
    """Per-token weight: log inverse document frequency over the question bank, floored."""

    idf: Mapping[int, float]
    default: float
    floor: float = 0.15

    def weight(self, token: int) -> float:
        return max(self.floor, self.idf.get(token, self.default))


def fit_weights(documents: Sequence[str]) -> TokenWeights:
    df: dict[int, int] = {}
    for doc in documents:
        for t in set(token_ids(doc)):
            df[t] = df.get(t, 0) + 1
    n = max(len(documents), 1)
    idf = {t: float(np.log((n + 1) / (c + 1))) for t, c in df.items()}
    # An unseen token is as telling as the rarest seen ones.
    return TokenWeights(idf, default=float(np.log(n + 1)))


def embed(text: str, weights: TokenWeights | None = None) -> Vector:
    """Unit vector for `text` (zero vector when it has no tokens)."""
    table = _files().table
    ids = token_ids(text)
    if not ids:
        return np.zeros(table.shape[1], dtype=np.float32)
    vecs = table[np.clip(np.asarray(ids), 0, table.shape[0] - 1)]
    if weights is None:
        pooled = vecs.mean(axis=0)
    else:
        w = np.asarray([weights.weight(t) for t in ids], dtype=np.float32)
        pooled = (vecs * w[:, None]).sum(axis=0) / max(float(w.sum()), 1e-6)
    norm = float(np.linalg.norm(pooled))
    out: Vector = (pooled / norm if norm > 0 else pooled).astype(np.float32)
    return out


def cosine(a: Vector, b: Vector) -> float:
    return float(np.dot(a, b))
