"""The report's timeline chart as an inline SVG drawn on the server (the PDF runs no
JavaScript): attention, composure, pace, answer spans and event marks."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from moodlens.reports.render_common import clock

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
