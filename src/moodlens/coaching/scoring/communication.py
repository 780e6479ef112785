"""Communication (clarity): pace, filler rate, long-pause rate, hedges, sentence length."""

from __future__ import annotations

import re

from moodlens.coaching.scoring.config import RoleProfile, ScoringConfig
from moodlens.coaching.scoring.core import (
    Part,
    asr_factor,
    build_dimension,
    fmt_seconds,
    plural,
    quote_list,
    ramp_quality,
)
from moodlens.coaching.scoring.evidence import AnswerEvidence
from moodlens.coaching.scoring.results import DimensionScore
from moodlens.coaching.scoring.structure import text_prior

_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")


def speech_quality(ev: AnswerEvidence, cfg: ScoringConfig) -> float:
    """How far speech-based metrics can be trusted: enough talking, enough words, clear ASR."""
    rules = cfg.evidence
    words_q = ramp_quality(ev.analysis.word_count, rules.min_words, rules.full_words)
    if ev.speech is None:
        # A typed answer's wording is all there is to judge, and judged in full; the speech
        # metrics it lacks widen the band through their missing weight instead.
        return words_q * 0.8
    time_q = ramp_quality(ev.speech.speaking_s, rules.min_speaking_s, rules.full_speaking_s)
    return (words_q + time_q) / 2 * asr_factor(ev.speech.asr_confidence, cfg)


def _pace(ev: AnswerEvidence, cfg: ScoringConfig, role: RoleProfile) -> Part | None:
    sp = ev.speech
    norm = cfg.norm("pace_wpm")
    if sp is None or sp.wpm is None:
        return None
    # Short turns inflate WPM (DESIGN §8b): no pace verdict before 15 s or 30 words.
    if (
        sp.speaking_s < norm.extra["min_speaking_s"]
        and ev.analysis.word_count < norm.extra["min_words"]
    ):
        return None
    lo, hi = (x + role.pace_shift_wpm for x in norm.extra["green"])
    wpm = sp.wpm
    if wpm > hi:
        bad = f"Pace {wpm:.0f} wpm — fast; {lo:.0f}-{hi:.0f} wpm is easier to follow"
    else:
        bad = f"Pace {wpm:.0f} wpm — slow; {lo:.0f}-{hi:.0f} wpm keeps the listener with you"
    return Part(
        "pace",
        norm.score(wpm, x_shift=role.pace_shift_wpm),
        f"Pace {wpm:.0f} wpm — inside the {lo:.0f}-{hi:.0f} wpm range listeners follow easily",
        bad,
        norm.sources,
        effect="+" if lo <= wpm <= hi else "-",
    )


def _fillers(ev: AnswerEvidence, cfg: ScoringConfig) -> Part | None:
    sp = ev.speech
    rate = sp.filler_rate if sp is not None else None
    if sp is None or rate is None:
        return None
    norm = cfg.norm("filler_per_min")
    fine = norm.extra["fine"]
    head = (
        f"{plural(sp.filler_count, 'filler')} in {fmt_seconds(sp.duration_s)} "
        f"({rate:.1f} per minute)"
    )
    return Part(
        "fillers",
        norm.score(rate),
        f"{head} — within the usual {fine} per minute or fewer",
        f"{head} — strong answers usually stay at or under {fine} per minute",
        norm.sources,
        effect="+" if rate <= fine else "-",
    )


def _long_pauses(ev: AnswerEvidence, cfg: ScoringConfig) -> Part | None:
    sp = ev.speech
    if sp is None or sp.duration_s <= 0:
        return None
    norm = cfg.norm("long_pause_per_min")
    limit = norm.extra["long_pause_s"]
    rate = sp.long_pause_count / (sp.duration_s / 60.0)
    good = (
        f"No pauses over {limit:.0f} s"
        if sp.long_pause_count == 0
        else f"{plural(sp.long_pause_count, 'pause')} over {limit:.0f} s in "
        f"{fmt_seconds(sp.duration_s)} — short enough to read as thinking"
    )
    bad = (
        f"{plural(sp.long_pause_count, 'pause')} over {limit:.0f} s in "
        f"{fmt_seconds(sp.duration_s)} — a 1-2 s pause reads as thinking; longer ones lose "
        "the thread"
    )
    return Part("long_pauses", norm.score(rate), good, bad, norm.sources)


