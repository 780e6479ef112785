"""Session-level scores: per-dimension aggregates over answers and the weighted overall."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from moodlens.coaching.scoring.answer import weighted_overall
from moodlens.coaching.scoring.config import DIMENSIONS, ScoringConfig, load_config
from moodlens.coaching.scoring.core import MAX_FACTORS_EACH, level_for, score_value
from moodlens.coaching.scoring.results import (
    AnswerScores,
    DimensionScore,
    Effect,
    Factor,
    ScoreValue,
)

# Weight floor so an answer with almost no evidence still counts a little toward the mean.
_MIN_ANSWER_WEIGHT = 0.05


@dataclass(frozen=True, slots=True)
class SessionScores:
    overall: ScoreValue
    dimensions: dict[str, DimensionScore]
    answers: tuple[AnswerScores, ...]
    metrics: dict[str, float | None]
    scoring_version: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.to_dict(),
            "dimensions": {d: v.to_dict() for d, v in self.dimensions.items()},
            "metrics": {k: (None if v is None else round(v, 3)) for k, v in self.metrics.items()},
            "scoring_version": self.scoring_version,
        }


def merge_factors(factors: Sequence[Factor], n_answers: int) -> list[Factor]:
    """Collapse the same reason across answers into one, keeping the strongest wording.

    The net impact over answers decides the sign, so "pace fine in 4 answers, fast in 1"
    counts as a strength rather than showing up on both lists.
    """
    groups: dict[tuple[str, str], list[Factor]] = defaultdict(list)
    for f in factors:
        groups[(f.dimension, f.key)].append(f)
    merged: list[Factor] = []
    for (dim, key), fs in groups.items():
        net = sum(f.impact for f in fs)
        effect: Effect = "+" if net > 0 else "-"
        same = [f for f in fs if f.effect == effect] or fs
        best = max(same, key=lambda f: abs(f.impact))
        answers = sorted({f.answer_index for f in same if f.answer_index is not None})
        suffix = ""
        if n_answers > 1 and len(answers) > 1:
            suffix = f" (in {len(answers)} of {n_answers} answers)"
        elif n_answers > 1 and answers:
            suffix = f" (answer {answers[0] + 1})"
        merged.append(
            Factor(
                key=key,
                dimension=dim,
                effect=effect,
                text=best.text + suffix,
                impact=net,
                sources=best.sources,
                answer_index=answers[0] if len(answers) == 1 else None,
            )
        )
    return merged


def aggregate_dimension(
    dim: str, answers: Sequence[AnswerScores], cfg: ScoringConfig
) -> DimensionScore:
    """Evidence-weighted mean of the answers' scores.

    The interval shrinks with the number of answers (independent attempts), but never below
    the configured minimum: five answers do not make a rubric exact.
    """
    every = [a.dimensions[dim] for a in answers]
    items = [d for d in every if d.measured]
    if not items:
        return _unmeasured(dim, every, cfg)
    w = [max(d.evidence_quality, _MIN_ANSWER_WEIGHT) for d in items]
    total = sum(w)
    score = sum(wi * d.score for wi, d in zip(w, items, strict=True)) / total
    half = math.sqrt(sum((wi * d.half_width) ** 2 for wi, d in zip(w, items, strict=True)))
    half = max(cfg.min_half_width, half / total)
    quality = sum(wi * d.evidence_quality for wi, d in zip(w, items, strict=True)) / total
    factors = merge_factors([f for d in items for f in d.factors], len(answers))
    pos = sorted((f for f in factors if f.effect == "+"), key=lambda f: -f.impact)
    neg = sorted((f for f in factors if f.effect == "-"), key=lambda f: f.impact)
    warnings: list[str] = []
    low = sum(1 for d in items if d.value.band == "low")
    if low:
        warnings.append(
            f"{low} of {len(items)} answers had weak evidence for this score; it is a rough guide."
        )
    value = score_value(score, half, cfg)
    # The session band may not claim more evidence than its answers had: "solid evidence"
    # beside "2 of 3 answers had weak evidence" contradicts itself (issue 15).
    if low * 2 > len(items):
        value = ScoreValue(value.score, "low", value.interval)
    elif low and value.band == "high":
        value = ScoreValue(value.score, "medium", value.interval)
    return DimensionScore(
        dimension=dim,
        label=cfg.labels[dim],
        value=value,
        level=level_for(score, cfg),
        evidence_quality=quality,
        factors=tuple(pos[:MAX_FACTORS_EACH] + neg[:MAX_FACTORS_EACH]),
        warnings=tuple(warnings),
    )


def _unmeasured(dim: str, items: Sequence[DimensionScore], cfg: ScoringConfig) -> DimensionScore:
    first = items[0]
    return DimensionScore(
        dimension=dim,
        label=cfg.labels[dim],
        value=first.value,
        level="not measured",
        evidence_quality=0.0,
        warnings=first.warnings[:1],
        measured=False,
    )


def session_metrics(answers: Sequence[AnswerScores]) -> dict[str, float | None]:
    """Mean of each per-answer metric over the answers that measured it."""
    keys: list[str] = []
    for a in answers:
        keys += [k for k in a.metrics if k not in keys]
    out: dict[str, float | None] = {}
    for k in keys:
        vals = [v for a in answers if (v := a.metrics.get(k)) is not None]
        out[k] = sum(vals) / len(vals) if vals else None
    return out


def score_session(
    answers: Sequence[AnswerScores], config: ScoringConfig | None = None
) -> SessionScores:
    """Aggregate scored answers. A session without answers has nothing to score: refused."""
    if not answers:
        raise ValueError("a session needs at least one scored answer")
    cfg = config or load_config()
    dims = {d: aggregate_dimension(d, answers, cfg) for d in DIMENSIONS}
    return SessionScores(
        overall=weighted_overall(dims, cfg),
        dimensions=dims,
        answers=tuple(answers),
        metrics=session_metrics(answers),
        scoring_version=cfg.version,
    )
