"""Drill catalogue (``content/drills.yaml``) and the mapping from weaknesses to drills."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import yaml

from moodlens.coaching.scoring.config import load_config

DRILL_DIMENSIONS = ("communication", "confidence", "structure", "relevance", "all")
Priority = Literal["high", "medium", "low"]


class DrillCatalogueError(ValueError):
    """The drill content file is malformed."""


@dataclass(frozen=True, slots=True)
class Drill:
    id: str
    title: str
    dimension: str
    targets: tuple[str, ...]
    minutes: int
    min_minutes: int
    how: tuple[str, ...]
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "dimension": self.dimension,
            "targets": list(self.targets),
            "minutes": self.minutes,
            "how": list(self.how),
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class DrillCatalogue:
    version: str
    drills: tuple[Drill, ...]

    def get(self, drill_id: str) -> Drill:
        for d in self.drills:
            if d.id == drill_id:
                return d
        raise KeyError(drill_id)

    def for_target(self, key: str) -> list[Drill]:
        return [d for d in self.drills if key in d.targets]

    def for_dimension(self, dimension: str) -> list[Drill]:
        return [d for d in self.drills if d.dimension == dimension]


@dataclass(frozen=True, slots=True)
class RecommendedDrill:
    drill: Drill
    priority: Priority
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.drill.to_dict(), "priority": self.priority, "reason": self.reason}

    def recommendation_row(self) -> dict[str, str]:
        """Columns of the ``recommendations`` table."""
        steps = " ".join(self.drill.how)
        return {
            "priority": self.priority,
            "dimension": self.drill.dimension,
            "title": self.drill.title,
            "action_text": f"{steps} ({self.drill.minutes} min). {self.reason}",
        }


def parse_catalogue(data: Mapping[str, Any]) -> DrillCatalogue:
    try:
        drills: list[Drill] = []
        for raw in data["drills"]:
            d = Drill(
                id=str(raw["id"]),
                title=str(raw["title"]),
                dimension=str(raw["dimension"]),
                targets=tuple(str(t) for t in raw.get("targets", ())),
                minutes=int(raw["minutes"]),
                min_minutes=int(raw.get("min_minutes", raw["minutes"])),
                how=tuple(str(s) for s in raw["how"]),
                why=str(raw["why"]),
            )
            if d.dimension not in DRILL_DIMENSIONS:
                raise DrillCatalogueError(f"drill {d.id}: unknown dimension {d.dimension}")
            if not 0 < d.min_minutes <= d.minutes:
                raise DrillCatalogueError(f"drill {d.id}: need 0 < min_minutes <= minutes")
            drills.append(d)
        ids = [d.id for d in drills]
        if len(set(ids)) != len(ids):
            raise DrillCatalogueError("drill ids must be unique")
        return DrillCatalogue(version=str(data["version"]), drills=tuple(drills))
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, DrillCatalogueError):
            raise
        raise DrillCatalogueError(f"drill catalogue is malformed: {exc}") from exc


@functools.cache
def load_catalogue() -> DrillCatalogue:
    text = resources.files("moodlens.content").joinpath("drills.yaml").read_text("utf-8")
    return parse_catalogue(yaml.safe_load(text))


@dataclass(frozen=True, slots=True)
class Weakness:
    """A factor key to fix (e.g. ``fillers``) with the dimension it hurt and a plain reason."""

    key: str
    dimension: str
    text: str


def recommend_drills(
    weaknesses: Sequence[Weakness],
    dimension_scores: Mapping[str, float],
    catalogue: DrillCatalogue | None = None,
    *,
    limit: int = 3,
    strong_at: float = 70.0,
    labels: Mapping[str, str] | None = None,
) -> list[RecommendedDrill]:
    """Drills for the named weaknesses first, then for the weakest dimensions.

    Deterministic: ties break on catalogue order, so the same report always recommends the
    same drills.
    """
    cat = catalogue or load_catalogue()
    # Candidate-facing names: the "confidence" key must never reach the text (DESIGN §8).
    names = dict(labels) if labels is not None else dict(load_config().labels)
    chosen: list[RecommendedDrill] = []
    used: set[str] = set()

    def take(drill: Drill, priority: Priority, reason: str) -> None:
        if drill.id not in used and len(chosen) < limit:
            used.add(drill.id)
            chosen.append(RecommendedDrill(drill, priority, reason))

    for rank, w in enumerate(weaknesses):
        options = [d for d in cat.for_target(w.key) if d.id not in used]
        if options:
            take(options[0], "high" if rank == 0 else "medium", f"Targets: {w.text}")
    weak_dims = sorted(
        (d for d, s in dimension_scores.items() if s < strong_at), key=lambda d: dimension_scores[d]
    )
    for d in weak_dims:
        options = [x for x in cat.for_dimension(d) if x.id not in used]
        if options:
            score = dimension_scores[d]
            take(
                options[0],
                "medium" if score < 50 else "low",
                f"{names.get(d, d.capitalize())} scored {score:.0f}/100 — this drill trains it.",
            )
    return chosen
