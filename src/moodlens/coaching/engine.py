"""The interviewer: decides the next question from the template, the time and the history
(the values it reads and returns are in `coaching/turns.py`).

Pure and deterministic for a given seed: the API rebuilds the history from its rows on every
call, so nothing here is stored between calls, and a restarted server asks the same question.

Rebuilding the history from DB rows (one `Turn` per `questions` row, in `sequence_no` order):

    Turn(
        question_text=q.question_text,
        source=q.source,                          # "template" | "ai_followup"
        question_id=q.bank_question_id,           # main/closing id; follow-ups: parent id
        follow_up_reason=q.follow_up_reason,      # gap name or None
        asked_at_s=(q.asked_at - session.started_at).total_seconds(),
        transcript=r.transcript_text if r else None,      # the response row, if any
        answer_duration_s=(r.ended_at - r.started_at).total_seconds() if r else None,
        answered_at_s=(r.ended_at - session.started_at).total_seconds() if r else None,
    )

and call `next_question(template_id, duration_minutes, turns, seed=session_seed(session.id),
elapsed_s=(now - session.started_at).total_seconds())`. Store the returned `question_id`,
`follow_up_reason`, `source` and `content_version` with the new `questions` row.

Pacing: a question costs its expected answer time plus `TRANSITION_S` for asking and
thinking. A new main question is asked only if it and a closing question still fit in the
time left; otherwise the closing question comes, and after it (or when even a closing no
longer fits) `SessionEnd`.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Literal

from moodlens.coaching.analysis import SPEAKING_WPM, AnswerAnalysis, analyze_answer
from moodlens.coaching.content import (
    DIFFICULTIES,
    ClosingQuestion,
    Content,
    Gap,
    Question,
    Template,
    load_content,
)
from moodlens.coaching.followups import phrase_follow_up
from moodlens.coaching.text import normalise
from moodlens.coaching.turns import NextQuestion, SessionEnd, Turn, TurnKind

DURATIONS_MINUTES = (10, 20, 30)
# Reading the question aloud plus the candidate's thinking time before they speak.
TRANSITION_S = 15
# Below this a closing question cannot be asked and answered meaningfully.
MIN_CLOSING_S = 30
FOLLOW_UP_MIN_S = 25
FOLLOW_UP_MAX_S = 90
# Share of the main question's target a follow-up answer needs: "tell me more" asks for a
# real answer, "give me the headline" for two sentences.
FOLLOW_UP_SHARE: dict[Gap, float] = {"too_short": 0.6, "too_long": 0.25}
FOLLOW_UP_SHARE_DEFAULT = 0.4
# Gaps that alone do not justify interrupting an otherwise strong answer.
MINOR_GAPS: frozenset[Gap] = frozenset({"missing_situation", "too_long"})
EXCERPT_CHARS = 600


@dataclass
class _Thread:
    """A main question with the follow-ups asked after it."""

    question: Question | None
    main: Turn
    follow_ups: list[Turn] = field(default_factory=list)


def session_seed(session_id: str) -> int:
    """A stable seed from a session id (Python's hash() changes between processes)."""
    return int.from_bytes(hashlib.sha256(session_id.encode("utf-8")).digest()[:8], "big")


def next_question(
    template: Template | str,
    duration_minutes: int,
    history: Sequence[Turn],
    *,
    seed: int,
    elapsed_s: float | None = None,
    content: Content | None = None,
) -> NextQuestion | SessionEnd:
    """Decide what to ask after `history` (oldest first) in a session of this template.

    `elapsed_s` is the time since the session started; when None it is estimated from the
    turns' times and answer lengths. Raises ValueError for a duration other than 10, 20 or
    30 minutes and KeyError for an unknown template id.
    """
    if duration_minutes not in DURATIONS_MINUTES:
        raise ValueError(f"duration must be one of {DURATIONS_MINUTES} minutes")
    content = content or load_content()
    tpl = content.template(template) if isinstance(template, str) else template
    elapsed = estimate_elapsed(history) if elapsed_s is None else elapsed_s
    time_left = duration_minutes * 60.0 - elapsed
    version = content.version
    rng = random.Random(f"{seed}:{tpl.id}:{len(history)}")

    threads, closing_asked = _threads(history, content, tpl)
    if closing_asked:
        return SessionEnd("closing_done", time_left, version)
    if time_left < MIN_CLOSING_S:
        return SessionEnd("time_up", time_left, version)

    closings = content.closing.get(tpl.round, ())
    closing_cost = min((c.target_seconds for c in closings), default=0) + TRANSITION_S

    if threads:
        asked_texts_all = {t.question_text for t in history}
        follow_up = _follow_up(
            threads[-1], tpl, content, rng, time_left - closing_cost, asked_texts_all
        )
        if follow_up is not None:
            return follow_up(version, time_left)

    asked_ids = {t.question.id for t in threads if t.question is not None}
    asked_texts = {normalise(t.main.question_text).strip() for t in threads}
    pool = [
        q
        for q in content.bank_for(tpl).questions
        if q.id not in asked_ids and normalise(q.text).strip() not in asked_texts
    ]
    level = _level(threads, tpl)
    main = _pick_main(pool, tpl, level, time_left - closing_cost, first=not threads, rng=rng)
    if main is not None:
        return NextQuestion(
            question_text=main.text,
            source="template",
            kind="main",
            follow_up_reason=None,
            question_id=main.id,
            expected_seconds=main.target_seconds,
            difficulty=main.difficulty,
            content_version=version,
            time_left_s=time_left,
        )
    if closings:
        closing = rng.choice(closings)
        return _closing(closing, version, time_left)
    return SessionEnd("bank_exhausted" if not pool else "time_up", time_left, version)


def estimate_elapsed(history: Sequence[Turn]) -> float:
    """Seconds used so far, from the turns' times, else from answer lengths."""
    t = 0.0
    for turn in history:
        start = turn.asked_at_s if turn.asked_at_s is not None else t
        if turn.answered_at_s is not None:
            t = max(t, turn.answered_at_s)
            continue
        spoken = turn.answer_duration_s
        if spoken is None and turn.transcript:
            spoken = len(turn.transcript.split()) / SPEAKING_WPM * 60.0
        t = max(t, start + TRANSITION_S + (spoken or 0.0))
    return t


def turn_kind(turn: Turn, content: Content) -> TurnKind:
    """Main, follow-up or closing, from the row's source and id (or text when the id is lost)."""
    if turn.source == "ai_followup":
        return "follow_up"
    if turn.question_id is not None and content.closing_question(turn.question_id) is not None:
        return "closing"
    text = normalise(turn.question_text).strip()
    if any(normalise(c.text).strip() == text for cs in content.closing.values() for c in cs):
        return "closing"
    return "main"


def answer_verdict(analysis: AnswerAnalysis) -> Literal["strong", "weak", "fair"]:
    """How an answer moves the difficulty: up after strong, down after weak."""
    major = [g for g in analysis.gaps if g not in MINOR_GAPS]
    if (
        analysis.off_topic
        or "too_short" in analysis.gaps
        or len(major) >= 2
        or analysis.key_point_coverage < 0.25
    ):
        return "weak"
    star_ok = not analysis.star_expected or analysis.star_coverage >= 0.75
    if not major and analysis.key_point_coverage >= 0.5 and star_ok:
        return "strong"
    return "fair"


def _threads(
    history: Sequence[Turn], content: Content, tpl: Template
) -> tuple[list[_Thread], bool]:
    by_text = {normalise(q.text).strip(): q for q in content.bank_for(tpl).questions}
    threads: list[_Thread] = []
    closing_asked = False
    for turn in history:
        kind = turn_kind(turn, content)
        if kind == "closing":
            closing_asked = True
        elif kind == "follow_up":
            if threads:
                threads[-1].follow_ups.append(turn)
        else:
            question = content.question(turn.question_id) if turn.question_id else None
            question = question or by_text.get(normalise(turn.question_text).strip())
            threads.append(_Thread(question, turn))
    return threads, closing_asked


_CACHE: dict[tuple[str, str, str, float | None], AnswerAnalysis] = {}
_CACHE_MAX = 4096


def _analysis(question: Question, transcript: str, duration_s: float | None) -> AnswerAnalysis:
    # The API rebuilds the whole history on every call, and earlier answers never change.
    key = (question.id, question.text, transcript, duration_s)
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        found = _CACHE[key] = analyze_answer(question, transcript, duration_s)
    return found


def probe_gap(analysis: AnswerAnalysis, probed: Collection[str] = ()) -> Gap | None:
    """The gap a follow-up to this answer probes first, or None when none is worth it.

    Gaps come most-worth-probing first; minor ones alone do not interrupt a strong answer.
    """
    strong = _is_strong(analysis)
    for gap in analysis.gaps:
        if gap in probed or (gap in MINOR_GAPS and strong):
            continue
        return gap
    return None


def _answered(turn: Turn) -> bool:
    return bool(turn.transcript and turn.transcript.strip())


def _is_strong(analysis: AnswerAnalysis) -> bool:
    return answer_verdict(analysis) == "strong"


def _follow_up(
    thread: _Thread,
    tpl: Template,
    content: Content,
    rng: random.Random,
    budget_s: float,
    asked_texts: set[str],
) -> _Pending | None:
    question = thread.question
    if question is None or len(thread.follow_ups) >= tpl.config.max_follow_ups:
        return None
    last = thread.follow_ups[-1] if thread.follow_ups else thread.main
    if not _answered(last):
        return None
    probed: set[str] = {t.follow_up_reason for t in thread.follow_ups if t.follow_up_reason}
    if thread.follow_ups:
        # Judge the story as told so far; its length was already probed or is moot.
        transcript = " ".join(t.transcript or "" for t in (thread.main, *thread.follow_ups))
        analysis = _analysis(question, transcript, None)
        probed |= {"too_short", "too_long"}
    else:
        transcript = thread.main.transcript or ""
        analysis = _analysis(question, transcript, thread.main.answer_duration_s)
    gap = probe_gap(analysis, probed)
    if gap is None:
        return None
    share = FOLLOW_UP_SHARE.get(gap, FOLLOW_UP_SHARE_DEFAULT)
    expected = round(question.target_seconds * share)
    expected = max(FOLLOW_UP_MIN_S, min(FOLLOW_UP_MAX_S, expected))
    if expected + TRANSITION_S > budget_s:
        return None
    phrasing = phrase_follow_up(
        content, question, gap, analysis, transcript, rng, avoid=asked_texts
    )
    return _Pending(question, gap, phrasing.text, phrasing.echo, expected, last)


@dataclass(frozen=True)
class _Pending:
    question: Question
    gap: Gap
    text: str
    echo: str | None
    expected: int
    answered: Turn

    def __call__(self, version: str, time_left: float) -> NextQuestion:
        return NextQuestion(
            question_text=self.text,
            source="ai_followup",
            kind="follow_up",
            follow_up_reason=self.gap,
            question_id=self.question.id,
            expected_seconds=self.expected,
            difficulty=self.question.difficulty,
            content_version=version,
            time_left_s=time_left,
            echo=self.echo,
            parent_question_text=self.question.text,
            answer_excerpt=(self.answered.transcript or "")[:EXCERPT_CHARS],
        )


def _level(threads: Sequence[_Thread], tpl: Template) -> int:
    lo, hi = (DIFFICULTIES.index(d) for d in tpl.config.difficulty_range)
    level = DIFFICULTIES.index(tpl.config.start_difficulty)
    for t in threads:
        if t.question is None or not _answered(t.main):
            continue
        verdict = answer_verdict(
            _analysis(t.question, t.main.transcript or "", t.main.answer_duration_s)
        )
        if verdict == "strong":
            level = min(hi, level + 1)
        elif verdict == "weak":
            level = max(lo, level - 1)
    return level


def _pick_main(
    pool: Sequence[Question],
    tpl: Template,
    level: int,
    budget_s: float,
    *,
    first: bool,
    rng: random.Random,
) -> Question | None:
    fits = [q for q in pool if q.target_seconds + TRANSITION_S <= budget_s]
    if not fits:
        return None
    lo, hi = (DIFFICULTIES.index(d) for d in tpl.config.difficulty_range)

    def rank(q: Question) -> tuple[int, int]:
        d = DIFFICULTIES.index(q.difficulty)
        # Leave the template's range only when nothing inside it is left.
        return (0 if lo <= d <= hi else 1, abs(d - level))

    if first:
        openers = [q for q in fits if q.opener and rank(q)[0] == 0]
        if openers:
            return rng.choice(openers)
    best = min(rank(q) for q in fits)
    return rng.choice([q for q in fits if rank(q) == best])


def _closing(closing: ClosingQuestion, version: str, time_left: float) -> NextQuestion:
    return NextQuestion(
        question_text=closing.text,
        source="template",
        kind="closing",
        follow_up_reason=None,
        question_id=closing.id,
        expected_seconds=min(closing.target_seconds, max(MIN_CLOSING_S, round(time_left))),
        difficulty=None,
        content_version=version,
        time_left_s=time_left,
    )
