"""`moodlens analyze-audio FILE [--json]` through typer, in-process and as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import typer
from typer.testing import CliRunner

from moodlens.cli_analyze import EXIT_BAD_INPUT, analyze_audio
from moodlens.signals.audio.decode import SAMPLE_RATE

from .conftest import truth, wav

KEYS = {
    "duration_s", "transcript", "words", "wpm", "articulation_wpm", "fillers",
    "filler_per_min", "pauses", "long_pauses", "speaking_ratio",
}  # fmt: skip


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("analyze-audio")(analyze_audio)

    @app.command()
    def other() -> None:  # a second command, so typer keeps the sub-command name
        pass

    return app


runner = CliRunner()


def _invoke(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(_app(), ["analyze-audio", *args])
    return r.exit_code, r.stdout, r.stderr


@pytest.mark.models
def test_json_output(analysis: object) -> None:
    code, out, _ = _invoke(str(wav("pauses_gb_190")), "--json")
    assert code == 0
    d = json.loads(out)  # exactly one JSON object
    assert d.keys() >= KEYS
    t = truth("pauses_gb_190")
    assert d["duration_s"] == pytest.approx(t["duration_s"], abs=0.01)
    assert d["long_pauses"] == 1 and len(d["pauses"]) == 2
    assert all(set(w) == {"text", "start", "end"} for w in d["words"])
    assert d["wpm"] == pytest.approx(t["wpm"], rel=0.1)
    assert d["fillers"] == [] and d["filler_per_min"] == 0.0


@pytest.mark.models
def test_readable_summary() -> None:
    code, out, _ = _invoke(str(wav("fillers_us_160")))
    assert code == 0
    assert "Pace:" in out and "Fillers:         4" in out and "Transcript:" in out
    assert "you know @" in out


def test_errors(tmp_path: Path) -> None:
    notes = tmp_path / "notes.wav"
    notes.write_text("not audio")
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    silent = tmp_path / "silent.wav"
    sf.write(str(silent), np.zeros(3 * SAMPLE_RATE, dtype=np.float32), SAMPLE_RATE)
    cases = {
        tmp_path / "missing.wav": ("AudioDecodeError", "not found"),
        notes: ("AudioDecodeError", "cannot read"),
        empty: ("EmptyAudioError", "empty"),
        silent: ("SilentAudioError", "silent"),
    }
    for path, (name, words) in cases.items():
        code, out, err = _invoke(str(path), "--json")
        assert code == EXIT_BAD_INPUT, path
        assert json.loads(out) == {"error": name, "detail": json.loads(out)["detail"]}
        assert words in err and err.startswith("error:")
        code, out, err = _invoke(str(path))
        assert code == EXIT_BAD_INPUT and out == "" and words in err


def test_too_long(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    long = tmp_path / "long.wav"
    sf.write(str(long), np.zeros(5 * SAMPLE_RATE, dtype=np.float32), SAMPLE_RATE)
    from moodlens.config import get_settings

    monkeypatch.setenv("MOODLENS_ANALYZE_MAX_SECONDS", "4")
    get_settings.cache_clear()
    try:
        code, _, err = _invoke(str(long))
    finally:
        get_settings.cache_clear()
    assert code == EXIT_BAD_INPUT and "the limit is 4 s" in err


@pytest.mark.models
def test_as_a_subprocess(tmp_path: Path) -> None:
    """The real entry point in a fresh interpreter (stereo 44.1 kHz FLAC input)."""
    x, _ = sf.read(str(wav("beckett")), dtype="float32")
    flac = tmp_path / "answer.flac"
    from scipy.signal import resample_poly

    y = resample_poly(x, 441, 160).astype(np.float32)
    sf.write(str(flac), np.stack([y, y], axis=1), 44_100)
    code = (
        "import sys, typer\n"
        "from moodlens.cli_analyze import analyze_audio\n"
        "app = typer.Typer()\n"
        "app.command('analyze-audio')(analyze_audio)\n"
        "app.command('noop')(lambda: None)\n"
        "app(sys.argv[1:])\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, "analyze-audio", str(flac), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d.keys() >= KEYS
    assert "fail better" in d["transcript"].lower().replace("failed", "fail")
    assert d["duration_s"] == pytest.approx(9.96, abs=0.05)
