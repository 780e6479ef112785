"""Across sessions: comparison N vs N-1, per-dimension trends, sessions per week,
improvement after three sessions, and the weak areas the weekly plan works on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

import numpy as np

from moodlens.coaching.scoring.config import DIMENSIONS, load_config

Direction = Literal["better", "worse", "same"]

# Which way is better for each stored session metric; "band" means closer to the middle of
# the pace band is better. Metrics not listed are shown without a verdict.
METRIC_POLARITY: Mapping[str, str] = {
    "wpm": "band",
    "filler_per_min": "lower",
    "long_pause_count": "lower",
    "hedges_per_100_words": "lower",
    "latency_s": "lower",
    "star_coverage": "higher",
    "has_result": "higher",
    "signposting_count": "higher",
    "key_point_coverage": "higher",
    "specificity_count": "higher",
    "ownership_ratio": "higher",
    "attention": "higher",
    "composure": "higher",
}
PACE_TARGET_WPM = 140.0
# Score changes smaller than this (or than the two intervals' mean half-width, if larger) are
# within measurement noise and shown as "same".
MIN_MEANINGFUL_DELTA = 3.0
METRIC_REL_TOLERANCE = 0.05


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """What progress needs from one scored session (a ``session_scores`` row).

    `dimensions` holds the measured dimensions only: one left out (a NULL column) was not
    measured (typed-only sessions have no delivery, issue 15) and takes no part in
    comparisons, trends or weak areas; `overall` already leaves it out.
    """

    session_id: str
    ended_at: datetime
    overall: float
    dimensions: Mapping[str, float]
    metrics: Mapping[str, float | None] = field(default_factory=dict)
    half_widths: Mapping[str, float] = field(default_factory=dict)
    improvement_keys: tuple[str, ...] = ()
    scoring_version: str = ""

    def score(self, key: str) -> float | None:
        """The overall or a dimension's score; None when that dimension was not measured."""
        return self.overall if key == "overall" else self.dimensions.get(key)


class MalformedSummary(ValueError):
    """A stored summary that is not a ``SessionSummary.to_dict()``: a missing key, a wrong
    type, a number that is not one. Callers decide what a session without one means."""


def record_from_summary(
    session_id: str, ended_at: datetime, summary: Mapping[str, Any]
) -> SessionRecord:
    """Rebuild a record from a stored ``SessionSummary.to_dict()`` (``summary_json``).

    Raises :class:`MalformedSummary` (naming the session and what was wrong) rather than a
    bare KeyError/TypeError, so a caller can tell one bad row from a bug."""
    try:
        return _record_from_summary(session_id, ended_at, summary)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise MalformedSummary(
            f"session {session_id}: stored summary is malformed ({type(exc).__name__}: {exc})"
        ) from exc


def _record_from_summary(
    session_id: str, ended_at: datetime, summary: Mapping[str, Any]
) -> SessionRecord:
    # A dimension stored as not measured keeps its placeholder number in the summary (the
    # report's schema has one); progress leaves it out.
    dims = {d: v for d, v in summary["dimensions"].items() if v.get("measured") is not False}

    def half(v: Mapping[str, Any]) -> float:
        lo, hi = v["interval"]
        return (float(hi) - float(lo)) / 2.0

    return SessionRecord(
        session_id=session_id,
        ended_at=ended_at,
        overall=float(summary["overall"]["score"]),
        dimensions={d: float(dims[d]["score"]) for d in DIMENSIONS if d in dims},
        metrics={
            k: (None if v is None else float(v)) for k, v in summary.get("metrics", {}).items()
        },
        half_widths={
            "overall": half(summary["overall"]),
            **{d: half(dims[d]) for d in DIMENSIONS if d in dims},
        },
        improvement_keys=tuple(str(i["key"]) for i in summary.get("improvements", [])),
        scoring_version=str(summary.get("scoring_version", "")),
    )


def _score_delta(cur: float, prev: float, noise: float) -> dict[str, Any]:
    delta = cur - prev
    direction: Direction = (
        "same"
        if abs(delta) < max(MIN_MEANINGFUL_DELTA, noise)
        else "better"
        if delta > 0
        else "worse"
    )
    return {
        "current": round(cur, 1),
        "previous": round(prev, 1),
        "delta": round(delta, 1),
        "direction": direction,
    }


def _metric_delta(key: str, cur: float | None, prev: float | None) -> dict[str, Any]:
    out: dict[str, Any] = {"current": cur, "previous": prev, "delta": None, "direction": None}
    if cur is None or prev is None:
        return out
    out["delta"] = round(cur - prev, 3)
    polarity = METRIC_POLARITY.get(key)
    if polarity is None:
        return out
    if polarity == "band":
        gain = abs(prev - PACE_TARGET_WPM) - abs(cur - PACE_TARGET_WPM)
    else:
        gain = (cur - prev) if polarity == "higher" else (prev - cur)
    tol = METRIC_REL_TOLERANCE * max(abs(prev), abs(cur), 1e-9)
    out["direction"] = "same" if abs(gain) <= tol else ("better" if gain > 0 else "worse")
    return out


