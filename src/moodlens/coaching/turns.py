"""The interview's history and the engine's answers, as plain values: a `Turn` is one asked
question (with its answer), `NextQuestion` what to ask now, `SessionEnd` that nothing more is
asked. The API turns `questions` rows into turns (`interview_sessions/engine_adapter.py`);
`engine.next_question` decides from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from moodlens.coaching.content import Difficulty, Gap

Source = Literal["template", "ai_followup"]
TurnKind = Literal["main", "follow_up", "closing"]
EndReason = Literal["closing_done", "time_up", "bank_exhausted"]


@dataclass(frozen=True)
class Turn:
    """One question already asked in this session, with its answer if one was given.

    - `source`: "template" for main and closing questions, "ai_followup" for follow-ups.
    - `question_id`: the bank or closing id for "template" turns; for follow-ups, the id of
      the main question they follow. None if unknown (then the text is matched to the bank).
    - `follow_up_reason`: the gap a follow-up probed; None for other turns.
    - times are seconds since the session started; `transcript` None means unanswered.
    """

    question_text: str
    source: Source
    question_id: str | None = None
    follow_up_reason: Gap | None = None
    asked_at_s: float | None = None
    transcript: str | None = None
    answer_duration_s: float | None = None
    answered_at_s: float | None = None


@dataclass(frozen=True)
class NextQuestion:
    """The question to ask now.

    `question_id` is the bank id for a main question, the closing id for a closing question
    and the parent main question's id for a follow-up. `echo` is the candidate's clause a
    follow-up quotes; `parent_question_text` and `answer_excerpt` give an optional language
    model what it needs to rephrase a follow-up (see `coaching.llm`).
    """

    question_text: str
    source: Source
    kind: TurnKind
    follow_up_reason: Gap | None
    question_id: str
    expected_seconds: int
    difficulty: Difficulty | None
    content_version: str
    time_left_s: float
    echo: str | None = None
    parent_question_text: str | None = None
    answer_excerpt: str | None = None


@dataclass(frozen=True)
class SessionEnd:
    """No more questions: the closing was asked, time ran out, or the bank ran dry."""

    reason: EndReason
    time_left_s: float
    content_version: str
