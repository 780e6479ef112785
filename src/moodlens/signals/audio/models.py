"""Locate the ASR and VAD model files shipped inside installed wheels.

The packages are located with ``importlib.util.find_spec`` and never imported:
``silero_vad`` imports torch, and ``moonshine_cpp`` loads a C library that leaks
memory. We only need their data files.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from moodlens.signals.audio.errors import ModelNotFoundError


@dataclass(frozen=True, slots=True)
class MoonshineFiles:
    """Paths of the Moonshine base-en model files."""

    encoder: Path
    decoder: Path
    tokenizer: Path


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ModelNotFoundError(
            f"the Python package {name!r} is not installed; it ships the model files "
            f"(install it with pip, for silero-vad use --no-deps)"
        )
    return Path(spec.origin).parent


def _require(path: Path) -> Path:
    if not path.is_file():
        raise ModelNotFoundError(f"model file missing: {path}")
    return path


def moonshine_files(variant: str = "base-en") -> MoonshineFiles:
    """Return the Moonshine model files, raising ModelNotFoundError if absent."""
    base = _package_dir("moonshine_cpp") / "models" / variant
    return MoonshineFiles(
        encoder=_require(base / "encoder_model.ort"),
        decoder=_require(base / "decoder_model_merged.ort"),
        tokenizer=_require(base / "tokenizer.bin"),
    )


def silero_vad_file() -> Path:
    """Return the Silero VAD ONNX model path, raising ModelNotFoundError if absent."""
    return _require(_package_dir("silero_vad") / "data" / "silero_vad.onnx")


def beckett_wav() -> Path:
    """Return the real-speech sample shipped with moonshine-cpp (used by tests and bench)."""
    return _require(_package_dir("moonshine_cpp") / "test-data" / "beckett.wav")
