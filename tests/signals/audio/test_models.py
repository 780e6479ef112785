"""Model files are found inside the installed wheels, without importing those packages."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from moodlens.signals.audio import models
from moodlens.signals.audio.errors import ModelNotFoundError


def test_files_exist_and_packages_are_not_imported() -> None:
    files = models.moonshine_files()
    assert files.encoder.name == "encoder_model.ort" and files.encoder.is_file()
    assert models.silero_vad_file().name == "silero_vad.onnx"
    assert models.beckett_wav().is_file()
    # importing silero_vad would pull in torch; moonshine_cpp loads a leaking C library
    assert "silero_vad" not in sys.modules and "moonshine_cpp" not in sys.modules


def test_missing_package_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelNotFoundError, match="moonshine_cpp"):
        models.moonshine_files()
    with pytest.raises(ModelNotFoundError, match="silero_vad"):
        models.silero_vad_file()


def test_missing_variant() -> None:
    with pytest.raises(ModelNotFoundError, match="model file missing"):
        models.moonshine_files("tiny-xx")
