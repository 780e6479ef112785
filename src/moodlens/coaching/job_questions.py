"""Questions toward a job's skills, drawn from its duties, and talking points (issue 18).

Pure: the session layer passes the engine's pick and the unasked bank questions in, and gets
back which question to ask, worded how, and the job focus to store with it. The engine still
decides when a main question comes, its time budget and difficulty; this only swaps the
engine's pick for a bank question of no longer target and a neighbouring difficulty that
fits one of the job's skills, or, on a few slots, for a question drawn from a listed duty.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from moodlens.coaching.content import DIFFICULTIES, Question
from moodlens.coaching.job_match import (
    JobDuty,
    JobProfile,
    JobSkill,
    quote_for,
    term_in,
)
from moodlens.coaching.text import stem_string

FocusKind = Literal["skill", "duty"]
PointSource = Literal["question", "job"]

# Main questions (0-based, in asking order) drawn from the job's duties directly; the others
# come from the bank toward the job's skills. The opener stays the engine's.
DUTY_SLOTS = frozenset({1, 3})


@dataclass(frozen=True)
class JobFocus:
    """What a question was chosen for: a job skill or a duty, with the terms that evidence
    it in an answer and the job sentence it came from. `prompt` is a duty question's own
    ask without the quoted duty (the analyser judges the answer against it, so the job's
    words in the answer count instead of being discounted as a restated question)."""

    kind: FocusKind
    name: str
    terms: tuple[str, ...]
    evidence: str
    prompt: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "terms": list(self.terms),
            "evidence": self.evidence,
            "prompt": self.prompt,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> JobFocus | None:
        if not data or data.get("kind") not in ("skill", "duty"):
            return None
        return cls(
            kind="duty" if data["kind"] == "duty" else "skill",
            name=str(data.get("name", "")),
            terms=tuple(str(t) for t in data.get("terms", ())),
            evidence=str(data.get("evidence", "")),
            prompt=str(data.get("prompt", "")),
        )

    def point_name(self) -> str:
        if self.kind == "duty":
            return f"the job's duty: {self.name}"
        return f"{self.name} (named in the job)"


def focus_key_points(focus: JobFocus | None) -> dict[str, tuple[str, ...]]:
    """The job's key point for a question chosen for it (none for other questions)."""
    if focus is None or not focus.terms:
        return {}
    return {focus.point_name(): focus.terms}


@dataclass(frozen=True)
class Choice:
    """The question to ask instead of the engine's pick. `question` None: drawn from a duty."""

    question: Question | None
    text: str
    focus: JobFocus


def skill_fit(skill: JobSkill, question: Question) -> int:
    """How many of the skill's terms the question or its key points use."""
    hay = stem_string(
        " . ".join(
            [
                question.text,
                *question.key_points,
                *(s for v in question.key_points.values() for s in v),
            ]
        )
    )
    return sum(term_in(t, hay) for t in skill.terms)


def duty_question(duty: JobDuty) -> tuple[str, str]:
    """("This role will <duty, as the job wrote it>. Tell me about a time ...", the ask
    without the duty)."""
    prompt = (
        "Tell me about a time you did something similar: what was at stake, what you did "
        "yourself, and how it turned out."
    )
    return f"This role will {duty.phrase}. {prompt}", prompt


def _skill_label(skill: JobSkill) -> str:
    return skill.name if skill.source == "vocabulary" else f"experience with {skill.name}"


def phrase_toward(question: Question, skill: JobSkill) -> str:
    return f"This role asks for {_skill_label(skill)}. {question.text}"


def choose_main(
    profile: JobProfile,
    pool: Sequence[Question],
    engine_pick: Question | None,
    main_index: int,
    used_focus: Collection[str],
) -> Choice | None:
    """The job's question for main slot `main_index`, or None to keep the engine's pick.

    `pool` holds the unasked bank questions; `used_focus` the focus names already asked."""
    if engine_pick is None or main_index == 0:
        return None
    if main_index in DUTY_SLOTS:
        duty = next((d for d in profile.duties if d.phrase not in used_focus and d.terms), None)
        if duty is not None:
            text, prompt = duty_question(duty)
            terms = tuple(dict.fromkeys([*duty.terms, *_skill_terms(profile, duty.skills)]))
            focus = JobFocus("duty", duty.phrase, terms, duty.phrase, prompt)
            return Choice(None, text, focus)
    level = DIFFICULTIES.index(engine_pick.difficulty)
    fits = [
        q
        for q in pool
        if q.target_seconds <= engine_pick.target_seconds
        and abs(DIFFICULTIES.index(q.difficulty) - level) <= 1
    ]
    for skill in profile.skills:
        if skill.name in used_focus:
            continue
        ranked = sorted(
            ((skill_fit(skill, q), q) for q in fits),
            # Best fit first; then the engine's own level, then the engine's own pick.
            key=lambda fq: (
                -fq[0],
                abs(DIFFICULTIES.index(fq[1].difficulty) - level),
                fq[1].id != engine_pick.id,
            ),
        )
        if ranked and ranked[0][0] > 0:
            q = ranked[0][1]
            focus = JobFocus("skill", skill.name, skill.terms, skill.evidence)
            return Choice(q, phrase_toward(q, skill), focus)
    return None


def _skill_terms(profile: JobProfile, names: Collection[str]) -> list[str]:
    return [t for s in profile.skills if s.name in names for t in s.terms]


# --- talking points ------------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptPoints:
    """One attempt at a question as the analyser judged it."""

    attempt_no: int
    transcript: str
    covered: Collection[str]
    result_sentence: str | None = None


@dataclass(frozen=True)
class TalkingPoint:
    name: str
    source: PointSource
    hit: bool
    quote: str | None
    attempt_no: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source": self.source,
            "hit": self.hit,
            "quote": self.quote,
            "attempt_no": self.attempt_no,
        }


def talking_points(
    key_points: Mapping[str, Sequence[str]],
    focus: JobFocus | None,
    attempts: Sequence[AttemptPoints],
    question_text: str,
) -> list[TalkingPoint]:
    """The points a strong answer covers, each ticked with the latest attempt that made it
    and the sentence that did. Ticks follow the analyser's verdict (so they agree with the
    report's key points); the quote is the sentence using one of the point's terms, or the
    result sentence when a measured result stood for the outcome."""
    points: list[tuple[str, PointSource, Sequence[str]]] = [
        (n, "question", t) for n, t in key_points.items()
    ]
    points += [(n, "job", t) for n, t in focus_key_points(focus).items()]
    out: list[TalkingPoint] = []
    for name, source, terms in points:
        hit_by = next((a for a in reversed(attempts) if name in a.covered), None)
        if hit_by is None:
            out.append(TalkingPoint(name, source, False, None, None))
            continue
        exclude = focus.prompt if focus is not None and focus.prompt else question_text
        quote = quote_for(terms, hit_by.transcript, exclude) or hit_by.result_sentence
        out.append(TalkingPoint(name, source, True, quote, hit_by.attempt_no))
    return out
