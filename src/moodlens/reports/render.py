"""Report document -> printable HTML (one template), PDF (WeasyPrint) and CSV.

The HTML comes from `templates/report.html` (string.Template: Jinja2 is not a dependency);
every value is escaped here before it goes in. The timeline chart is an inline SVG drawn
on the server, so the PDF needs no JavaScript.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from importlib import resources
from string import Template
from typing import Any

from moodlens.models import SignalEvent
from moodlens.reports.builder import EVENT_TYPES, cited_sources
from moodlens.reports.render_habits import answer_habits_html, session_habits_html

DIMENSION_ORDER = ("communication", "confidence", "structure", "relevance")
# SVG geometry (user units; the image scales to the page width).
W, H = 720.0, 230.0
LEFT, RIGHT, TOP, BOTTOM = 34.0, 40.0, 24.0, 26.0
PACE_MAX = 220.0
MAX_POINTS = 600
COLORS = {"attention": "#2f6db5", "composure": "#1f8a5b", "pace_wpm": "#b5562f"}
GROUP_COLORS = {
    "face": "#6d3fb5",
    "pause": "#4a6fa5",
    "filler": "#c98a00",
    "pace": "#b5562f",
    "other": "#5a6478",
}
EVENT_GROUP = {
    "composure_dip": "face",
    "composure_recovery": "face",
    "attention_dip": "face",
    "attention_recovery": "face",
    "face_out_of_view": "face",
    "long_pause": "pause",
    "filler_burst": "filler",
    "pace_spike": "pace",
    "pace_slow": "pace",
}
# The PDF marks pauses from the DESIGN §8b "1.2-2 s" bin up; the web report shows all.
PDF_PAUSE_S = 1.2
MAX_LISTED_EVENTS = 12


@functools.cache
def _template() -> Template:
    text = resources.files("moodlens.reports").joinpath("templates/report.html").read_text("utf-8")
    return Template(text)


@functools.cache
def _css() -> str:
    return resources.files("moodlens.reports").joinpath("templates/report.css").read_text("utf-8")


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _score(value: Mapping[str, Any] | None) -> str:
    if not value:
        return "–"
    if value.get("measured") is False:
        # Nothing observed (a typed answer has no voice or camera): no number to show.
        return "<span class='muted'>not measured</span>"
    lo, hi = value.get("interval", [None, None])
    return f"{n(value['score'])} <span class='muted'>({n(lo)}–{n(hi)})</span>"


def n(score: float) -> str:
    """A whole number, halves rounded up (74.5 -> 75) as the summary text rounds them, not
    to even as Python's format does."""
    return str(math.floor(float(score) + 0.5))


