"""Structure: STAR coverage, a clear result, signposting, length against target, ownership."""

from __future__ import annotations

from moodlens.coaching.scoring.config import RoleProfile, ScoringConfig
from moodlens.coaching.scoring.core import (
    Part,
    asr_factor,
    build_dimension,
    plural,
    ramp_quality,
    shorten,
)
from moodlens.coaching.scoring.evidence import AnswerEvidence
from moodlens.coaching.scoring.results import DimensionScore, Factor

STAR_PARTS: tuple[str, ...] = ("situation", "task", "action", "result")
# Candidate-facing names of the non-STAR rubric parts (coaching/rubric.py).
PART_NAMES: dict[str, str] = {
    "concepts": "the expected concepts",
    "example": "an example",
    "trade_off": "a trade-off",
    "reasons": "reasons",
    "fit": "what you bring",
    "specifics": "specifics",
    "clarifying": "clarifying questions",
    "structure": "a structured approach",
    "hypothesis": "a hypothesis",
    "numbers": "numbers",
    "recommendation": "a recommendation",
}


def text_prior(ev: AnswerEvidence, cfg: ScoringConfig, baseline: float) -> float:
    """Where weak text evidence pulls a score: the baseline for a real answer, falling toward
    `thin_answer_score` as the answer shrinks below `min_words` (a few words is evidence of a
    weak answer, not of a typical one)."""
    rules = cfg.evidence
    wc = ev.analysis.word_count
    if wc >= rules.min_words or rules.min_words <= 0:
        return baseline
    low = rules.thin_answer_score
    return low + (baseline - low) * wc / rules.min_words


def text_quality(ev: AnswerEvidence, cfg: ScoringConfig) -> float:
    """Trust in transcript-based judgements: enough words, and a transcript the ASR was sure of."""
    rules = cfg.evidence
    q = ramp_quality(ev.analysis.word_count, rules.min_words, rules.full_words)
    return q * asr_factor(ev.speech.asr_confidence if ev.speech else None, cfg)


def text_warnings(ev: AnswerEvidence, cfg: ScoringConfig) -> list[str]:
    out: list[str] = []
    wc = ev.analysis.word_count
    if wc < cfg.evidence.min_words:
        out.append(
            f"Short answer ({plural(wc, 'word')}): too little to judge, so the score stays "
            "low and its range is wide — a full answer usually needs "
            f"{cfg.evidence.min_words} words or more."
        )
    asr = ev.speech.asr_confidence if ev.speech else None
    if asr is not None and asr < cfg.evidence.asr_good:
        out.append(
            f"The transcript was uncertain in places ({asr:.0%} recognition certainty): "
            "wording-based scores are approximate."
        )
    return out


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _rubric(ev: AnswerEvidence, cfg: ScoringConfig) -> Part:
    """The format's rubric parts (issue 15); a story's are STAR."""
    a = ev.analysis
    rubric = a.rubric
    if not rubric or a.answer_format == "story":
        return _star(ev, cfg)
    present = [k for k, v in rubric.items() if v]
    missing = [k for k in rubric if k not in present]
    names = [PART_NAMES.get(k, k) for k in present]
    lacking = [PART_NAMES.get(k, k) for k in missing]
    norm = cfg.norm("rubric_coverage")
    share = len(present) / len(rubric)
    good = (
        f"Covers every part a {a.answer_format} answer needs: {_join(names)}"
        if not missing
        else f"Covers {_join(names)}"
    )
    bad = (
        f"Covers {_join(names)}; missing {_join(lacking)}"
        if present
        else (f"Missing what a {a.answer_format} answer needs: {_join(lacking)}")
    )
    return Part("star", norm.score(share), good, bad, norm.sources)


def _star(ev: AnswerEvidence, cfg: ScoringConfig) -> Part:
    a = ev.analysis
    present = [k for k in STAR_PARTS if a.star.get(k)]
    missing = [k for k in STAR_PARTS if k not in present]
    norm = cfg.norm("star_coverage")
    if not missing:
        good = "All four STAR parts present: situation, task, action and result"
    else:
        good = f"Covers {_join(present)}" if present else "Story outline present"
    bad = (
        f"Covers {_join(present)}; missing {_join(missing)}"
        if present
        else "No clear situation, task, action or result — tell it as a short story"
    )
    return Part("star", norm.score(a.star_coverage), good, bad, norm.sources)


