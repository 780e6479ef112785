"""The rubric parts of one answer, for its format (`rubric.RUBRIC_PARTS`): STAR for a
story; clarifying, structure, hypothesis, numbers and a recommendation for a case; concepts,
an example and a trade-off for an explanation; reasons, fit and specifics for motivation.
A part said under two or more hedges is not present (`answer_text.hedged`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from moodlens.coaching import rubric as rb
from moodlens.coaching.answer_text import has_digit_or_qty, hedged
from moodlens.coaching.content import AnswerFormat, Gap
from moodlens.coaching.star_parts import STAR_PARTS, has_action

FORMAT_GAPS: dict[str, tuple[tuple[str, Gap], ...]] = {
    "explain": (("example", "no_example"), ("trade_off", "no_tradeoff")),
    "motivation": (("specifics", "no_specifics"), ("fit", "no_fit")),
}
# Explanations cover "the concepts" when half the key points are named, or a quarter and
# the meaning is clearly the question's (semantic z >= 2.5).
_CONCEPT_Z = 2.5


def answer_rubric(
    fmt: AnswerFormat,
    star: Mapping[str, str | None],
    sentences: Sequence[str],
    lowered: Sequence[str],
    quantities: Sequence[str],
    kp_coverage: float,
    semantic_z: float,
    asked: frozenset[str] = frozenset(),
) -> dict[str, str | None]:
    def at(i: int | None) -> str | None:
        return sentences[i] if i is not None and not hedged(lowered[i]) else None

    if fmt == "story":
        return {p: star[p] for p in STAR_PARTS}
    if fmt == "case":
        numbers = next(
            (
                s
                for s, low in zip(sentences, lowered, strict=True)
                if has_digit_or_qty(low, quantities)
            ),
            None,
        )
        return {
            "clarifying": star["situation"] or star["task"],
            "structure": star["action"],
            "hypothesis": at(rb.first_match(lowered, rb.HYPOTHESIS)),
            "numbers": numbers,
            "recommendation": star["result"],
        }
    if fmt == "explain":
        concepts = kp_coverage >= 0.5 or (kp_coverage >= 0.25 and semantic_z >= _CONCEPT_Z)
        example = rb.own_example(lowered)
        if example is None:
            example = next((i for i, s in enumerate(lowered) if has_action(s)), None)
        return {
            "concepts": sentences[0] if concepts and sentences else None,
            "example": at(example),
            "trade_off": at(rb.first_match(lowered, rb.TRADE_OFF)),
        }
    return {
        "reasons": at(rb.first_match(lowered, rb.REASON)),
        "fit": at(rb.first_match(lowered, rb.FIT)),
        "specifics": at(_specific(lowered, sentences, quantities, asked)),
    }


def _specific(
    lowered: Sequence[str],
    sentences: Sequence[str],
    quantities: Sequence[str],
    asked: frozenset[str] = frozenset(),
) -> int | None:
    """Something particular: about the employer or role, or a told moment with a number.

    A question about this employer ("...on our team?", "this role in particular") wants the
    particulars of the employer: the candidate's own numbers there are their fit, not
    specifics about the role (issue 15)."""
    found = rb.employer_specific(lowered, sentences, asked)
    if found is not None or asked & _ABOUT_EMPLOYER:
        return found
    return next(
        (i for i, s in enumerate(lowered) if has_action(s) and has_digit_or_qty(s, quantities)),
        None,
    )


_ABOUT_EMPLOYER = frozenset({"our", "us", "this", "here", "join"})
