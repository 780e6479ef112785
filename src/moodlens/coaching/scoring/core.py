"""Shared machinery: metric parts -> shrunk dimension score with band, interval and factors.

Why shrinkage: a 25-word answer or a face seen a third of the time is weak evidence. Scoring
it at face value would punish (or flatter) noise, so the score moves toward the role baseline
in proportion to how little we saw, and the interval widens to say so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from moodlens.coaching.scoring.config import RoleProfile, ScoringConfig
from moodlens.coaching.scoring.results import Band, DimensionScore, Effect, Factor, ScoreValue

# A metric scoring at or above this is worth praising; below NEGATIVE_BELOW it is worth fixing.
POSITIVE_AT = 75.0
NEGATIVE_BELOW = 60.0
MAX_FACTORS_EACH = 3


@dataclass(frozen=True, slots=True)
class Part:
    """One measured metric of a dimension: its 0-100 score and both ways of phrasing it."""

    key: str
    score: float
    good_text: str
    bad_text: str
    sources: tuple[str, ...] = ()
    # Overrides the +/- choice when the phrasing depends on more than the score.
    effect: Effect | None = None


def clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, x))


def ramp_quality(value: float, minimum: float, full: float) -> float:
    """0.6 at the weak-evidence threshold, 1 at ``full``, falling linearly to 0 below."""
    if value < minimum:
        return 0.6 * clamp(value / minimum) if minimum > 0 else 0.0
    if full <= minimum:
        return 1.0
    return 0.6 + 0.4 * clamp((value - minimum) / (full - minimum))


def asr_factor(asr_confidence: float | None, cfg: ScoringConfig) -> float:
    """Multiplier on text evidence; an unknown confidence (typed answer) is not a penalty."""
    if asr_confidence is None:
        return 1.0
    ev = cfg.evidence
    return 0.4 + 0.6 * clamp((asr_confidence - ev.asr_floor) / (ev.asr_good - ev.asr_floor))


def band_for(half_width: float, cfg: ScoringConfig) -> Band:
    if half_width <= cfg.min_half_width + (1 - cfg.band_high) * cfg.extra_half_width + 1e-9:
        return "high"
    if half_width <= cfg.min_half_width + (1 - cfg.band_medium) * cfg.extra_half_width + 1e-9:
        return "medium"
    return "low"


def score_value(score: float, half_width: float, cfg: ScoringConfig) -> ScoreValue:
    return ScoreValue(
        score=clamp(score, 0.0, 100.0),
        band=band_for(half_width, cfg),
        interval=(clamp(score - half_width, 0.0, 100.0), clamp(score + half_width, 0.0, 100.0)),
    )


def level_for(score: float, cfg: ScoringConfig) -> str:
    if score >= cfg.levels["strong"]:
        return "strong"
    if score >= cfg.levels["developing"]:
        return "developing"
    return "needs work"


def build_dimension(
    dimension: str,
    parts: Sequence[Part],
    weights: Mapping[str, float],
    quality: float,
    cfg: ScoringConfig,
    role: RoleProfile,
    *,
    answer_index: int | None = None,
    warnings: Sequence[str] = (),
    metrics: Mapping[str, float | None] | None = None,
    cap: tuple[float, Factor] | None = None,
    prior: float | None = None,
) -> DimensionScore:
    """Combine parts (weights renormalised over those measured), shrink, band and explain.

    Weak evidence shrinks the score toward `prior` (the role baseline unless given: a
    near-empty answer passes a low prior, see `structure.text_prior`)."""
    baseline = role.baseline[dimension] if prior is None else prior
    measured = [p for p in parts if weights.get(p.key, 0.0) > 0]
    coverage = sum(weights[p.key] for p in measured)
    factors: list[Factor] = []
    if measured and coverage > 0:
        raw = sum(weights[p.key] * p.score for p in measured) / coverage
    else:
        raw, quality = baseline, 0.0
    q = clamp(quality)
    score = baseline + q * (raw - baseline)
    # A cap bounds the final score: shrinking toward the prior must not lift it back.
    if cap is not None and score > cap[0]:
        score = cap[0]
        factors.append(cap[1])
    half = (
        cfg.min_half_width
        + (1 - q) * cfg.extra_half_width
        + (1 - clamp(coverage)) * cfg.missing_half_width
    )
    for p in measured:
        share = weights[p.key] / coverage
        effect = p.effect or (
            "+" if p.score >= POSITIVE_AT else "-" if p.score < NEGATIVE_BELOW else None
        )
        if effect is None:
            continue
        # A strength is ranked by how far it lifts the score above middling, a weakness by
        # how much it costs against a perfect mark; both shrink with weak evidence.
        gain = p.score - 50.0 if effect == "+" else -(100.0 - p.score)
        impact = share * (gain if abs(gain) >= 1 else (1.0 if effect == "+" else -1.0))
        impact *= max(q, 0.2)
        factors.append(
            Factor(
                key=p.key,
                dimension=dimension,
                effect=effect,
                text=p.good_text if effect == "+" else p.bad_text,
                impact=impact,
                sources=tuple(cfg.source_texts(p.sources)),
                answer_index=answer_index,
            )
        )
    pos = sorted((f for f in factors if f.effect == "+"), key=lambda f: -f.impact)
    neg = sorted((f for f in factors if f.effect == "-"), key=lambda f: f.impact)
    return DimensionScore(
        dimension=dimension,
        label=cfg.labels[dimension],
        value=score_value(score, half, cfg),
        level=level_for(score, cfg),
        evidence_quality=q,
        factors=tuple(pos[:MAX_FACTORS_EACH] + neg[:MAX_FACTORS_EACH]),
        warnings=tuple(warnings),
        metrics=dict(metrics or {}),
    )


def fmt_seconds(s: float) -> str:
    if s < 90:
        return f"{s:.0f} s"
    m, sec = divmod(round(s), 60)
    return f"{m} min {sec} s" if sec else f"{m} min"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def quote_list(items: Sequence[str], limit: int = 3) -> str:
    shown = [f"“{i}”" for i in items[:limit]]
    return ", ".join(shown)


def shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
