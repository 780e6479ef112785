"""Moonshine base-en speech recognition with onnxruntime and a greedy KV-cache decoder.

Only the ``.ort`` model files of the ``moonshine-cpp`` wheel are used (see models.py), in a
copy with the int8 weights dequantised once (prepared.py; ADR 0014): as shipped, every
decoder step dequantised every weight again. The prepared decoder's MatMul weights are
int8 blocks again, but multiplied as int8 without being dequantised (ADR 0017).
One intra-op thread per session: parallelism comes from the pool's workers (asr_pool.py),
and a single thread keeps memory and latency stable.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort

from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray
from moodlens.signals.audio.models import MoonshineFiles, moonshine_files
from moodlens.signals.audio.prepared import prepared_files
from moodlens.signals.audio.tokenizer import Tokenizer

START_TOKEN = 1
END_TOKEN = 2
N_LAYERS = 8
N_HEADS = 8
HEAD_DIM = 52
# Moonshine emits about 3-4 tokens per second of speech; 6.5/s plus slack bounds a
# runaway (repeating) decode without truncating fast speech.
TOKENS_PER_SECOND = 6.5
MIN_TOKENS = 8
# A first word the model itself gives at least this chance may be forced when it would
# otherwise end at once (suppress_blank).
FORCE_MIN_P = 0.02
# Encoder needs at least ~0.1 s to yield any frame.
MIN_SAMPLES = SAMPLE_RATE // 10


@dataclass(frozen=True, slots=True)
class AsrResult:
    """Recognised text and the token ids it came from."""

    text: str
    tokens: tuple[int, ...]
    truncated: bool  # stopped by the token budget or loop guard, not by the end token
    # Voiced stretches (seconds from the start of the audio) nothing was recognised in,
    # even after the retries of ``transcribe_robust``: shown, never silently dropped.
    untranscribed: tuple[tuple[float, float], ...] = ()


def _session(path: Path, threads: int, prepack: bool = False) -> ort.InferenceSession:
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    # Pre-packed copies of the float weights cost ~140 MB for ~7 % speed (measured on the
    # corpus subset, ADR 0014): memory per worker matters more on a 2-core box. The int8
    # decoder's MatMulNBits needs its packing (without it a step costs ~8x, ADR 0017), and
    # its packed weights replace the unpacked bytes.
    if not prepack:
        opts.add_session_config_entry("session.disable_prepacking", "1")
    # Memory patterns are planned and kept per input shape, and every utterance length and
    # decoder step is a new shape: off, a process with two recognition threads on 10 s
    # utterances peaked at 392-394 MB instead of 412-430, at the same CPU (ADR 0017).
    opts.enable_mem_pattern = False
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


def _looping(tokens: list[int]) -> bool:
    """True when the tail is the same n-gram repeated 4+ times (up to 8 tokens) or 3+ times
    (a phrase of 9-24 tokens): a decoder loop, not language ("no, no, no" is three)."""
    for n in range(1, 25):
        copies = 4 if n <= 8 else 3
        if len(tokens) < copies * n:
            break
        tail = tokens[-n:]
        if all(tokens[-(k + 1) * n : len(tokens) - k * n] == tail for k in range(1, copies)):
            return True
    return False


def _spoken_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _without_repeated_tail(tokens: list[int], decode: Callable[[list[int]], str]) -> list[int]:
    """A truncated decode (token budget or loop guard) minus the copies of a phrase it kept
    repeating at its end: one copy stays.

    Compared as words, not tokens: the looping copies differ in punctuation and case (", sort
    of." then ". Sort of."), which are different tokens. Only phrases of 3+ words: a word or
    two said twice ("very very", "I mean, I mean") is language; exact repeats of a longer
    phrase at the very end of a decode that never reached its end token are the model
    looping (the int8 decoder repeated an 11-word phrase to the budget on one fixture clip,
    ADR 0017)."""
    words = _spoken_words(decode(tokens))
    for n in range(3, len(words) // 2 + 1):
        run = 0
        while run < len(words) - n and words[-1 - run] == words[-1 - run - n]:
            run += 1
        if run >= n:
            keep = words[: len(words) - run]
            # The longest token prefix that still reads as those words.
            for k in range(len(tokens), 0, -1):
                if _spoken_words(decode(tokens[:k])) == keep:
                    return tokens[:k]
            return tokens
    return tokens


class MoonshineAsr:
    """Loads the Moonshine encoder/decoder once; ``transcribe`` is then cheap to call."""

    def __init__(
        self, files: MoonshineFiles | None = None, threads: int = 1, prepare: bool = True
    ) -> None:
        """``prepare=False`` runs the wheel's files as shipped (benchmarks compare the two)."""
        f = files or moonshine_files()
        if prepare:
            f = prepared_files(f)
        self.tokenizer = Tokenizer.from_file(f.tokenizer)
        self.encoder = _session(f.encoder, threads)
        self.decoder = _session(f.decoder, threads, prepack=prepare)
        self._dec_inputs = {i.name for i in self.decoder.get_inputs()}
        self._out_names = [o.name for o in self.decoder.get_outputs()]

    def transcribe(
        self, audio: FloatArray, max_tokens: int | None = None, suppress_blank: bool = False
    ) -> AsrResult:
        """Recognise one utterance (16 kHz mono float32, ideally <= 10 s, no long silence).

        ``suppress_blank`` forbids the end token as the very first token (Whisper's
        "suppress blank"): Moonshine sometimes ends at once on speech it can recognise.
        """
        x = np.ascontiguousarray(audio, dtype=np.float32).reshape(-1)
        if x.size < MIN_SAMPLES:
            return AsrResult("", (), False)
        budget = max_tokens or max(MIN_TOKENS, math.ceil(x.size / SAMPLE_RATE * TOKENS_PER_SECOND))
        hidden = self.encoder.run(None, {"input_values": x[None, :]})[0]

        empty = np.zeros((1, N_HEADS, 0, HEAD_DIM), dtype=np.float32)
        past: dict[str, np.ndarray] = {}
        for layer in range(N_LAYERS):
            for part in ("decoder", "encoder"):
                for kv in ("key", "value"):
                    past[f"past_key_values.{layer}.{part}.{kv}"] = empty
        tokens: list[int] = []
        token = START_TOKEN
        truncated = True
        for step in range(budget):
            feeds: dict[str, np.ndarray] = {
                "input_ids": np.array([[token]], dtype=np.int64),
                "encoder_hidden_states": hidden,
                "use_cache_branch": np.array([step > 0]),
                **past,
            }
            outs = self.decoder.run(self._out_names, feeds)
            logits = outs[0][0, -1]
            for name, value in zip(self._out_names[1:], outs[1:], strict=True):
                key = name.replace("present.", "past_key_values.")
                # Encoder cross-attention caches are only produced on the first step.
                if step == 0 or ".decoder." in key:
                    past[key] = value
            token = int(np.argmax(logits))
            if token == END_TOKEN and step == 0 and suppress_blank:
                token = _best_non_end(logits)
                if token < 0:
                    truncated = False
                    break
            if token == END_TOKEN:
                truncated = False
                break
            tokens.append(token)
            if _looping(tokens):
                break
        if truncated:
            tokens = _without_repeated_tail(tokens, self.tokenizer.decode)
        return AsrResult(self.tokenizer.decode(tokens), tuple(tokens), truncated)

    def transcribe_robust(self, audio: FloatArray, depth: int = 3) -> AsrResult:
        """``transcribe`` that never silently loses voiced speech (see robust.py)."""
        from moodlens.signals.audio.robust import recognise

        return recognise(self, audio, depth)


def _best_non_end(logits: np.ndarray) -> int:
    """The likeliest token other than the end token, or -1 when it is implausible.

    Forcing a word onto audio the model thinks is empty invents text unless the model
    itself gave that word a real chance; below ``FORCE_MIN_P`` nothing is forced.
    """
    z = logits.astype(np.float64)
    p = np.exp(z - z.max())
    p /= p.sum()
    p[END_TOKEN] = 0.0
    best = int(np.argmax(p))
    return best if p[best] >= FORCE_MIN_P else -1