def clock(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    s = max(0, round(seconds))
    return f"{s // 60}:{s % 60:02d}"


def _labels(report: Mapping[str, Any]) -> Mapping[str, str]:
    labels: Mapping[str, str] = report.get("labels", {})
    return labels


# ---- the timeline chart ----------------------------------------------------------------------


def _downsample(
    ts: Sequence[float], vs: Sequence[float | None]
) -> list[tuple[float, float | None]]:
    """At most MAX_POINTS points (bucket means), keeping gaps as None."""
    pts = list(zip(ts, vs, strict=True))
    if len(pts) <= MAX_POINTS:
        return pts
    step = math.ceil(len(pts) / MAX_POINTS)
    out: list[tuple[float, float | None]] = []
    for i in range(0, len(pts), step):
        chunk = pts[i : i + step]
        vals = [v for _, v in chunk if v is not None]
        out.append((chunk[0][0], sum(vals) / len(vals) if vals else None))
    return out


def _path(points: Iterable[tuple[float, float | None]], x: Any, y: Any) -> str:
    parts: list[str] = []
    pen_down = False
    for t, v in points:
        if v is None or not math.isfinite(v):
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{x(t):.1f},{y(v):.1f}")
        pen_down = True
    return " ".join(parts)


def timeline_svg(report: Mapping[str, Any]) -> str:
    """Attention, composure (0-100, left axis) and pace (wpm, right axis) with answer spans
    shaded and numbered event markers matching the event table."""
    tl = report.get("timeline") or {}
    ts: list[float] = list(tl.get("t") or [])
    spans = [s for s in tl.get("answer_spans", []) if s[0] is not None and s[1] is not None]
    end = float(max([*(ts[-1:] or [0.0]), *(s[1] for s in spans), 1.0]))
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(t: float) -> float:
        return LEFT + plot_w * t / end

    def y100(v: float) -> float:
        return TOP + plot_h * (1 - min(100.0, max(0.0, v)) / 100.0)

    def ypace(v: float) -> float:
        return TOP + plot_h * (1 - min(PACE_MAX, max(0.0, v)) / PACE_MAX)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W:.0f} {H:.0f}" role="img" '
        'aria-label="Timeline of facing the camera, steadiness and pace, with events">',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fbfcfe" '
        'stroke="#d7dce5"/>',
    ]
    for i, (s, e) in enumerate(spans):
        out.append(
            f'<rect x="{x(s):.1f}" y="{TOP}" width="{max(0.5, x(e) - x(s)):.1f}" '
            f'height="{plot_h}" fill="#eef2f8"/>'
            f'<text x="{x(s) + 2:.1f}" y="{TOP + plot_h - 3:.1f}" font-size="8" '
            f'fill="#7a8599">A{i + 1}</text>'
        )
    for v in (0, 50, 100):
        out.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y100(v):.1f}" y2="{y100(v):.1f}" '
            'stroke="#e3e7ee" stroke-dasharray="2,3"/>'
            f'<text x="{LEFT - 4}" y="{y100(v) + 3:.1f}" font-size="8" text-anchor="end" '
            f'fill="#5a6478">{v}</text>'
        )
    for v in (0, 100, 200):
        out.append(
            f'<text x="{LEFT + plot_w + 4}" y="{ypace(v) + 3:.1f}" font-size="8" '
            f'fill="{COLORS["pace_wpm"]}">{v}</text>'
        )
    n_ticks = 6
    for k in range(n_ticks + 1):
        t = end * k / n_ticks
        out.append(
            f'<text x="{x(t):.1f}" y="{H - 10:.1f}" font-size="8" text-anchor="middle" '
            f'fill="#5a6478">{clock(t)}</text>'
        )
    for key in ("attention", "composure"):
        d = _path(_downsample(ts, tl.get(key) or [None] * len(ts)), x, y100)
        if d:
            out.append(f'<path d="{d}" fill="none" stroke="{COLORS[key]}" stroke-width="1.3"/>')
    d = _path(_downsample(ts, tl.get("pace_wpm") or [None] * len(ts)), x, ypace)
    if d:
        out.append(
            f'<path d="{d}" fill="none" stroke="{COLORS["pace_wpm"]}" stroke-width="1" '
            'stroke-dasharray="3,2"/>'
        )
    # Events as short bars above the plot, one lane per kind of event, coloured like the
    # event table's swatches.
    for ev in report.get("events", []):
        group = EVENT_GROUP.get(ev["type"], "other")
        lane = list(GROUP_COLORS).index(group)
        x0, x1 = x(float(ev["start"])), x(float(ev["end"]))
        yl = TOP - 4 - lane * 4
        out.append(
            f'<line x1="{x0:.1f}" x2="{max(x1, x0 + 1.5):.1f}" y1="{yl}" y2="{yl}" '
            f'stroke="{GROUP_COLORS[group]}" stroke-width="3"/>'
        )
    legend = [
        ("attention", "facing the camera"),
        ("composure", "steadiness"),
        ("pace_wpm", "pace (wpm, right axis)"),
    ]
    lx = LEFT
    for key, label in legend:
        out.append(
            f'<rect x="{lx:.1f}" y="{H - 7:.1f}" width="10" height="3" fill="{COLORS[key]}"/>'
            f'<text x="{lx + 13:.1f}" y="{H - 3:.1f}" font-size="8" fill="#1d2330">{label}</text>'
        )
        lx += 130
    out.append("</svg>")
    return "".join(out)


# ---- HTML ------------------------------------------------------------------------------------


def _cols(*percent: int) -> str:
    """Fixed column widths: WeasyPrint's automatic table layout measures every cell's text
    twice, which made long reports several times slower to print."""
    return "<colgroup>" + "".join(f"<col style='width:{p}%'>" for p in percent) + "</colgroup>"


def _factor_list(factors: Sequence[Mapping[str, Any]]) -> str:
    if not factors:
        return "<span class='muted'>–</span>"
    items = "".join(
        f"<li class='{'plus' if f['effect'] == '+' else 'minus'}'>{_e(f['effect'])} "
        f"{_e(f['text'])}</li>"
        for f in factors
    )
    return f"<ul class='factors'>{items}</ul>"