def _hedges(ev: AnswerEvidence, cfg: ScoringConfig) -> Part | None:
    a = ev.analysis
    if a.word_count < 20:
        return None
    norm = cfg.norm("hedges_per_100_words")
    rate = a.hedges_count * 100.0 / a.word_count
    examples = f" ({quote_list(list(a.hedges), 2)})" if a.hedges else ""
    return Part(
        "hedges",
        norm.score(rate),
        "Direct wording: few hedges"
        if a.hedges_count == 0
        else f"Direct wording: only {plural(a.hedges_count, 'hedge')} in {a.word_count} words",
        f"{plural(a.hedges_count, 'hedge')}{examples} in {a.word_count} words — state the "
        "point directly",
        norm.sources,
    )


def _written_fillers(ev: AnswerEvidence, cfg: ScoringConfig) -> Part | None:
    """Typed answers only: speech has its own, acoustic, filler count."""
    a = ev.analysis
    n = a.text_fillers
    if ev.speech is not None or n is None or a.word_count < 20:
        return None
    norm = cfg.norm("written_fillers_per_100_words")
    rate = n * 100.0 / a.word_count
    return Part(
        "written_fillers",
        norm.score(rate),
        "No filler phrases (“you know”, “basically”, “I mean”)",
        f"{plural(n, 'filler phrase')} (“you know”, “basically”, “I mean”) in "
        f"{a.word_count} words — cut them and lead with the point",
        norm.sources,
    )


def mean_sentence_words(transcript: str | None) -> float | None:
    """Mean words per sentence, or None when the text carries no sentence punctuation.

    Unpunctuated ASR output would otherwise look like one endless sentence.
    """
    if not transcript or len(_SENTENCE_END.findall(transcript.strip() + " ")) < 2:
        return None
    sentences = [s for s in _SENTENCE_END.split(transcript) if s.strip()]
    return sum(len(s.split()) for s in sentences) / len(sentences)


def _sentences(ev: AnswerEvidence, cfg: ScoringConfig) -> Part | None:
    mean = mean_sentence_words(ev.transcript)
    if mean is None:
        return None
    norm = cfg.norm("sentence_words")
    return Part(
        "sentence_length",
        norm.score(mean),
        f"Sentences average {mean:.0f} words — easy to follow aloud",
        f"Sentences average {mean:.0f} words — split long ones; under 20 words is easier "
        "to follow aloud",
        norm.sources,
    )


def score_communication(
    ev: AnswerEvidence, cfg: ScoringConfig, role: RoleProfile
) -> DimensionScore:
    parts = [
        p
        for p in (
            _pace(ev, cfg, role),
            _fillers(ev, cfg),
            _long_pauses(ev, cfg),
            _hedges(ev, cfg),
            _sentences(ev, cfg),
            _written_fillers(ev, cfg),
        )
        if p is not None
    ]
    q = speech_quality(ev, cfg)
    warnings: list[str] = []
    if ev.speech is None:
        warnings.append("No audio for this answer: only the wording is judged.")
    elif ev.speech.speaking_s < cfg.evidence.min_speaking_s:
        warnings.append(
            f"Only {fmt_seconds(ev.speech.speaking_s)} of speech: this score leans on the "
            "typical level for the role."
        )
    sp = ev.speech
    metrics: dict[str, float | None] = {
        "wpm": sp.wpm if sp else None,
        "filler_per_min": sp.filler_rate if sp else None,
        "filler_count": float(sp.filler_count) if sp else None,
        "long_pause_count": float(sp.long_pause_count) if sp else None,
        "hedges_per_100_words": (
            ev.analysis.hedges_count * 100.0 / ev.analysis.word_count
            if ev.analysis.word_count
            else None
        ),
        "sentence_words": mean_sentence_words(ev.transcript),
    }
    return build_dimension(
        "communication",
        parts,
        cfg.sub_weights["communication"],
        q,
        cfg,
        role,
        answer_index=ev.index,
        warnings=warnings,
        metrics=metrics,
        prior=text_prior(ev, cfg, role.baseline["communication"]),
    )
