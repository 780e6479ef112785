"""Session coaching summary: overall and dimension scores, top strengths and improvements,
drills for the weak spots, and the rows the report job stores."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from moodlens.coaching.drills import (
    DrillCatalogue,
    RecommendedDrill,
    Weakness,
    load_catalogue,
    recommend_drills,
)
from moodlens.coaching.scoring.config import DIMENSIONS, ScoringConfig, load_config
from moodlens.coaching.scoring.results import AnswerScores, Factor
from moodlens.coaching.scoring.session import SessionScores, merge_factors, score_session

DISCLAIMER = (
    "These scores describe observable delivery and wording in one practice session. They are "
    "coaching aids, not a judgement of you or a prediction of any hiring decision; do not "
    "over-interpret them. Camera cues are visible behaviour only (face in view, facing the "
    "camera, head and face movement) and are never read as an inner state."
)
TOP_N = 3
# Improvements spread over dimensions so one noisy area does not fill the whole list.
MAX_PER_DIMENSION = 2


@dataclass(frozen=True, slots=True)
class SessionSummary:
    scores: SessionScores
    strengths: tuple[Factor, ...]
    improvements: tuple[Factor, ...]
    drills: tuple[RecommendedDrill, ...]
    summary_text: str
    warnings: tuple[str, ...]
    drills_version: str

    @property
    def scoring_version(self) -> str:
        return self.scores.scoring_version

    def to_dict(self) -> dict[str, Any]:
        """``overall``, ``dimensions``, ``strengths``, ``improvements``, ``drills`` of the
        report, plus metrics, versions, warnings and the disclaimer. Stored as
        ``session_scores.summary_json``; :func:`moodlens.coaching.progress.record_from_summary`
        reads it back."""
        return {
            **self.scores.to_dict(),
            "strengths": [_highlight(f) for f in self.strengths],
            "improvements": [_highlight(f) for f in self.improvements],
            "drills": [d.to_dict() for d in self.drills],
            "summary_text": self.summary_text,
            "warnings": list(self.warnings),
            "drills_version": self.drills_version,
            "disclaimer": DISCLAIMER,
        }

    def session_score_row(self) -> dict[str, Any]:
        """Columns of the ``session_scores`` table. Delivery not measured (typed answers only)
        is stored as NULL, not as the role baseline the report shows no number for."""
        d = self.scores.dimensions
        delivery = d["confidence"]
        return {
            "overall_score": round(self.scores.overall.score, 1),
            "communication_score": round(d["communication"].score, 1),
            "confidence_score": round(delivery.score, 1) if delivery.measured else None,
            "structure_score": round(d["structure"].score, 1),
            "relevance_score": round(d["relevance"].score, 1),
            "scoring_version": self.scoring_version,
            "summary_json": self.to_dict(),
        }

    def recommendation_rows(self) -> list[dict[str, str]]:
        """Rows of the ``recommendations`` table, one per drill."""
        return [d.recommendation_row() for d in self.drills]


def _highlight(f: Factor) -> dict[str, Any]:
    out: dict[str, Any] = {"text": f.text, "dimension": f.dimension, "key": f.key}
    if f.answer_index is not None:
        out["answer_index"] = f.answer_index
    return out


def pick_top(factors: Sequence[Factor], effect: str, n: int = TOP_N) -> list[Factor]:
    ranked = sorted(
        (f for f in factors if f.effect == effect),
        key=lambda f: (-abs(f.impact), f.dimension, f.key),
    )
    out: list[Factor] = []
    per_dim: Counter[str] = Counter()
    for f in ranked:
        if per_dim[f.dimension] < MAX_PER_DIMENSION:
            out.append(f)
            per_dim[f.dimension] += 1
        if len(out) == n:
            break
    return out


def _summary_text(
    scores: SessionScores,
    improvements: Sequence[Factor],
    drills: Sequence[RecommendedDrill],
    cfg: ScoringConfig,
) -> str:
    o = scores.overall
    dims = scores.dimensions
    # A dimension with nothing observed (typed answers: delivery) is neither best nor worst.
    measured = [d for d in DIMENSIONS if dims[d].measured] or list(DIMENSIONS)
    best = max(measured, key=lambda d: dims[d].score)
    worst = min(measured, key=lambda d: dims[d].score)
    parts = [
        f"Overall {o.score:.0f}/100 (likely range {o.interval[0]:.0f}-{o.interval[1]:.0f}).",
        f"Strongest area: {cfg.labels[best]} ({dims[best].score:.0f}).",
    ]
    if dims[worst].score < cfg.levels["strong"]:
        parts.append(f"Focus next: {cfg.labels[worst]} ({dims[worst].score:.0f}).")
    elif worst != best:
        parts.append(
            f"Every measured area is strong; the most room left is in {cfg.labels[worst]} "
            f"({dims[worst].score:.0f})."
        )
    if improvements:
        parts.append(f"Biggest single fix: {improvements[0].text}.")
    if drills:
        d = drills[0].drill
        parts.append(f"Start with the drill “{d.title}” ({d.minutes} min).")
    return " ".join(parts)


def summarise_session(
    answers: Sequence[AnswerScores],
    *,
    config: ScoringConfig | None = None,
    catalogue: DrillCatalogue | None = None,
    max_drills: int = 3,
) -> SessionSummary:
    """Aggregate scored answers into the session's coaching summary."""
    cfg = config or load_config()
    cat = catalogue or load_catalogue()
    scores = score_session(answers, cfg)
    merged = merge_factors(
        [f for a in answers for d in a.dimensions.values() for f in d.factors], len(answers)
    )
    strengths = pick_top(merged, "+")
    improvements = pick_top(merged, "-")
    drills = recommend_drills(
        [Weakness(f.key, f.dimension, f.text) for f in improvements],
        {d: scores.dimensions[d].score for d in DIMENSIONS},
        cat,
        limit=max_drills,
        strong_at=cfg.levels["strong"],
        labels=cfg.labels,
    )
    warnings: list[str] = []
    if all(a.metrics.get("attention") is None for a in answers):
        warnings.append(
            "No camera data in this session: delivery is judged from voice and timing only."
        )
    for d in DIMENSIONS:
        if scores.dimensions[d].value.band == "low":
            warnings.append(f"{cfg.labels[d]}: evidence was thin, so this score is a rough guide.")
    return SessionSummary(
        scores=scores,
        strengths=tuple(strengths),
        improvements=tuple(improvements),
        drills=tuple(drills),
        summary_text=_summary_text(scores, improvements, drills, cfg),
        warnings=tuple(warnings),
        drills_version=cat.version,
    )
