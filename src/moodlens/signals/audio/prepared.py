"""Moonshine's models with their weights dequantised once, instead of at every decoder step.

The wheel's ``.ort`` files store the weights as int8 and dequantise them inside the graph
(Cast, Mul, Add, and a Transpose of the 32,768 x 416 output projection). onnxruntime does
not constant-fold a model loaded from ORT format, so every greedy decoder step redid all of
it: profiled, those nodes took over 80 % of the decoder's kernel time, and their 54 MB
temporaries are what grew each worker's memory arena to ~500 MB.

``prepared_files`` converts each model once per machine (about 10 s, in a child process) and
caches the result:
ORT format -> ONNX (onnxruntime's own serialiser) -> name the ``If`` subgraphs (its ONNX
writer leaves them unnamed) -> load with extended graph optimisations, which fold the
dequantisation -> keep one copy of a folded weight both ``If`` branches hold -> ORT format.
The arithmetic is the same float32 arithmetic, folded ahead of time: the token ids come out
identical (checked on the speech corpus, see ADR 0014). The decoder then gets its MatMul
weights as 8-bit blocks (int8_weights.py, ADR 0017): a step is bound by reading its weights,
and int8 halves its cost. The encoder stays float32: int8 did not make it faster there.

The cache is ``$MOODLENS_MODEL_CACHE`` or ``$XDG_CACHE_HOME/moodlens/models`` (default
``~/.cache/moodlens/models``), keyed by the source file's size and modification time, the
conversion's version and variant and the onnxruntime version. Files are written under a
temporary name and renamed, so processes preparing at once never read half a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import onnxruntime as ort

from moodlens.signals.audio.errors import ModelNotFoundError
from moodlens.signals.audio.int8_weights import quantise_matmul_weights
from moodlens.signals.audio.models import MoonshineFiles
from moodlens.signals.audio.onnx_wire import hoist_shared_initializers, name_subgraphs

log = logging.getLogger(__name__)

# Bump when the conversion changes, so old cache entries are not reused.
PREPARE_VERSION = 2
FLOAT, INT8 = "float32", "int8"  # variants: folded only / folded + 8-bit MatMul weights


def cache_dir() -> Path:
    """Where prepared models are kept (see the module docstring)."""
    explicit = os.environ.get("MOODLENS_MODEL_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "moodlens" / "models"


def _key(source: Path, variant: str) -> str:
    st = source.stat()
    blob = (
        f"{PREPARE_VERSION}|{variant}|{ort.__version__}|{source.name}|{st.st_size}|{st.st_mtime_ns}"
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _options(level: ort.GraphOptimizationLevel, out: Path, ort_format: bool) -> ort.SessionOptions:
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = level
    opts.optimized_model_filepath = str(out)
    if ort_format:
        opts.add_session_config_entry("session.save_model_format", "ORT")
    return opts


def _convert(source: Path, target: Path, work: Path, variant: str) -> None:
    raw, named, folded = work / "raw.onnx", work / "named.onnx", work / "folded.onnx"
    # 1. ORT format -> ONNX, unchanged.
    ort.InferenceSession(
        str(source),
        sess_options=_options(ort.GraphOptimizationLevel.ORT_DISABLE_ALL, raw, False),
        providers=["CPUExecutionProvider"],
    )
    named.write_bytes(name_subgraphs(raw.read_bytes()))
    raw.unlink()
    # 2. Constant folding and the other hardware-independent rewrites ("extended"; the
    # "all" level adds layouts specific to this CPU, which a cache must not hold).
    ort.InferenceSession(
        str(named),
        sess_options=_options(ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED, folded, False),
        providers=["CPUExecutionProvider"],
    )
    named.unlink()
    deduped, saved = hoist_shared_initializers(folded.read_bytes())
    quantised = 0
    if variant == INT8:
        deduped, quantised = quantise_matmul_weights(deduped)
    folded.write_bytes(deduped)
    # 3. Back to ORT format: it loads faster and with a smaller peak than ONNX.
    partial = work / target.name
    ort.InferenceSession(
        str(folded),
        sess_options=_options(ort.GraphOptimizationLevel.ORT_DISABLE_ALL, partial, True),
        providers=["CPUExecutionProvider"],
    )
    os.replace(partial, target)
    log.info(
        "prepared %s (%.0f MB shared between branches, %d weights as int8)",
        target,
        saved / 1e6,
        quantised,
    )


def prepared_model(source: Path, directory: Path | None = None, variant: str = FLOAT) -> Path:
    """The folded ORT-format copy of ``source`` (``variant`` FLOAT or INT8), converting it on
    first use."""
    if variant not in (FLOAT, INT8):
        raise ValueError(f"unknown model variant {variant!r}")
    root = directory or cache_dir()
    target = root / f"{source.stem}-{variant}-{_key(source, variant)}.ort"
    if target.is_file():
        return target
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=root, prefix=".prepare-") as tmp:
            # In a child process: the conversion peaks at ~1 GB, which a recognition worker
            # would otherwise keep as resident memory for its whole life.
            proc = subprocess.run(
                [sys.executable, "-m", __name__, str(source), str(target), tmp, variant],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                tail = proc.stderr.strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
                raise ModelNotFoundError(f"cannot prepare {source.name}: {tail[0]}")
    except OSError as exc:
        raise ModelNotFoundError(
            f"cannot prepare the speech model {source.name} in {root} ({exc}); "
            f"set MOODLENS_MODEL_CACHE to a writable folder"
        ) from exc
    prune_stale(root, source, variant, target)
    return target


def prune_stale(root: Path, source: Path, variant: str, current: Path) -> list[Path]:
    """Delete copies of ``source``'s ``variant`` that an older conversion, onnxruntime or
    model file made (and the unversioned names of the first cache layout): each is 80-220 MB
    and nothing reads it again. A process still holding one keeps its loaded copy."""
    stale = [
        p
        for p in root.glob(f"{source.stem}-*.ort")
        if p != current
        and (
            p.name.startswith(f"{source.stem}-{variant}-")
            or re.fullmatch(rf"{re.escape(source.stem)}-[0-9a-f]{{16}}\.ort", p.name)
        )
    ]
    for p in stale:
        with contextlib.suppress(OSError):
            p.unlink()
            log.info("removed stale prepared model %s", p)
    return stale


def prepared_files(files: MoonshineFiles, directory: Path | None = None) -> MoonshineFiles:
    """``files`` with the encoder and decoder replaced by their prepared copies (the decoder
    with int8 weights, see the module docstring)."""
    return MoonshineFiles(
        encoder=prepared_model(files.encoder, directory, FLOAT),
        decoder=prepared_model(files.decoder, directory, INT8),
        tokenizer=files.tokenizer,
    )


if __name__ == "__main__":
    _convert(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4])
