"""The PDF/HTML report's language habits and voice variety (the web shows the same data).

Per answer, one compact block after its marked transcript: fillers, hedges, weak openers and
repeats with their counts and first moments, then the voice-variety sentence and flat
stretches. For the session, one short section before the answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

KINDS = (("hedges", "Hedges"), ("openers", "Weak openers"), ("repeats", "Repeated"))
MOMENTS_SHOWN = 4  # a PDF line, not the whole list: the web report has every moment


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _clock(seconds: float) -> str:
    s = max(0, round(seconds))
    return f"{s // 60}:{s % 60:02d}"


def _where(m: Mapping[str, Any]) -> str:
    return _clock(float(m["at"])) if m.get("at") is not None else f"word {int(m['word']) + 1}"


def _item(item: Mapping[str, Any]) -> str:
    moments = list(item.get("moments", []))
    places = ", ".join(_where(m) for m in moments[:MOMENTS_SHOWN])
    more = f" +{len(moments) - MOMENTS_SHOWN}" if len(moments) > MOMENTS_SHOWN else ""
    return f"“{_e(item['text'])}” ×{int(item['count'])} ({places}{more})"


def answer_habits_html(answer: Mapping[str, Any]) -> str:
    habits = answer.get("language_habits")
    voice = answer.get("voice_variety")
    parts: list[str] = []
    if isinstance(habits, Mapping):
        fillers = len(answer.get("fillers") or [])
        rows = [f"<b>Fillers</b> {fillers}"]
        for key, label in KINDS:
            sec = habits.get(key) or {}
            items = "; ".join(_item(i) for i in sec.get("items", []))
            rows.append(
                f"<b>{label}</b> {int(sec.get('count', 0))}" + (f": {items}" if items else "")
            )
        parts.append(f"<p class='small habits'>{' · '.join(rows)}</p>")
    if isinstance(voice, Mapping) and answer.get("input_mode") != "typed":
        text = voice.get("summary") if voice.get("measured") else voice.get("reason")
        stretches = "".join(
            f"<li>{_clock(float(m['start']))}–{_clock(float(m['end']))}: {_e(m.get('text'))}</li>"
            for m in voice.get("monotone") or []
        )
        parts.append(f"<p class='small voice'><b>Voice variety</b> {_e(text)}</p>")
        if stretches:
            parts.append(f"<ul class='small'>{stretches}</ul>")
    return "".join(parts)


def session_habits_html(report: Mapping[str, Any]) -> str:
    habits = report.get("language_habits")
    voice = report.get("voice_variety")
    if not isinstance(habits, Mapping) and not isinstance(voice, Mapping):
        return ""
    rows: list[str] = []
    if isinstance(habits, Mapping):
        fillers = sum(len(a.get("fillers") or []) for a in report.get("answers", []))
        rows.append(f"<li><b>Fillers</b> {fillers}</li>")
        for key, label in KINDS:
            sec = habits.get(key) or {}
            top = "; ".join(
                f"“{_e(i['text'])}” ×{int(i['count'])}" for i in list(sec.get("items", []))[:5]
            )
            rows.append(
                f"<li><b>{label}</b> {int(sec.get('count', 0))}"
                + (f": {top}" if top else "")
                + "</li>"
            )
    if isinstance(voice, Mapping) and voice.get("measured"):
        rows.append(f"<li><b>Voice variety</b> {_e(voice.get('summary'))}</li>")
    return (
        "<section aria-labelledby='habits-h'><h2 id='habits-h'>Language habits and voice</h2>"
        f"<ul>{''.join(rows)}</ul><p class='small'>Counts of words and how far the pitch "
        "moved: observable delivery, nothing more. Each answer lists the moments.</p></section>"
    )
