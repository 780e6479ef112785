"""Fixtures for the speech pipeline tests: fixture answers, truth files, shared models.

Model-running fixtures are session-scoped and lazy, so one model load and one analysis per
file serve every test that needs them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from moodlens.signals.audio.analyze import AudioAnalysis, analyze_file, default_asr
from moodlens.signals.audio.asr import MoonshineAsr
from moodlens.signals.audio.models import beckett_wav

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "audio"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.wav"))
BECKETT_TEXT = "Ever tried. Ever failed. No matter. Try again. Fail again. Fail better."


def truth(name: str) -> dict[str, Any]:
    """The generator's truth file for fixture ``name``."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


def wav(name: str) -> Path:
    """Path of fixture ``name``; "beckett" is the real recording in the moonshine wheel."""
    return beckett_wav() if name == "beckett" else FIXTURES / f"{name}.wav"


@pytest.fixture(scope="session")
def asr() -> MoonshineAsr:
    """The process-wide recogniser (loaded once)."""
    return default_asr()


@pytest.fixture(scope="session")
def analysis(asr: MoonshineAsr) -> Callable[[str], AudioAnalysis]:
    """Analyse a fixture by name, once per session."""
    cache: dict[str, AudioAnalysis] = {}

    def get(name: str) -> AudioAnalysis:
        if name not in cache:
            cache[name] = analyze_file(wav(name), asr=asr)
        return cache[name]

    return get
