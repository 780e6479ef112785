"""Score results with ``to_dict()`` in the report JSON shape of issue 6.

Inner shape of every score: ``{"score", "band", "interval", "factors": [{"text", "effect"}]}``
plus extra keys (label, level, warnings, sources) the report may show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Band = Literal["low", "medium", "high"]
Effect = Literal["+", "-"]


def _r(x: float) -> float:
    return round(float(x), 1)


@dataclass(frozen=True, slots=True)
class Factor:
    """One plain-words reason behind a score, with its evidence and the norm it is held to."""

    key: str
    dimension: str
    effect: Effect
    text: str
    impact: float
    sources: tuple[str, ...] = ()
    answer_index: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "effect": self.effect,
            "key": self.key,
            "dimension": self.dimension,
        }
        if self.sources:
            out["sources"] = list(self.sources)
        if self.answer_index is not None:
            out["answer_index"] = self.answer_index
        return out


@dataclass(frozen=True, slots=True)
class ScoreValue:
    """A 0-100 score with its band (how sure we are) and numeric interval."""

    score: float
    band: Band
    interval: tuple[float, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": _r(self.score),
            "band": self.band,
            "interval": [_r(self.interval[0]), _r(self.interval[1])],
        }


@dataclass(frozen=True, slots=True)
class DimensionScore:
    dimension: str
    label: str
    value: ScoreValue
    level: str
    evidence_quality: float
    factors: tuple[Factor, ...] = ()
    warnings: tuple[str, ...] = ()
    metrics: Mapping[str, float | None] = field(default_factory=dict)
    # False when nothing this dimension rests on was observed (a typed answer has no voice
    # or camera, so no delivery): shown as "not measured" and left out of weighted means.
    measured: bool = True

    @property
    def score(self) -> float:
        return self.value.score

    @property
    def half_width(self) -> float:
        return (self.value.interval[1] - self.value.interval[0]) / 2.0

    def positives(self) -> list[Factor]:
        return [f for f in self.factors if f.effect == "+"]

    def negatives(self) -> list[Factor]:
        return [f for f in self.factors if f.effect == "-"]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.value.to_dict(),
            "label": self.label,
            "level": self.level,
            "factors": [f.to_dict() for f in self.factors],
            "warnings": list(self.warnings),
            "measured": self.measured,
        }


@dataclass(frozen=True, slots=True)
class AnswerScores:
    index: int
    question_id: str | None
    dimensions: Mapping[str, DimensionScore]
    overall: ScoreValue
    scoring_version: str
    metrics: Mapping[str, float | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """``{"scores": {...four dimensions...}, "overall", ...}`` for an answer card."""
        return {
            "index": self.index,
            "question_id": self.question_id,
            "scores": {k: v.to_dict() for k, v in self.dimensions.items()},
            "overall": self.overall.to_dict(),
            "metrics": {k: (None if v is None else round(v, 3)) for k, v in self.metrics.items()},
            "scoring_version": self.scoring_version,
        }
