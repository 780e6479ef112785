"""Relevance: coverage of the question's expected key points, specificity, staying on topic."""

from __future__ import annotations

from moodlens.coaching.scoring.config import RoleProfile, ScoringConfig
from moodlens.coaching.scoring.core import Part, build_dimension, plural, quote_list
from moodlens.coaching.scoring.evidence import AnswerEvidence
from moodlens.coaching.scoring.results import DimensionScore, Factor
from moodlens.coaching.scoring.structure import text_prior, text_quality, text_warnings


def _key_points(ev: AnswerEvidence, cfg: ScoringConfig) -> Part | None:
    a = ev.analysis
    covered, missed = list(a.key_points_covered), list(a.key_points_missed)
    total = len(covered) + len(missed)
    # A question without listed key points cannot be judged on them.
    if total == 0:
        return None
    norm = cfg.norm("key_point_coverage")
    head = f"Covers {len(covered)} of {total} expected points"
    good = f"{head} ({quote_list(covered)})" if covered else head
    bad = f"{head}; missing {quote_list(missed)}" if missed else head
    return Part("key_points", norm.score(a.key_point_coverage), good, bad, norm.sources)


def _specificity(ev: AnswerEvidence, cfg: ScoringConfig, role: RoleProfile) -> Part:
    a = ev.analysis
    n = a.specificity_count
    norm = cfg.norm("specificity_share")
    examples = f" (e.g. {quote_list(list(a.specifics), 2)})" if a.specifics else ""
    target = role.specifics_target
    bad = (
        "No numbers, named tools or concrete outcomes — add at least one"
        if n == 0
        else f"Only {plural(n, 'specific')}{examples} — strong answers name about "
        f"{target:.0f}: numbers, tools, outcomes"
    )
    return Part(
        "specificity",
        norm.score(n / target if target > 0 else 1.0),
        f"{plural(n, 'specific')}{examples} make the answer concrete",
        bad,
        norm.sources,
    )


def _on_topic(ev: AnswerEvidence, cfg: ScoringConfig) -> Part | None:
    z = ev.analysis.semantic_z
    if z is None:
        return None
    norm = cfg.norm("semantic_z")
    return Part(
        "on_topic",
        norm.score(z),
        "Stays on the question asked throughout",
        "Drifts from what the question asks — tie each point back to it",
        norm.sources,
    )


def score_relevance(ev: AnswerEvidence, cfg: ScoringConfig, role: RoleProfile) -> DimensionScore:
    parts = [
        p
        for p in (_key_points(ev, cfg), _on_topic(ev, cfg), _specificity(ev, cfg, role))
        if p is not None
    ]
    a = ev.analysis
    cap = None
    if a.off_topic:
        cap = (
            cfg.off_topic_cap,
            Factor(
                key="off_topic",
                dimension="relevance",
                effect="-",
                text="The answer drifts away from the question asked — restate the question's "
                "aim in your first sentence",
                # Ranked first among the negatives: nothing else matters if it is off topic.
                impact=-100.0,
                answer_index=ev.index,
            ),
        )
    return build_dimension(
        "relevance",
        parts,
        cfg.sub_weights["relevance"],
        text_quality(ev, cfg),
        cfg,
        role,
        answer_index=ev.index,
        warnings=text_warnings(ev, cfg),
        metrics={
            "key_point_coverage": a.key_point_coverage,
            "specificity_count": float(a.specificity_count),
            "off_topic": 1.0 if a.off_topic else 0.0,
            "semantic_z": a.semantic_z,
        },
        cap=cap,
        prior=text_prior(ev, cfg, role.baseline["relevance"]),
    )