def _result(ev: AnswerEvidence, cfg: ScoringConfig) -> Part:
    a = ev.analysis
    norm = cfg.norm("has_result")
    sentence = a.star.get("result")
    good = f"States a result: “{shorten(sentence)}”" if sentence else "States a clear result"
    return Part(
        "result",
        norm.score(1.0 if a.has_result else 0.0),
        good,
        "No measurable result stated — end with what changed, ideally with a number",
        norm.sources,
    )


def _signposting(ev: AnswerEvidence, cfg: ScoringConfig) -> Part:
    n = ev.analysis.signposting_count
    norm = cfg.norm("signposting_count")
    return Part(
        "signposting",
        norm.score(n),
        f"{plural(n, 'signpost')} (like “first”, “then”, “as a result”) guide the listener",
        "No signposting — words like “first”, “then”, “as a result” help the listener follow"
        if n == 0
        else f"Only {plural(n, 'signpost')} — mark each step (“first”, “then”, “as a result”)",
        norm.sources,
    )


def _length(ev: AnswerEvidence, cfg: ScoringConfig) -> Part | None:
    ratio = ev.analysis.length_ratio
    if ratio is None:
        return None
    norm = cfg.norm("length_ratio")
    a = ev.analysis
    parts = a.rubric if a.rubric else a.star
    lacking = [PART_NAMES.get(k, k) for k, v in parts.items() if not v]
    if ratio < 1.0 and lacking:
        # Name only the parts that are really missing, so this never contradicts the
        # rubric factor beside it (issue 15).
        bad = f"About {ratio:.0%} of the expected length — add {_join(lacking)}"
    elif ratio < 1.0:
        bad = f"About {ratio:.0%} of the expected length — give each part a little more detail"
    else:
        bad = f"About {ratio:.1f}x the expected length — trim the set-up and lead with the point"
    return Part(
        "length",
        norm.score(ratio),
        f"Length fits the question (about {ratio:.0%} of the target)",
        bad,
        norm.sources,
    )


def _ownership(ev: AnswerEvidence, cfg: ScoringConfig) -> Part | None:
    a = ev.analysis
    # Too few words to tell "I" from "we" reliably.
    if a.word_count < 20:
        return None
    norm = cfg.norm("ownership_ratio")
    return Part(
        "ownership",
        norm.score(a.ownership_ratio),
        f"Clear ownership: says what you did yourself ({a.ownership_ratio:.0%} “I”)",
        f"Mostly “we” ({a.ownership_ratio:.0%} “I”) — say what you did yourself",
        norm.sources,
    )


def score_structure(ev: AnswerEvidence, cfg: ScoringConfig, role: RoleProfile) -> DimensionScore:
    parts = [
        p
        for p in (
            _rubric(ev, cfg),
            _result(ev, cfg),
            _signposting(ev, cfg),
            _length(ev, cfg),
            _ownership(ev, cfg),
        )
        if p is not None
    ]
    a = ev.analysis
    weights = role.structure_weights
    if a.rubric:
        weights = cfg.format_structure.get(a.answer_format, weights)
    cap = None
    if a.off_topic:
        cap = (
            cfg.off_topic_structure_cap,
            Factor(
                key="off_topic_structure",
                dimension="structure",
                effect="-",
                text="Its structure belongs to a different question — answer the one asked",
                impact=-50.0,
                answer_index=ev.index,
            ),
        )
    return build_dimension(
        "structure",
        parts,
        weights,
        text_quality(ev, cfg),
        cfg,
        role,
        answer_index=ev.index,
        warnings=text_warnings(ev, cfg),
        cap=cap,
        prior=text_prior(ev, cfg, role.baseline["structure"]),
        metrics={
            "star_coverage": a.star_coverage,
            "has_result": 1.0 if a.has_result else 0.0,
            "signposting_count": float(a.signposting_count),
            "length_ratio": a.length_ratio,
            "ownership_ratio": a.ownership_ratio,
            "word_count": float(a.word_count),
        },
    )
