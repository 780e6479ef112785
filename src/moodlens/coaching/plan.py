"""Weekly plan: seven days of drills sized to the candidate's daily practice time.

Deterministic (no randomness, ties broken by catalogue order) so regenerating the plan for the
same inputs gives the same days and the web client's check-offs stay attached to their items.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from moodlens.coaching.drills import Drill, DrillCatalogue, load_catalogue
from moodlens.coaching.progress import SessionRecord, weak_areas
from moodlens.coaching.scoring.config import DIMENSIONS, load_config

MIN_DAILY_MINUTES = 5
MAX_DAILY_MINUTES = 120
MOCK_DRILL_ID = "mock-interview"
# A weakest dimension at 40 gets (100-40)^2 = 3600 shares against 400 for one at 80, so the
# week leans hard on the weak areas but still touches the others.
_WEIGHT_FLOOR = 5.0


@dataclass(frozen=True, slots=True)
class PlanItem:
    id: str
    drill_id: str
    title: str
    dimension: str
    minutes: int
    how: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "drill_id": self.drill_id,
            "title": self.title,
            "dimension": self.dimension,
            "minutes": self.minutes,
            "how": list(self.how),
        }


@dataclass(frozen=True, slots=True)
class PlanDay:
    day: date
    items: tuple[PlanItem, ...]

    @property
    def total_minutes(self) -> int:
        return sum(i.minutes for i in self.items)

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "total_minutes": self.total_minutes,
            "items": [i.to_dict() for i in self.items],
        }


@dataclass(frozen=True, slots=True)
class WeeklyPlan:
    start: date
    daily_minutes: int
    focus: tuple[str, ...]
    days: tuple[PlanDay, ...]
    drills_version: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "daily_minutes": self.daily_minutes,
            "focus": list(self.focus),
            "focus_labels": [load_config().labels[d] for d in self.focus],
            "days": [d.to_dict() for d in self.days],
            "drills_version": self.drills_version,
        }


def _ranked_drills(dim: str, weakness_keys: Sequence[str], cat: DrillCatalogue) -> list[Drill]:
    """A dimension's drills, those aimed at the named weaknesses first."""

    def rank(d: Drill) -> int:
        hits = [weakness_keys.index(k) for k in d.targets if k in weakness_keys]
        return min(hits) if hits else len(weakness_keys)

    drills = cat.for_dimension(dim)
    return sorted(drills, key=lambda d: (rank(d), drills.index(d)))


class _Rotation:
    """Smooth weighted round robin over dimensions, then cycling each one's drills."""

    def __init__(self, weights: Mapping[str, float], drills: Mapping[str, list[Drill]]) -> None:
        self.weights = {d: w for d, w in weights.items() if drills.get(d)}
        self.current = dict.fromkeys(self.weights, 0.0)
        self.drills = drills
        self.pos = dict.fromkeys(self.weights, 0)

    def next_dimension(self) -> str:
        total = sum(self.weights.values())
        for d, w in self.weights.items():
            self.current[d] += w
        best = max(self.weights, key=lambda d: (self.current[d], -list(self.weights).index(d)))
        self.current[best] -= total
        return best

    def next_drill(self, dim: str) -> Drill:
        options = self.drills[dim]
        drill = options[self.pos[dim] % len(options)]
        self.pos[dim] += 1
        return drill


def weekly_plan(
    dimension_scores: Mapping[str, float],
    daily_minutes: int,
    start: date,
    *,
    weakness_keys: Sequence[str] = (),
    catalogue: DrillCatalogue | None = None,
    days: int = 7,
) -> WeeklyPlan:
    """Plan ``days`` days from ``start``; the last day opens with a short mock interview when
    the daily time allows, so the week ends with a measurement."""
    if not MIN_DAILY_MINUTES <= daily_minutes <= MAX_DAILY_MINUTES:
        raise ValueError(
            f"daily_minutes must be between {MIN_DAILY_MINUTES} and {MAX_DAILY_MINUTES}"
        )
    cat = catalogue or load_catalogue()
    dims = [d for d in DIMENSIONS if d in dimension_scores]
    weights = {d: max(_WEIGHT_FLOOR, 100.0 - dimension_scores[d]) ** 2 for d in dims}
    order = sorted(dims, key=lambda d: (dimension_scores[d], DIMENSIONS.index(d)))
    rotation = _Rotation(
        {d: weights[d] for d in order},
        {d: _ranked_drills(d, list(weakness_keys), cat) for d in order},
    )
    mock = next((d for d in cat.drills if d.id == MOCK_DRILL_ID), None)
    plan_days: list[PlanDay] = []
    for n in range(days):
        day = start + timedelta(days=n)
        items: list[Drill | tuple[Drill, int]] = []
        left = daily_minutes
        if n == days - 1 and mock is not None and mock.minutes <= left:
            items.append(mock)
            left -= mock.minutes
        picked: set[str] = set()
        attempts = 0
        while rotation.weights and left >= 3 and attempts < 4 * len(cat.drills):
            attempts += 1
            drill = rotation.next_drill(rotation.next_dimension())
            if drill.id in picked:
                continue
            if drill.minutes <= left:
                minutes = drill.minutes
            elif drill.min_minutes <= left:
                # Shorten to fit rather than skip: a 5-minute day still gets its drill.
                minutes = left
            else:
                continue
            picked.add(drill.id)
            items.append((drill, minutes))
            left -= minutes
        plan_days.append(PlanDay(day, tuple(_items(day, items))))
    return WeeklyPlan(
        start=start,
        daily_minutes=daily_minutes,
        focus=tuple(order[:2]),
        days=tuple(plan_days),
        drills_version=cat.version,
    )


def _items(day: date, picked: Sequence[Drill | tuple[Drill, int]]) -> list[PlanItem]:
    out: list[PlanItem] = []
    for k, entry in enumerate(picked):
        drill, minutes = entry if isinstance(entry, tuple) else (entry, entry.minutes)
        out.append(
            PlanItem(
                id=f"{day.isoformat()}-{k}-{drill.id}",
                drill_id=drill.id,
                title=drill.title,
                dimension=drill.dimension,
                minutes=minutes,
                how=drill.how,
            )
        )
    return out


def build_insights(
    records: Sequence[SessionRecord],
    daily_minutes: int,
    start: date,
    *,
    catalogue: DrillCatalogue | None = None,
) -> dict[str, Any]:
    """``GET /v1/users/me/insights``: weak areas and this week's plan, from stored sessions.

    The plan aims at the recency-weighted weakest dimensions and, inside them, at the latest
    session's named improvements.
    """
    areas = weak_areas(records)
    if not areas:
        return {"weak_areas": [], "weekly_plan": None}
    latest = max(records, key=lambda r: r.ended_at)
    plan = weekly_plan(
        {a["dimension"]: a["score"] for a in areas},
        daily_minutes,
        start,
        weakness_keys=latest.improvement_keys,
        catalogue=catalogue,
    )
    return {"weak_areas": areas, "weekly_plan": plan.to_dict()}