def compare_sessions(current: SessionRecord, previous: SessionRecord | None) -> dict[str, Any]:
    """Session N vs N-1 per dimension and per metric (the report's ``comparison``)."""
    if previous is None:
        return {"available": False, "previous_session_id": None}

    def noise(key: str) -> float:
        return (current.half_widths.get(key, 0.0) + previous.half_widths.get(key, 0.0)) / 2

    keys = sorted(set(current.metrics) | set(previous.metrics))
    return {
        "available": True,
        "previous_session_id": previous.session_id,
        "versions_differ": current.scoring_version != previous.scoring_version,
        "overall": _score_delta(current.overall, previous.overall, noise("overall")),
        # Only dimensions measured in both sessions can be compared.
        "dimensions": {
            d: _score_delta(cur, prev, noise(d))
            for d in DIMENSIONS
            if (cur := current.score(d)) is not None and (prev := previous.score(d)) is not None
        },
        "metrics": {
            k: _metric_delta(k, current.metrics.get(k), previous.metrics.get(k)) for k in keys
        },
    }


def _slope(values: Sequence[float]) -> float:
    """Least-squares change per session (0 for fewer than two sessions)."""
    if len(values) < 2:
        return 0.0
    x = np.arange(len(values), dtype=np.float64)
    return float(np.polyfit(x, np.asarray(values, dtype=np.float64), 1)[0])


def _trend(records: Sequence[SessionRecord], key: str, window: int) -> dict[str, Any]:
    # Sessions that did not measure the dimension are no point of its trend.
    points = [(r, v) for r in records if (v := r.score(key)) is not None]
    slope = _slope([v for _, v in points][-window:])
    return {
        "points": [
            {"session_id": r.session_id, "ended_at": r.ended_at.isoformat(), "score": round(v, 1)}
            for r, v in points
        ],
        "slope_per_session": round(slope, 2),
        "direction": "improving" if slope >= 1.0 else "declining" if slope <= -1.0 else "steady",
    }


def sessions_per_week(
    records: Sequence[SessionRecord], today: date | None = None
) -> list[dict[str, Any]]:
    """Count per ISO week (Monday start), including empty weeks, oldest first."""
    if not records:
        return []
    days = sorted(r.ended_at.date() for r in records)
    first = days[0] - timedelta(days=days[0].weekday())
    last_day = max(days[-1], today) if today else days[-1]
    last = last_day - timedelta(days=last_day.weekday())
    out: list[dict[str, Any]] = []
    week = first
    while week <= last:
        n = sum(1 for d in days if week <= d < week + timedelta(days=7))
        out.append({"week_start": week.isoformat(), "count": n})
        week += timedelta(days=7)
    return out


def compute_progress(
    records: Sequence[SessionRecord], *, today: date | None = None, trend_window: int = 10
) -> dict[str, Any]:
    """The progress view: trends, weekly counts, improvement after three sessions."""
    rs = sorted(records, key=lambda r: r.ended_at)
    keys = ("overall", *DIMENSIONS)
    weeks = sessions_per_week(rs, today)
    recent = weeks[-4:]
    after3 = _change(rs[0], rs[2], keys) if len(rs) >= 3 else None
    latest = _change(rs[0], rs[-1], keys) if len(rs) >= 2 else None
    return {
        "session_count": len(rs),
        "trends": {k: _trend(rs, k, trend_window) for k in keys} if rs else {},
        "sessions_per_week": weeks,
        "avg_sessions_per_week_4w": (
            round(sum(w["count"] for w in recent) / len(recent), 2) if recent else 0.0
        ),
        "improvement_after_3": after3,
        "improvement_since_first": latest,
        "versions": sorted({r.scoring_version for r in rs if r.scoring_version}),
    }


def _change(first: SessionRecord, later: SessionRecord, keys: Sequence[str]) -> dict[str, float]:
    """Score change per key measured in both sessions."""
    return {
        k: round(b - a, 1)
        for k in keys
        if (a := first.score(k)) is not None and (b := later.score(k)) is not None
    }


def weak_areas(records: Sequence[SessionRecord], *, decay: float = 0.5) -> list[dict[str, Any]]:
    """Dimensions from weakest to strongest, weighting recent sessions more.

    Each older session counts ``decay`` times the next one, so one bad day long ago does not
    steer today's plan.
    """
    rs = sorted(records, key=lambda r: r.ended_at)
    if not rs:
        return []
    labels = load_config().labels
    weights = [decay ** (len(rs) - 1 - i) for i in range(len(rs))]
    out = []
    for d in DIMENSIONS:
        # Over the sessions that measured it; never measured, it is no weak area.
        pairs = [(w, v) for w, r in zip(weights, rs, strict=True) if (v := r.score(d)) is not None]
        if not pairs:
            continue
        score = sum(w * v for w, v in pairs) / sum(w for w, _ in pairs)
        out.append({"dimension": d, "label": labels[d], "score": round(score, 1)})
    out.sort(key=lambda x: (x["score"], x["dimension"]))
    return out