def _dimensions(report: Mapping[str, Any]) -> str:
    rows = []
    labels = _labels(report)
    for key in DIMENSION_ORDER:
        d = report["dimensions"].get(key)
        if not d:
            continue
        rows.append(
            f"<tr><td><b>{_e(labels.get(key, key))}</b></td><td class='num'>{_score(d)}</td>"
            f"<td>{_e(d['band'])}</td><td>{_factor_list(d.get('factors', []))}</td></tr>"
        )
    return (
        f"<table>{_cols(18, 16, 10, 56)}<thead><tr><th>Area</th><th>Score (likely range)</th>"
        "<th>Evidence</th>"
        f"<th>Why</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _warnings(report: Mapping[str, Any]) -> str:
    items = report.get("warnings") or []
    if not items:
        return ""
    lis = "".join(f"<li>{_e(w)}</li>" for w in items)
    return f"<aside class='warnings' role='note'><b>Read with care</b><ul>{lis}</ul></aside>"


def _events(report: Mapping[str, Any]) -> str:
    """Events grouped by kind (a 30-minute session can have a hundred): how many, when, and
    what the kind means."""
    events = report.get("events") or []
    if not events:
        return "<p class='muted'>No notable moments were detected.</p>"
    by_type: dict[str, list[Mapping[str, Any]]] = {}
    for ev in events:
        by_type.setdefault(ev["type"], []).append(ev)
    rows = []
    for kind, evs in by_type.items():
        info = EVENT_TYPES.get(kind, {})
        color = GROUP_COLORS[EVENT_GROUP.get(kind, "other")]
        when = ", ".join(
            clock(ev["start"])
            + (f" (A{ev['answer_index'] + 1})" if ev.get("answer_index") is not None else "")
            for ev in evs[:MAX_LISTED_EVENTS]
        )
        if len(evs) > MAX_LISTED_EVENTS:
            when += f" and {len(evs) - MAX_LISTED_EVENTS} more (all in the web report)"
        rows.append(
            f"<tr><td><span style='color:{color}'>■</span> {_e(info.get('label', kind))}</td>"
            f"<td class='num'>{len(evs)}</td><td>{_e(when)}</td>"
            f"<td class='muted'>{_e(info.get('description', ''))}</td></tr>"
        )
    return (
        f"<table>{_cols(22, 6, 40, 32)}<thead><tr><th>Event</th><th>#</th><th>When</th>"
        f"<th>Meaning</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _highlights(items: Sequence[Mapping[str, Any]]) -> str:
    if not items:
        return "<p class='muted'>–</p>"
    return "<ol>" + "".join(f"<li>{_e(i['text'])}</li>" for i in items) + "</ol>"


def _drills(report: Mapping[str, Any]) -> str:
    drills = report.get("drills") or []
    if not drills:
        return "<p class='muted'>No drills needed: every area scored strong.</p>"
    out = []
    for d in drills:
        steps = "".join(f"<li>{_e(s)}</li>" for s in d.get("how", []))
        out.append(
            f"<h3>{_e(d['title'])} <span class='muted'>· {_e(d['minutes'])} min · "
            f"{_e(d.get('priority', ''))} priority</span></h3>"
            f"<p>{_e(d.get('reason', ''))}</p><ol>{steps}</ol>"
        )
    return "".join(out)


def _comparison(report: Mapping[str, Any]) -> str:
    cmp = report.get("comparison") or {}
    if not cmp.get("available"):
        return (
            "<p class='muted'>This is your first scored session: the comparison starts "
            "with the next one.</p>"
        )
    labels = _labels(report)
    rows = []
    for key, name in (("overall", "Overall"), *((k, labels.get(k, k)) for k in DIMENSION_ORDER)):
        d = cmp["overall"] if key == "overall" else cmp["dimensions"].get(key)
        if d is None:
            # Not measured in one of the two sessions (typed answers have no delivery).
            rows.append(
                f"<tr><td>{_e(name)}</td><td colspan='4' class='muted'>not measured in both "
                "sessions</td></tr>"
            )
            continue
        rows.append(
            f"<tr><td>{_e(name)}</td><td class='num'>{n(d['previous'])}</td>"
            f"<td class='num'>{n(d['current'])}</td><td class='num'>{d['delta']:+.0f}</td>"
            f"<td>{_e(d['direction'])}</td></tr>"
        )
    when = cmp.get("previous_ended_at")
    note = (
        f"<p class='small'>Previous session: {_e(cmp.get('previous_title'))}, "
        f"{_e(when[:10] if when else '')}.</p>"
    )
    if cmp.get("versions_differ"):
        note += "<p class='small'>The scoring rules changed between the two sessions.</p>"
    return (
        f"<table>{_cols(30, 17, 17, 14, 22)}<thead><tr><th>Area</th><th>Previous</th>"
        "<th>This session</th><th>Change</th>"
        f"<th>Verdict</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{note}"
    )


def _transcript(answer: Mapping[str, Any]) -> str:
    segs = answer.get("segments") or []
    if not segs:
        return f"<p class='transcript'>{_e(answer.get('transcript') or '(no transcript)')}</p>"
    parts = []
    for s in segs:
        if s["type"] == "pause":
            if s["duration_s"] >= PDF_PAUSE_S:
                parts.append(f"<span class='pause'>[{s['duration_s']:.1f} s]</span>")
        elif s["type"] == "filler" or s.get("filler"):
            parts.append(f"<mark>{_e(s['text'] or 'uh')}</mark>")
        else:
            parts.append(_e(s["text"]))
    return f"<p class='transcript'>{' '.join(parts)}</p>"


def _answer_focus(answer: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """The answer's best point (from its strongest area) and the fix that matters most (from
    its weakest): a summary; every factor is in the web report."""
    scores = answer["scores"]
    keys = [k for k in DIMENSION_ORDER if k in scores and scores[k].get("measured") is not False]
    if not keys:
        return ""
    best = max(keys, key=lambda k: scores[k]["score"])
    worst = min(keys, key=lambda k: scores[k]["score"])
    plus = next((f for f in scores[best]["factors"] if f["effect"] == "+"), None)
    minus = next((f for f in scores[worst]["factors"] if f["effect"] == "-"), None)
    out = ""
    if plus:
        out += f"<p class='plus'>+ {_e(labels.get(best, best))}: {_e(plus['text'])}</p>"
    if minus:
        out += f"<p class='minus'>− {_e(labels.get(worst, worst))}: {_e(minus['text'])}</p>"
    return out


def _answers(report: Mapping[str, Any]) -> str:
    labels = _labels(report)
    out = []
    for a in report.get("answers", []):
        scores = " · ".join(
            f"{_e(labels.get(k, k))} "
            + (
                "not measured"
                if a["scores"][k].get("measured") is False
                else f"<b>{n(a['scores'][k]['score'])}</b>"
            )
            for k in DIMENSION_ORDER
            if k in a["scores"]
        )
        out.append(
            f"<div class='answer'><h3>A{a['index'] + 1}. {_e(a['question_text'])}</h3>"
            f"<p class='small'>{_e(a['input_mode'])} answer · {clock(a.get('start'))}–"
            f"{clock(a.get('end'))} · {a.get('word_count', 0)} words · overall "
            f"<b>{n(a['overall']['score'])}</b> · {scores}</p>"
            f"{_answer_focus(a, labels)}{_transcript(a)}{answer_habits_html(a)}</div>"
        )
    return "".join(out)


def _sources(report: Mapping[str, Any]) -> str:
    items = "".join(f"<li>{_e(ref)}</li>" for ref in cited_sources(report))
    return f"<h2>Norms behind the scores</h2><ol class='sources'>{items}</ol>" if items else ""


def report_html(report: Mapping[str, Any]) -> str:
    """The printable report: the PDF's source and the API's HTML view."""
    session = report.get("session", {})
    started = session.get("started_at")
    meta = " · ".join(
        p
        for p in (
            started[:16].replace("T", " ") + " UTC" if started else "",
            f"{clock(session.get('duration_s'))} long" if session.get("duration_s") else "",
            f"{session.get('answered', 0)} answers",
        )
        if p
    )
    overall = report["overall"]
    return _template().substitute(
        title=_e(f"MoodLens report · {session.get('title', '')}"),
        css=_css(),
        session_title=_e(session.get("title", "Practice interview")),
        session_meta=_e(meta),
        disclaimer=_e(report.get("disclaimer", "")),
        overall_score=n(overall["score"]),
        overall_band=_e(
            f"likely range {n(overall['interval'][0])}–{n(overall['interval'][1])} · "
            f"{overall['band']} evidence"
        ),
        summary_text=_e(report.get("summary_text", "")),
        warnings=_warnings(report),
        dimensions=_dimensions(report),
        timeline_svg=timeline_svg(report),
        events=_events(report),
        strengths=_highlights(report.get("strengths", [])),
        improvements=_highlights(report.get("improvements", [])),
        drills=_drills(report),
        comparison=_comparison(report),
        habits=session_habits_html(report),
        answers=_answers(report),
        sources=_sources(report),
        footer=_e(
            f"Scoring {report.get('scoring_version', '')} · drills "
            f"{report.get('drills_version', '')} · built {str(report.get('built_at', ''))[:19]}"
        ),
    )


_PDF_LOCK = threading.Lock()


def report_pdf(report: Mapping[str, Any]) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only PDF jobs need.
    import weasyprint

    html = report_html(report)
    # One PDF at a time per process: jobs render in worker threads, and Pango/fontconfig
    # are not safe to drive from several threads at once.
    with _PDF_LOCK:
        pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


# ---- CSV -------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "record",
    "t_s",
    "answer_index",
    "face_in_view_ratio",
    "gaze_on_camera",
    "attention",
    "composure",
    "pace_wpm",
    "speaking",
    "fillers_in_window",
    "volume_dbfs",
    "question",
    "input_mode",
    "start_s",
    "end_s",
    "word_count",
    "overall",
    "overall_band",
    "communication",
    "communication_band",
    "delivery",
    "delivery_band",
    "structure",
    "structure_band",
    "relevance",
    "relevance_band",
    "wpm",
    "filler_per_min",
    "long_pause_count",
    "response_latency_s",
)
# CSV headers use the candidate-facing name of the "confidence" dimension.
_CSV_DIMENSIONS = {
    "communication": "communication",
    "confidence": "delivery",
    "structure": "structure",
    "relevance": "relevance",
}


def _answer_at(spans: Sequence[Sequence[float | None]], t: float) -> int | None:
    for i, (s, e) in enumerate(spans):
        if s is not None and e is not None and s <= t <= e:
            return i
    return None


def report_csv(report: Mapping[str, Any], signals: Sequence[SignalEvent]) -> str:
    """One table: a `second` row per stored second of signals, then an `answer` row per
    answer with its scores. `attention` and `composure` are the report's smoothed series."""
    tl = report.get("timeline") or {}
    smooth = {
        t: (a, c)
        for t, a, c in zip(
            tl.get("t", []), tl.get("attention", []), tl.get("composure", []), strict=True
        )
    }
    spans = tl.get("answer_spans", [])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for s in signals:
        t = s.t_ms / 1000.0
        face = s.face_json or {}
        att, comp = smooth.get(round(t, 2), (None, None))
        writer.writerow(
            {
                "record": "second",
                "t_s": round(t, 2),
                "answer_index": _answer_at(spans, t),
                "face_in_view_ratio": face.get("face_present_ratio"),
                "gaze_on_camera": face.get("gaze_on_camera"),
                "attention": att,
                "composure": comp,
                "pace_wpm": s.pace_wpm,
                "speaking": s.speaking,
                "fillers_in_window": s.fillers_count_window,
                "volume_dbfs": s.volume_dbfs,
            }
        )
    for a in report.get("answers", []):
        m = a.get("metrics", {})
        row: dict[str, Any] = {
            "record": "answer",
            "answer_index": a["index"],
            "question": a["question_text"],
            "input_mode": a["input_mode"],
            "start_s": a.get("start"),
            "end_s": a.get("end"),
            "word_count": a.get("word_count"),
            "overall": a["overall"]["score"],
            "overall_band": a["overall"]["band"],
            "wpm": m.get("wpm"),
            "filler_per_min": m.get("filler_per_min"),
            "long_pause_count": m.get("long_pause_count"),
            "response_latency_s": m.get("latency_s"),
        }
        for key, name in _CSV_DIMENSIONS.items():
            if key in a["scores"]:
                dim = a["scores"][key]
                # Not measured (a typed answer's delivery): no number, and the band says why.
                measured = dim.get("measured") is not False
                row[name] = dim["score"] if measured else None
                row[f"{name}_band"] = dim["band"] if measured else "not measured"
        writer.writerow(row)
    return out.getvalue()
