"""`moodlens analyze-audio FILE [--json]`: offline speech analysis of a recorded answer.

Registered in cli.py as ``app.command("analyze-audio")(analyze_audio)``.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from moodlens.signals.audio.errors import (
    AudioDecodeError,
    AudioError,
    AudioTooLongError,
    EmptyAudioError,
    ModelNotFoundError,
    SilentAudioError,
)

EXIT_BAD_INPUT = 2
EXIT_NO_MODEL = 3

_HINTS: dict[type[AudioError], str] = {
    AudioDecodeError: "use a WAV, FLAC, OGG, MP3 or WebM recording",
    EmptyAudioError: "the file holds no audio",
    SilentAudioError: "record again with the microphone on and closer",
    AudioTooLongError: "split the recording into single answers",
}


def _fmt(v: object, unit: str = "", nd: int = 0) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:.{nd}f}{unit}"
    return f"{v}{unit}"


def _summary(d: dict[str, object]) -> str:
    words = d["words"]
    fillers = d["fillers"]
    pauses = d["pauses"]
    assert isinstance(words, list) and isinstance(fillers, list) and isinstance(pauses, list)
    ps = d["pause_stats"]
    assert isinstance(ps, dict)
    pace = _fmt(d["wpm"], " wpm")
    if not d["wpm_reliable"]:
        pace += " (short answer: under 15 s and 30 words, treat as rough)"
    lines = [
        f"Duration:        {_fmt(d['duration_s'], ' s', 1)}",
        f"Words:           {d['word_count']}",
        f"Pace:            {pace}",
        f"Articulation:    {_fmt(d['articulation_wpm'], ' wpm')} (pauses left out)",
        f"Speaking ratio:  {_fmt(d['speaking_ratio'], '', 2)}",
        f"Fillers:         {len(fillers)} ({_fmt(d['filler_per_min'], '/min', 1)})"
        + (": " + ", ".join(f"{f['text']} @{f['start']:.1f}s" for f in fillers) if fillers else ""),
        f"Pauses >= 0.25s: {len(pauses)} (median {_fmt(ps['median_s'], ' s', 2)}, "
        f"p90 {_fmt(ps['p90_s'], ' s', 2)}, long >= 2 s: {d['long_pauses']})",
        f"First speech at: {_fmt(d['response_latency_s'], ' s', 1)}",
    ]
    vol = d.get("volume")
    if isinstance(vol, dict):
        warn = vol.get("warnings") or []
        lines.append(
            f"Speech level:    {_fmt(vol.get('speech_dbfs'), ' dBFS', 1)}"
            + (f"  warnings: {', '.join(warn)}" if warn else "")
        )
    lost = d.get("untranscribed") or []
    if isinstance(lost, list) and lost:
        spans = ", ".join(f"{u['start']:.1f}-{u['end']:.1f} s" for u in lost)
        lines.append(
            f"Not transcribed: {spans} (speech was heard there but could not be recognised; "
            "it is left out of pace and filler rates)"
        )
    lines += ["", "Transcript:", f"  {d['transcript'] or '(nothing recognised)'}"]
    return "\n".join(lines)


def analyze_audio(
    file: Path,
    json_output: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Analyse a recorded answer: transcript, pace, fillers and pauses."""
    from moodlens.config import get_settings
    from moodlens.signals.audio.analyze import analyze_file

    max_s = get_settings().analyze_max_seconds
    try:
        result = analyze_file(file, max_duration_s=max_s).to_dict()
    except AudioError as exc:
        code = EXIT_NO_MODEL if isinstance(exc, ModelNotFoundError) else EXIT_BAD_INPUT
        hint = _HINTS.get(type(exc))
        msg = f"error: {exc}" + (f" ({hint})" if hint else "")
        if json_output:
            typer.echo(json.dumps({"error": type(exc).__name__, "detail": str(exc)}))
        typer.echo(msg, err=True)
        raise typer.Exit(code) from exc
    if json_output:
        typer.echo(json.dumps(result, ensure_ascii=False))
    else:
        typer.echo(_summary(result))
