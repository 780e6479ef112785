"""Which recogniser the app runs: the embedded pool by default, the fleet when its Redis is set;
`moodlens asr-worker` refuses to start without one."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from moodlens.cli import app as cli_app
from moodlens.config import Settings, get_settings
from moodlens.main import create_app
from moodlens.recognition_fleet import RemoteAsrPool
from moodlens.signals.audio.asr_pool import AsrPool


def test_the_embedded_pool_is_the_default(settings: Settings) -> None:
    assert isinstance(create_app(settings).state.asr_pool, AsrPool)


def test_the_fleet_is_used_when_its_redis_is_set(settings: Settings) -> None:
    fleet = settings.model_copy(update={"asr_redis_url": "redis://127.0.0.1:1/0"})
    assert isinstance(create_app(fleet).state.asr_pool, RemoteAsrPool)


def test_asr_worker_needs_the_fleet_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MOODLENS_ASR_REDIS_URL", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli_app, ["asr-worker"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "MOODLENS_ASR_REDIS_URL" in result.output
