"""Report document -> printable HTML (one template), PDF (WeasyPrint) and CSV.

The HTML comes from `templates/report.html` (string.Template: Jinja2 is not a dependency);
every value is escaped here before it goes in. The parts live beside it: render_timeline
(the chart, an inline SVG drawn on the server, so the PDF needs no JavaScript), render_habits
(language habits, voice variety), render_job (the job's skills), render_csv, render_common.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping, Sequence
from importlib import resources
from string import Template
from typing import Any

from moodlens.reports.builder import EVENT_TYPES, cited_sources
from moodlens.reports.render_common import DIMENSION_ORDER, clock, n
from moodlens.reports.render_common import e as _e
from moodlens.reports.render_common import labels as _labels
from moodlens.reports.render_common import score_html as _score
from moodlens.reports.render_csv import CSV_COLUMNS, report_csv
from moodlens.reports.render_habits import answer_habits_html, session_habits_html
from moodlens.reports.render_job import job_skills_html
from moodlens.reports.render_timeline import (
    EVENT_GROUP,
    GROUP_COLORS,
    timeline_svg,
)

# The callers' names for what moved to the render_* modules.
__all__ = ["CSV_COLUMNS", "clock", "n", "report_csv", "report_html", "report_pdf", "timeline_svg"]
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
        if cmp.get("unavailable_reason"):
            return f"<p class='muted'>{_e(cmp['unavailable_reason'])}</p>"
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
        # The job's skills (a session practised for a job) go just before the habits: both
        # are session-wide views of the answers, read before the answers themselves.
        habits=job_skills_html(report) + session_habits_html(report),
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
