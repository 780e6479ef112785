"""Score one answer on the four rubric dimensions."""

from __future__ import annotations

from collections.abc import Mapping

from moodlens.coaching.scoring.communication import score_communication
from moodlens.coaching.scoring.config import DIMENSIONS, ScoringConfig, load_config
from moodlens.coaching.scoring.core import score_value
from moodlens.coaching.scoring.delivery import score_delivery
from moodlens.coaching.scoring.evidence import AnswerEvidence
from moodlens.coaching.scoring.relevance import score_relevance
from moodlens.coaching.scoring.results import AnswerScores, DimensionScore, ScoreValue
from moodlens.coaching.scoring.structure import score_structure


def weighted_overall(
    dims: Mapping[str, DimensionScore], cfg: ScoringConfig, cap: float | None = None
) -> ScoreValue:
    """Config-weighted mean over the measured dimensions (weights renormalised, so a typed
    answer's overall rests on its text alone); half-widths add linearly because the
    dimensions share evidence (the same short answer weakens all four), so their errors are
    not independent."""
    used = [d for d in DIMENSIONS if dims[d].measured] or list(DIMENSIONS)
    total = sum(cfg.weights[d] for d in used)
    score = sum(cfg.weights[d] * dims[d].score for d in used) / total
    half = sum(cfg.weights[d] * dims[d].half_width for d in used) / total
    if cap is not None:
        score = min(score, cap)
    return score_value(score, half, cfg)


def score_answer(
    ev: AnswerEvidence,
    *,
    role: str | None = None,
    round_type: str | None = None,
    config: ScoringConfig | None = None,
) -> AnswerScores:
    cfg = config or load_config()
    profile = cfg.role(role, round_type)
    dims = {
        "communication": score_communication(ev, cfg, profile),
        "confidence": score_delivery(ev, cfg, profile),
        "structure": score_structure(ev, cfg, profile),
        "relevance": score_relevance(ev, cfg, profile),
    }
    metrics: dict[str, float | None] = {}
    for d in DIMENSIONS:
        metrics.update(dims[d].metrics)
    if ev.speech is not None:
        metrics["duration_s"] = ev.speech.duration_s
        metrics["asr_confidence"] = ev.speech.asr_confidence
    return AnswerScores(
        index=ev.index,
        question_id=ev.question_id,
        dimensions=dims,
        # An answer to another question cannot outrank a weak answer to this one.
        overall=weighted_overall(
            dims, cfg, cfg.off_topic_overall_cap if ev.analysis.off_topic else None
        ),
        scoring_version=cfg.version,
        metrics=metrics,
    )
