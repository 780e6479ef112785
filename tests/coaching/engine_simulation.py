"""Simulated interview sessions for the engine tests: answers written from the asked
question's own key points (strong) or vague one-liners (weak), and a loop that plays a whole
session against `next_question` the way the API does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from moodlens.coaching.content import Question, load_content
from moodlens.coaching.engine import TRANSITION_S, next_question
from moodlens.coaching.relevance import topic_model
from moodlens.coaching.text import stem_string
from moodlens.coaching.turns import NextQuestion, SessionEnd, Turn

CONTENT = load_content()
LATENCY_S = 4.0


def _syn(q: Question, i: int) -> str:
    """The key point's most telling synonym, as a strong answer would use it."""
    names = list(q.key_points)
    synonyms = q.key_points[names[i % len(names)]]
    generic = topic_model().generic_synonyms
    return next((s for s in synonyms if stem_string(s) not in generic), synonyms[0])


def strong_answer(q: Question) -> str:
    """An answer the analyser finds complete, built from the question's own key points."""
    a, b, c, d = (_syn(q, i) for i in range(4))
    if q.format == "case":
        return (
            f"First I'd clarify the scope, and let's assume a company of about 200 people. "
            f"The goal is to get {a} right. I'd break it down: I'd look at {b}, then at {c}, "
            f"and then at {d}. Roughly 30 percent of the effect comes from the first part. "
            f"My recommendation is to start with {a} and review it every week."
        )
    if q.format == "story":
        return (
            f"At my last company our team kept running into trouble with {a}. My task was to "
            f"sort out {b}. I looked into {a} first, then I built a plan around {c} and I ran "
            f"it with the team for six weeks. I also set up {d}. As a result, errors dropped "
            f"from 12% to 3% and we saved about 10 hours a week."
        )
    return (
        f"There are a few parts to this. First, {a}, which matters because it drives the "
        f"outcome. Second, {b}. Third, {c}, and finally {d}. For example, at my last job I "
        f"used this approach to cut review time by 30 percent within two months. The "
        f"trade-off is time, so I keep it light when the stakes are low, and your team's "
        f"work on this in Lisbon is why I applied."
    )


WEAK_ANSWERS = (
    "I'm not really sure, we did some things and it was fine in the end.",
    "It went okay, I think. We sorted it out as a team.",
    "Honestly I don't remember the details, but it worked out.",
    "We just handled it the way we always do.",
    "I'd probably talk to people and see what happens.",
    "Nothing special, the usual process applied.",
)
WEAK = WEAK_ANSWERS[0]


@dataclass
class Session:
    asked: list[NextQuestion] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    history: list[Turn] = field(default_factory=list)
    end: SessionEnd | None = None
    elapsed: float = 0.0


Answerer = Callable[[NextQuestion, int], tuple[str, float]]


def answer_strong(q: NextQuestion, _: int) -> tuple[str, float]:
    if q.kind == "closing":
        return "How does the team decide what to work on next quarter?", 20.0
    if q.kind == "follow_up":
        return "I measured it afterwards: it went from 40 to 25 minutes, about 38% faster.", 20.0
    bank_q = CONTENT.question(q.question_id)
    assert bank_q is not None
    return strong_answer(bank_q), float(q.expected_seconds)


def answer_weak(q: NextQuestion, main_index: int) -> tuple[str, float]:
    offset = 0 if q.kind == "main" else 1
    return WEAK_ANSWERS[(main_index + offset) % len(WEAK_ANSWERS)], 8.0


def answer_mixed(q: NextQuestion, main_index: int) -> tuple[str, float]:
    if q.kind == "main" and main_index % 2 == 1:
        return answer_weak(q, main_index)
    return answer_strong(q, main_index)


def simulate(template_id: str, minutes: int, seed: int, answerer: Answerer) -> Session:
    s = Session()
    mains = 0
    for _ in range(200):
        r = next_question(template_id, minutes, s.history, seed=seed, elapsed_s=s.elapsed)
        if isinstance(r, SessionEnd):
            s.end = r
            return s
        if r.kind == "main":
            mains += 1
        asked_at = s.elapsed
        text, duration = answerer(r, mains)
        s.elapsed = asked_at + LATENCY_S + duration
        s.asked.append(r)
        s.answers.append(text)
        s.history.append(
            Turn(
                question_text=r.question_text,
                source=r.source,
                question_id=r.question_id,
                follow_up_reason=r.follow_up_reason,
                asked_at_s=asked_at,
                transcript=text,
                answer_duration_s=duration,
                answered_at_s=s.elapsed,
            )
        )
    raise AssertionError("session did not end")


def closing_cost_s(template_id: str) -> int:
    rnd = CONTENT.template(template_id).round
    return min(c.target_seconds for c in CONTENT.closing[rnd]) + TRANSITION_S
